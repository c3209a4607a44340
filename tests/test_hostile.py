"""Hostile and broken input mixed into a real batch harms nothing: good documents and memory unaffected."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pipeline import load_dataset
from tests.conftest import BAD, SAMPLES, run_command

GOOD = (
    "000_bb7ad2cec91f680d.txt",
    "001_179aec6b059d2134.pdf",
    "003_9d5918fb5c505e81.docx",
    "004_1f809c4b636a09c4.gbk.txt",
)
FAILING = {
    "empty.txt": "empty_file",
    "garbage.txt": "not_text",
    "truncated.pdf": "damaged_file",
    "encrypted.pdf": "encrypted",
    "not_a_docx.docx": "format_mismatch",
    "broken_zip.docx": "damaged_file",
    "entity_bomb.docx": "unsafe_file",
    "zip_bomb.docx": "unsafe_file",
}
READ = ("pdf_named.txt", "utf16.txt", "gb18030.txt", "big5_traditional.txt")
MEMORY_LIMIT_MB = 500


def gongkai_run(corpus: Path, out: Path) -> dict:
    result = subprocess.run(
        run_command(corpus, out, workers=2),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    summary: dict = json.loads((out / "current" / "run.json").read_text(encoding="utf-8"))
    return summary


def good_and_mixed(root: Path, add_bad: Callable[[Path], None]) -> dict[str, Path | dict]:
    """Runs of the good documents alone and of the same documents with `add_bad`'s files beside them."""
    good, mixed = root / "good", root / "mixed"
    for folder in (good, mixed):
        folder.mkdir()
        for name in GOOD:
            shutil.copy(SAMPLES / name, folder / name)
    add_bad(mixed)
    gongkai_run(good, root / "good-out")
    summary = gongkai_run(mixed, root / "mixed-out")
    return {"good": root / "good-out", "mixed": root / "mixed-out", "summary": summary}


def copy_files(source: Path) -> Callable[[Path], None]:
    """Copy the files of `source` (not its EXPECTED.md, not its folders) into a folder."""

    def add(folder: Path) -> None:
        for path in source.iterdir():
            if path.is_file() and path.name != "EXPECTED.md":
                shutil.copy(path, folder / path.name)

    return add


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path | dict]:
    """The good documents alone, and the same documents with the whole bad corpus mixed in."""
    return good_and_mixed(tmp_path_factory.mktemp("hostile"), copy_files(BAD))


def good_rows(out: Path) -> dict[str, pd.DataFrame]:
    """The rows of the GOOD files, with source paths as bare names (the two runs read other folders).

    A bad file with the same bytes as a good one (pdf_named.txt) repeats its rows; they are counted once.
    """
    ds = load_dataset(out, typed_columns=False)  # the rows are compared: categories differ with the data
    documents = ds.documents.assign(source_path=ds.documents.source_path.map(lambda p: Path(p).name))
    documents = documents[documents.source_path.isin(GOOD)]
    tables = {"documents": documents}
    tables |= {
        name: df[df.doc_id.isin(set(documents.doc_id))].drop_duplicates()
        for name, df in ds.tables.items()
        if name not in ("documents", "failures")
    }
    return {name: df.reset_index(drop=True) for name, df in tables.items()}


def test_good_documents_get_exactly_the_rows_of_a_run_without_the_bad_ones(runs) -> None:
    alone, mixed = good_rows(runs["good"]), good_rows(runs["mixed"])
    assert len(alone["documents"]) == len(GOOD) and len(alone["tasks"]) > 0
    for name in alone:
        pd.testing.assert_frame_equal(
            alone[name], mixed[name], obj=name, check_dtype=False
        )  # nulls elsewhere


@pytest.mark.parametrize(("name", "kind"), sorted(FAILING.items()))
def test_every_bad_file_has_its_failure_row(runs, name: str, kind: str) -> None:
    failures = load_dataset(runs["mixed"]).failures
    row = failures[failures.source_path.map(lambda p: Path(p).name) == name]
    assert list(row.kind) == [kind]
    assert row.message.item() and len(row.sha256.item()) == 64
    assert name in {Path(f["source_path"]).name for f in runs["summary"]["failures"]}


@pytest.mark.parametrize("name", READ)
def test_readable_files_with_odd_encodings_or_names_are_extracted(runs, name: str) -> None:
    documents = load_dataset(runs["mixed"]).documents
    status = documents.loc[documents.source_path.map(lambda p: Path(p).name) == name, "status"]
    assert list(status) == ["success"]


def test_peak_memory_of_the_whole_run_stays_bounded(runs) -> None:
    """The run's own accounting (ru_maxrss of the run and of its largest worker), in run.json."""
    summary = runs["summary"]
    assert summary["peak_memory_mb"] > 0 and summary["worker_peak_memory_mb"] > 0
    assert summary["peak_memory_mb"] + summary["worker_peak_memory_mb"] < MEMORY_LIMIT_MB
    assert summary["documents"] == len(GOOD) + len(FAILING) + len(READ)
