"""Crash safety: a killed run leaves the last dataset intact; a dying worker costs only its document."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import load_dataset
from pipeline.batch import run
from pipeline.config import Config
from pipeline.dataset.folder import OutputFolder
from pipeline.document import Document
from pipeline.stages import stage
from tests.conftest import SAMPLES, run_command
from tests.test_incremental import assert_same_dataset

FIRST = ("000_bb7ad2cec91f680d.txt", "004_1f809c4b636a09c4.txt")
ADDED = "001_179aec6b059d2134.txt"


def gongkai_run(corpus: Path, out: Path, pause_at: str = "") -> subprocess.Popen:
    env = {**os.environ, "GONGKAI_PAUSE_AT": pause_at, "GONGKAI_PAUSE_SECONDS": "60"}
    return subprocess.Popen(
        run_command(corpus, out, workers=1),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for_pause(process: subprocess.Popen, point: str) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if f"paused at {point}" in line:
            return
    pytest.fail(f"the run ended without reaching {point}: {process.wait()}")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    """The first corpus with its dataset, the corpus with one file added, and a clean run of it."""
    root = tmp_path_factory.mktemp("crash")
    first, grown = root / "first", root / "grown"
    for folder, names in ((first, FIRST), (grown, (*FIRST, ADDED))):
        folder.mkdir()
        for name in names:
            shutil.copy(SAMPLES / name, folder / name)
    assert gongkai_run(first, root / "first-out").wait() == 0
    assert gongkai_run(grown, root / "clean").wait() == 0
    return {"first": first, "grown": grown, "first_out": root / "first-out", "clean": root / "clean"}


@pytest.mark.parametrize("point", ["extracting", "writing", "publishing", "switched"])
def test_killed_run_leaves_a_readable_dataset_and_the_rerun_finishes_it(
    corpora, tmp_path: Path, point
) -> None:
    out = tmp_path / "out"
    shutil.copytree(corpora["first_out"], out, symlinks=True)
    if point != "extracting":  # the added file's rows are cached already: the run goes straight to writing
        shutil.copytree(corpora["clean"] / "cache", out / "cache", dirs_exist_ok=True)
    killed = gongkai_run(corpora["grown"], out, pause_at=point)
    wait_for_pause(killed, point)
    killed.send_signal(signal.SIGKILL)
    killed.wait()

    expected = corpora["clean"] if point == "switched" else corpora["first_out"]
    assert len(load_dataset(out).documents) == len(load_dataset(expected).documents)
    assert all(not v.name.startswith(".") for v in OutputFolder(out).versions())

    rerun = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(corpora["grown"]),
            "--out",
            str(out),
            "--quiet",
            "--no-wait",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr  # --no-wait: nothing of the killed run holds the lock
    assert not list((out / "versions").glob(".staging-*"))
    assert_same_dataset(out, corpora["clean"])


@stage("test_blow_up")
def blow_up(doc: Document, config: Config) -> Document:
    """A stage that dies, hangs or runs out of memory on documents that ask for it."""
    if "SEGFAULT" in doc.text:
        ctypes.string_at(0)
    if "HANG" in doc.text:
        time.sleep(60)
    if "HOG" in doc.text:
        bytearray(4 * 1024**3)
    return doc


@pytest.mark.parametrize(
    ("trigger", "kind", "stage_name"),
    [
        ("SEGFAULT", "worker_crashed", "worker"),
        ("HANG", "timeout", "worker"),
        ("HOG", "stage_failed", "test_blow_up"),
    ],
)
def test_a_document_that_blows_up_costs_only_itself(tmp_path: Path, trigger, kind, stage_name) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in FIRST:
        shutil.copy(SAMPLES / name, corpus / name)
    (corpus / "hostile.txt").write_text(f"一、总体要求\n{trigger} 加强政务公开工作。", encoding="utf-8")
    config = Config(stages=("clean", "test_blow_up"), document_timeout_seconds=3, worker_memory_bytes=1024**3)
    started = time.monotonic()
    summary = run([corpus], tmp_path / "out", config, workers=2, progress=False)
    assert time.monotonic() - started < 20
    ds = load_dataset(tmp_path / "out")
    assert sorted(Path(p).name for p in ds.documents.source_path if "hostile" not in p) == sorted(FIRST)
    failure = ds.failures.set_index(ds.failures.source_path.map(lambda p: Path(p).name)).loc["hostile.txt"]
    assert (failure.stage, failure.kind) == (stage_name, kind)
    assert len(failure.sha256) == 64
    assert summary.failures and summary.documents == 3
