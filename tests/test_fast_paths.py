"""Fast paths: pdfplumber only on pages whose drawn lines can form a table, with the same result as
running it on every page; the tokenizer and dictionaries loaded once, before workers are forked."""

from __future__ import annotations

import io
import random
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.batch import warm_up
from pipeline.config import Config
from pipeline.engines import EngineOptions, make_engine
from pipeline.ingest import pdf as pdf_backend
from pipeline.ingest import pdf_objects
from pipeline.ingest.pdf import may_hold_table, positions, read_pdf
from pipeline.segment.words import load_tokenizer
from pipeline.worker import Limits
from tests.conftest import SAMPLES

Drawing = list[tuple[str, tuple[float, ...]]]  # ("line", x1, y1, x2, y2) or ("rect", x, y, w, h)

GRID_3x2: Drawing = [("line", (100, 700 - 20 * r, 400, 700 - 20 * r)) for r in range(3)] + [
    ("line", (100 + 150 * c, 700, 100 + 150 * c, 660)) for c in range(3)
]
BOXES_3x2: Drawing = [("rect", (100 + 100 * c, 700 - 20 * r, 100, 20)) for c in range(3) for r in range(2)]
STACKED_BANNERS: Drawing = [("rect", (80, 700 - 40 * r, 440, 28)) for r in range(7)]
TWO_COLUMN_FRAME: Drawing = [("rect", (100, 600, 150, 100)), ("rect", (250, 600, 150, 100))]
UNDERLINES: Drawing = [("line", (100, 700 - 30 * r, 300, 700 - 30 * r)) for r in range(4)]
ONE_COLUMN_BOX: Drawing = [("rect", (100, 600, 300, 100))]


def drawn_page(drawing: Drawing, rotation: int = 0) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setPageRotation(rotation)
    for kind, args in drawing:
        if kind == "line":
            page.line(*args)
        else:
            page.rect(*args)
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.mark.parametrize(
    ("drawing", "rotation", "expected"),
    [
        ([], 0, False),
        (GRID_3x2, 0, True),
        (BOXES_3x2, 0, True),
        (TWO_COLUMN_FRAME, 0, True),
        (STACKED_BANNERS, 0, False),
        (STACKED_BANNERS, 90, True),  # shown sideways, the banners stand side by side
        (TWO_COLUMN_FRAME, 90, False),
        (UNDERLINES, 0, False),
        (ONE_COLUMN_BOX, 0, False),
    ],
)
def test_pages_that_may_hold_a_table(drawing: Drawing, rotation: int, expected: bool) -> None:
    doc = pdfium.PdfDocument(drawn_page(drawing, rotation))
    assert may_hold_table(doc[0]) is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], 0), ([5.0], 1), ([5.0, 6.0, 7.5], 1), ([0.0, 10.0, 10.5, 20.0], 3), ([20.0, 0.0, 10.0], 3)],
)
def test_positions_within_the_ruling_gap_count_once(values: list[float], expected: int) -> None:
    assert positions(values) == expected


@pytest.mark.parametrize("drawing", [GRID_3x2, BOXES_3x2, TWO_COLUMN_FRAME])
def test_a_page_where_pdfplumber_finds_a_table_may_hold_one(drawing: Drawing) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(drawn_page(drawing))) as plumber:
        assert pdf_backend.find_tables(plumber.pages[0])


PDFS = sorted(p.name for p in SAMPLES.glob("*.pdf") if ".scan." not in p.name)


@pytest.mark.parametrize("name", PDFS)
def test_fast_path_reads_what_pdfplumber_on_every_page_reads(name: str, monkeypatch) -> None:
    data = (SAMPLES / name).read_bytes()
    fast = read_pdf(data, name, Config())
    monkeypatch.setattr(pdf_backend, "may_hold_table", lambda page: True)
    everywhere = read_pdf(data, name, Config())
    assert fast.text == everywhere.text
    assert fast.blocks == everywhere.blocks
    assert fast.errors == everywhere.errors


def test_the_samples_have_pages_without_tables_and_pages_with_them() -> None:
    """The comparison above covers both outcomes of the check."""
    pages = [
        may_hold_table(doc[i])
        for doc in (pdfium.PdfDocument(SAMPLES / n) for n in PDFS)
        for i in range(len(doc))
    ]
    assert True in pages and False in pages


def tokenizer_builds(_: object) -> int:
    load_tokenizer()
    return load_tokenizer.cache_info().misses


def test_workers_never_build_the_tokenizer_themselves(tmp_path: Path) -> None:
    load_tokenizer.cache_clear()
    options = EngineOptions(workers=2, limits=Limits(30, 1024**3), warm_up=lambda: warm_up(Config()))
    builds = dict(make_engine(options).map(tokenizer_builds, list(range(4))))
    assert builds == dict.fromkeys(range(4), 1)  # the one build of the warm-up, inherited


