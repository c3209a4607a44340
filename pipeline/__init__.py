"""gongkai: Chinese government open-information documents in, a comparable dataset out.

import pipeline
pipeline.run(["corpora/samples"], "data")       # extract a folder into a dataset
ds = pipeline.load_dataset("data")               # its tables as pandas DataFrames
ds.tasks.head()
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline._version import __version__
from pipeline.document import Block, Document, Span

if TYPE_CHECKING:
    from pipeline.batch import RunSummary
    from pipeline.dataset.loader import Dataset, load_dataset


def run(paths: Iterable[str | Path], out: str | Path = "data", **options: object) -> RunSummary:
    """Extract every document under `paths` into the dataset directory `out` (see pipeline.batch.run)."""
    from pipeline.batch import run as run_batch

    return run_batch([Path(p) for p in paths], Path(out), **options)  # type: ignore[arg-type]


def __getattr__(name: str) -> object:
    """`Dataset` and `load_dataset` import pandas only when first used (a run does not need it)."""
    if name in ("Dataset", "load_dataset"):
        import pipeline.dataset.loader as loader

        return getattr(loader, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


__all__ = ["Block", "Dataset", "Document", "Span", "__version__", "load_dataset", "run"]
