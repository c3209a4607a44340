"""Annual reports with known numbers: the 2021 template filled in (DOCX), a 2019-form variant,
and the same reports flattened to text (cells separated by spaces, tabs or `|`).

Numbers come from a seeded generator and satisfy the template's identities; `blanks` leaves
whole applicant columns of table 3 empty (a blank cell counts 0).
"""

from __future__ import annotations

import random
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.table import Table

from tests.conftest import DATA

TEMPLATE = DATA / "templates" / "annual_report_template_2021.docx"
Key = tuple[str, str, str]
Values = dict[Key, float | None]  # None: the cell is left blank

TABLE2_2021 = (  # (template row index, row id, columns)
    (2, "regulations", ("issued", "repealed", "in_force")),
    (3, "normative_documents", ("issued", "repealed", "in_force")),
    (6, "admin_licensing", ("decisions",)),
    (9, "admin_penalty", ("decisions",)),
    (10, "admin_coercion", ("decisions",)),
    (13, "admin_fees", ("amount",)),
)
FIVE_ITEMS = ("prior_items", "change", "decisions")
TABLE2_2019 = (  # (section header, column headers, rows), as the 2019 form prints them
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
    (
        "第二十条第（五）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        ("行政许可", "其他对外管理服务事项"),
    ),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",)),
)
TABLE2_2019_IDS = {
    "规章": ("regulations", ("made", "disclosed", "total_disclosed")),
    "规范性文件": ("normative_documents", ("made", "disclosed", "total_disclosed")),
    "行政许可": ("admin_licensing", FIVE_ITEMS),
    "其他对外管理服务事项": ("other_services", FIVE_ITEMS),
    "行政处罚": ("admin_penalty", FIVE_ITEMS),
    "行政强制": ("admin_coercion", FIVE_ITEMS),
    "行政事业性收费": ("admin_fees", ("prior_items", "change")),
    "政府集中采购": ("procurement", ("items", "amount")),
}
WITHHELD = ("secret", "law", "safety", "third_party", "internal", "process", "enforcement", "query")
RESULT_ROWS_2019 = (
    "disclosed",
    "partly_disclosed",
    *(f"withheld_{reason}" for reason in WITHHELD),
    "unavailable_not_held",
    "unavailable_needs_making",
    "unavailable_unclear",
    "unprocessed_petition",
    "unprocessed_repeat",
    "unprocessed_publication",
    "unprocessed_excessive",
    "unprocessed_confirm",
)
RESULT_ROWS = {
    "2019": (*RESULT_ROWS_2019, "other"),
    "2021": (*RESULT_ROWS_2019, "other_no_correction", "other_no_fee", "other"),
}
APPLICANTS = ("natural_person", "enterprise", "research", "nonprofit", "legal_service", "other_org")
BLANK_APPLICANTS = ("research", "nonprofit")
TABLE4_ROWS = ("reconsideration", "lawsuit_direct", "lawsuit_after")
TABLE4_COLS = ("upheld", "corrected", "other", "pending", "total")


def table3_rows(form: str) -> tuple[str, ...]:
    return ("new_received", "carried_in", *RESULT_ROWS[form], "results_total", "carried_out")


def report_values(form: str = "2021", seed: int = 0, blanks: bool = True) -> Values:
    """Consistent numbers for every cell of the three tables of `form`."""
    rng = random.Random(seed)
    values: Values = {}
    if form == "2021":
        for _, row, cols in TABLE2_2021:
            values.update({("2", row, col): rng.randint(0, 500) for col in cols})
        values[("2", "admin_fees", "amount")] = rng.randint(0, 99999) / 10
    else:
        for row, cols in TABLE2_2019_IDS.values():
            values.update({("2", row, col): rng.randint(0, 500) for col in cols})
    for col in APPLICANTS:
        empty = blanks and col in BLANK_APPLICANTS
        results = {row: 0 if empty else rng.randint(0, 9) for row in RESULT_ROWS[form]}
        carried_in, carried_out = (0, 0) if empty else (rng.randint(0, 3), rng.randint(0, 3))
        total = sum(results.values())
        column = {**results, "results_total": total, "carried_out": carried_out, "carried_in": carried_in}
        column["new_received"] = total + carried_out - carried_in
        values.update({("3", row, col): None if empty else value for row, value in column.items()})
    for row in table3_rows(form):
        values[("3", row, "total")] = sum(values[("3", row, col)] or 0 for col in APPLICANTS)
    for row in TABLE4_ROWS:
        parts = [rng.randint(0, 20) for _ in TABLE4_COLS[:-1]]
        values.update(
            {("4", row, col): value for col, value in zip(TABLE4_COLS, [*parts, sum(parts)], strict=True)}
        )
    return values


