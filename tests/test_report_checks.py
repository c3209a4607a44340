"""Consistency checks of the template tables and of the prose against them."""

from __future__ import annotations

import pytest

from pipeline.extract.report_checks import run_checks

ROW_4 = {
    ("4", "reconsideration", col): v
    for col, v in zip(("upheld", "corrected", "other", "pending", "total"), (1, 2, 3, 4, 10), strict=True)
}
APPLICANTS = ("natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org")


def table3_row(row: str, parts: tuple[int, ...], total: int) -> dict[tuple[str, str, str], float]:
    cells = {("3", row, col): float(v) for col, v in zip(APPLICANTS, parts, strict=True)}
    return {**cells, ("3", row, "total"): total}


def outcome(cells, prose=None) -> dict[str, tuple[float, float, bool]]:
    return {c.name: (c.expected, c.found, c.ok) for c in run_checks(cells, prose or {})}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (ROW_4, {"t4_total/reconsideration": (10, 10, True)}),
        ({**ROW_4, ("4", "reconsideration", "total"): 11}, {"t4_total/reconsideration": (10, 11, False)}),
        ({("4", "reconsideration", "total"): 11}, {}),  # no parts: nothing to check
        (table3_row("new_received", (1, 2, 0, 0, 0, 3), 6), {"t3_total/new_received": (6, 6, True)}),
    ],
)
def test_row_totals(cells, expected):
    assert outcome(cells) == expected


def test_results_total_and_balance():
    cells = {
        **table3_row("new_received", (5, 0, 0, 0, 0, 0), 5),
        **table3_row("carried_in", (1, 0, 0, 0, 0, 0), 1),
        **table3_row("disclosed", (3, 0, 0, 0, 0, 0), 3),
        **table3_row("other", (1, 0, 0, 0, 0, 0), 1),
        **table3_row("results_total", (4, 0, 0, 0, 0, 0), 4),
        **table3_row("carried_out", (2, 0, 0, 0, 0, 0), 2),
    }
    found = outcome(cells)
    assert found["t3_results_total/natural_person"] == (4, 4, True)
    assert found["t3_balance/natural_person"] == (6, 6, True)
    assert found["t3_balance/total"] == (6, 6, True)
    cells[("3", "carried_out", "natural_person")] = 3
    assert outcome(cells)["t3_balance/natural_person"] == (6, 7, False)


@pytest.mark.parametrize(
    ("prose", "expected"),
    [
        ({"admin_reconsiderations": [10]}, (10, 10, True)),
        ({"admin_reconsiderations": [3, 10, 12]}, (10, 10, True)),  # the closest prose figure is compared
        ({"admin_reconsiderations": [9]}, (10, 9, False)),
    ],
)
def test_prose_against_the_table(prose, expected):
    assert outcome(ROW_4, prose)["prose/admin_reconsiderations"] == expected


def test_lawsuits_in_prose_are_both_kinds_together():
    cells = {("4", "lawsuit_direct", "total"): 26, ("4", "lawsuit_after", "total"): 20}
    assert outcome(cells, {"admin_lawsuits": [46]}) == {"prose/admin_lawsuits": (46, 46, True)}
    assert outcome({("4", "lawsuit_direct", "total"): 26}, {"admin_lawsuits": [46]}) == {}
