"""A page's characters and drawn edges read from pdfium, in pdfplumber's terms.

pdfplumber finds ruled tables from `page.edges` and fills their cells from `page.chars`, both
built by pdfminer's parse of the page's content stream. The same objects are read here from the
page pdfium has already parsed: character boxes as pdfminer draws them (the advance across, the
font size up from the font's descent), and paths classified as pdfminer does (a 2-point path a
line, an axis-aligned closed 4-corner path a rect, anything else a curve), in pdfplumber's
coordinates (x from the left, `top` from the top of the page as displayed with /Rotate). Then
pdfplumber's own table finder runs on them.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber import utils as plumber_utils
from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils.geometry import bbox_getter
from pdfplumber.utils.text import LIGATURES

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f: (x, y) -> (ax + cy + e, bx + dy + f)
Point = tuple[float, float]
Obj = dict[str, Any]
Box = tuple[float, float, float, float]  # user space: left, bottom, right, top
BBox = tuple[float, float, float, float]  # page as displayed: x0, top, x1, bottom
Glyph = tuple[float, float, float, str]  # a char as its text is read: top, x0, x1, text

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
FORM_DEPTH = 15  # form XObjects nested deeper than this are not read (as pypdfium2's default)
SEGMENT_OPS = {
    pdfium_c.FPDF_SEGMENT_MOVETO: "m",
    pdfium_c.FPDF_SEGMENT_LINETO: "l",
    pdfium_c.FPDF_SEGMENT_BEZIERTO: "c",
}
SUBPATH = re.compile(r"m[^m]+")


def bare(function: Any) -> Any:
    """The pdfium function `function` without ctypes' conversion of each argument, which costs
    twice what the call itself does: the caller passes what C takes (handles as pdfium gave them,
    ints, and byref() of a ctypes value for a pointer). For the calls made once per character,
    path segment or page object."""
    unconverted = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    unconverted.restype = function.restype
    return unconverted


LOOSE_CHAR_BOX = bare(pdfium_c.FPDFText_GetLooseCharBox)  # (textpage, index, byref(FS_RECTF))
CHAR_MATRIX = bare(pdfium_c.FPDFText_GetMatrix)  # (textpage, index, byref(FS_MATRIX))
CHAR_FONT_SIZE = bare(pdfium_c.FPDFText_GetFontSize)  # (textpage, index) -> double
CHAR_ORIGIN = bare(pdfium_c.FPDFText_GetCharOrigin)  # (textpage, index, byref(c_double) x 2)
CHAR_GENERATED = bare(pdfium_c.FPDFText_IsGenerated)  # (textpage, index)
PAGE_OBJECT = bare(pdfium_c.FPDFPage_GetObject)  # (page, index) -> object
FORM_OBJECT = bare(pdfium_c.FPDFFormObj_GetObject)  # (form, index) -> object
OBJECT_TYPE = bare(pdfium_c.FPDFPageObj_GetType)  # (object)
OBJECT_MATRIX = bare(pdfium_c.FPDFPageObj_GetMatrix)  # (object, byref(FS_MATRIX))
OBJECT_BOUNDS = bare(pdfium_c.FPDFPageObj_GetBounds)  # (object, byref(c_float) x 4)
DRAW_MODE = bare(pdfium_c.FPDFPath_GetDrawMode)  # (path, byref(c_int) x 2)
COUNT_SEGMENTS = bare(pdfium_c.FPDFPath_CountSegments)  # (path)
PATH_SEGMENT = bare(pdfium_c.FPDFPath_GetPathSegment)  # (path, index) -> segment
SEGMENT_TYPE = bare(pdfium_c.FPDFPathSegment_GetType)  # (segment)
SEGMENT_POINT = bare(pdfium_c.FPDFPathSegment_GetPoint)  # (segment, byref(c_float) x 2)
SEGMENT_CLOSE = bare(pdfium_c.FPDFPathSegment_GetClose)  # (segment)


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def rotation_ctm(rotation: int, box: tuple[float, float, float, float]) -> Matrix:
    """pdfminer's page matrix: the page turned by /Rotate, its MediaBox corner at the origin."""
    x0, y0, x1, y1 = box
    return {
        90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))


