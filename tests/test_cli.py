"""The `gongkai` command as a user runs it: real processes on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import load_dataset


def gongkai(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory, samples_dir, bad_dir):
    """A folder with two good notices and two bad files, run once."""
    root = tmp_path_factory.mktemp("mixed")
    corpus = root / "in"
    corpus.mkdir()
    for name in ("000_bb7ad2cec91f680d.txt", "002_69902300cdde23ce.txt"):
        shutil.copy(samples_dir / name, corpus / name)
    for name in ("empty.txt", "garbage.txt"):
        shutil.copy(bad_dir / name, corpus / name)
    (corpus / "notes.md").write_text("no format gongkai reads", encoding="utf-8")
    result = gongkai("run", str(corpus), "--out", str(root / "out"), "--workers", "2")
    return result, root / "out"


def test_bad_files_fail_alone_and_set_the_exit_code(mixed_run):
    result, out = mixed_run
    assert result.returncode == 1, result.stderr
    ds = load_dataset(out)
    assert sorted(Path(p).name for p in ds.documents.source_path) == [
        "000_bb7ad2cec91f680d.txt",
        "002_69902300cdde23ce.txt",
    ]
    failures = ds.failures.set_index(ds.failures.source_path.map(lambda p: Path(p).name))
    assert failures.loc["empty.txt", "kind"] == "empty_file"
    assert failures.loc["garbage.txt", "stage"] == "ingest"
    assert "garbage.txt" in result.stdout and "FAILED" in result.stdout


def test_run_json_holds_the_summary(mixed_run):
    _, out = mixed_run
    summary = json.loads((out / "current" / "run.json").read_text(encoding="utf-8"))
    assert (summary["documents"], summary["extracted"], summary["failed"]) == (5, 5, 3)
    assert {Path(f["source_path"]).name for f in summary["failures"]} == {
        "empty.txt",
        "garbage.txt",
        "notes.md",
    }
    assert summary["not_read"] == {".md": 1}


def test_extract_prints_one_document_as_json(samples_dir):
    result = gongkai("extract", str(samples_dir / "000_bb7ad2cec91f680d.txt"))
    assert result.returncode == 0, result.stderr
    tables = json.loads(result.stdout)
    assert tables["documents"][0]["source_path"].endswith("000_bb7ad2cec91f680d.txt")
    assert tables["failures"] == []


def test_missing_input_is_a_usage_error(tmp_path):
    result = gongkai("run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr
