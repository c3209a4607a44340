"""OCR of scanned pages: one page of the scanned sample read close to its text, as well when the
page lies sideways or carries a red seal; scans without OCR fail and say why."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from pipeline.config import Config
from pipeline.ingest.ocr import read_image
from pipeline.ingest.pdf import is_garbage
from pipeline.process import extract_file
from pipeline.records import Task
from tests.conftest import SAMPLES

SCAN = SAMPLES / "002_69902300cdde23ce.scan.pdf"
TEXT = SAMPLES / "002_69902300cdde23ce.txt"
DPI = 150


def rendered(index: int) -> np.ndarray:
    """A page of the scanned sample, rendered as a scanner would give it."""
    pdf = pdfium.PdfDocument(SCAN)
    try:
        return np.asarray(pdf[index].render(scale=DPI / 72).to_pil().convert("RGB"))
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    """The second page: running text, items and their parentheses."""
    return rendered(1)


def accuracy(image: np.ndarray, engine: str = "rapidocr") -> float:
    """Share of the characters read that stand, in order, in the sample's text."""
    read = "".join("".join(line.text for line in read_image(image, DPI, engine)).split())
    truth = "".join(TEXT.read_text(encoding="utf-8").split())
    matcher = difflib.SequenceMatcher(None, read, truth, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(read), 1)


def test_a_scanned_page_reads_as_its_text(page: np.ndarray) -> None:
    assert accuracy(page) >= 0.97


def test_a_page_lying_sideways_reads_as_well_as_upright(page: np.ndarray) -> None:
    assert accuracy(np.ascontiguousarray(np.rot90(page))) >= 0.97


def test_a_page_scanned_askew_reads_as_its_text(page: np.ndarray) -> None:
    skewed = Image.fromarray(page).rotate(2.5, expand=True, fillcolor=(255, 255, 255))
    assert accuracy(np.asarray(skewed)) >= 0.95


def test_a_red_seal_over_the_text_does_not_break_the_lines(page: np.ndarray) -> None:
    stamped = Image.fromarray(page)
    draw = ImageDraw.Draw(stamped)
    width, height = stamped.size
    draw.ellipse((width * 0.4, height * 0.3, width * 0.8, height * 0.55), outline=(220, 30, 30), width=12)
    draw.text((width * 0.5, height * 0.4), "SEAL", fill=(220, 30, 30))
    assert accuracy(np.asarray(stamped)) >= 0.97


def test_with_ocr_off_a_scan_fails_and_says_why(tmp_path: Path) -> None:
    (error,) = extract_file(Path(shutil.copy(SCAN, tmp_path / "scan.pdf")), Config(ocr="off")).errors
    assert error.kind == "no_text_layer" and "OCR is off" in error.message


def test_a_scanned_page_as_an_image_file_gives_its_tasks(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    Image.fromarray(rendered(0)).save(path, dpi=(DPI, DPI))  # the first page: title and first items
    doc = extract_file(path)
    assert doc.format == "image" and doc.ocr_confidence and doc.ocr_confidence > 0.9
    assert len(doc.spans_of(Task)) >= 3
    assert all(block.page == 1 and block.box for block in doc.blocks)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed here")
def test_tesseract_reads_the_page_too(page: np.ndarray) -> None:
    assert accuracy(page, "tesseract") >= 0.95


def test_ocr_runs_in_a_process_of_its_own(tmp_path: Path) -> None:
    """The worker extracting a scan never loads the OCR engine itself: its budget stays its own."""
    path = tmp_path / "page.png"
    Image.fromarray(rendered(0)).save(path, dpi=(DPI, DPI))
    code = (
        "import sys; from pathlib import Path; from pipeline.process import extract_file; "
        f"doc = extract_file(Path({str(path)!r})); "
        "print(len(doc.text) > 100, 'rapidocr' in sys.modules, 'onnxruntime' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False", "False"]


def test_ocr_out_of_its_memory_fails_the_page_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    Image.fromarray(rendered(0)).save(path, dpi=(DPI, DPI))
    (error,) = extract_file(path, Config(ocr_memory_bytes=20 * 1024 * 1024)).errors
    assert error.kind == "ocr_failed" and "OCR ran out of memory" in error.message


@pytest.mark.parametrize(
    ("text", "garbage"),
    [
        ("".join(chr(0xE000 + k) for k in range(60)), True),  # glyphs with no Unicode mapping
        ("\ufffd" * 30 + "政务公开", True),
        ("一、加强政策解读\n（一）做好政策解读工作。", False),
        ("政务公开" * 10 + "".join(chr(0xE000 + k) for k in range(5)), False),  # a few odd symbols
        ("   \n ", False),
    ],
)
def test_a_text_layer_of_unusable_characters_is_garbage(text: str, garbage: bool) -> None:
    assert is_garbage(text) is garbage
