"""Fast paths: pdfplumber only on pages whose drawn lines can form a table, with the same result as
running it on every page; the tokenizer and dictionaries loaded once, before workers are forked."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.batch import warm_up
from pipeline.config import Config
from pipeline.engines import EngineOptions, make_engine
from pipeline.ingest import pdf as pdf_backend
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