@dataclass(frozen=True)
class PageSpace:
    """Maps PDF user space (y upwards) to pdfplumber's page coordinates (x, top)."""

    matrix: Matrix
    rotation: int
    width: float  # as displayed
    height: float

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> PageSpace:
        rotation = page.get_rotation() % 360
        left, bottom, right, top = page.get_mediabox()
        box = (min(left, right), min(bottom, top), max(left, right), max(bottom, top))
        # pdfplumber's MediaBox, turned as displayed: x0, y0 and height
        x0, y0, x1, y1 = (box[1], box[0], box[3], box[2]) if rotation in (90, 270) else box
        height = y1 - y0
        flip = (1.0, 0.0, 0.0, -1.0, x0, height - y0)  # y upwards -> top, as pdfplumber shifts
        return cls(compose(rotation_ctm(rotation, box), flip), rotation, x1 - x0, height)

    def place(self, x: float, y: float) -> Point:
        return apply(self.matrix, x, y)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A user-space box as (x0, top, x1, bottom) on the page as displayed."""
        ax, atop = apply(self.matrix, x0, y0)
        bx, btop = apply(self.matrix, x1, y1)
        return (min(ax, bx), min(atop, btop), max(ax, bx), max(atop, btop))


@dataclass
class PageText:
    """pdfium's text of a page, one character per index, and the loose box of each non-blank one.

    Boxes are in user space, a row (left, bottom, right, top) per character; blanks' are NaN.
    """

    text: str
    boxes: np.ndarray  # float64, (characters, 4)
    blank: np.ndarray  # bool, per character: whitespace

    def middles(self, space: PageSpace) -> tuple[np.ndarray, np.ndarray]:
        """The middle of each character's box on the page as displayed: across, down."""
        a, b, c, d, e, f = space.matrix
        left, bottom, right, top = self.boxes.T
        mx, my = (left + right) / 2, (bottom + top) / 2
        return a * mx + c * my + e, b * mx + d * my + f


