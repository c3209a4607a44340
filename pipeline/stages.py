"""The stage registry: a stage is a plain function `(Document, Config) -> Document`, registered by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.document import Document

if TYPE_CHECKING:
    from pipeline.config import Config

Stage = Callable[[Document, "Config"], Document]

REGISTRY: dict[str, Stage] = {}


def stage(name: str) -> Callable[[Stage], Stage]:
    """Register the decorated function as the stage called `name`."""

    def register(fn: Stage) -> Stage:
        if name in REGISTRY and REGISTRY[name] is not fn:
            raise ValueError(f"two stages are registered as {name!r}")
        REGISTRY[name] = fn
        return fn

    return register


def get_stage(name: str) -> Stage:
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise KeyError(f"no stage called {name!r}; the registered stages are: {known}") from None
