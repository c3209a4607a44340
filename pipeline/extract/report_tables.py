"""Stage `report_tables`: the annual report's three template tables as canonical cells, checked.

Rows come from the document's tables (PDF, DOCX, tab- or pipe-separated TXT) and from lines
of text where a row was flattened (cells separated by spaces, tabs or `|`). A row is its
label cells followed by its value cells (numbers, or blanks: empty, `/`, `-`). A row label
opens a template row; its values fill that row's columns in template order (table 2: in the
order of the header above it). Values may come on a later row (a label wrapped over two
lines) and table 4's value row may hold all three of its rows. Rows of values read with no
label open are put in place afterwards by the template's structure (report_placement).

Spans: a `records.ReportCell` over each value cell and a `records.ReportCheck` over the cells a check
reads.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.config import Config
from pipeline.document import Document
from pipeline.extract.report_checks import CellKey, Check, run_checks
from pipeline.extract.report_placement import RUN_ON_TABLES, LooseRow, Placement, place_loose_rows
from pipeline.extract.report_template import FORMS, Label, head_labels, row_label, run_on_row_label, template
from pipeline.normalize.fold import fold_width
from pipeline.records import ReportCell, ReportCheck, Statistic
from pipeline.stages import stage

log = logging.getLogger(__name__)

STAGE = "report_tables"
NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?")
BLANK_MARKS = frozenset({"", "/", "\\", "-", "--", "—", "——", "–"})
LABEL_MAX = 60  # longer text is prose, never a row label
IDLE_ROWS = 1  # label-only rows a row label may wait over for its values (a wrapped label)
TAB = re.compile("\t")
PIPE = re.compile("[|｜]")
WORD = re.compile(r"\S+")
GLUED_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff])\d[\d,]*(?:\.\d+)?$")


@dataclass(frozen=True)
class RowField:
    """One cell of a row as read: its text and where it is."""

    text: str
    start: int
    end: int
    page: int | None = None

    @cached_property
    def folded(self) -> str:
        return fold_width(self.text).strip()


@dataclass(frozen=True)
class TemplateCell:
    """A template cell found in the document."""

    table: str
    row: str
    col: str
    value: float
    blank: bool
    row_label_raw: str
    col_label_raw: str
    piece: RowField

    @property
    def key(self) -> CellKey:
        return (self.table, self.row, self.col)


@dataclass
class OpenRow:
    """A template row whose label was read and whose values are being collected."""

    label: Label
    label_raw: str
    cols: tuple[str, ...]
    values: list[RowField] = field(default_factory=list)
    idle: int = 0


# ---------------------------------------------------------------- rows of the document
def is_value(piece: RowField) -> bool:
    return piece.folded in BLANK_MARKS or NUMBER.fullmatch(piece.folded) is not None


def value_of(piece: RowField) -> tuple[float, bool]:
    """The cell's value and whether it was blank (a blank cell counts 0)."""
    if piece.folded in BLANK_MARKS:
        return 0.0, True
    return float(piece.folded.replace(",", "")), False


def split_row(row: list[RowField]) -> tuple[list[RowField], list[RowField]]:
    """(label cells, value cells): the values are the row's last run of numbers and blanks."""
    cut = len(row)
    while cut and is_value(row[cut - 1]):
        cut -= 1
    return [p for p in row[:cut] if p.folded], row[cut:]


def split_line(line: str, start: int) -> list[RowField]:
    """The cells of a flattened row: split on tabs, else on `|`, else on runs of spaces."""
    if "\t" in line:
        parts = fields(line, TAB)
    elif PIPE.search(line):
        parts = pipe_cells(line, fields(line, PIPE))
    else:
        parts = [span for m in WORD.finditer(line) for span in unglued(m)]
    return [piece_of(line, a, b, start) for a, b in parts]


def unglued(word: re.Match[str]) -> list[tuple[int, int]]:
    """A word split where a number was glued to the label before it (总计14, lines joined)."""
    glued = GLUED_NUMBER.search(word.group())
    if not glued:
        return [word.span()]
    cut = word.start() + glued.start()
    return [(word.start(), cut), (cut, word.end())]


