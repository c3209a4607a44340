"""Template rows whose labels were moved away from their values, put in place by the template.

The synthetic reports are written from the template's own labels (resources/report_template.csv)
and flattened the way some exports flatten them: a row's label wrapped over lines of text
after its values, its values left as a row of their own; table 4's header words run together
in lines and its fifteen values in one row.
"""

from __future__ import annotations

from pipeline.config import Config
from pipeline.extract.report_placement import LooseRow, adds_up, place_loose_rows
from pipeline.extract.report_template import template
from pipeline.process import extract_file
from pipeline.records import ReportCell
from tests.report_fixtures import (
    APPLICANTS,
    TABLE2_2021,
    TABLE4_COLS,
    TABLE4_ROWS,
    report_values,
    table3_rows,
)
from tests.test_report_tables import cells_of, failed_checks

READ = Config(stages=("clean", "report_tables"))
WRAP = 9  # characters of a label per line once it is wrapped
LOOSE = (  # rows whose labels end up after their values
    "partly_disclosed",
    "withheld_law",
    "withheld_internal",
    "unavailable_not_held",
    "unavailable_needs_making",
    "unprocessed_excessive",
    "unprocessed_confirm",
    "other_no_fee",
)


def label_of(table: str, row: str) -> str:
    return next(text for text, label in template().rows.items() if (label.table, label.id) == (table, row))


def head_of(table: str, col: str) -> str:
    return next(
        text for text, labels in template().heads.items() if (table, col) in {(h.table, h.id) for h in labels}
    )


def written(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def wrapped(label: str) -> list[str]:
    return [label[i : i + WRAP] for i in range(0, len(label), WRAP)]


def scattered_report(values) -> str:
    """A 2021-form report whose loose rows' labels follow their values as wrapped text."""
    lines = [
        "二、主动公开政府信息情况",
        pipe_row(["信息内容", *(head_of("2", c) for c in ("issued", "repealed", "in_force"))]),
    ]
    for _, row, cols in TABLE2_2021[:2]:
        lines.append(pipe_row([label_of("2", row), *(written(values[("2", row, c)]) for c in cols)]))
    lines += ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人总计"]
    pending: list[str] = []
    for row in table3_rows("2021"):
        numbers = [written(values[("3", row, col)]) for col in (*APPLICANTS, "total")]
        if row in LOOSE:
            lines.append(pipe_row(numbers))
            pending += wrapped(label_of("3", row))
            continue
        lines += [*pending, pipe_row([label_of("3", row), *numbers])]
        pending = []
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议行政诉讼", "结果结果其他尚未", "总计总计"]
    lines.append(pipe_row([written(values[("4", row, col)]) for row in TABLE4_ROWS for col in TABLE4_COLS]))
    return "\n".join(lines) + "\n"


def test_rows_whose_labels_moved_are_put_in_place(tmp_path):
    values = report_values("2021", seed=7, blanks=False)
    path = tmp_path / "report.txt"
    path.write_text(scattered_report(values), encoding="utf-8")
    doc = extract_file(path, READ)
    cells = cells_of(doc)
    expected = {key: float(value or 0) for key, value in values.items() if key[0] != "2"}
    assert {key: value for key, (value, _) in cells.items() if key[0] != "2"} == expected
    assert not failed_checks(doc)
    assert all(doc.span_text(span) == written(span.record.value) for span in doc.spans_of(ReportCell))


def test_a_gap_with_more_rows_than_loose_values_is_left_empty():
    found = {("3", "disclosed", "total"): (5.0, 10), ("3", "withheld_safety", "total"): (0.0, 50)}
    loose = [LooseRow(20, (1, 0, 0, 0, 0, 0, 1))]  # two rows missing between, one loose row
    assert place_loose_rows("2021", found, loose) == []


def test_a_loose_row_that_does_not_add_up_is_not_placed():
    found = {("3", "disclosed", "total"): (5.0, 10), ("3", "withheld_secret", "total"): (0.0, 50)}
    assert place_loose_rows("2021", found, [LooseRow(20, (1, 0, 0, 0, 0, 0, 2))]) == []
    assert [p.row for p in place_loose_rows("2021", found, [LooseRow(20, (1, 0, 0, 0, 0, 1, 2))])] == [
        "partly_disclosed"
    ]


def test_the_2019_form_has_no_rows_of_the_2021_other_processing():
    found = {("3", "unprocessed_confirm", "total"): (0.0, 10), ("3", "results_total", "total"): (9.0, 50)}
    placed = place_loose_rows("2019", found, [LooseRow(20, (4, 0, 0, 0, 0, 0, 4))])
    assert [(p.table, p.row) for p in placed] == [("3", "other")]


def test_adds_up():
    assert adds_up("4", (1, 2, 0, 3, 6)) and not adds_up("4", (1, 2, 0, 3, 5))
