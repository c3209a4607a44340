"""Stage `tasks` (to be written)."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.document import Document
from pipeline.stages import stage


@stage("tasks")
def tasks(doc: Document, config: Config) -> Document:
    return doc