def fields(line: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """The (start, end) of the fields between the separators of `line`, empty ones too."""
    bounds = [0, *(i for m in separator.finditer(line) for i in m.span()), len(line)]
    return list(zip(bounds[::2], bounds[1::2], strict=True))


def pipe_cells(line: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cells between pipes: the empty ends outside an opening or closing `|` are not cells."""
    if line.rstrip().endswith(("|", "｜")):
        parts = parts[:-1]
    if line.lstrip().startswith(("|", "｜")) and len(parts) > 1:
        parts = parts[1:]
    return parts


def piece_of(line: str, a: int, b: int, start: int) -> RowField:
    text = line[a:b]
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return RowField(stripped, start + a + lead, start + a + lead + len(stripped))


def without_empty_labels(values: list[RowField], wanted: int) -> list[RowField]:
    """A labelled row's values without the empty label cells before them (unmerged label columns)."""
    extra = 0
    while len(values) - extra > wanted and values[extra].folded in BLANK_MARKS:
        extra += 1
    return values[extra:]


def table_rows(doc: Document) -> list[list[RowField]]:
    return [
        [RowField(doc.block_text(b), b.start, b.end, b.page) for b in cells]
        for table in doc.tables()
        for cells in table.rows
    ]


def line_rows(doc: Document) -> list[list[RowField]]:
    """The lines of text outside the document's tables, each split into cells."""
    starts = [0] + [m.end() for m in re.finditer("\n", doc.text)]
    in_tables = {bisect.bisect_right(starts, b.start) - 1 for b in doc.blocks if b.kind == "table_cell"}
    rows = []
    page_at = doc.page_finder()
    for i, start in enumerate(starts):
        line = doc.text[start : starts[i + 1] - 1 if i + 1 < len(starts) else len(doc.text)]
        if i not in in_tables and line.strip():
            pieces = split_line(line, start)
            rows.append([RowField(p.text, p.start, p.end, page_at(p.start)) for p in pieces])
    return rows


def source_rows(doc: Document) -> list[list[RowField]]:
    """Table rows and text lines in document order."""
    rows = [row for row in table_rows(doc) + line_rows(doc) if row]
    return sorted(rows, key=lambda row: row[0].start)


# ---------------------------------------------------------------- form
def detect_form(rows: list[list[RowField]], year: int | None) -> str:
    """2019 or 2021, by the labels only one form writes; else by the reporting year."""
    votes: Counter[str] = Counter()
    for row in rows:
        for piece in row:
            if len(piece.text) <= LABEL_MAX and not is_value(piece):
                found = row_label(piece.text)
                labels = (found,) if found else head_labels(piece.text)
                votes.update(label.form for label in labels if label.form)
    if votes["2019"] != votes["2021"]:
        return max(FORMS, key=lambda form: votes[form])
    return "2019" if year is not None and year < 2021 else "2021"


# ---------------------------------------------------------------- reading rows
class TableReader:
    """Reads rows in document order and collects the template cells they hold."""

    def __init__(self, form: str):
        self.form = form
        self.cells: list[TemplateCell] = []
        self.found: set[CellKey] = set()
        self.open: OpenRow | None = None
        self.header_table: str | None = None
        self.table2_cols: tuple[str, ...] = ()
        self.col_raw: dict[tuple[str, str], str] = {}
        self.loose: list[list[RowField]] = []  # rows of values read with no row open

    def read(self, row: list[RowField]) -> None:
        labels, values = split_row(row)
        labels = [p for p in labels if len(p.text) <= LABEL_MAX]
        if sum(1 for p in labels if head_labels(p.text)) >= 2:
            found = self.read_header(labels, bool(values))
        else:
            found = [(p, label) for p in labels for label in [row_label(p.text)] if label]
        if found:
            self.close()
            piece, label = found[-1]
            self.open = OpenRow(label, piece.text, self.columns(label))
            values = without_empty_labels(values, len(self.open.cols))
        elif labels and self.open:
            self.open.idle += 1
            if self.open.values or self.open.idle > IDLE_ROWS:
                self.close()
        if values and not labels and self.open is None and self.header_table not in RUN_ON_TABLES:
            self.loose.append(without_trailing_empty(values))
        elif values:
            self.take(values)

    def read_header(self, labels: list[RowField], has_values: bool) -> list[tuple[RowField, Label]]:
        """A header row: which table follows and (table 2) its columns; the row label its last
        word runs on into where a row was joined to it (returned, to be opened)."""
        self.close()
        run_on = run_on_row_label(labels[-1].text) if has_values else None
        heads = [p.text for p in labels] if run_on is None else [*(p.text for p in labels[:-1]), run_on[0]]
        tables = Counter(label.table for text in heads for label in head_labels(text))
        table = max(sorted(tables), key=lambda t: tables[t])
        cols = []
        for text in heads:
            for label in head_labels(text):
                if label.table == table and label.id:
                    self.col_raw[(table, label.id)] = text
                    cols.append(label.id)
        self.header_table = table
        if table == "2":
            self.table2_cols = tuple(cols)
        return [] if run_on is None else [(labels[-1], run_on[1])]

    def columns(self, label: Label) -> tuple[str, ...]:
        """The columns of a row: table 2 from the header above it where it fits the row."""
        if label.table != "2":
            return template().order[(label.table, "col")]
        layouts = [template().layouts.get((label.id, form), ()) for form in (self.form, *FORMS)]
        allowed = {col for layout in layouts for col in layout}
        if self.table2_cols and set(self.table2_cols) <= allowed:
            return self.table2_cols
        return next(layout for layout in layouts if layout)

    def take(self, values: list[RowField]) -> None:
        for piece in values:
            if self.open is None and self.header_table in RUN_ON_TABLES:
                self.open_run_on(self.header_table, 0)
            if self.open is None:
                continue
            self.open.values.append(piece)
            if len(self.open.values) == len(self.open.cols):
                self.emit(self.open)
        if self.open and not self.open.values and not self.open.label_raw:
            self.open = None  # a run-on row starts only inside the value row that ran on

    def open_run_on(self, table: str, index: int) -> None:
        rows = template().order[(table, "row")]
        label = Label(table, rows[index], "")
        self.open = OpenRow(label, "", template().order[(table, "col")])

    def emit(self, row: OpenRow) -> None:
        self.add_row(row)
        table = row.label.table
        self.open = None
        order = template().order[(table, "row")]
        if table in RUN_ON_TABLES and row.label.id != order[-1]:
            self.open_run_on(table, order.index(row.label.id) + 1)

    def add_row(self, row: OpenRow) -> None:
        """The cells of a row whose values are all there (a cell read before is kept)."""
        table = row.label.table
        for col, piece in zip(row.cols, row.values, strict=True):
            value, blank = value_of(piece)
            col_raw = self.col_raw.get((table, col), "")
            cell = TemplateCell(table, row.label.id, col, value, blank, row.label_raw, col_raw, piece)
            if cell.key not in self.found:
                self.found.add(cell.key)
                self.cells.append(cell)

    def place_loose(self) -> None:
        """Add the rows of values read with no label where the template puts them."""
        found = {cell.key: (cell.value, cell.piece.start) for cell in self.cells}
        loose = [LooseRow(row[0].start, tuple(value_of(p)[0] for p in row)) for row in self.loose if row]
        for placement in place_loose_rows(self.form, found, loose):
            self.add_row(placed_row(placement, self.loose[placement.index]))

    def close(self) -> None:
        """Leave the open row; values it still lacks are not guessed."""
        if self.open and self.open.values:
            log.info(
                "report row %s/%s has %d of %d values; left out",
                self.open.label.table,
                self.open.label.id,
                len(self.open.values),
                len(self.open.cols),
            )
        self.open = None


def without_trailing_empty(values: list[RowField]) -> list[RowField]:
    """A row of values without the empty cells after its last one (a table wider than its rows)."""
    end = len(values)
    while end and not values[end - 1].folded:
        end -= 1
    return values[:end]


def placed_row(placement: Placement, values: list[RowField]) -> OpenRow:
    """The template row a loose row of values was placed in, holding its values."""
    cols = template().order[(placement.table, "col")]
    label = Label(placement.table, placement.row, "")
    return OpenRow(label, "", cols, values[placement.first : placement.first + len(cols)])


def read_cells(doc: Document) -> tuple[str, list[TemplateCell]]:
    """The document's template form and cells."""
    rows = source_rows(doc)
    reader = TableReader(detect_form(rows, doc.meta.year))
    for row in rows:
        reader.read(row)
    reader.close()
    reader.place_loose()
    return reader.form, reader.cells


def prose_figures(doc: Document) -> dict[str, list[float]]:
    """The values of the document's prose statistics, by metric."""
    figures: dict[str, list[float]] = {}
    for span in doc.spans_of(Statistic):
        stat = span.record
        if stat.metric and stat.value is not None and stat.kind != "target":
            figures.setdefault(stat.metric, []).append(float(stat.value))
    return figures


def add_check(doc: Document, check: Check, found: dict[CellKey, TemplateCell]) -> None:
    pieces = [found[key].piece for key in check.cells]
    record = ReportCheck(check=check.name, expected=check.expected, found=check.found, ok=check.ok)
    doc.add(record, min(p.start for p in pieces), max(p.end for p in pieces), STAGE)


@stage(STAGE, requires=("canonical_text", "meta", "statistic"), assigns=("report_cell", "check"))
def report_tables(doc: Document, config: Config) -> Document:
    """Add a "report_cell" span per template cell and a "check" span per consistency check."""
    form, cells = read_cells(doc)
    for cell in cells:
        record = ReportCell(
            form=form,
            table=cell.table,
            row=cell.row,
            col=cell.col,
            value=cell.value,
            blank=cell.blank,
            row_label_raw=cell.row_label_raw,
            col_label_raw=cell.col_label_raw,
        )
        doc.add(record, cell.piece.start, cell.piece.end, STAGE)
    found = {cell.key: cell for cell in cells}
    checks = run_checks({key: cell.value for key, cell in found.items()}, prose_figures(doc))
    for check in checks:
        add_check(doc, check, found)
        if not check.ok:
            log.info(
                "%s: check %s expected %s, found %s", doc.source_path, check.name, check.expected, check.found
            )
    return doc
