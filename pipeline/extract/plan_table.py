"""Plans laid out as tables: 序号 | 类别 | 工作任务 | 具体要求 | 牵头单位 | 配合单位 | 完成时限, in any order.

Every table source (DOCX and PDF tables, text flattened with tabs, pipes or one cell per line)
arrives as table_cell blocks. A header row names its columns' roles by their words
(ingest/columns.py); a column whose header cell is blank or unknown is typed by what it holds
(row numbers, unit names, deadlines, text). A row with a 序号 starts a task (in a table
without one, a row with its task text does); a row without continues the task before it (a
page break, a wrapped cell). A row holding one cell across the table (一、公开重点) is a
category, and so is a 类别 cell, carried down the rows below it until the next. A task whose
body is missing from its row takes the paragraphs that follow the table; a line after those
holding only unit names is the overflow of the row's units cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.document import Block, Document, Span, Table
from pipeline.extract import deadlines, units
from pipeline.extract.plan_text import Stitched, TaskDraft, any_within, first_sentence
from pipeline.extract.units import Role
from pipeline.ingest.columns import ROW_NUMBER, TEXT_ROLES, header_key, header_roles
from pipeline.normalize.fold import compact
from pipeline.records import Section
from pipeline.segment.outline import OutlineLine, section_at, section_row_cell

UNIT_FIELDS: tuple[Role, ...] = ("lead", "responsible", "cooperating")
TITLE_FIELDS = ("title", "task", "detail")  # the cells a task's title is read from, first filled wins
# unit lists go on in the next row after a space; other fields go on directly
JOINERS: dict[str, str] = dict.fromkeys(UNIT_FIELDS, " ")
MAX_NAMES_LINE = 30
MAX_DEADLINE_CELL = 20
TYPED_SHARE = 0.8  # the share of a column's filled cells that must look alike to type it by them
SENTENCE_MARKS = "。，,；;：:"
NAME_SEPARATORS = re.compile(r"[、，,；;\s]+")
SHORT_TITLE = 40


@dataclass(frozen=True)
class Columns:
    """What each column of a task table holds, and how many columns its header has."""

    roles: dict[int, str]
    width: int

    @property
    def numbered(self) -> bool:
        return "number" in self.roles.values()

    def first(self, *wanted: str) -> str | None:
        """The first of the `wanted` roles some column has."""
        return next((role for role in wanted if role in self.roles.values()), None)


def row_cells(doc: Document, row: list[Block]) -> list[tuple[int, str]]:
    return [(cell.col or 0, doc.block_text(cell)) for cell in row]


def row_width(row: list[Block]) -> int:
    return max((cell.col or 0) for cell in row) + 1


def aligned(doc: Document, row: list[Block], width: int) -> dict[int, Block]:
    """The row's cells by header column. A row wider than the header (a text cell split in two
    when the table was saved as text) drops the first run of empty cells that makes it fit."""
    grid = {cell.col or 0: cell for cell in row}
    extra = row_width(row) - width
    for start in range(width) if extra > 0 else ():
        run = range(start, start + extra)
        if all(col in grid and not doc.block_text(grid[col]).strip() for col in run):
            return {
                col - extra if col >= run.stop else col: cell for col, cell in grid.items() if col not in run
            }
    return grid


@dataclass(frozen=True)
class Header:
    """The header rows first..last of a table (a second row names the parts of a cell above it:
    责任单位 over 牵头单位 | 配合单位), the roles they name and their words."""

    first: int
    last: int
    named: dict[int, str | None]
    words: tuple[str, ...]


def header_rows(doc: Document, table: Table) -> list[Header]:
    heads: list[Header] = []
    for i, row in enumerate(table.rows):
        named = header_roles(row_cells(doc, row))
        if named is None:
            continue
        words = tuple(header_key(text) for _, text in row_cells(doc, row))
        if heads and heads[-1].last == i - 1:
            above = heads[-1]
            below = {col: role for col, role in named.items() if role}
            heads[-1] = Header(above.first, i, {**above.named, **below}, above.words + words)
        else:
            heads.append(Header(i, i, named, words))
    return heads


def table_columns(doc: Document, table: Table) -> dict[int, Columns]:
    """{start of each header row: its columns}, typed over the rows up to a different header
    (the same header again, on the next page, heads the same columns)."""
    heads = header_rows(doc, table)
    found: dict[int, Columns] = {}
    for k, head in enumerate(heads):
        same = next((h for h in heads[:k] if h.words == head.words), None)
        if same is not None:
            columns = found[table.rows[same.first][0].start]
        else:
            later = [h.first for h in heads[k + 1 :] if h.words != head.words]
            rows = table.rows[head.last + 1 : later[0] if later else len(table.rows)]
            columns = typed_columns(doc, head.named, rows)
        found.update((table.rows[i][0].start, columns) for i in range(head.first, head.last + 1))
    return found


def typed_columns(doc: Document, named: dict[int, str | None], rows: list[list[Block]]) -> Columns:
    """The header's roles, and a role for each column the header leaves blank or unknown."""
    width = max(named) + 1
    data = [
        row for row in rows if section_row_cell(doc, row) is None and not header_roles(row_cells(doc, row))
    ]
    grids = [aligned(doc, row, width) for row in data]
    filled = {
        col: [text for grid in grids if col in grid and (text := doc.block_text(grid[col]).strip())]
        for col in range(width)
    }
    roles = dict(named)
    for col, texts in filled.items():
        if texts and roles.get(col) in (None, *TEXT_ROLES) and all(ROW_NUMBER.fullmatch(t) for t in texts):
            roles[col] = "number"  # 序号 under a header cell merged with the one beside it
    for col, texts in filled.items():
        if roles.get(col) is None and texts:
            has_title = any(role in ("title", "task") for role in roles.values())
            roles[col] = content_role(texts, has_title)
    return Columns({col: role for col, role in roles.items() if role}, width)


