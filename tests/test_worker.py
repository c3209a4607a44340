"""Worker processes: each item answered once, workers replaced after TASKS_PER_WORKER items without
waiting for the old one to go, and none left running afterwards."""

from __future__ import annotations

import os

import psutil
import pytest

from pipeline import worker
from pipeline.worker import Limits, WorkerFailure, run_isolated


def pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def crash_on_three(n: int) -> int:
    if n == 3:
        os._exit(7)
    return n


def test_workers_are_replaced_and_every_item_is_answered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "TASKS_PER_WORKER", 2)
    before = set(psutil.Process().children())  # e.g. multiprocessing's resource tracker, kept for the session
    results = dict(run_isolated(pid_and_square, range(9), 2, Limits(30, 2**31)))
    assert sorted(results) == list(range(9))
    assert all(square == n * n for n, (_, square) in results.items())
    assert len({pid for pid, _ in results.values()}) >= 5  # 9 items, 2 per worker
    left = set(psutil.Process().children()) - before
    assert not [child for child in left if child.status() != psutil.STATUS_ZOMBIE]


def test_a_crashed_worker_costs_only_its_item() -> None:
    results = dict(run_isolated(crash_on_three, range(6), 2, Limits(30, 2**31)))
    assert isinstance(results.pop(3), WorkerFailure)
    assert results == {n: n for n in (0, 1, 2, 4, 5)}
