"""Ingest: bytes of any supported format in, a Document with blocks out."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.document import Document


def ingest(path: Path, config: Config) -> Document:
    """Read `path`, sniff its format from the bytes, and build its Document."""
    raise NotImplementedError
