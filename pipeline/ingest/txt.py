"""TXT backend: decoded lines as paragraphs, tables flattened to text rebuilt as table cells.

A table saved as text comes as rows of tab- or pipe-separated cells, or as one cell per line
(a web page's table copied out): a header of column names, one to a line, then rows of as
many lines each, a blank line for an empty cell. The text stays as it was in that layout,
each line a cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.config import Config
from pipeline.ingest.columns import ROW_NUMBER, column_role, header_roles, may_name_column
from pipeline.ingest.detect import decode_text
from pipeline.ingest.layout import GridCell, Layout, row_key

PIPES = ("|", "｜")
PIPE = re.compile("[|｜]")
SEPARATOR_CELL = re.compile(r":?-{2,}:?")
FIGURE = re.compile(r"[\d.,%/\-—\s]*")  # a cell of figures or blank marks (0, 1,234, 12.5%, /, -)
MIN_TABLE_LINES = 2  # a lone separated line is prose that happens to hold tabs
MIN_STACKED_COLUMNS = 3  # column names one to a line: fewer could be two labels in prose


def read_txt(data: bytes, path: str, config: Config) -> Layout:
    """Decode `data` and lay out its lines."""
    text, encoding = decode_text(data, path)
    layout = Layout(encoding=encoding)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table_lines = table_line_indexes(lines)
    stacked = stacked_cells(lines, table_lines)
    table = row = stacked_table = -1
    header: tuple[str, ...] = ()
    for i, line in enumerate(lines):
        if i in stacked:
            stacked_row, col = stacked[i]
            if stacked_row == col == 0:
                stacked_table = layout.new_table()
            layout.add_cell_line(line, stacked_table, stacked_row, col)
            table = -1
            continue
        if i not in table_lines:
            layout.add_line(line)
            table = -1
            continue
        cells = split_row(line)
        if not any(cell for _, cell in cells):
            continue
        if table < 0:
            table, row, header = layout.new_table(), 0, header_key(cells)
        elif header and row_key(cells) == header:
            continue  # the header repeated where the table went on over a page break
        layout.add_row(cells, table, row)
        row += 1
    return layout


def header_key(cells: list[GridCell]) -> tuple[str, ...]:
    """What identifies a table's first row if it repeats as a header: () for a row of figures
    only, which names no column (two rows of the same figures are two rows)."""
    key = row_key(cells)
    return key if any(not FIGURE.fullmatch(text) for text in key) else ()


def table_line_indexes(lines: list[str]) -> set[int]:
    """Indexes of lines in runs of at least MIN_TABLE_LINES separated lines (blank lines between kept)."""
    indexes: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines):
        if is_row(line):
            run.append(i)
        elif line.strip() and run:
            indexes.update(span_of(run))
            run = []
    indexes.update(span_of(run))
    return indexes


def span_of(run: list[int]) -> range:
    """All lines from the first to the last of `run` if it is long enough to be a table."""
    return range(run[0], run[-1] + 1) if len(run) >= MIN_TABLE_LINES else range(0)


def is_row(line: str) -> bool:
    stripped = line.strip(" \u3000")
    return line.count("\t") >= 2 or (stripped.startswith(PIPES) and count_pipes(stripped) >= 2)


def count_pipes(line: str) -> int:
    return sum(line.count(pipe) for pipe in PIPES)


def split_row(line: str) -> list[GridCell]:
    """The cells of a separated line; a markdown rule line (|---|---|) has none."""
    stripped = line.strip(" \u3000")
    if line.count("\t") >= 2:
        parts = line.split("\t")
    else:
        parts = PIPE.split(stripped.removeprefix(stripped[:1]))
        if stripped.endswith(PIPES):
            parts.pop()
    cells = [part.strip(" \u3000") for part in parts]
    if all(SEPARATOR_CELL.fullmatch(cell) or not cell for cell in cells):
        return []
    return list(enumerate(cells))


def stacked_cells(lines: list[str], taken: set[int]) -> dict[int, tuple[int, int]]:
    """{line index: (row, column)} for the lines of tables written one cell per line."""
    cells: dict[int, tuple[int, int]] = {}
    i = 0
    while i < len(lines):
        header = StackedHeader.at(lines, i, taken)
        if header is None:
            i += 1
            continue
        rows = header.rows(lines, taken)
        for r, row in enumerate(rows):
            cells.update((index, (r, col)) for col, index in enumerate(row))
        i = rows[-1][-1] + 1
    return cells


@dataclass(frozen=True)
class StackedHeader:
    """A header written one column name to a line: where it starts, its names, its 序号 column."""

    start: int
    names: tuple[str, ...]
    number: int

    @classmethod
    def at(cls, lines: list[str], start: int, taken: set[int]) -> StackedHeader | None:
        """The header starting at `start` with a known column name, if a row follows it: of the
        runs of short lines there, the longest that a row follows (the first row's category cell
        may read as a column name; a column name may be one no vocabulary knows)."""
        if start in taken or column_role(lines[start]) is None:
            return None
        end = start + 1
        while end < len(lines) and end not in taken and may_name_column(lines[end]):
            end += 1
        for stop in range(end, start + MIN_STACKED_COLUMNS - 1, -1):
            roles = header_roles(list(enumerate(lines[start:stop]))) or {}
            number = next((col for col, role in roles.items() if role == "number"), None)
            if number is None:
                continue
            header = cls(start, tuple(line.strip() for line in lines[start:stop]), number)
            if header.rows(lines, taken)[1:]:
                return header
        return None

    def rows(self, lines: list[str], taken: set[int]) -> list[list[int]]:
        """The line indexes of the header and of each row after it: rows of as many lines whose
        number cell holds a row number (or the header again), and one-line rows between them
        spanning the table (a category: 一、公开重点)."""
        rows = [list(range(self.start, self.start + len(self.names)))]
        i = rows[0][-1] + 1
        while i < len(lines):
            row = self.row_at(lines, i, taken)
            if row is None and lines[i].strip() and i not in taken and self.row_at(lines, i + 1, taken):
                row = [i]
            if row is None:
                break
            rows.append(row)
            i = row[-1] + 1
        return rows

    def row_at(self, lines: list[str], first: int, taken: set[int]) -> list[int] | None:
        """The lines of a full row starting at `first` (the last row may lack trailing blank cells)."""
        row = list(range(first, min(first + len(self.names), len(lines))))
        if taken.intersection(row):
            return None
        texts = tuple(lines[i].strip() for i in row)
        numbered = self.number < len(texts) and ROW_NUMBER.fullmatch(texts[self.number]) is not None
        return row if row and (numbered or texts == self.names) else None