def content_role(texts: list[str], has_title: bool) -> str:
    """The role of a column by its cells: unit names, deadlines, else the task or its detail."""
    if share(texts, holds_only_units) >= TYPED_SHARE:
        return "responsible"
    if share(texts, is_deadline) >= TYPED_SHARE:
        return "deadline"
    return "detail" if has_title else "task"


def share(texts: list[str], test: Callable[[str], bool]) -> float:
    return sum(1 for text in texts if test(text)) / len(texts)


def is_deadline(text: str) -> bool:
    return len(text) <= MAX_DEADLINE_CELL and deadlines.parse_deadline(text, None, field=True).type != "none"


def holds_only_units(text: str) -> bool:
    """Whether `text` is whole unit names and list punctuation only (市财政局、市教育局)."""
    mentions = units.parse_units(text)
    names = "".join(compact(m.unit_raw) for m in mentions)
    whole = all(units.is_complete(m.unit_raw) for m in mentions)
    return bool(mentions) and whole and names == NAME_SEPARATORS.sub("", text)


def names_only(text: str) -> bool:
    """Whether a short line holds nothing but unit names (市委宣传部), no sentence."""
    if len(text.strip()) > MAX_NAMES_LINE or any(mark in text for mark in SENTENCE_MARKS):
        return False
    return holds_only_units(text)


@dataclass
class RowTask:
    """A task being read from table rows: each field's text, stitched across rows."""

    start: int
    end: int
    number: str | None
    category: str | None
    fields: dict[str, Stitched] = field(default_factory=dict)

    def add(self, name: str, piece: Stitched) -> None:
        self.fields.setdefault(name, Stitched()).extend(piece, JOINERS.get(name, ""))

    def text(self, name: str) -> str:
        return self.fields[name].text if name in self.fields else ""

    def title_field(self) -> str | None:
        return next((name for name in TITLE_FIELDS if self.text(name).strip()), None)

    def has_body(self) -> bool:
        """Whether the row holds more than a short title: text beside it, or a sentence."""
        name = self.title_field()
        if name is None:
            return False
        title = self.text(name).strip()
        beside = any(self.text(other).strip() for other in TITLE_FIELDS if other != name)
        return beside or len(title) > SHORT_TITLE or "。" in title


