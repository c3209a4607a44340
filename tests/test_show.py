"""`gongkai show`: one page per document, its text with every span highlighted and its records on hover."""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

import lxml.html
import numpy as np
import pandas as pd
import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.batch import run
from pipeline.cli import main
from pipeline.document import Document
from pipeline.normalize.fold import canonical_char
from pipeline.process import extract_file
from pipeline.records import ReportCell, Statistic, Task, Unit
from pipeline.show import PAGE_SCALE, render
from tests.conftest import ROOT, SAMPLES

sys.path.insert(0, str(ROOT / "scripts"))
from screenshot import browser, screenshot

PLAN, REPORT, HUAIAN = "000_bb7ad2cec91f680d.txt", "001_179aec6b059d2134.pdf", "huaian_2024_annual_report.pdf"


def dataset(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (PLAN, REPORT):
        shutil.copy(SAMPLES / name, folder / name)
    out = tmp_path / "out"
    run([folder], out, workers=1, progress=False)
    documents = pd.read_parquet(out / "current" / "documents.parquet")
    return out, dict(zip(documents.source_path.map(lambda p: Path(p).name), documents.doc_id, strict=True))


def test_the_page_highlights_every_task_unit_and_figure(tmp_path: Path, capsys) -> None:
    out, ids = dataset(tmp_path)
    page = tmp_path / "plan.html"
    assert main(["show", str(out), ids[PLAN], "--out", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    doc = extract_file(SAMPLES / PLAN)
    for kind, label in ((Task, "task"), (Unit, "unit")):
        starts = {span.start for span in doc.spans_of(kind)}
        assert all(f"{label} [{start}, " in text for start in starts)
    assert "市行政审批局" in text and "The file has changed" not in text


def test_a_pdf_page_shows_its_pages_and_figures(tmp_path: Path) -> None:
    out, ids = dataset(tmp_path)
    page = tmp_path / "report.html"
    assert main(["show", str(out), ids[REPORT], "--out", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.count("data:image/png;base64,") == extract_file(SAMPLES / REPORT).page_count
    assert len(extract_file(SAMPLES / REPORT).spans_of(Statistic)) > 0 and "statistic [" in text


def test_an_unknown_document_is_a_usage_error(tmp_path: Path, capsys) -> None:
    out, _ = dataset(tmp_path)
    assert main(["show", str(out), "0000000000000000"]) == 2
    assert "no document" in capsys.readouterr().err


def test_the_report_links_every_document_to_its_page(tmp_path: Path) -> None:
    out, ids = dataset(tmp_path)
    report = tmp_path / "report.html"
    assert main(["report", str(out), "--out", str(report), "--pages"]) == 0
    text = report.read_text(encoding="utf-8")
    for doc_id in ids.values():
        assert f"href='report_files/{doc_id}.html'" in text
        assert (tmp_path / "report_files" / f"{doc_id}.html").exists()


def test_the_report_links_every_task_and_figure_to_where_it_was_read(tmp_path: Path) -> None:
    out, _ = dataset(tmp_path)
    report = tmp_path / "report.html"
    assert main(["report", str(out), "--out", str(report), "--pages"]) == 0
    links = [
        h for h in lxml.html.fromstring(report.read_text(encoding="utf-8")).xpath("//a/@href") if "#" in h
    ]
    tables = (
        pd.read_parquet(out / "current" / "tasks.parquet"),
        pd.read_parquet(out / "current" / "statistics.parquet"),
    )
    assert len(links) == sum(len(t) for t in tables) > 20
    for link in links:
        page, anchor = link.split("#")
        label, start = anchor.rsplit("-", 1)
        target = lxml.html.fromstring((tmp_path / page).read_text(encoding="utf-8"))
        assert target.get_element_by_id(anchor) is not None
        assert any(f"{label} [{start}, " in title for title in target.xpath("//span/@title"))


# ---------------------------------------------------------------------------- PDF pages


def page_outlines(page: str) -> list[tuple[int, tuple[int, int], list[lxml.html.HtmlElement]]]:
    """(page number, image size, outline boxes) of each PDF page a viewer page shows."""
    tree = lxml.html.fromstring(page)
    found = []
    for number, div in enumerate(tree.find_class("page"), 1):
        image = div.find("img")
        assert image.get("src").startswith("data:image/png;base64,")
        found.append((number, (int(image.get("width")), int(image.get("height"))), div.find_class("box")))
    return found


def box_of(element: lxml.html.HtmlElement) -> tuple[float, float, float, float]:
    style = dict(part.split(":") for part in element.get("style").split(";") if part)
    left, top = float(style["left"][:-2]), float(style["top"][:-2])
    return left, top, left + float(style["width"][:-2]), top + float(style["height"][:-2])


def characters_under(box: tuple[float, float, float, float], chars: list[dict]) -> Counter[str]:
    """The characters of a page (as pdfplumber reads them, canonical) whose middle the box (in image
    pixels) covers."""
    x0, top, x1, bottom = (value / PAGE_SCALE for value in box)
    return Counter(
        canonical_char(c["text"])
        for c in chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    )


@pytest.fixture(scope="module")
def huaian_page(bundled_dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Document]:
    """The viewer page of the 淮安 report (three template tables), and the document it shows."""
    path = SAMPLES / HUAIAN
    doc = extract_file(path)
    page = tmp_path_factory.mktemp("show") / "huaian.html"
    assert main(["show", str(bundled_dataset), doc.doc_id, "--out", str(page)]) == 0
    return page.read_text(encoding="utf-8"), doc


@pytest.mark.parametrize("label", ["report_cell", "statistic"])
def test_each_figure_is_outlined_over_its_own_characters_on_the_page_image(
    huaian_page: tuple[str, Document], label: str
) -> None:
    page, doc = huaian_page
    under: dict[tuple[int, int], Counter[str]] = {}
    with pdfplumber.open(SAMPLES / HUAIAN) as pdf:
        for number, (width, height), boxes in page_outlines(page):
            chars = pdf.pages[number - 1].chars
            for element in (e for e in boxes if label in e.get("class").split()):
                box = box_of(element)
                assert 0 <= box[0] < box[2] <= width and 0 <= box[1] < box[3] <= height
                key = (int(element.get("data-start")), int(element.get("data-end")))
                under.setdefault(key, Counter()).update(characters_under(box, chars))
    spans = [s for s in doc.spans if s.label == label]
    assert len(spans) > 10 and set(under) == {(s.start, s.end) for s in spans}
    for (start, end), found in under.items():
        assert found == Counter(doc.text[start:end].replace(" ", "").replace("\n", "")), doc.text[start:end]


def test_a_template_cell_is_outlined_where_its_row_and_column_meet(huaian_page: tuple[str, Document]) -> None:
    page, doc = huaian_page
    cells = {(s.start, s.end): s.record for s in doc.spans_of(ReportCell)}
    new = next(k for k, r in cells.items() if (r.table, r.row, r.col) == ("3", "new_received", "total"))
    outlined = [
        box_of(e)
        for _, _, boxes in page_outlines(page)
        for e in boxes
        if (e.get("data-start"), e.get("data-end")) == (str(new[0]), str(new[1]))
    ]
    natural = next(
        k for k, r in cells.items() if (r.table, r.row, r.col) == ("3", "new_received", "natural_person")
    )
    left_of = [
        box_of(e)
        for _, _, boxes in page_outlines(page)
        for e in boxes
        if e.get("data-start") == str(natural[0])
    ]
    assert len(outlined) == 1 and len(left_of) == 1
    assert (
        left_of[0][2] < outlined[0][0] and abs(left_of[0][1] - outlined[0][1]) < 3
    )  # same row, to the right


@pytest.mark.skipif(browser() is None, reason="no Chromium on this machine to take a screenshot")
def test_a_screenshot_shows_the_page_with_its_outlines(
    huaian_page: tuple[str, Document], tmp_path: Path
) -> None:
    page = tmp_path / "huaian.html"
    page.write_text(huaian_page[0], encoding="utf-8")
    shot = Image.open(screenshot(page, tmp_path / "shot.png", at="page-4", size=(800, 1000))).convert("RGB")
    assert shot.size == (800, 1000)
    colours = Counter(map(tuple, np.asarray(shot).reshape(-1, 3).tolist()))
    assert sum(n for (r, g, b), n in colours.items() if r > 180 and g < 90 and b < 90) > 100  # outline red
    assert sum(n for (r, g, b), n in colours.items() if r + g + b < 200) > 1000  # the page's own text


# ---------------------------------------------------------------------------- markup in documents


def test_markup_in_a_document_is_shown_as_text_never_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = (
        "关于印发<script>alert(1)</script>政务公开工作要点的通知\n"
        "一、加强政策解读\n"
        '（一）做好<img src=x onerror="alert(2)">政策解读工作。'
        '责任单位：<a href="javascript:alert(3)">市政府办公室</a>。'
        "完成时限：2023年6月底前。\n"
    )
    (folder / "plan.txt").write_text(hostile, encoding="utf-8")
    out = tmp_path / "out"
    run([folder], out, workers=1, progress=False)
    report = tmp_path / "report.html"
    assert main(["report", str(out), "--out", str(report), "--pages"]) == 0
    for written in [report, *(tmp_path / "report_files").iterdir()]:
        tree = lxml.html.fromstring(written.read_text(encoding="utf-8"))
        assert not tree.xpath("//script") and not tree.xpath("//@onerror")
        assert not [href for href in tree.xpath("//@href") if "javascript" in href]
    page = next((tmp_path / "report_files").iterdir()).read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        and "onerror=" in lxml.html.fromstring(page).text_content()
    )


def test_a_scanned_page_shows_the_lines_ocr_read_titled_with_their_spans(tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(SAMPLES / "002_69902300cdde23ce.scan.pdf")
    try:
        image = pdf[1].render(scale=150 / 72).to_pil().convert("RGB")  # the second page: items
    finally:
        pdf.close()
    scan = tmp_path / "scan.pdf"
    image.save(scan, resolution=150)
    doc = extract_file(scan)
    [(_, (width, height), boxes)] = page_outlines(render(doc))
    lines = [e for e in boxes if "line" in e.get("class").split()]
    assert len(lines) == len([b for b in doc.blocks if b.box]) > 3
    for element in lines:
        x0, top, x1, bottom = box_of(element)
        assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height
    titles = "".join(e.get("title") for e in lines)
    read = doc.spans_of(Task) + doc.spans_of(Unit)
    assert len(read) >= 5 and all(f"{s.label} [{s.start}, {s.end})" in titles for s in read)
