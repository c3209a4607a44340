"""Broken and hostile files of the formats beyond TXT, PDF and DOCX (tests/data/bad/formats/EXPECTED.md),
mixed into a real batch: each gets what it must, and the good documents keep their rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import load_dataset
from pipeline.process import extract_file
from pipeline.records import Task
from tests.conftest import BAD, SAMPLES
from tests.test_hostile import copy_files, good_and_mixed, good_rows

FORMATS = BAD / "formats"
PLAN = SAMPLES / "000_bb7ad2cec91f680d.txt"
FAILING = {
    "zip_bomb.xlsx": "unsafe_file",
    "huge_table.html": "unsafe_file",
    "garbage.doc": "damaged_file",
    "garbage.xls": "damaged_file",
    "broken.ofd": "unsupported_format",
    "blank_page.png": "no_text_layer",  # OCR reads no text on it
    "notes.xyz": "unsupported_format",
}
READ = ("charset_lie.html", "deep_nesting.html")


def deep_page(depth: int = 200_000) -> str:
    """The sample notice inside `depth` nested <div>s."""
    body = "".join(f"<p>{line}</p>" for line in PLAN.read_text(encoding="utf-8").splitlines())
    return "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"


def huge_page(megabytes: int = 60) -> str:
    row = "<tr><td>1</td><td>主动公开政府信息</td><td>62984</td></tr>"
    return (
        "<html><body><table>"
        + row * (megabytes * 1024 * 1024 // len(row.encode()))
        + "</table></body></html>"
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    def add_bad(folder: Path) -> None:
        copy_files(FORMATS)(folder)
        (folder / "deep_nesting.html").write_text(deep_page(), encoding="utf-8")
        (folder / "huge_table.html").write_text(huge_page(), encoding="utf-8")

    return dict(good_and_mixed(tmp_path_factory.mktemp("formats"), add_bad))


def test_good_documents_keep_their_rows(runs: dict) -> None:
    alone, mixed = good_rows(runs["good"]), good_rows(runs["mixed"])
    for name in alone:
        pd.testing.assert_frame_equal(alone[name], mixed[name], obj=name, check_dtype=False)


@pytest.mark.parametrize(("name", "kind"), sorted(FAILING.items()))
def test_every_bad_file_gets_its_failure_row(runs: dict, name: str, kind: str) -> None:
    failures = load_dataset(runs["mixed"]).failures
    row = failures[failures.source_path.map(lambda p: Path(p).name) == name]
    assert list(row.kind) == [kind] and row.message.item()


def test_files_not_read_are_counted_by_suffix(runs: dict) -> None:
    assert runs["summary"]["not_read"] == {".ofd": 1, ".xyz": 1}


@pytest.mark.parametrize("name", READ)
def test_pages_with_a_lying_charset_or_deep_nesting_give_the_notices_tasks(runs: dict, name: str) -> None:
    ds = load_dataset(runs["mixed"])
    (doc_id,) = ds.documents.doc_id[ds.documents.source_path.map(lambda p: Path(p).name) == name]
    titles = list(ds.tasks.title[ds.tasks.doc_id == doc_id])
    assert titles == [span.record.title for span in extract_file(PLAN).spans_of(Task)]
