"""PDF backend: running text from pypdfium2, ruled tables from pdfplumber, pages kept.

A page's text is read in horizontal strips around its tables, so text inside a table's box
appears once, as cells. Page-number lines and headers/footers repeated on most pages are
dropped; a table running on at the top of the next page stays one table.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.config import Config
from pipeline.document import StageError
from pipeline.errors import DamagedFileError, EncryptedFileError, NoTextLayerError, OcrError
from pipeline.ingest.layout import GridCell, Layout, row_key
from pipeline.ingest.ocr import OcrLine, read_pages
from pipeline.ingest.pdf_objects import (
    COUNT_SEGMENTS,
    BoundsReader,
    PageShapes,
    PageSpace,
    PageText,
    read_text,
    table_texts,
)
from pipeline.ingest.pdf_objects import find_tables as read_tables

log = logging.getLogger(__name__)

PAGE_NUMBER = re.compile(
    r"[-—–－\s]*\d+[-—–－\s]*"  # 3, - 3 -, — 3 —
    r"|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?"  # 第 3 页, 第3页 共9页
    r"|\d+\s*/\s*\d+"  # 3/9
)
LINE_ENDS = re.compile(r"[\r\n]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
UNUSABLE = re.compile("[\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1b]")  # controls that are no whitespace
SPACE = re.compile(r"\s")
GARBAGE_SHARE = 0.3  # a text layer with more unusable characters than this is read by OCR
MARGIN_SHARE = 0.1  # top and bottom bands of a page (share of its height) holding running lines
RUNNING_SHARE = 0.5  # a margin line on at least this share of the pages is a header or footer
MIN_PAGES_FOR_RUNNING = 3
MIN_TABLE_COLUMNS = 2  # a ruled box around a paragraph is a frame, not a table
MAX_BOX_SEGMENTS = 5  # a line is 2 segments, a box 4 or 5 (move, 3 or 4 lines, close)
RULING_GAP = 3.0  # points: pdfplumber's snap and edge-length tolerances
PASSWORD_ERRORS = {pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY}


@dataclass
class PdfTable:
    """One ruled table found on a page: rows of (grid column, text) cells, and its extent."""

    rows: list[list[GridCell]]
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom; y grows downwards

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def bottom(self) -> float:
        return self.bbox[3]


@dataclass
class PageLine:
    """A text line of a page, where its middle is, and whether it sits in the page margin."""

    text: str
    middle: float  # distance from the top of the page
    margin: bool  # in the top or bottom band where headers, footers and page numbers sit
    box: tuple[float, float, float, float] | None = None  # a line read by OCR: where it was read
    ocr_score: float | None = None  # and the OCR engine's confidence in it


PageItem = PageLine | PdfTable


@dataclass
class PendingTable:
    """A table being assembled, possibly over several pages, before it is written."""

    index: int
    header: tuple[str, ...]
    rows: list[tuple[list[GridCell], int]] = field(default_factory=list)  # (cells, page)


def read_pdf(data: bytes, path: str, config: Config) -> Layout:
    """Lay out the pages of a PDF: text lines as paragraphs, ruled tables as cells; pages that are
    images without text read by OCR (unless config.ocr is "off")."""
    pdf = open_pdf(data, path)
    layout = Layout(page_count=len(pdf))
    try:
        with PlumberPages(data, layout) as plumber:
            read = [read_page(pdf, i, plumber, layout, path) for i in range(len(pdf))]
        scanned = [i for i, items in enumerate(read) if items is None]
        ocr = ocr_pages(pdf, scanned, config, layout) if scanned else {}
    finally:
        pdf.close()
    pages = [items if items is not None else ocr.get(i, []) for i, items in enumerate(read)]
    if not any(pages):
        why = "OCR is off" if config.ocr == "off" else "OCR found no text in its pages"
        raise NoTextLayerError(path, f"scanned PDF: no text layer ({why})")
    write_pages(layout, drop_running_lines(pages))
    return layout


def open_pdf(data: bytes, path: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if getattr(err, "err_code", None) in PASSWORD_ERRORS:
            raise EncryptedFileError(path, "encrypted PDF: a password is needed to open it") from err
        raise DamagedFileError(
            path, f"damaged PDF: cut short or corrupt, it cannot be opened ({err})"
        ) from err


class PlumberPages:
    """pdfplumber pages opened on demand; a failure to parse is noted once, not raised."""

    def __init__(self, data: bytes, layout: Layout):
        self.data = data
        self.layout = layout
        self.pdf: Any = None
        self.failed = False

    def __enter__(self) -> PlumberPages:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pdf is not None:
            self.pdf.close()

    def page(self, index: int) -> Any:
        if self.pdf is None and not self.failed:
            try:
                self.pdf = pdfplumber.open(io.BytesIO(self.data))
            except Exception as err:  # pdfminer is stricter than pdfium on damaged files
                self.failed = True
                self.layout.errors.append(StageError("ingest", "tables_unread", f"tables not read: {err}"))
        return None if self.pdf is None else self.pdf.pages[index]


# ---------------------------------------------------------------------------- one page


def read_page(
    pdf: pdfium.PdfDocument, index: int, plumber: PlumberPages, layout: Layout, path: str
) -> list[PageItem] | None:
    """The page's lines and tables, top to bottom; None for a page to be read by OCR (an image
    without text, or a text layer of garbage); an unreadable page is noted and left empty."""
    try:
        page = pdf[index]
        textpage = page.get_textpage()
        space = PageSpace.of(page)
        text = read_text(textpage)
        shapes = PageShapes.of(page)
        tables = (
            page_tables(page, textpage, text, space, shapes, plumber, index) if may_hold_table(shapes) else []
        )
        items = page_items(text, space, tables)
    except pdfium.PdfiumError as err:
        log.warning("%s: page %d unreadable: %s", path, index + 1, err)
        layout.errors.append(StageError("ingest", "damaged_page", f"page unreadable: {err}", index + 1))
        return []
    if items and is_garbage(text.text):
        return None  # a text layer that decodes to nothing readable (no ToUnicode map): read the page
    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1)
    return items if items or not any(True for _ in images) else None


def is_garbage(text: str) -> bool:
    """Whether a page's text layer is mostly characters no reader can use: private-use code points
    (glyphs with no Unicode mapping), U+FFFD and control characters (counted at C speed)."""
    letters = len(text) - len(SPACE.findall(text))
    return letters > 0 and len(UNUSABLE.findall(text)) > GARBAGE_SHARE * letters


def ocr_pages(
    pdf: pdfium.PdfDocument, indexes: list[int], config: Config, layout: Layout
) -> dict[int, list[PageItem]]:
    """The lines OCR reads on the pages `indexes`, rendered at config.ocr_dpi and placed in points;
    a page it reads nothing on (or cannot read) is noted."""
    read: dict[int, list[PageItem]] = {}
    if config.ocr != "off":
        scale = config.ocr_dpi / 72
        images = [np.asarray(pdf[i].render(scale=scale).to_pil().convert("RGB")) for i in indexes]
        try:
            found = read_pages(images, config.ocr_dpi, config.ocr, config.ocr_memory_bytes)
        except OcrError as err:
            for i in indexes:
                layout.errors.append(StageError("ingest", err.kind, err.reason, i + 1))
            return read
        for i, lines in zip(indexes, found, strict=True):
            read[i] = list(placed(lines, PageSpace.of(pdf[i]), scale))
            layout.ocr_scores += [line.score for line in lines]
    for i in indexes:
        if not read.get(i):
            reason = "OCR found no text" if config.ocr != "off" else "OCR is off"
            message = f"page is an image without text ({reason})"
            layout.errors.append(StageError("ingest", "no_text_layer", message, i + 1))
    return read


def placed(lines: list[OcrLine], space: PageSpace, scale: float) -> Iterator[PageLine]:
    """OCR'd lines as page lines: their boxes in points, their middles, whether in the margins."""
    margin = MARGIN_SHARE * space.height
    for line in lines:
        x0, top, x1, bottom = (value / scale for value in line.box)
        middle = (top + bottom) / 2
        in_margin = not margin <= middle <= space.height - margin
        yield PageLine(line.text, middle, in_margin, (x0, top, x1, bottom), line.score)


