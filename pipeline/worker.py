"""Isolated workers: each item runs in a forked process with a time and memory limit.

A worker that dies (segfault, out of memory) or overruns its time costs only the item it was
working on: the caller gets a `WorkerFailure` for it and a fresh worker takes the next item.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
TASKS_PER_WORKER = 100  # a worker is replaced after this many items, so memory it kept is given back


@dataclass(frozen=True)
class WorkerFailure:
    """An item whose worker died or ran out of time."""

    kind: str  # "worker_crashed" or "timeout"
    message: str


@dataclass(frozen=True)
class Limits:
    """Per-item limits of a worker."""

    seconds: float
    memory_bytes: int  # how much a worker's address space may grow beyond what it starts with


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, so no worker outlives a killed run."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def address_space() -> int:
    """This process's virtual memory size in bytes (0 where /proc is not available)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


def limit_memory(headroom: int) -> None:
    """Let this process's address space grow by at most `headroom` bytes; beyond, MemoryError."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = address_space() + headroom
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def serve(fn: Callable[[Any], Any], conn: Connection, memory_bytes: int, setup: Callable[[], None]) -> None:
    """A worker's loop: receive (index, item), send back (index, fn(item)) until told to stop."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    setup()
    limit_memory(memory_bytes)
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        index, item = message
        try:
            result = fn(item)
        except Exception as err:  # fn records its own errors; this is the last line of defence
            result = WorkerFailure("worker_crashed", f"{type(err).__name__}: {err}")
        try:
            conn.send((index, result))
        except (BrokenPipeError, EOFError):
            return


class Worker:
    """One worker process and the item it is busy with."""

    def __init__(self, fn: Callable[[Any], Any], limits: Limits, setup: Callable[[], None]):
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=serve, args=(fn, child, limits.memory_bytes, setup), daemon=True
        )
        self.process.start()
        child.close()
        self.limits = limits
        self.index: int | None = None
        self.deadline = 0.0
        self.served = 0

    def give(self, index: int, item: Any) -> None:
        self.index, self.deadline = index, time.monotonic() + self.limits.seconds
        self.conn.send((index, item))

    def collect(self) -> tuple[int, Any] | None:
        """The finished item, a failure if the worker died or overran, or None while it works."""
        index = self.index
        assert index is not None
        if self.conn.poll():
            try:
                done: tuple[int, Any] = self.conn.recv()
            except (EOFError, ConnectionResetError):
                return index, self.died()
            self.index, self.served = None, self.served + 1
            return done
        if not self.process.is_alive():
            return index, self.died()
        if time.monotonic() > self.deadline:
            self.stop()
            return index, WorkerFailure("timeout", f"gave up after {self.limits.seconds:g} s")
        return None

    def died(self) -> WorkerFailure:
        self.process.join(1)
        code = self.process.exitcode
        cause = f"killed by {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
        return WorkerFailure("worker_crashed", f"the worker process died ({cause})")

    def retire(self) -> None:
        """Tell an idle worker to exit, without waiting for it to go (see `reap`)."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.conn.close()

    def reap(self) -> None:
        """Wait briefly for a retired worker to exit; kill it if it has not."""
        self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()

    def stop(self) -> None:
        if self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(0.2 if self.index is None else 0)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def run_isolated(
    fn: Callable[[Any], Any],
    items: Iterable[Any],
    workers: int,
    limits: Limits,
    setup: Callable[[], None] = lambda: None,
) -> Iterator[tuple[int, Any]]:
    """(index, fn(item) or WorkerFailure) for each item, as they finish, from up to `workers` processes.

    `setup` runs first in each new worker (e.g. to close file descriptors it must not hold).
    """
    queue = deque(enumerate(items))
    pool: list[Worker] = []
    retired: list[Worker] = []
    try:
        while queue or pool:
            while queue and len(pool) < workers:
                pool.append(Worker(fn, limits, setup))
            for worker in pool:
                if worker.index is None and queue:
                    worker.give(*queue.popleft())
            busy = [w for w in pool if w.index is not None]
            if not busy:
                break
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
            for worker in busy:
                done = worker.collect()
                if done is None:
                    continue
                yield done
                if isinstance(done[1], WorkerFailure) or not queue:
                    worker.stop()
                    pool.remove(worker)
                elif worker.served >= TASKS_PER_WORKER:  # its replacement starts without waiting
                    worker.retire()
                    pool.remove(worker)
                    retired.append(worker)
    finally:
        for worker in pool:
            worker.stop()
        for worker in retired:
            worker.reap()