# ---------------------------------------------------------------------------- tables without pdfminer


# pdfminer's UniGB-UCS2-H CMap has no code for U+2022, so pdfplumber drops a bullet drawn in an
# unembedded Adobe-GB1 font (reportlab's STSong-Light); pdfium keeps it where a system CJK font
# stands in for the font. Such characters are left out of both sides.
PDFMINER_UNMAPPED = str.maketrans("", "", "•")


def plumber_view(tables: list) -> list:
    """What a table gives the ingest: its cells' text and where merged cells leave gaps."""
    return [
        (
            [
                [cell if cell is None else cell.translate(PDFMINER_UNMAPPED) for cell in row]
                for row in t.extract()
            ],
            [[cell is None for cell in row.cells] for row in t.rows],
        )
        for t in tables
    ]


def pdfium_tables(page: pdfium.PdfPage) -> list | None:
    textpage = page.get_textpage()
    space = pdf_objects.PageSpace.of(page)
    return pdf_objects.find_tables(page, textpage, pdf_objects.read_text(textpage), space)


def assert_same_tables(data: bytes) -> int:
    """pdfium's objects give pdfplumber's tables on every page read without falling back;
    returns how many pages fell back."""
    import pdfplumber

    doc = pdfium.PdfDocument(data)
    fallbacks = 0
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for index, plumber_page in enumerate(plumber.pages):
            mine = pdfium_tables(doc[index])
            if mine is None:
                fallbacks += 1
                continue
            theirs = plumber_page.find_tables()
            assert plumber_view(mine) == plumber_view(theirs), f"page {index + 1}"
            for a, b in zip(mine, theirs, strict=True):
                assert a.bbox == pytest.approx(b.bbox, abs=0.01)
                assert pdf_objects.table_texts(a) == a.extract()  # the faster reading, the same texts
    return fallbacks


