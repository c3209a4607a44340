"""The template tables' own arithmetic, and the report's prose against its tables.

Checks read cells by key `(table, row, col)`; a check whose cells are not all there is not
made. A failed check flags the cells, it never removes them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from pipeline.extract.report_template import template

CellKey = tuple[str, str, str]

# table 3: 一 + 二 = 三（七） + 四 in every column
BALANCE = (("new_received", "carried_in"), ("results_total", "carried_out"))
# a prose figure's metric -> the cells whose sum it states
PROSE_CELLS: dict[str, tuple[CellKey, ...]] = {
    "requests_received": (("3", "new_received", "total"),),
    "requests_answered": (("3", "results_total", "total"),),
    "admin_reconsiderations": (("4", "reconsideration", "total"),),
    "admin_lawsuits": (("4", "lawsuit_direct", "total"), ("4", "lawsuit_after", "total")),
}


@dataclass(frozen=True)
class Check:
    """One identity: `expected` from the parts, `found` where the report states the whole."""

    name: str
    expected: float
    found: float
    cells: tuple[CellKey, ...]  # the cells the check reads

    @property
    def ok(self) -> bool:
        return math.isclose(self.expected, self.found, rel_tol=1e-9, abs_tol=1e-6)


def sum_checks(cells: Mapping[CellKey, float]) -> Iterator[Check]:
    """Every total of the template against the sum of its parts that were found.

    Parts that are columns give one check per row (`t3_total/new_received`), parts that are
    rows one check per column (`t3_results_total/natural_person`).
    """
    for (table, kind, total), parts in template().parts.items():
        across = "row" if kind == "col" else "col"
        for other in template().order[(table, across)]:
            whole = crossed(table, kind, total, other)
            present = [key for key in (crossed(table, kind, part, other) for part in parts) if key in cells]
            if whole in cells and present:
                expected = sum(cells[key] for key in present)
                yield Check(f"t{table}_{total}/{other}", expected, cells[whole], (*present, whole))


def crossed(table: str, kind: str, id_: str, other: str) -> CellKey:
    """The cell where `id_` (a row or column, as `kind` says) crosses `other`."""
    return (table, other, id_) if kind == "col" else (table, id_, other)


def balance_checks(cells: Mapping[CellKey, float]) -> Iterator[Check]:
    """Table 3, every column: requests received plus carried in equal results plus carried out."""
    before, after = BALANCE
    for col in template().order[("3", "col")]:
        left = [("3", row, col) for row in before]
        right = [("3", row, col) for row in after]
        if all(key in cells for key in left + right):
            found = sum(cells[k] for k in right)
            yield Check(f"t3_balance/{col}", sum(cells[k] for k in left), found, (*left, *right))


def prose_checks(cells: Mapping[CellKey, float], prose: Mapping[str, Sequence[float]]) -> Iterator[Check]:
    """Each prose figure with a metric the tables also hold, against the tables."""
    for metric, keys in PROSE_CELLS.items():
        if metric in prose and all(key in cells for key in keys):
            expected = sum(cells[k] for k in keys)
            found = min(prose[metric], key=lambda value: abs(value - expected))
            yield Check(f"prose/{metric}", expected, found, keys)


def run_checks(cells: Mapping[CellKey, float], prose: Mapping[str, Sequence[float]]) -> list[Check]:
    """All checks that the cells found allow, in a fixed order."""
    return [*sum_checks(cells), *balance_checks(cells), *prose_checks(cells, prose)]
