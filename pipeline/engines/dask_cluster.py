"""The dask engine: the same per-document work on a dask.distributed cluster.

`scheduler` is the address of a running scheduler (tcp://HOST:8786); without one a local cluster
of `workers` single-threaded worker processes is started for the run and shut down after it. The
input files must be readable by the workers under the same paths (a shared file system); results
come back to this process, which writes the dataset. A task whose worker dies (memory limit,
crash) or that raises becomes a `WorkerFailure`, as on the local engine.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pipeline.engines import EngineOptions
from pipeline.worker import WorkerFailure

try:
    import dask
    from distributed import Client, LocalCluster, as_completed
except ImportError as err:  # depends on the installed extras
    raise ImportError("the dask engine needs the dask extra: pip install 'gongkai[dask]'") from err

CRASHES = {"KilledWorker", "CommClosedError"}  # the worker process died under the task


class DaskEngine:
    def __init__(self, options: EngineOptions):
        self.options = options

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        if not items:
            return
        with contextlib.ExitStack() as stack:
            stack.enter_context(dask.config.set({"distributed.scheduler.allowed-failures": 0}))
            client = stack.enter_context(self.client(stack))
            client.run(self.options.warm_up)
            futures = client.map(fn, list(items), pure=False)
            position = {future.key: i for i, future in enumerate(futures)}
            for future in as_completed(futures):
                yield position[future.key], outcome(future)
                future.release()

    def client(self, stack: contextlib.ExitStack) -> Client:
        """A client of the given scheduler, or of a local cluster that `stack` shuts down."""
        if self.options.scheduler:
            return Client(self.options.scheduler)
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=self.options.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                memory_limit=self.options.limits.memory_bytes,
            )
        )
        return Client(cluster)


def outcome(future: Any) -> Any:
    """The task's result, or a WorkerFailure if its worker died or it raised."""
    try:
        return future.result()
    except Exception as err:
        name = type(err).__name__
        cause = f"the worker process died ({name})" if name in CRASHES else f"{name}: {err}"
        return WorkerFailure("worker_crashed", cause)