def page_tables(
    page: pdfium.PdfPage,
    textpage: Any,
    text: PageText,
    space: PageSpace,
    shapes: PageShapes,
    plumber: PlumberPages,
    index: int,
) -> list[PdfTable]:
    """The page's tables as pdfplumber finds them: from pdfium's objects, or by pdfplumber itself
    where pdfium reads the page otherwise than pdfminer (a character in a table unread or drawn
    turned, or the page shown sideways)."""
    found = read_tables(page, textpage, text, space, shapes)
    if found is None:
        log.info("page %d: read otherwise by pdfium, tables read by pdfplumber", index + 1)
        return find_tables(plumber.page(index))
    return usable_tables(found)


def page_items(text: PageText, space: PageSpace, tables: list[PdfTable]) -> list[PageItem]:
    """Text lines and tables in page order: the lines above each table, the table, and so on."""
    lines = page_lines(text, space, tables)
    slots = [sum(1 for t in tables if t.bottom <= line.middle) for line in lines]
    items: list[PageItem] = []
    for k in range(len(tables) + 1):
        items.extend(line for line, slot in zip(lines, slots, strict=True) if slot == k)
        if k < len(tables):
            items.append(tables[k])
    return items


def page_lines(text: PageText, space: PageSpace, tables: list[PdfTable]) -> list[PageLine]:
    """The page's text lines (pdfium's order), without the characters inside tables."""
    lines: list[PageLine] = []
    height = space.height
    margin = MARGIN_SHARE * height
    x, y = text.middles(space)  # of each character's box on the page as displayed
    kept = np.ones(len(text.text), dtype=bool)
    for x0, top, x1, bottom in (t.bbox for t in tables):
        kept &= ~((x0 <= x) & (x <= x1) & (top <= y) & (y <= bottom))
    kept |= text.blank  # a blank has no box, and is never in a table
    placed = kept & ~text.blank  # the characters whose middles place a line
    keep = kept.tolist()
    start = 0
    for end in [m.start() for m in LINE_ENDS.finditer(text.text)] + [len(text.text)]:
        chars = text.text[start:end]
        if tables:
            chars = "".join(compress(chars, keep[start:end]))
        line = CONTROL.sub("", chars).strip()
        if line:
            middles = y[start:end][placed[start:end]].tolist()
            if middles:
                middle = statistics.median(middles)
                lines.append(PageLine(line, middle, not margin <= middle <= height - margin))
        start = end + 1
    return lines


