"""A dataset in DuckDB: every table, task_similarity and city_panel as views of one in-memory database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.compare.panel import dataset_city_panel
from pipeline.compare.similarity import dataset_task_similarity

if TYPE_CHECKING:
    import duckdb

    from pipeline.dataset.loader import Dataset


def connect(dataset: Dataset) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with every table (and task_similarity, city_panel) as a view."""
    import duckdb

    connection = duckdb.connect(":memory:")
    frames = {
        **dataset.tables,
        "task_similarity": dataset_task_similarity(dataset),
        "city_panel": dataset_city_panel(dataset),
    }
    for name, frame in frames.items():
        connection.register(name, frame)
    return connection
