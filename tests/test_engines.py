"""Engines: the local worker pool and a dask.distributed cluster give the same dataset, row for row."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster

from pipeline.batch import run
from pipeline.engines import ENGINES, EngineOptions, WorkerFailure, make_engine
from pipeline.worker import Limits
from tests.conftest import SAMPLES
from tests.test_incremental import assert_same_dataset

CORPUS = ("000_bb7ad2cec91f680d.txt", "001_179aec6b059d2134.pdf", "003_9d5918fb5c505e81.docx")
LIMITS = Limits(seconds=20, memory_bytes=1024**3)
WARMED: list[int] = []  # pids of the processes the warm-up ran in


def square(n: int) -> int:
    if n < 0:
        raise ValueError("negative")
    if n == 99:
        os._exit(3)
    return n * n


def warm() -> None:
    WARMED.append(os.getpid())


def warmed_here(_: object) -> list[int]:
    return list(WARMED)


@pytest.fixture
def local() -> EngineOptions:
    return EngineOptions(name="local", workers=2, limits=LIMITS, warm_up=warm)


def results(options: EngineOptions, items: list[int]) -> dict[int, object]:
    return dict(make_engine(options).map(square, items))


def test_known_engines() -> None:
    assert set(ENGINES) == {"local", "dask"}


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        make_engine(EngineOptions(name="spark"))


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], {}),
        ([1, 2, 3], {0: 1, 1: 4, 2: 9}),
        ([3, -1, 4], {0: 9, 1: WorkerFailure("worker_crashed", "ValueError: negative"), 2: 16}),
    ],
)
def test_local_engine_maps_every_item(local: EngineOptions, items: list[int], expected: dict) -> None:
    assert results(local, items) == expected


def test_a_dying_worker_costs_only_its_item(local: EngineOptions) -> None:
    got = results(local, [2, 99, 5])
    assert (got[0], got[2]) == (4, 25)
    assert isinstance(got[1], WorkerFailure) and got[1].kind == "worker_crashed"


def test_local_workers_start_warm(local: EngineOptions) -> None:
    """The warm-up runs once, here, before the workers are forked; each worker inherits it."""
    WARMED.clear()
    seen = dict(make_engine(local).map(warmed_here, list(range(6))))
    assert [os.getpid()] == WARMED
    assert all(pids == [os.getpid()] for pids in seen.values())


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


def test_dask_engine_maps_every_item(cluster: LocalCluster) -> None:
    options = EngineOptions(name="dask", scheduler=cluster.scheduler_address)
    got = results(options, [3, -1, 4])
    assert got == {0: 9, 1: WorkerFailure("worker_crashed", "ValueError: negative"), 2: 16}


def test_dask_engine_writes_the_local_engines_dataset(cluster: LocalCluster, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in CORPUS:
        shutil.copy(SAMPLES / name, corpus / name)
    run([corpus], tmp_path / "local", workers=2, progress=False)
    summary = run(
        [corpus], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, progress=False
    )
    assert (summary.documents, summary.extracted, summary.failed) == (3, 3, 0)
    assert_same_dataset(tmp_path / "local", tmp_path / "dask")


def test_a_runs_own_peak_memory_leaves_out_the_process_that_started_it() -> None:
    """ru_maxrss survives exec: a run started by a big process must not report that one's peak."""
    ballast = bytearray(400 * 1024**2)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page
    code = "from pipeline.batch import own_peak_memory_mb; print(own_peak_memory_mb())"
    reported = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
    assert 0 < reported < 300
    del ballast
