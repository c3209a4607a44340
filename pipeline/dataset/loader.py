"""Read a dataset back as pandas DataFrames."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.dataset.schema import columns, table_names

PANEL_DOCUMENT_COLUMNS = ("doc_id", "province", "city", "district", "issuing_body", "year")


@dataclass
class Dataset:
    """The tables of one dataset directory, as DataFrames (`ds.tasks`, `ds["tasks"]`)."""

    path: Path
    tables: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def report_panel(self) -> pd.DataFrame:
        """One row per document and template cell, with the document's region and year.

        `cell` is "table/row/col" (e.g. "3/new_received/total"): pivot on it for a wide panel.
        """
        cells = self.tables.get("report_cells")
        if cells is None or cells.empty:
            cells = pd.DataFrame(columns=columns("report_cells"))
        where = self.tables["documents"][list(PANEL_DOCUMENT_COLUMNS)]
        panel = cells.merge(where, on="doc_id", how="left")
        parts = [panel[key].astype(str) for key in ("table", "row", "col")]
        panel["cell"] = parts[0] + "/" + parts[1] + "/" + parts[2]
        return panel[[*PANEL_DOCUMENT_COLUMNS, "form", "table", "row", "col", "cell", "value", "blank"]]


def dataset_folder(path: Path) -> Path:
    """The folder holding the tables: `path/current` of a versioned output directory, else `path`."""
    current = path / "current"
    return current.resolve() if current.is_dir() else path


def load_dataset(path: str | Path = "data") -> Dataset:
    """Load every table of the dataset at `path` (Parquet, or CSV where there is no Parquet).

    `path` is an output directory of `gongkai run` (its current version is read) or a plain folder of
    tables.
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
    return Dataset(root, tables)
