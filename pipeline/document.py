"""The one document model every stage reads and extends.

A `Document` holds the canonical text of one source file and, over it, `Block`s (what the
file was made of: paragraphs, headings, table cells) and `Span`s (what the stages found:
sections, tasks, units, deadlines, statistics), each holding one typed record
(pipeline/records.py). Offsets are character offsets into `Document.text`;
`Document.raw_offset` maps them back to the text as ingested.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar, cast

from pipeline.records import DocumentMeta, Record

BlockKind = Literal["paragraph", "heading", "table_cell", "list_item"]
Status = Literal["success", "partial", "failure"]
R = TypeVar("R", bound=Record)


@dataclass
class Block:
    """A piece of the source file: its place in `Document.text` and on the page."""

    kind: BlockKind
    start: int
    end: int
    page: int | None = None  # 1-based page number (PDF); None where the format has no pages
    table: int | None = None  # table_cell only: index of the table in the document
    row: int | None = None  # table_cell only: 0-based row within its table
    col: int | None = None  # table_cell only: 0-based column within its row
    numbering: str | None = None  # a list number rendered from the format (e.g. DOCX 一、)
    box: tuple[float, float, float, float] | None = None  # OCR'd lines: (x0, top, x1, bottom) in points


@dataclass
class Span(Generic[R]):
    """A stretch of `Document.text` found by a stage, and the record of what it is."""

    start: int
    end: int
    stage: str
    record: R

    @property
    def label(self) -> str:
        return self.record.LABEL


@dataclass
class StageError:
    """Something that went wrong while processing one document."""

    stage: str
    kind: str
    message: str
    page: int | None = None


@dataclass
class Table:
    """A table as rows of cell blocks, read back from a document's table_cell blocks."""

    index: int
    rows: list[list[Block]]


@dataclass
class Document:
    """One source document and everything extracted from it so far."""

    doc_id: str  # sha256 of the file's bytes (hex, first 16 characters)
    source_path: str
    format: str  # txt | pdf | docx
    text: str
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None  # the detected text encoding (TXT)
    page_count: int | None = None
    ocr_confidence: float | None = None  # mean confidence of the lines read by OCR, None if none were
    meta: DocumentMeta = field(default_factory=DocumentMeta)  # set by the metadata stage
    chrome: list[str] = field(default_factory=list)  # web-page chrome lines the clean stage took out
    # what the page says about the document, field -> value as written (title, publish_date,
    # doc_number, issuing_body, source …; see resources/page_fields.csv): from the chrome lines,
    # or set at ingest by a reader that finds them in the file's own metadata
    page_fields: dict[str, str] = field(default_factory=dict)
    spans: list[Span[Record]] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    # canonical offset -> offset in the ingested text; empty while the two are the same
    offset_map: list[int] = field(default_factory=list)
    raw_text: str = ""

    # ------------------------------------------------------------------ reading
    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def span_text(self, span: Span[Record]) -> str:
        return self.text[span.start : span.end]

    def spans_of(self, kind: type[R]) -> list[Span[R]]:
        """The spans holding a record of type `kind`, in the order they were added."""
        return [cast(Span[R], s) for s in self.spans if type(s.record) is kind]

    def tables(self) -> list[Table]:
        """The document's tables, rows in order, each row's cells in column order."""
        grouped: dict[int, dict[int, list[Block]]] = {}
        for block in self.blocks:
            if block.kind == "table_cell" and block.table is not None:
                rows = grouped.setdefault(block.table, {})
                rows.setdefault(block.row or 0, []).append(block)
        return [
            Table(index, [sorted(cells, key=lambda b: b.col or 0) for _, cells in sorted(rows.items())])
            for index, rows in sorted(grouped.items())
        ]

    def page_at(self, offset: int) -> int | None:
        """The page of the block holding `offset` (None for formats without pages)."""
        return self.page_finder()(offset)

    def page_finder(self) -> Callable[[int], int | None]:
        """`page_at` for many offsets: the blocks' starts listed once, for the blocks as they are now."""
        blocks = list(self.blocks)
        starts = [b.start for b in blocks]

        def page_at(offset: int) -> int | None:
            i = bisect.bisect_right(starts, offset) - 1
            while i >= 0:
                block = blocks[i]
                if block.start <= offset < max(block.end, block.start + 1):
                    return block.page
                i -= 1
            return None

        return page_at

    def raw_offset(self, offset: int) -> int:
        """The offset in the ingested text that canonical `offset` came from."""
        if not self.offset_map:
            return offset
        if offset >= len(self.offset_map):
            return len(self.raw_text)
        return self.offset_map[offset]

    # ------------------------------------------------------------------ writing
    def add(self, record: R, start: int, end: int, stage: str) -> Span[R]:
        """Add a span over text[start:end] holding `record`, found by `stage`."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {record.LABEL} [{start}, {end}) outside the text of {self.source_path}")
        span = Span(start, end, stage, record)
        self.spans.append(cast(Span[Record], span))
        return span

    @property
    def status(self) -> Status:
        if not self.errors:
            return "success"
        return "partial" if self.text else "failure"
