"""The text and blocks a format backend builds, in the layout every backend shares.

Non-table text is one line per block, lines joined by "\\n"; a table row is its cells joined
by "\\t", one row per line, unless the source wrote one cell per line (TXT), which stays so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.document import Block, BlockKind, StageError

GridCell = tuple[int, str]  # (grid column, text)


@dataclass
class Layout:
    """Text and blocks under construction, plus what the backend learnt about the file."""

    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    length: int = 0
    encoding: str | None = None
    page_count: int | None = None
    errors: list[StageError] = field(default_factory=list)
    tables: int = 0  # tables started so far
    page_fields: dict[str, str] = field(default_factory=dict)  # what a web page's meta tags say
    ocr_scores: list[float] = field(default_factory=list)  # confidence of each line read by OCR

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add_line(
        self,
        line: str,
        page: int | None = None,
        kind: BlockKind = "paragraph",
        numbering: str | None = None,
        box: tuple[float, float, float, float] | None = None,
    ) -> None:
        """Append one line; its stripped content (if any) becomes a block."""
        start = self.new_line()
        self.write(line)
        content = line.strip()
        if content:
            begin = start + line.index(content)
            self.blocks.append(Block(kind, begin, begin + len(content), page, numbering=numbering, box=box))

    def new_table(self) -> int:
        """Start a table and return its index."""
        self.tables += 1
        return self.tables - 1

    def add_row(self, cells: Sequence[GridCell], table: int, row: int, page: int | None = None) -> None:
        """Append one table row: a table_cell block per cell, cells joined by tabs."""
        self.new_line()
        for i, (col, raw) in enumerate(cells):
            cell = one_line(raw)
            if i:
                self.write("\t")
            self.blocks.append(
                Block("table_cell", self.length, self.length + len(cell), page, table, row, col)
            )
            self.write(cell)

    def add_cell_line(self, line: str, table: int, row: int, col: int) -> None:
        """Append one line that is one table cell (empty for a blank line), as written."""
        start = self.new_line()
        self.write(line)
        content = line.strip()
        begin = start + line.index(content) if content else start
        self.blocks.append(Block("table_cell", begin, begin + len(content), None, table, row, col))

    def new_line(self) -> int:
        if self.parts:
            self.write("\n")
        return self.length

    def write(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)


def one_line(cell: str) -> str:
    """A cell's text on one line: its own wrapped lines joined with nothing, tabs as spaces."""
    return "".join(part.strip() for part in cell.splitlines()).replace("\t", " ").strip()


def row_key(cells: Sequence[GridCell]) -> tuple[str, ...]:
    """What identifies a row when it repeats (a header on every page): its non-empty cell texts."""
    return tuple(text for text in (one_line(cell) for _, cell in cells) if text)