def written(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def fill_2021(document: DocxDocument, values: Values) -> None:
    table2, table3, table4 = document.tables
    for index, row, cols in TABLE2_2021:
        for i, col in enumerate(cols):
            table2.rows[index].cells[1 + i].text = written(values[("2", row, col)])
    fill_table3(table3, values, "2021")
    cells = table4.rows[3].cells
    for i, (row, col) in enumerate((row, col) for row in TABLE4_ROWS for col in TABLE4_COLS):
        cells[i].text = written(values[("4", row, col)])


def fill_table3(table: Table, values: Values, form: str) -> None:
    for index, row in enumerate(table3_rows(form), start=3):
        cells = table.rows[index].cells
        for i, col in enumerate((*APPLICANTS, "total")):
            cells[3 + i].text = written(values[("3", row, col)])


def to_2019_form(document: DocxDocument, values: Values) -> None:
    """Rewrite the template as the 2019 form: its table 二, and one row for （六）其他处理."""
    old = document.tables[0]
    new = document.add_table(rows=0, cols=4)
    for section, headers, labels in TABLE2_2019:
        merged_row(new, [section])
        merged_row(new, ["信息内容", *headers])
        for label in labels:
            row, cols = TABLE2_2019_IDS[label]
            merged_row(new, [label, *(written(values[("2", row, col)]) for col in cols)])
    old._tbl.addprevious(new._tbl)
    old._tbl.getparent().remove(old._tbl)
    table3 = document.tables[1]
    for index in (25, 24):
        tr = table3.rows[index]._tr
        tr.getparent().remove(tr)
    cells = table3.rows[23].cells
    cells[2].text = ""
    merged = cells[1].merge(cells[2])
    merged.text = "（六）其他处理"


def merged_row(table: Table, texts: list[str]) -> None:
    """A row of `table` holding `texts`, the last cell merged over the columns left."""
    cells = table.add_row().cells
    for cell, text in zip(cells, texts, strict=False):
        cell.text = text
    if len(texts) < len(cells):
        cells[len(texts) - 1].merge(cells[-1]).text = texts[-1]


def filled_report(path: Path, form: str = "2021", values: Values | None = None) -> Values:
    """Write the template filled with `values` (default: `report_values(form)`) to `path`."""
    values = report_values(form) if values is None else values
    document = docx.Document(str(TEMPLATE))
    if form == "2019":
        to_2019_form(document, values)
        fill_table3(document.tables[1], values, form)
        cells = document.tables[2].rows[3].cells
        for i, (row, col) in enumerate((row, col) for row in TABLE4_ROWS for col in TABLE4_COLS):
            cells[i].text = written(values[("4", row, col)])
    else:
        fill_2021(document, values)
    document.save(str(path))
    return values


def flattened(path: Path, separator: str, pipe_ends: bool = False) -> str:
    """The filled report at `path` as text, each table row one line of its distinct cells."""
    document = docx.Document(str(path))
    lines = []
    body = document.element.body
    tables = {table._tbl: table for table in document.tables}
    paragraphs = {p._p: p for p in document.paragraphs}
    for element in body.iterchildren():
        if element in paragraphs and paragraphs[element].text.strip():
            lines.append(paragraphs[element].text.strip())
        elif element in tables:
            lines += [row_line(cells, separator, pipe_ends) for cells in distinct_cells(tables[element])]
    return "\n".join(lines) + "\n"


def distinct_cells(table: Table) -> list[list[str]]:
    """Each row's cell texts, a merged cell once (where it starts)."""
    rows, above = [], []
    for row in table.rows:
        cells = row.cells
        texts = [
            cell.text.strip().replace("\n", "")
            for i, cell in enumerate(cells)
            if (i == 0 or cell._tc is not cells[i - 1]._tc)
            and not (i < len(above) and cell._tc is above[i]._tc)
        ]
        rows.append(texts)
        above = cells
    return rows


def row_line(cells: list[str], separator: str, pipe_ends: bool) -> str:
    line = separator.join(cells)
    return f"| {line} |" if pipe_ends else line


def expected_cells(values: Values) -> dict[Key, tuple[float, bool]]:
    """What the dataset should hold for `values`: a blank cell is 0 and flagged blank."""
    return {key: (float(value or 0), value is None) for key, value in values.items()}
