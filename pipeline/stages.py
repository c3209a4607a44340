"""The stage registry: a stage is a plain function `(Document, Config) -> Document`, registered by
name with what it reads of the Document (`requires`) and what it adds to it (`assigns`).

The names are span labels (pipeline/records.py: "section", "task" …) and the Document's other
parts: "canonical_text" (the clean stage's text, which every later offset points into), "chrome"
(web-page lines the clean stage took out), "page_fields" (what those lines say about the document:
title, publication date, document number …), "meta" (the metadata stage's document fields) and
"doc_type" (the document type among them, decided again once the tasks are found).
A config is checked when it is built (`check_order`): a stage that needs what a later stage of the
same config assigns is refused. What no stage of the config assigns, a stage reads as absent.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.document import Document

if TYPE_CHECKING:
    from pipeline.config import Config

StageFunction = Callable[[Document, "Config"], Document]
STAGE_MODULES = (
    "pipeline.normalize.clean",
    "pipeline.extract.metadata",
    "pipeline.segment.outline",
    "pipeline.extract.tasks",
    "pipeline.classify.document_type",
    "pipeline.classify.task_category",
    "pipeline.extract.statistics",
    "pipeline.extract.report_tables",
)


@dataclass(frozen=True)
class Stage:
    """A registered stage: its function and what it reads and adds."""

    name: str
    run: StageFunction
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


REGISTRY: dict[str, Stage] = {}


def stage(
    name: str, requires: Sequence[str] = (), assigns: Sequence[str] = ()
) -> Callable[[StageFunction], StageFunction]:
    """Register the decorated function as the stage called `name`."""

    def register(fn: StageFunction) -> StageFunction:
        known = REGISTRY.get(name)
        if known is not None and known.run is not fn:
            raise ValueError(f"two stages are registered as {name!r}")
        REGISTRY[name] = Stage(name, fn, tuple(requires), tuple(assigns))
        return fn

    return register


def registered() -> dict[str, Stage]:
    """Every stage, the project's own modules imported so that they have registered theirs."""
    for module in STAGE_MODULES:
        importlib.import_module(module)
    return REGISTRY


def get_stage(name: str) -> Stage:
    try:
        return registered()[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise KeyError(f"no stage called {name!r}; the registered stages are: {known}") from None


def check_order(names: Sequence[str]) -> None:
    """Refuse a stage list that names an unknown stage, or runs a stage before one it needs."""
    stages = [get_stage(name) for name in names]
    for i, consumer in enumerate(stages):
        for later in stages[i + 1 :]:
            needed = [what for what in consumer.requires if what in later.assigns]
            if needed:
                raise ValueError(
                    f"stage {consumer.name!r} requires {', '.join(needed)}, which stage {later.name!r} "
                    f"assigns: run {later.name!r} before {consumer.name!r} (stages: {', '.join(names)})"
                )