@dataclass
class TableReader:
    """Reads task rows in document order, with the paragraphs between them."""

    doc: Document
    headers: dict[int, Columns] = field(default_factory=dict)  # header row start -> its columns
    columns: Columns | None = None
    table: int | None = None
    category: str | None = None
    tasks: list[RowTask] = field(default_factory=list)
    waiting: list[RowTask] = field(default_factory=list)  # tasks whose body is still to come
    taken: set[int] = field(default_factory=set)  # starts of the lines used as bodies

    def read_row(self, row: list[Block]) -> None:
        if row[0].table != self.table:
            self.table, self.category = row[0].table, None
        if section_row_cell(self.doc, row) is not None:
            self.waiting.clear()
            self.category = None  # the heading is a section of its own
            return
        if row[0].start in self.headers:
            self.columns = self.headers[row[0].start]
            self.waiting.clear()
            return
        if self.columns is None:
            return  # a table that is not a task table
        category = self.category_row(row, self.columns)
        if category is not None:
            self.category = category
            self.waiting.clear()
            return
        cells = self.cells(row, self.columns)
        if "category" in cells and cells["category"].text.strip():
            self.category = compact(cells["category"].text)
        self.add_cells(row, cells)

    def cells(self, row: list[Block], columns: Columns) -> dict[str, Stitched]:
        """The row's cells by role (a role two columns share gathers both)."""
        found: dict[str, Stitched] = {}
        for col, cell in sorted(aligned(self.doc, row, columns.width).items()):
            role = columns.roles.get(col)
            if role is not None:
                piece = Stitched().add(self.doc, cell.start, cell.end)
                piece.text = piece.text.replace("\n", " ")
                found.setdefault(role, Stitched()).extend(piece, JOINERS.get(role, " "))
        return found

    def category_row(self, row: list[Block], columns: Columns) -> str | None:
        """The text of a row that only names a category: one cell across the row, or text in
        the 序号 or 类别 column alone that is no row number."""
        grid = aligned(self.doc, row, columns.width)
        filled = [(col, cell) for col, cell in grid.items() if self.doc.block_text(cell).strip()]
        if len(filled) != 1 or ROW_NUMBER.fullmatch(self.doc.block_text(filled[0][1])):
            return None
        col, cell = filled[0]
        spanning = len(row) == 1 and columns.width > 1
        if spanning or columns.roles.get(col) in ("number", "category"):
            return compact(self.doc.block_text(cell))
        return None

    def add_cells(self, row: list[Block], cells: dict[str, Stitched]) -> None:
        """Start a task with the row, or add the row to the task before it."""
        assert self.columns is not None
        number = cells.get("number", Stitched()).text.strip()
        title_role = self.columns.first("title", "task", "detail")
        if self.columns.numbered:
            starts = bool(ROW_NUMBER.fullmatch(number))
        else:
            starts = title_role is not None and bool(cells.get(title_role, Stitched()).text.strip())
        if starts:
            task = RowTask(row[0].start, row[-1].end, number or None, self.category)
            self.tasks.append(task)
        elif self.tasks and any(piece.text.strip() for piece in cells.values()):
            task = self.tasks[-1]
            task.end = max(task.end, row[-1].end)
        else:
            return
        for name, piece in cells.items():
            if name not in ("number", "category"):
                task.add(name, piece)
        if starts and not task.has_body():
            self.waiting.append(task)
        else:
            self.waiting.clear()

    def read_line(self, line: OutlineLine, heading: bool) -> None:
        """A paragraph between rows: the body of a task whose row has none."""
        if heading:
            self.waiting.clear()
        if not self.waiting or not line.text.strip():
            return
        piece = Stitched().add(self.doc, line.start, line.start + len(line.text))
        units_column = self.columns.first(*UNIT_FIELDS) if self.columns else None
        last = self.waiting[-1]
        if units_column is not None and last.has_body() and names_only(piece.text):
            last.add(units_column, piece)  # a units cell that overflowed its row, after the bodies
        else:
            task = self.waiting[0] if len(self.waiting) == 1 else self.waiting.pop(0)
            task.add("detail", piece)
        self.taken.add(line.start)


def table_tasks(
    doc: Document, sections: list[Span[Section]], lines: list[OutlineLine]
) -> tuple[list[TaskDraft], set[int]]:
    """The tasks of the document's task tables, and the starts of the lines they took as bodies."""
    tables = doc.tables()
    reader = TableReader(
        doc, {start: cols for table in tables for start, cols in table_columns(doc, table).items()}
    )
    heading_starts = sorted(span.start for span in sections)
    events: list[tuple[int, list[Block] | OutlineLine]] = [
        (row[0].start, row) for table in tables for row in table.rows if row
    ]
    events += [(line.start, line) for line in lines]
    for _, event in sorted(events, key=lambda pair: pair[0]):
        if isinstance(event, OutlineLine):
            end = event.start + len(event.text)
            reader.read_line(event, any_within(heading_starts, event.start, end))
        else:
            reader.read_row(event)
    return [draft(task, sections) for task in reader.tasks], reader.taken


def task_title(task: RowTask) -> str:
    """An indicator's name as written; a task cell whole if short, else its first sentence."""
    name = task.title_field()
    if name is None:
        return ""
    text = task.text(name)
    if name == "title" or (len(text.strip()) <= SHORT_TITLE and "。" not in text):
        return compact(text, keep_ascii_spaces=True)
    return first_sentence(text)


def draft(task: RowTask, sections: list[Span[Section]]) -> TaskDraft:
    """The TaskDraft of a task read from rows."""
    text = Stitched()
    for name in TITLE_FIELDS:
        text.extend(task.fields.get(name, Stitched()), "\n")
    section = section_at(sections, task.start)
    path = section.record.path if section else None
    if task.category:
        path = f"{path}/{task.category}" if path else task.category
    return TaskDraft(
        start=task.start,
        end=task.end,
        number=task.number,
        title=task_title(task),
        text=text,
        section_path=path,
        unit_phrases=[(name, task.fields[name]) for name in UNIT_FIELDS if name in task.fields],
        deadline=task.fields.get("deadline"),
        channel=compact(task.text("channel"), keep_ascii_spaces=True) or None,
    )
