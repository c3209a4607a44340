"""scripts/bench.py: its copies of the sample PDFs are distinct files that read as the samples do,
its task tables ruled by line segments are tables to pdfplumber, its other kinds read back, and a
comparison makes gongkai extract every copy."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench


def page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def test_copies_of_the_sample_pdfs_differ_in_bytes_and_read_as_the_samples(tmp_path: Path) -> None:
    samples = bench.sample_pdfs()
    assert samples and not any(".scan." in p.name for p in samples)
    bench.build(tmp_path, 2 * len(samples), ".pdf", bench.copies_of(samples))
    copies = sorted(tmp_path.iterdir())
    assert len({hashlib.sha256(p.read_bytes()).hexdigest() for p in copies}) == len(copies)
    for index, copy in enumerate(copies):
        sample = samples[index % len(samples)]
        assert page_texts(copy) == page_texts(sample)
        with pdfplumber.open(copy) as pdf:
            assert len(pdf.pages) == len(page_texts(sample))


def test_the_samples_split_into_table_and_prose_pdfs() -> None:
    tables = {p.name for p in bench.sample_pdfs() if bench.has_tables(p)}
    assert "huaian_2024_annual_report.pdf" in tables
    assert tables != {p.name for p in bench.sample_pdfs()}


def test_task_tables_ruled_by_line_segments_are_tables_to_pdfplumber(tmp_path: Path) -> None:
    path = tmp_path / "tasks.pdf"
    bench.line_table_pdf(7, path)
    table = bench.task_table(7)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
        cells = []
        for page in pdf.pages:
            assert page.lines and not page.rects and not page.curves
            assert all(len(line["pts"]) == 2 for line in page.lines)
            found = page.find_tables()
            assert len(found) == 1
            rows = found[0].extract()
            assert rows[0] == list(bench.TASK_HEAD)  # the head, repeated on every page
            cells += rows[1:]
    tasks = [row for row in table.rows if len(row) > 1]
    assert len([row for row in cells if row[0] and row[0].isdigit()]) == len(tasks)
    assert [row[2] for row in cells if row[0] and row[0].isdigit()] == [task[2] for task in tasks]
    assert bench.task_table(8).rows != table.rows


def test_html_pages_and_workbooks_read_back(tmp_path: Path) -> None:
    bench.write_html(bench.varied_text(4), tmp_path / "page.html")
    body = bench.html_text(str(tmp_path / "page.html"))
    first = next(line for line in bench.varied_text(4).splitlines() if line.strip() and "\t" not in line)
    assert first.strip() in body
    bench.write_xlsx(4, tmp_path / "book.xlsx")
    cells = bench.xlsx_text(str(tmp_path / "book.xlsx"))
    table = bench.task_table(4)
    assert table.title in cells and "\t".join(bench.TASK_HEAD) in cells
    assert all(row[1] in cells for row in table.rows if len(row) > 1)


def test_scanned_pages_are_single_image_pages(tmp_path: Path) -> None:
    pages = len(bench.scanned_pages())
    bench.build(tmp_path, pages + 1, ".pdf", bench.scanned_page)
    copies = sorted(tmp_path.iterdir())
    assert len({p.read_bytes() for p in copies}) == len(copies)
    for path in (copies[0], copies[-1]):
        assert [text.strip() for text in page_texts(path)] == [""]


def test_a_comparison_makes_gongkai_extract_every_copy(tmp_path: Path) -> None:
    prose = tuple(p for p in bench.sample_pdfs() if not bench.has_tables(p))
    bench.build(tmp_path / "copies", 3, ".pdf", bench.copies_of(prose[:1]))
    compared = bench.compare("copies", tmp_path / "copies", bench.TEXT_FLOOR, tmp_path, 1, 1)
    assert compared.docs == 3 and compared.summary["extracted"] == 3
    assert compared.gongkai.median > 0 and compared.floor.median > 0


@pytest.mark.parametrize(("value", "verdict"), [(2.4, "met"), (3.3, "MISSED by 10%")])
def test_a_target_line_says_whether_it_was_met(value: float, verdict: str) -> None:
    line = bench.Target("table PDFs: gongkai / floor", value, 3).line()
    assert f"{value:.2f}" in line and "≤ 3" in line and line.endswith(verdict)


def test_a_series_gives_the_median_and_the_spread() -> None:
    series = bench.Series([bench.Measure(s, rss) for s, rss in ((3.0, 500), (1.0, 700), (2.0, 600))])
    assert (series.median, series.rss, series.spread()) == (2.0, 600, "1.0 / 2.0 / 3.0")
