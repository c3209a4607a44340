"""Read a dataset back as pandas DataFrames, typed (categories, dates); the comparisons (the panels,
text reuse, DuckDB) are in pipeline.compare, reached from Dataset's methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.dataset.schema import category_columns, date_columns, table_names

if TYPE_CHECKING:
    import duckdb


@dataclass
class Dataset:
    """The tables of one dataset directory, as DataFrames (`ds.tasks`, `ds["tasks"]`)."""

    path: Path
    tables: dict[str, pd.DataFrame]
    derived: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)  # computed once, by name

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def report_panel(self) -> pd.DataFrame:
        """One row per document and template cell, with the document's region and year
        (pipeline.compare.panel.report_panel)."""
        import pipeline.compare.panel

        return pipeline.compare.panel.report_panel(self)

    def task_similarity(self) -> pd.DataFrame:
        """For each task, the most similar task of every other document and their cosine
        similarity (TF-IDF over jieba words; pipeline.compare.similarity), computed once."""
        import pipeline.compare.similarity

        return pipeline.compare.similarity.dataset_task_similarity(self)

    def city_panel(self) -> pd.DataFrame:
        """One row per place (city, or district in its city) and year: tasks by category, lead
        agency kinds, median deadline, disclosure figures, text reuse (pipeline.compare.panel),
        computed once."""
        import pipeline.compare.panel

        return pipeline.compare.panel.dataset_city_panel(self)

    def duckdb(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with every table (and task_similarity, city_panel) as a view
        (pipeline.compare.sql)."""
        import pipeline.compare.sql

        return pipeline.compare.sql.connect(self)


def typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its category columns as pandas Categorical and its date columns as datetime."""
    frame = frame.copy()
    for column in category_columns(name):
        if column in frame:
            frame[column] = frame[column].astype("category")
    for column in date_columns(name):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], errors="coerce", format="ISO8601")
    return frame


def dataset_folder(path: Path) -> Path:
    """The folder holding the tables: `path/current` of a versioned output directory, else `path`."""
    current = path / "current"
    return current.resolve() if current.is_dir() else path


def load_dataset(path: str | Path = "data", typed_columns: bool = True) -> Dataset:
    """Load every table of the dataset at `path` (Parquet, or CSV where there is no Parquet).

    `path` is an output directory of `gongkai run` (its current version is read) or a plain folder of
    tables. Category columns come as pandas Categorical and dates as datetime (as the
    record types declare them, pipeline/records.py), unless `typed_columns` is False.
    """
    root = dataset_folder(Path(path))
    if not (root / "documents.parquet").exists() and not (root / "documents.csv").exists():
        raise FileNotFoundError(
            f"{root}: no gongkai dataset here (no documents.parquet); run `gongkai run` first"
        )
    tables = {}
    for name in table_names():
        parquet, csv = root / f"{name}.parquet", root / f"{name}.csv"
        if parquet.exists():
            tables[name] = pd.read_parquet(parquet)
        elif csv.exists():
            tables[name] = pd.read_csv(csv)
    if typed_columns:
        tables = {name: typed(name, frame) for name, frame in tables.items()}
    return Dataset(root, tables)