def read_text(textpage: Any) -> PageText:
    """The page's text and the loose box of each non-blank character (one pdfium call each)."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters beyond the BMP: read them one by one to keep indexes
        text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(count))
    rects = (pdfium_c.FS_RECTF * count)()
    size = ctypes.sizeof(pdfium_c.FS_RECTF)
    byref = ctypes.byref
    blank = np.ones(count, dtype=bool)
    inked = [i for i, ch in enumerate(text) if not ch.isspace()]
    for i in inked:
        LOOSE_CHAR_BOX(raw, i, byref(rects, size * i))
    blank[inked] = False
    boxes = (
        np.frombuffer(memoryview(rects), dtype=np.float32).reshape(count, 4)[:, RECT_ORDER].astype(np.float64)
    )
    boxes[blank] = np.nan
    return PageText(text, boxes, blank)


RECT_ORDER = [0, 3, 2, 1]  # FS_RECTF's left, top, right, bottom as left, bottom, right, top


class CharReader:
    """pdfplumber's char objects of one text page.

    pdfminer boxes a character from its origin across its advance, and up from the font's
    descent the font size tall. pdfium's loose box is the same advance and the font's ascent and
    descent, widened to the glyph's own box where the glyph reaches out of it: so its right and
    bottom edges are pdfminer's but for such glyphs (and for fonts whose descriptor gives no
    descent, where pdfminer takes 0 and pdfium the font program's).
    """

    def __init__(self, textpage: Any, space: PageSpace):
        self.raw = textpage.raw
        self.space = space
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)

    def loose_box(self, i: int) -> Box:
        r = self.rect
        LOOSE_CHAR_BOX(self.raw, i, self.rect_ref)
        return (r.left, r.bottom, r.right, r.top)

    def chars(self, text: str, indexes: list[int], boxes: np.ndarray) -> TableChars | None:
        """Characters `indexes` of `text` (`boxes`: their loose boxes) as pdfminer boxes them
        (upright: the page is not shown sideways); None when one is drawn turned or mirrored."""
        n = len(indexes)
        matrices = (pdfium_c.FS_MATRIX * n)()
        origins = (ctypes.c_double * (2 * n))()
        font_sizes = [0.0] * n
        raw, byref = self.raw, ctypes.byref
        matrix_size, double_size = ctypes.sizeof(pdfium_c.FS_MATRIX), ctypes.sizeof(ctypes.c_double)
        for k, i in enumerate(indexes):
            CHAR_MATRIX(raw, i, byref(matrices, matrix_size * k))
            font_sizes[k] = CHAR_FONT_SIZE(raw, i)
            CHAR_ORIGIN(
                raw, i, byref(origins, double_size * 2 * k), byref(origins, double_size * (2 * k + 1))
            )
        m = np.frombuffer(memoryview(matrices), dtype=np.float32).reshape(n, 6).astype(np.float64)
        a, b, c, d = m[:, 0], m[:, 1], m[:, 2], m[:, 3]
        if ((b != 0) | (c != 0) | ~(a > 0) | ~(d > 0)).any():  # NaN is turned too
            return None
        size = np.array(font_sizes) * d
        # PageSpace.box(origin x, box bottom, box right, box bottom + size), written out
        x, y = np.frombuffer(memoryview(origins), dtype=np.float64)[0::2], boxes[:, 1]
        x1, y1 = boxes[:, 2], boxes[:, 1] + size
        m0, m1, m2, m3, m4, m5 = self.space.matrix
        ax, atop = m0 * x + m2 * y + m4, m1 * x + m3 * y + m5
        bx, btop = m0 * x1 + m2 * y1 + m4, m1 * x1 + m3 * y1 + m5
        # min(p, q) and max(p, q) as Python has them (the first unless the second is beyond)
        return TableChars(
            [text[i] for i in indexes],
            np.where(bx < ax, bx, ax),
            np.where(bx > ax, bx, ax),
            np.where(btop < atop, btop, atop),
            np.where(btop > atop, btop, atop),
        )


@dataclass
class TableChars:
    """pdfplumber's chars of a page's tables, in page order: their texts and, as arrays, their
    boxes on the page as displayed."""

    texts: list[str]
    x0: np.ndarray
    x1: np.ndarray
    top: np.ndarray
    bottom: np.ndarray

    @classmethod
    def none(cls) -> TableChars:
        return cls([], *(np.zeros(0) for _ in range(4)))

    def objects(self) -> list[Obj]:
        """pdfplumber's char objects (`doctop` as if the page were the first)."""
        return [
            {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": True}
            for text, x0, x1, top, bottom in zip(
                self.texts,
                self.x0.tolist(),
                self.x1.tolist(),
                self.top.tolist(),
                self.bottom.tolist(),
                strict=True,
            )
        ]

    def middles(self) -> tuple[np.ndarray, np.ndarray]:
        """Each char's middle down and across (by which pdfplumber puts it in a cell)."""
        return (self.top + self.bottom) / 2, (self.x0 + self.x1) / 2

    def glyphs(self) -> list[Glyph]:
        return list(zip(self.top.tolist(), self.x0.tolist(), self.x1.tolist(), self.texts, strict=True))


def table_chars(textpage: Any, text: PageText, space: PageSpace, regions: list[BBox]) -> TableChars | None:
    """pdfplumber's chars of the page that may fall in `regions` (x0, top, x1, bottom), with what
    its table and text extraction read of them (`doctop` as if each page were the first).

    A character counts for a cell by the middle of pdfminer's box, which is the loose box's
    middle across and within the loose box's height of it up and down. None when a character
    there is drawn turned or mirrored, or the page is shown sideways.
    """
    if space.rotation in (90, 270):
        return None  # shown sideways, pdfminer's lines run along the boxes' inexact heights
    reader = CharReader(textpage, space)
    boxes = text.boxes
    blanks = [i for i in np.flatnonzero(text.blank).tolist() if not CHAR_GENERATED(reader.raw, i)]
    if blanks:  # blanks from the content stream (not put in by pdfium) are pdfplumber's chars too
        boxes = boxes.copy()
        for i in blanks:
            boxes[i] = reader.loose_box(i)
    # the box's middle and height on the page as displayed (PageSpace.box, written out)
    a, b, c, d, e, f = space.matrix
    left, bottom, right, top = boxes.T
    y0, y1 = b * left + d * bottom + f, b * right + d * top + f
    x = (a * left + c * bottom + e + (a * right + c * top + e)) / 2
    y, reach = (y0 + y1) / 2, np.abs(y1 - y0)
    near = np.zeros(len(boxes), dtype=bool)
    for x0, region_top, x1, region_bottom in regions:  # in one, or within `reach` above or below
        near |= (x0 <= x) & (x <= x1) & (region_top - reach <= y) & (y <= region_bottom + reach)
    indexes = np.flatnonzero(near)
    return reader.chars(text.text, indexes.tolist(), boxes[indexes]) if len(indexes) else TableChars.none()


# ---------------------------------------------------------------------------- paths


@dataclass
class PageShapes:
    """What a page draws, read once for the test for a table and for the drawing: its painted
    paths and its text objects, each with the matrix from its parent's space to user space."""

    rotation: int  # /Rotate
    paths: list[tuple[Any, Matrix]]
    texts: list[tuple[Any, Matrix]]

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> PageShapes:
        shapes = cls(page.get_rotation(), [], [])
        shapes.read(page.raw, IDENTITY, 0)
        return shapes

    def read(self, parent: Any, outer: Matrix, depth: int) -> None:
        """Add the painted paths and text objects of the page (or of a form in it, `outer` its matrix)."""
        in_form = depth > 0
        count = (pdfium_c.FPDFFormObj_CountObjects if in_form else pdfium_c.FPDFPage_CountObjects)(parent)
        get = FORM_OBJECT if in_form else PAGE_OBJECT
        for i in range(count):
            obj = get(parent, i)
            kind = OBJECT_TYPE(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                self.texts.append((obj, outer))
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if is_painted(obj):
                    self.paths.append((obj, compose(object_matrix(obj), outer)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < FORM_DEPTH:
                self.read(obj, compose(object_matrix(obj), outer), depth + 1)


@dataclass
class Drawing:
    """A page's drawn edges, and its text objects to find where pdfium reads one as no
    characters at all.

    pdfium reads some strings pdfminer reads well (a lone CJK character in reportlab's CID
    fonts) as unmapped codes with no width: the text page leaves them out.
    """

    edges: list[Obj]
    texts: list[tuple[Any, Matrix]]
    textpage: Any
    space: PageSpace

    def unread(self) -> list[Point]:
        """Where the text objects pdfium reads as no characters lie (page coordinates)."""
        unread: list[Point] = []
        read_bounds = BoundsReader()
        for obj, matrix in self.texts:
            box = read_bounds(obj)
            if box[0] == box[2] and box[1] == box[3]:  # of no size
                corner = unread_corner(obj, box, self.textpage.raw)
                if corner is not None:
                    unread.append(self.space.place(*apply(matrix, *corner)))
        return unread


def read_drawing(shapes: PageShapes, textpage: Any, space: PageSpace) -> Drawing:
    """The page's lines, rects and curves as pdfplumber's edges (lines, then rects, then curves)."""
    kinds: dict[str, list[Obj]] = {"line": [], "rect": [], "curve": []}
    for obj, matrix in shapes.paths:
        for shape in path_objects(obj, matrix, space):
            kinds[shape["object_type"]].append(shape)
    edges = list(
        chain(
            map(plumber_utils.line_to_edge, kinds["line"]),
            chain.from_iterable(map(plumber_utils.rect_to_edges, kinds["rect"])),
            chain.from_iterable(map(plumber_utils.curve_to_edges, kinds["curve"])),
        )
    )
    return Drawing(edges, shapes.texts, textpage, space)


class BoundsReader:
    """Reads page objects' bounds (left, bottom, right, top) into the same ctypes buffers."""

    def __init__(self) -> None:
        self.values = [ctypes.c_float() for _ in range(4)]
        self.refs = [ctypes.byref(v) for v in self.values]

    def __call__(self, obj: Any) -> Box:
        OBJECT_BOUNDS(obj, *self.refs)
        left, bottom, right, top = self.values
        return left.value, bottom.value, right.value, top.value


def unread_corner(text: Any, box: Box, textpage: Any) -> Point | None:
    """Where a text object of no size (`box`: its bounds) that pdfium reads as unmapped codes
    lies, else None.

    In a font embedded in the file such an object draws no ink: it is blank (a lone space), and
    pdfminer's reading of it changes no cell's text.
    """
    if pdfium_c.FPDFFont_GetIsEmbedded(pdfium_c.FPDFTextObj_GetFont(text)):
        return None
    size = pdfium_c.FPDFTextObj_GetText(text, textpage, None, 0)
    buffer = (ctypes.c_ushort * max(size, 1))()
    pdfium_c.FPDFTextObj_GetText(text, textpage, buffer, size)
    readable = set(buffer[: max(size // 2 - 1, 0)]) - {0}
    return None if readable else (box[0], box[1])


def object_matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not OBJECT_MATRIX(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def is_painted(path: Any) -> bool:
    """Stroked or filled: pdfminer sees no path ended by `n` (a clipping path)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    DRAW_MODE(path, ctypes.byref(fill), ctypes.byref(stroke))
    return bool(fill.value or stroke.value)


def path_segments(path: Any, matrix: Matrix) -> tuple[str, list[Point]]:
    """The path as pdfminer reads it: one operator letter per point, points in user space.

    A Bézier curve is one `c` at its end point; a subpath closed by a line back to its start,
    or closed where it started, ends in `h`, as `re` and `h` do in the content stream.
    """
    ops: list[str] = []
    points: list[Point] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    start: Point = (0.0, 0.0)
    curve_points = 0
    for i in range(COUNT_SEGMENTS(path)):
        segment = PATH_SEGMENT(path, i)
        op = SEGMENT_OPS.get(SEGMENT_TYPE(segment), "?")
        SEGMENT_POINT(segment, x_ref, y_ref)
        point = apply(matrix, x.value, y.value)
        if op == "c":
            curve_points += 1
            if curve_points % 3:
                continue  # the control points of a Bézier curve
        if op == "m":
            start = point
        closed = bool(SEGMENT_CLOSE(segment))
        if closed and op == "l" and point == start:
            ops.append("h")
        else:
            ops.append(op)
            if closed:
                ops.append("h")
                points.append(point)
                point = start
        points.append(point)
    return "".join(ops), points


def path_objects(path: Any, matrix: Matrix, space: PageSpace) -> Iterator[Obj]:
    """pdfminer's line, rect or curve objects of one painted path, one per subpath."""
    shape, points = path_segments(path, matrix)
    if not shape.startswith("m"):
        return
    for sub in SUBPATH.finditer(shape):
        yield from subpath_object(shape[sub.start() : sub.end()], points[sub.start() : sub.end()], space)


def subpath_object(shape: str, pts: list[Point], space: PageSpace) -> Iterator[Obj]:
    """pdfminer's `paint_path` for one subpath (see pdfminer.converter.PDFLayoutAnalyzer)."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-1]
    if shape in ("mlh", "ml"):
        yield shape_object("line", [pts[0], pts[1]], space)
    elif shape in ("mlllh", "mllll") and is_rect(pts):
        (x0, y0), (x2, y2) = pts[0], pts[2]
        yield shape_object("rect", [(x0, y0), (x2, y0), (x2, y2), (x0, y2)], space)
    else:
        yield shape_object("curve", pts, space)


def is_rect(pts: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )
    return pts[0] == pts[4] and square


def shape_object(kind: str, pts: list[Point], space: PageSpace) -> Obj:
    """A pdfplumber line/rect/curve object: its bounds and points in page coordinates."""
    placed = [space.place(x, y) for x, y in pts]
    xs = [p[0] for p in placed]
    tops = [p[1] for p in placed]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "y0": space.height - bottom,
        "y1": space.height - top,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "pts": placed,
    }


# ---------------------------------------------------------------------------- tables


class PageObjects:
    """The page as pdfplumber's table finder reads it: edges, bbox, and the chars of its tables."""

    def __init__(self, edges: list[Obj], bbox: BBox):
        self.edges = edges
        self.bbox = bbox
        self.table_chars = TableChars.none()
        self.read: tuple[np.ndarray, np.ndarray, list[Glyph]] | None = None  # see `extract`

    @property
    def chars(self) -> list[Obj]:
        return self.table_chars.objects()

    def find_tables(self) -> list[Any]:
        """pdfplumber's tables (default settings) of these edges; cell text from `chars`."""
        return CellFinder(self).tables

    def extract(self, table: Any, rows: list[Any] | None = None) -> list[list[str | None]]:
        """What pdfplumber's `table.extract()` gives over `chars` (`rows`: the table's rows, if
        already worked out): a char is in a cell when its middle is, the middles worked out once
        per page and tested a row at a time."""
        if self.read is None:
            self.read = (*self.table_chars.middles(), self.table_chars.glyphs())
        down, across, glyphs = self.read
        texts: list[list[str | None]] = []
        for row in table.rows if rows is None else rows:
            _, top, _, bottom = row.bbox  # its cells' tops are its top, none reaches below it
            band = np.flatnonzero((top <= down) & (down < bottom))
            found = cells_chars(row.cells, band, down, across)
            texts.append(
                [
                    None if cell is None else glyphs_text([glyphs[i] for i in chars])
                    for cell, chars in zip(row.cells, found, strict=True)
                ]
            )
        return texts


SMALL_BAND = 48  # a row with fewer chars is read in Python, quicker than numpy's calls per cell


def cells_chars(
    cells: list[BBox | None], band: np.ndarray, down: np.ndarray, across: np.ndarray
) -> list[list[int]]:
    """The chars of `band` (a row's) whose middles (`down`, `across`) lie in each cell, in page order."""
    found: list[list[int]] = []
    if len(band) < SMALL_BAND:
        middles = list(zip(band.tolist(), down[band].tolist(), across[band].tolist(), strict=True))
        for cell in cells:
            if cell is None:
                found.append([])
                continue
            x0, top, x1, bottom = cell
            found.append([i for i, v, h in middles if x0 <= h < x1 and top <= v < bottom])
        return found
    band_down, band_across = down[band], across[band]
    for cell in cells:
        if cell is None:
            found.append([])
            continue
        x0, top, x1, bottom = cell
        inside = (x0 <= band_across) & (band_across < x1) & (top <= band_down) & (band_down < bottom)
        found.append(band[inside].tolist())
    return found


def table_texts(table: Any, rows: list[Any] | None = None) -> list[list[str | None]]:
    """A pdfplumber table's cell texts (None for a merged-away cell), read by `PageObjects.extract`
    when the table was found on pdfium's objects (`rows`: the table's rows, if already worked out)."""
    page = table.page
    return page.extract(table, rows) if isinstance(page, PageObjects) else table.extract()


class CellFinder(TableFinder):
    """pdfplumber's TableFinder (default settings), its cells found by `intersections_to_cells`."""

    def __init__(self, page: PageObjects):
        self.page = page  # type: ignore[assignment]
        self.settings = TableSettings.resolve(None)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance
        )
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def intersections_to_cells(intersections: dict[Point, dict[str, list[Obj]]]) -> list[BBox]:
    """pdfplumber's `intersections_to_cells`, the same cells in the same order: for each point
    (in order), the smallest cell it is the top-left corner of, its corners joined by edges.

    Faster: each point's edges are boxed once (not at each test), and the points below and to
    the right of a point are taken from its column and its row instead of from all the points.
    """
    boxes = {
        point: (set(map(bbox_getter, edges["v"])), set(map(bbox_getter, edges["h"])))
        for point, edges in intersections.items()
    }

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not boxes[p1][0].isdisjoint(boxes[p2][0]):
            return True
        return p1[1] == p2[1] and not boxes[p1][1].isdisjoint(boxes[p2][1])

    points = sorted(intersections)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for point in points:  # both in the points' order; a NaN equals nothing
        if point[0] == point[0]:
            columns.setdefault(point[0], []).append(point)
        if point[1] == point[1]:
            rows.setdefault(point[1], []).append(point)

    def smallest_cell(pt: Point) -> BBox | None:
        column, row = columns.get(pt[0], []), rows.get(pt[1], [])
        below = column[column.index(pt) + 1 :] if pt[0] == pt[0] else []
        right = row[row.index(pt) + 1 :] if pt[1] == pt[1] else []
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                bottom_right = (right_pt[0], below_pt[1])
                if (
                    bottom_right in boxes
                    and connects(bottom_right, right_pt)
                    and connects(bottom_right, below_pt)
                ):
                    return (pt[0], pt[1], bottom_right[0], bottom_right[1])
        return None

    return [cell for cell in map(smallest_cell, points) if cell is not None]


TOLERANCE = 3.0  # pdfplumber's default x and y tolerances


def upright_text(chars: list[Obj]) -> str:
    """What pdfplumber's `extract_text` (default settings) gives for upright characters."""
    return glyphs_text([(c["top"], c["x0"], c["x1"], c["text"]) for c in chars])


def glyphs_text(glyphs: list[Glyph]) -> str:
    """`upright_text` of characters as (top, x0, x1, text), worked out directly: characters
    clustered into lines by `top`, each line read left to right and cut into words at blanks and
    gaps (pdfplumber's test for a new word, left to right: back, or a gap beyond the tolerance, or
    another line), words clustered into lines again by their `top`."""
    words: list[tuple[str, float]] = []  # (text, top)
    for line in clusters(glyphs, [g[0] for g in glyphs]):
        line.sort(key=itemgetter(1))
        word: list[Glyph] = []
        for glyph in line:
            top, x0, _, text = glyph
            if not text or text.isspace():  # a blank ends a word; an empty text is a word of its own
                if word:
                    words.append(merged(word))
                    word = []
                if not text:
                    words.append(merged([glyph]))
            elif word and (
                x0 < (last := word[-1])[1] or x0 > last[2] + TOLERANCE or abs(top - last[0]) > TOLERANCE
            ):
                words.append(merged(word))
                word = [glyph]
            else:
                word.append(glyph)
        if word:
            words.append(merged(word))
    lines = clusters(words, [top for _, top in words])
    return "\n".join(" ".join(text for text, _ in line) for line in lines)


def merged(word: list[Glyph]) -> tuple[str, float]:
    """A word's text (ligatures spelt out) and top."""
    texts = [g[3] for g in word]
    text = "".join(texts)
    if not LIGATURE_CHARACTERS.isdisjoint(text):
        text = "".join(LIGATURES.get(t, t) for t in texts)
    return text, min(g[0] for g in word)


LIGATURE_CHARACTERS = frozenset("".join(LIGATURES))


def clusters(items: list[Any], tops: list[float]) -> list[list[Any]]:
    """pdfplumber's `cluster_objects` by `top`: the distinct tops in order, a new cluster where one
    lies more than TOLERANCE below the last; items kept in their order within a cluster."""
    distinct = set(tops)
    if len(distinct) == 1 and tops[0] == tops[0]:  # one top (not NaN): one line
        return [list(items)]
    cluster_of: dict[float, int] = {}
    count, last = 0, float("-inf")
    for top in sorted(distinct):
        if top > last + TOLERANCE:
            count += 1
        cluster_of[top] = count - 1
        last = top
    grouped: list[list[Any]] = [[] for _ in range(count)]
    for item, top in zip(items, tops, strict=True):
        grouped[cluster_of[top]].append(item)
    return grouped


def find_tables(
    page: pdfium.PdfPage, textpage: Any, text: PageText, space: PageSpace, shapes: PageShapes | None = None
) -> list[Any] | None:
    """pdfplumber's tables of the page (whose `shapes` may have been read already), read without
    pdfminer; None when pdfium reads a character in them otherwise than pdfminer: drawn turned or
    mirrored, or not at all."""
    drawing = read_drawing(shapes or PageShapes.of(page), textpage, space)
    objects = PageObjects(drawing.edges, (0.0, 0.0, space.width, space.height))
    tables = objects.find_tables()
    if not tables:
        return tables
    regions = [t.bbox for t in tables]
    chars = table_chars(textpage, text, space, regions)
    if chars is None or any(
        r[0] <= x <= r[2] and r[1] <= y <= r[3] for x, y in drawing.unread() for r in regions
    ):
        return None
    objects.table_chars = chars
    return tables
