"""Plans laid out as tables: 序号 | 指标名称 | 主要工作任务 | 牵头单位 | 责任单位 | 完成时限.

Columns are found by their header names (the header may be missing on a page, or short of
some columns). A row with a 序号 starts a task; a row without one continues the task before
it (a page break, a wrapped cell). A task whose body is missing from its row takes the
paragraphs that follow the table; a line there holding only unit names is the overflow of
the row's units cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import Block, Document, Span
from pipeline.extract import units
from pipeline.extract.plan_text import Stitched, TaskDraft, any_within, first_sentence, labels
from pipeline.extract.units import Role
from pipeline.normalize.fold import compact
from pipeline.records import Section
from pipeline.segment.outline import OutlineLine, section_at, section_row_cell

UNIT_FIELDS: tuple[Role, ...] = ("lead", "responsible", "cooperating")
RIGHT_FIELDS = (*UNIT_FIELDS, "deadline", "channel")
# unit lists go on in the next row after a space; other fields go on directly
JOINERS: dict[str, str] = dict.fromkeys(UNIT_FIELDS, " ")
ROW_NUMBER = re.compile(r"\s*[(（]?\s*\d{1,3}\s*[.．、)）]?\s*")
MAX_HEADER_CELL = 10
MAX_NAMES_LINE = 30
SENTENCE_MARKS = "。，,；;：:"
SHORT_TITLE = 40


def column_field(header: str) -> str | None:
    """The field a header cell names ('牵头单位' -> lead), or None."""
    name = compact(header, keep_ascii_spaces=True)
    return next((f for word, f in labels("column") if word in name), None) if name else None


def header_fields(doc: Document, row: list[Block]) -> dict[int, str] | None:
    """{column: field} if `row` is a header row (every filled cell a short column name)."""
    fields: dict[int, str] = {}
    for cell in row:
        text = compact(doc.block_text(cell), keep_ascii_spaces=True)
        if not text:
            continue
        found = column_field(text) if len(text) <= MAX_HEADER_CELL else None
        if found is None:
            return None
        fields[cell.col or 0] = found
    return fields if len(fields) >= 2 else None


@dataclass
class RowTask:
    """A task being read from table rows: each field's text, stitched across rows."""

    start: int
    end: int
    number: str | None
    fields: dict[str, Stitched] = field(default_factory=dict)

    def add(self, name: str, piece: Stitched) -> None:
        self.fields.setdefault(name, Stitched()).extend(piece, JOINERS.get(name, ""))

    def text(self, name: str) -> str:
        return self.fields[name].text if name in self.fields else ""


@dataclass
class TableReader:
    """Reads task rows in document order, with the paragraphs between them."""

    doc: Document
    header: dict[int, str] | None = None
    header_width: int = 0
    tasks: list[RowTask] = field(default_factory=list)
    waiting: list[RowTask] = field(default_factory=list)  # tasks whose body is still to come
    taken: set[int] = field(default_factory=set)  # starts of the lines used as bodies

    def read_row(self, row: list[Block]) -> None:
        if section_row_cell(self.doc, row) is not None:
            self.waiting.clear()
            return
        fields = header_fields(self.doc, row)
        if fields is not None:
            self.header, self.header_width = fields, row_width(row)
            self.waiting.clear()
            return
        if self.header is None:
            return  # a table that is not a task table
        number, cells = self.split_row(row, self.header)
        start, end = row[0].start, row[-1].end
        if number:
            task = RowTask(start, end, number)
            self.tasks.append(task)
        elif self.tasks and any(piece.text.strip() for piece in cells.values()):
            task = self.tasks[-1]
            task.end = max(task.end, end)
        else:
            return
        for name, piece in cells.items():
            task.add(name, piece)
        if number and not task.text("body").strip():
            self.waiting.append(task)
        else:
            self.waiting.clear()

    def split_row(self, row: list[Block], header: dict[int, str]) -> tuple[str | None, dict[str, Stitched]]:
        """The row's number and its cells by field, columns placed by `header`."""
        grid = {cell.col or 0: cell for cell in row}
        shift = row_width(row) - self.header_width
        cells: dict[str, Stitched] = {}
        right = {col + shift: f for col, f in header.items() if f in RIGHT_FIELDS}
        for col, name in right.items():
            if col in grid:
                cells[name] = self.cell_text(grid[col])
        first_right = min(right, default=row_width(row))
        left = [self.cell_text(grid[col]) if col in grid else Stitched() for col in range(first_right)]
        number, rest = split_number(left, "number" in header.values())
        cells.update(title_and_body(rest))
        return number, cells

    def cell_text(self, cell: Block) -> Stitched:
        piece = Stitched().add(self.doc, cell.start, cell.end)
        piece.text = piece.text.replace("\n", " ")
        return piece

    def read_line(self, line: OutlineLine, heading: bool) -> None:
        """A paragraph between rows: the body of a task whose row has none."""
        if heading:
            self.waiting.clear()
        if not self.waiting or not line.text.strip():
            return
        piece = Stitched().add(self.doc, line.start, line.start + len(line.text))
        units_column = next((f for f in (self.header or {}).values() if f in UNIT_FIELDS), None)
        if units_column is not None and names_only(piece.text):
            self.waiting[-1].add(units_column, piece)  # a units cell that overflowed its row
        else:
            task = self.waiting[0] if len(self.waiting) == 1 else self.waiting.pop(0)
            task.add("body", piece)
        self.taken.add(line.start)