def may_hold_table(page: pdfium.PdfPage | PageShapes) -> bool:
    """Whether the page's drawn lines (its shapes, if read already) could form a ruled table of
    MIN_TABLE_COLUMNS columns.

    Cheap (pdfium's painted path objects, no parsing of the page's text), and never false for a page where
    pdfplumber finds such a table: that needs MIN_TABLE_COLUMNS + 1 rulings apart along one axis
    across the page as displayed and two down it. A path drawing more than a line or a box may
    hold a whole grid.
    """
    shapes = page if isinstance(page, PageShapes) else PageShapes.of(page)
    xs: list[float] = []
    ys: list[float] = []
    bounds = BoundsReader()
    for path, _ in shapes.paths:
        if COUNT_SEGMENTS(path) > MAX_BOX_SEGMENTS:
            return True
        left, bottom, right, top = bounds(path)
        if top - bottom >= RULING_GAP:
            xs += (left, right)
        if right - left >= RULING_GAP:
            ys += (bottom, top)
    across, down = (ys, xs) if shapes.rotation % 180 else (xs, ys)
    return positions(across) >= MIN_TABLE_COLUMNS + 1 and positions(down) >= 2


def positions(values: list[float]) -> int:
    """How many distinct positions `values` hold, counting those within RULING_GAP as one."""
    count, last = 0, float("-inf")
    for value in sorted(values):
        if value - last > RULING_GAP:
            count += 1
        last = value
    return count


def find_tables(page: Any) -> list[PdfTable]:
    """The ruled tables of a pdfplumber page (or a page-like object) worth keeping."""
    return [] if page is None else usable_tables(page.find_tables())


def usable_tables(found: list[Any]) -> list[PdfTable]:
    """pdfplumber tables with at least MIN_TABLE_COLUMNS columns, top to bottom."""
    tables = [to_table(table) for table in found]
    tables = [t for t in tables if max((len(row) for row in t.rows), default=0) >= MIN_TABLE_COLUMNS]
    return sorted(tables, key=lambda t: t.top)


