"""The local engine: a pool of long-lived forked workers on this machine (pipeline.worker).

The warm-up runs once in this process before any worker is forked, so every worker starts with
the tokenizer, dictionaries and models already loaded (shared copy-on-write, and moved out of
the garbage collector's sight so that collections in a worker do not copy them), however often a
worker is replaced.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pipeline.engines import EngineOptions
from pipeline.worker import run_isolated


class LocalEngine:
    def __init__(self, options: EngineOptions):
        self.options = options
        self.warm = False

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        if not items:
            return iter(())
        if not self.warm:
            self.options.warm_up()
            gc.freeze()
            self.warm = True
        return run_isolated(fn, items, self.options.workers, self.options.limits, setup=self.options.setup)