def names_only(text: str) -> bool:
    """Whether a short line holds nothing but unit names (市委宣传部), no sentence."""
    if len(text.strip()) > MAX_NAMES_LINE or any(mark in text for mark in SENTENCE_MARKS):
        return False
    mentions = units.parse_units(text)
    names = "".join(compact(m.unit_raw, keep_ascii_spaces=True) for m in mentions)
    return bool(mentions) and names == compact(text, keep_ascii_spaces=True)


def split_number(left: list[Stitched], numbered: bool) -> tuple[str | None, list[Stitched]]:
    """The 序号 cell (a number, or empty in a table with a 序号 column) and the cells after it."""
    if not left:
        return None, left
    head = left[0].text.strip()
    if ROW_NUMBER.fullmatch(head):
        return head, left[1:]
    if numbered and not head and len(left) > 1:
        return None, left[1:]
    return None, left


def row_width(row: list[Block]) -> int:
    return max((cell.col or 0) for cell in row) + 1


def title_and_body(rest: list[Stitched]) -> dict[str, Stitched]:
    """The 指标名称 and 主要工作任务 cells among the cells left of the unit columns."""
    filled = [piece for piece in rest if piece.text.strip()]
    if len(rest) == 1 and filled:
        text = filled[0].text.strip()
        name = "title" if len(text) <= SHORT_TITLE and "。" not in text else "body"
        return {name: filled[0]}
    if not rest:
        return {}
    body = Stitched()
    for piece in rest[1:]:
        body.extend(piece)
    return {"title": rest[0], "body": body}


def table_tasks(
    doc: Document, sections: list[Span[Section]], lines: list[OutlineLine]
) -> tuple[list[TaskDraft], set[int]]:
    """The tasks of the document's task tables, and the starts of the lines they took as bodies."""
    reader = TableReader(doc)
    heading_starts = sorted(span.start for span in sections)
    events: list[tuple[int, list[Block] | OutlineLine]] = [
        (row[0].start, row) for table in doc.tables() for row in table.rows if row
    ]
    events += [(line.start, line) for line in lines]
    for _, event in sorted(events, key=lambda pair: pair[0]):
        if isinstance(event, OutlineLine):
            end = event.start + len(event.text)
            reader.read_line(event, any_within(heading_starts, event.start, end))
        else:
            reader.read_row(event)
    return [draft(task, sections) for task in reader.tasks], reader.taken


def draft(task: RowTask, sections: list[Span[Section]]) -> TaskDraft:
    """The TaskDraft of a task read from rows."""
    title = compact(task.text("title"), keep_ascii_spaces=True) or first_sentence(task.text("body"))
    text = Stitched()
    for name in ("title", "body"):
        text.extend(task.fields.get(name, Stitched()), "\n")
    section = section_at(sections, task.start)
    return TaskDraft(
        start=task.start,
        end=task.end,
        number=task.number,
        title=title,
        text=text,
        section_path=section.record.path if section else None,
        unit_phrases=[(name, task.fields[name]) for name in UNIT_FIELDS if name in task.fields],
        deadline=task.fields.get("deadline"),
        channel=compact(task.text("channel"), keep_ascii_spaces=True) or None,
    )