@pytest.mark.parametrize("name", PDFS)
def test_pdfium_objects_give_pdfplumbers_tables_on_the_samples(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    assert assert_same_tables(data) < len(pdfium.PdfDocument(data))


def bench_like_pdf(index: int, rotation: int, folder: Path) -> bytes:
    """A PDF made as scripts/bench.py makes them (reportlab, ruled tables), pages turned."""
    import sys

    sys.path.insert(0, str(SAMPLES.parent.parent / "scripts"))
    import bench

    out = folder / f"bench_{index}_{rotation}.pdf"
    original = canvas.Canvas.showPage

    def turned_page(self: canvas.Canvas) -> None:
        self.setPageRotation(rotation)
        original(self)

    canvas.Canvas.showPage = turned_page  # type: ignore[method-assign]
    try:
        bench.reportlab_pdf(bench.varied_text(index), out)
    finally:
        canvas.Canvas.showPage = original  # type: ignore[method-assign]
    return out.read_bytes()


@pytest.mark.parametrize(("index", "rotation"), [(1, 0), (3, 0), (3, 90), (6, 180), (8, 270)])
def test_pdfium_objects_give_pdfplumbers_tables_on_bench_like_pdfs(
    index: int, rotation: int, tmp_path: Path
) -> None:
    data = bench_like_pdf(index, rotation, tmp_path)
    pages = len(pdfium.PdfDocument(data))
    fallbacks = assert_same_tables(data)
    assert fallbacks == pages if rotation in (90, 270) else fallbacks < pages  # sideways: pdfplumber


def test_a_lone_character_pdfium_cannot_read_in_a_table_makes_pdfplumber_read_the_page() -> None:
    """Either pdfium reads the character, or the page falls back; the table holds it either way."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for _kind, args in GRID_3x2:
        page.line(*args)
    page.setFont("STSong-Light", 11)
    page.drawString(110, 685, "政府")
    page.drawString(260, 685, "府")  # pdfium reads a lone CJK character here as nothing
    page.showPage()
    page.save()
    doc = pdfium.PdfDocument(out.getvalue())
    pdfium_reads_it = "府" in doc[0].get_textpage().get_text_range().replace("政府", "")
    # pdfium reads it only when the system has a CJK font to stand in for the unembedded one
    assert (pdfium_tables(doc[0]) is None) is not pdfium_reads_it
    layout = read_pdf(out.getvalue(), "lone.pdf", Config())
    assert "府" in layout.text.replace("政府", "")


@pytest.mark.parametrize(
    ("shape", "points", "kind"),
    [
        ("ml", [(0, 0), (10, 0)], "line"),
        ("mlh", [(0, 0), (10, 0), (0, 0)], "line"),
        ("mlllh", [(0, 0), (10, 0), (10, 5), (0, 5), (0, 0)], "rect"),
        ("mllll", [(0, 0), (0, 5), (10, 5), (10, 0), (0, 0)], "rect"),
        ("mllllh", [(0, 0), (10, 0), (10, 5), (0, 5), (0, 0), (0, 0)], "rect"),
        ("mlllh", [(0, 0), (10, 1), (10, 5), (0, 5), (0, 0)], "curve"),  # not square
        ("mllll", [(0, 0), (10, 0), (10, 5), (0, 5), (1, 1)], "curve"),  # not closed
        ("mcc", [(0, 0), (5, 5), (10, 0)], "curve"),
    ],
)
def test_paths_are_classed_as_pdfminer_classes_them(shape: str, points: list, kind: str) -> None:
    space = pdf_objects.PageSpace((1.0, 0.0, 0.0, -1.0, 0.0, 100.0), 0, 100.0, 100.0)
    (obj,) = pdf_objects.subpath_object(shape, [(float(x), float(y)) for x, y in points], space)
    assert obj["object_type"] == kind


@pytest.mark.parametrize(
    ("rotation", "point", "placed"),
    [
        (0, (10, 20), (10, 822)),
        (90, (10, 20), (20, 10)),
        (180, (10, 20), (585.3, 20)),
        (270, (10, 20), (575.3, 831.9)),
    ],
)
def test_page_space_places_points_as_pdfplumber(rotation: int, point: tuple, placed: tuple) -> None:
    doc = pdfium.PdfDocument(drawn_page([], rotation))
    space = pdf_objects.PageSpace.of(doc[0])
    assert space.place(*point) == pytest.approx(placed, abs=0.5)


def test_a_libreoffice_pdf_is_read_without_pdfplumber_and_gives_its_tables() -> None:
    """LibreOffice writes lone spaces as text objects pdfium reads as nothing; in an embedded font
    they draw no ink, so no page falls back to pdfplumber, and the tables are pdfplumber's."""
    data = (SAMPLES.parent.parent / "tests" / "data" / "libreoffice_plan_tables.pdf").read_bytes()
    assert assert_same_tables(data) == 0


def random_chars(rng: random.Random) -> list[dict]:
    """Upright characters near each other: shared and close tops, ties and overlaps in x, blanks,
    empty texts and ligatures."""
    texts = ["政", "务", "公", "开", "1", "a", " ", "\u3000", "", "ﬁ", "ﬀ"]
    chars = []
    for _ in range(rng.randint(0, 30)):
        top = rng.choice([100.0, 100.5, 102.9, 103.0, 106.2, 110.0]) + rng.choice([0.0, rng.uniform(-4, 4)])
        x0 = rng.choice([50.0, 60.0, 62.0, 70.5]) + rng.choice([0.0, 10.0, rng.uniform(-12, 30)])
        width = rng.choice([0.0, 5.0, 10.5])
        chars.append(
            {"text": rng.choice(texts), "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 10.5}
        )
    for char in chars:
        char.update(upright=True, doctop=char["top"], width=char["x1"] - char["x0"], height=10.5, size=10.5)
    return chars


def test_upright_text_is_pdfplumbers_extract_text() -> None:
    from pdfplumber.utils import extract_text

    rng = random.Random(20261124)
    for case in range(3000):
        chars = random_chars(rng)
        assert pdf_objects.upright_text(chars) == extract_text(chars), f"case {case}: {chars}"


def random_edges(rng: random.Random) -> list[dict]:
    """Ruling lines on a small grid, some missing or cut short, some off the grid."""
    xs = sorted(rng.sample(range(0, 400, 20), rng.randint(2, 7)))
    ys = sorted(rng.sample(range(0, 400, 15), rng.randint(2, 7)))
    edges = []
    for y in ys:
        for a, b in pairwise(xs):
            if rng.random() < 0.8:
                top, x0, x1 = y + rng.choice([0, 0, 0, 0.5]), a - rng.choice([0, 2]), b + rng.choice([0, 2])
                edges.append(
                    {"orientation": "h", "x0": x0, "x1": x1, "top": top, "bottom": top, "width": x1 - x0}
                )
    for x in xs:
        for a, b in pairwise(ys):
            if rng.random() < 0.8:
                x0 = x + rng.choice([0, 0, 0, 0.5])
                edges.append({"orientation": "v", "x0": x0, "x1": x0, "top": a, "bottom": b, "height": b - a})
    rng.shuffle(edges)
    return edges


def test_cells_are_pdfplumbers_cells() -> None:
    from pdfplumber import table

    rng = random.Random(20261207)
    for case in range(500):
        intersections = table.edges_to_intersections(random_edges(rng))
        assert pdf_objects.intersections_to_cells(intersections) == table.intersections_to_cells(
            intersections
        ), f"case {case}"
