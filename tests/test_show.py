"""`gongkai show`: one page per document, its text with every span highlighted and its records on hover."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pipeline.batch import run
from pipeline.cli import main
from pipeline.process import extract_file
from pipeline.records import Statistic, Task, Unit
from tests.conftest import SAMPLES

PLAN, REPORT = "000_bb7ad2cec91f680d.txt", "001_179aec6b059d2134.pdf"


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
