"""Engines: where the per-document work of a run happens.

An engine maps a function over items and yields `(index, result)` as each item finishes, where the
result is a `WorkerFailure` when the process working on the item died, ran out of time or raised.
`local` runs a pool of forked worker processes on this machine; `dask` runs the same work on a
dask.distributed cluster (the optional extra `pip install gongkai[dask]`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.config import Config
from pipeline.worker import Limits, WorkerFailure

__all__ = ["ENGINES", "Engine", "EngineOptions", "WorkerFailure", "make_engine"]


DEFAULT_LIMITS = Limits(Config.document_timeout_seconds, Config.worker_memory_bytes)


def nothing() -> None:
    """The default set-up and warm-up: none."""


@dataclass(frozen=True)
class EngineOptions:
    """How to run the work: on which engine, how many workers, with which limits and set-up."""

    name: str = "local"
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    scheduler: str | None = None  # dask: address of a running scheduler; None starts a local cluster
    limits: Limits = DEFAULT_LIMITS
    setup: Callable[[], None] = nothing  # runs first in every new worker process
    warm_up: Callable[[], None] = nothing  # loads models and dictionaries once, before the work


class Engine(Protocol):
    def map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        """(index, fn(item) or WorkerFailure) for every item, in the order they finish."""
        ...


def local_engine(options: EngineOptions) -> Engine:
    from pipeline.engines.local import LocalEngine

    return LocalEngine(options)


def dask_engine(options: EngineOptions) -> Engine:
    from pipeline.engines.dask_cluster import DaskEngine

    return DaskEngine(options)


ENGINES: dict[str, Callable[[EngineOptions], Engine]] = {"local": local_engine, "dask": dask_engine}


def make_engine(options: EngineOptions) -> Engine:
    """The engine `options.name` names; ValueError for an unknown one."""
    try:
        return ENGINES[options.name](options)
    except KeyError:
        raise ValueError(f"unknown engine {options.name!r} (known: {', '.join(ENGINES)})") from None