def to_table(table: Any) -> PdfTable:
    """Grid cells of a pdfplumber table: a horizontal merge is one cell, a vertical one leaves ''."""
    table_rows = table.rows  # pdfplumber works the rows out again at every reading
    texts = table_texts(table, table_rows)
    rows: list[list[GridCell]] = []
    for r, (row, row_texts) in enumerate(zip(table_rows, texts, strict=True)):
        cells: list[GridCell] = []
        for c, (bbox, text) in enumerate(zip(row.cells, row_texts, strict=True)):
            if bbox is not None:
                cells.append((c, text or ""))
            elif merged_from_above(table_rows, r, c):
                cells.append((c, ""))
        rows.append(cells)
    return PdfTable(rows, tuple(table.bbox))


def merged_from_above(rows: list[Any], r: int, c: int) -> bool:
    """True when a cell of an earlier row in column `c` reaches down into row `r`."""
    row_top = rows[r].bbox[1]
    for above in reversed(rows[:r]):
        bbox = above.cells[c] if c < len(above.cells) else None
        if bbox is not None:
            return bool(bbox[3] > row_top + 1)
    return False


# ---------------------------------------------------------------------------- all pages


def drop_running_lines(pages: list[list[PageItem]]) -> list[list[PageItem]]:
    """Pages without page-number lines and without headers/footers repeated on most pages."""
    counts: Counter[str] = Counter()
    for items in pages:
        counts.update(
            {running_key(item.text) for item in items if isinstance(item, PageLine) and item.margin}
        )
    threshold = max(2, RUNNING_SHARE * len(pages))
    running = (
        {key for key, n in counts.items() if n >= threshold} if len(pages) >= MIN_PAGES_FOR_RUNNING else set()
    )

    def dropped(item: PageItem) -> bool:
        return (
            isinstance(item, PageLine)
            and item.margin
            and (bool(PAGE_NUMBER.fullmatch(item.text)) or running_key(item.text) in running)
        )

    return [[item for item in items if not dropped(item)] for items in pages]


def running_key(line: str) -> str:
    """A header/footer line with its digits and spaces ignored (page numbers vary)."""
    return re.sub(r"\d+|\s+", "", line) or line


def write_pages(layout: Layout, pages: list[list[PageItem]]) -> None:
    """Write lines and tables; a table at the top of a page continues one ending the last page."""
    pending: PendingTable | None = None
    for page_no, items in enumerate(pages, 1):
        for i, item in enumerate(items):
            if isinstance(item, PageLine):
                flush(layout, pending)
                pending = None
                layout.add_line(item.text, page_no, box=item.box)
            elif pending is not None and i == 0:
                continue_table(pending, item, page_no)
            else:
                flush(layout, pending)
                pending = start_table(layout, item, page_no)
        if pending is not None and items and not isinstance(items[-1], PdfTable):
            flush(layout, pending)
            pending = None
    flush(layout, pending)


def start_table(layout: Layout, table: PdfTable, page: int) -> PendingTable:
    rows = non_empty(table.rows)
    pending = PendingTable(layout.new_table(), row_key(rows[0]) if rows else ())
    pending.rows.extend((cells, page) for cells in rows)
    return pending


def continue_table(pending: PendingTable, table: PdfTable, page: int) -> None:
    """Add the rows of `table` to the one running on from the last page."""
    rows = non_empty(table.rows)
    if rows and row_key(rows[0]) == pending.header:
        rows = rows[1:]  # the header, repeated on the new page
    if rows and pending.rows and is_split_row(rows[0]):
        merge_into(pending.rows[-1][0], rows.pop(0))
    pending.rows.extend((cells, page) for cells in rows)


def is_split_row(cells: list[GridCell]) -> bool:
    """The rest of a row cut by the page break: its first cell empty, and at least half the cells."""
    empty = sum(1 for _, text in cells if not text.strip())
    return bool(cells) and not cells[0][1].strip() and empty * 2 >= len(cells)


def merge_into(row: list[GridCell], rest: list[GridCell]) -> None:
    """Append each cell of `rest` to the cell of `row` in the same column."""
    by_col = {col: i for i, (col, _) in enumerate(row)}
    for col, text in rest:
        if col in by_col:
            i = by_col[col]
            row[i] = (col, row[i][1] + text)
        elif text:
            row.append((col, text))
    row.sort()


def non_empty(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    return [cells for cells in rows if any(text.strip() for _, text in cells)]


def flush(layout: Layout, pending: PendingTable | None) -> None:
    if pending is None:
        return
    for row, (cells, page) in enumerate(pending.rows):
        layout.add_row(cells, pending.index, row, page)
