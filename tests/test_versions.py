"""Versioned output: complete versions, DIR/current switched atomically, pruning, rollback, the lock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import load_dataset
from pipeline.batch import run
from pipeline.cli import duration
from pipeline.config import Config
from pipeline.dataset.folder import OutputFolder, OutputLocked
from tests.conftest import SAMPLES

FAST = Config(stages=("clean",))  # ingest and clean only: versions, not extraction, are tested here


def gongkai(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=120
    )


def add_notice(corpus: Path, name: str) -> None:
    corpus.mkdir(exist_ok=True)
    shutil.copy(SAMPLES / name, corpus / name)


def fast_run(corpus: Path, out: Path, **options) -> str:
    return run([corpus], out, FAST, workers=1, progress=False, **options).version


def document_names(out: Path) -> list[str]:
    return sorted(Path(p).name for p in load_dataset(out).documents.source_path)


def test_each_change_is_a_new_version_and_rollback_goes_back(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    add_notice(corpus, "000_bb7ad2cec91f680d.txt")
    first = fast_run(corpus, out)
    add_notice(corpus, "001_179aec6b059d2134.txt")
    second = fast_run(corpus, out)
    assert [v.name for v in OutputFolder(out).versions()] == [first, second]
    assert os.readlink(out / "current") == f"versions/{second}"
    assert len(document_names(out)) == 2

    assert OutputFolder(out).rollback().name == first
    assert document_names(out) == ["000_bb7ad2cec91f680d.txt"]
    assert OutputFolder(out).rollback(second.split("-")[0].lstrip("0")).name == second
    with pytest.raises(FileNotFoundError, match="no version 99"):
        OutputFolder(out).rollback("99")


def test_keep_prunes_old_versions_but_never_the_current_one(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    names = ("000_bb7ad2cec91f680d.txt", "001_179aec6b059d2134.txt", "004_1f809c4b636a09c4.txt")
    made = []
    for name in names:
        add_notice(corpus, name)
        made.append(fast_run(corpus, out, keep=2))
    assert [v.name for v in OutputFolder(out).versions()] == made[1:]
    assert OutputFolder(out).current == out / "versions" / made[-1]
    cached = list((out / "cache").rglob("*.json"))
    assert len(cached) == 3  # rows of the files the kept versions use, nothing else


def test_unfinished_versions_are_cleared(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path)
    staging = folder.staging()
    (staging / "documents.parquet").write_bytes(b"half")
    folder.clear_staging()
    assert not staging.exists() and folder.versions() == []


def test_a_second_run_waits_or_exits_with_a_clear_message(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    add_notice(corpus, "000_bb7ad2cec91f680d.txt")
    with OutputFolder(out).locked():
        with pytest.raises(OutputLocked, match="another gongkai run"):
            fast_run(corpus, out, wait=False)
        result = gongkai("run", str(corpus), "--out", str(out), "--no-wait", "--quiet")
        assert result.returncode == 3 and "another gongkai run" in result.stderr
        waiting = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=2)
    _, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert document_names(out) == ["000_bb7ad2cec91f680d.txt"]


def test_concurrent_runs_never_corrupt_the_output(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    for name in ("000_bb7ad2cec91f680d.txt", "004_1f809c4b636a09c4.txt"):
        add_notice(corpus, name)
    command = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [r.communicate(timeout=120)[0] for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0]
    assert sum("new version" in o for o in outputs) == 1  # the others found nothing to do
    assert len(OutputFolder(out).versions()) == 1
    assert document_names(out) == ["000_bb7ad2cec91f680d.txt", "004_1f809c4b636a09c4.txt"]


def test_versions_and_rollback_commands(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    add_notice(corpus, "000_bb7ad2cec91f680d.txt")
    first = fast_run(corpus, out)
    add_notice(corpus, "001_179aec6b059d2134.txt")
    second = fast_run(corpus, out)
    listed = gongkai("versions", str(out)).stdout.splitlines()
    assert listed[0].startswith(f"  {first}") and listed[1].startswith(f"* {second}")
    result = gongkai("rollback", str(out))
    assert result.returncode == 0 and first in result.stdout
    assert gongkai("versions", str(tmp_path)).returncode == 2


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("30s", 30), ("10m", 600), ("2h", 7200), ("1.5m", 90)]
)
def test_watch_intervals(text: str, seconds: float) -> None:
    assert duration(text) == seconds
