"""Write a dataset folder: one Parquet file per table (CSV beside it on request) and schema.json."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline.dataset.rows import Row
from pipeline.dataset.schema import ARROW_TYPES, arrow_schema, columns, schema, table_names


def coerce(value: Any, kind: str) -> Any:
    """`value` as the column type `kind` wants it; empty strings and NaN become missing."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if kind == "string":
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == "int64":
        return int(value)
    if kind == "float64":
        return float(value)
    return bool(value)


def arrow_column(values: list[Any], kind: str) -> pa.Array:
    """`values` as an Arrow array of type `kind`, each value as `coerce` makes it; Arrow converts
    a column whose values all have the type already (NaN becomes missing), the rest go one by one."""
    arrow_type = ARROW_TYPES[kind]
    try:
        array = pa.array(values, type=arrow_type, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([coerce(value, kind) for value in values], type=arrow_type)
    if kind == "string":
        array = pc.if_else(pc.equal(array, ""), pa.scalar(None, arrow_type), array)
    return array


def arrow_table(table: str, rows: Iterable[Row]) -> pa.Table:
    rows = list(rows)
    arrays = [
        arrow_column([row.get(col) for row in rows], kind) for col, (kind, _) in schema()[table].items()
    ]
    return pa.Table.from_arrays(arrays, schema=arrow_schema(table))


class DatasetWriter:
    """Write the tables of one dataset folder a document at a time (Parquet, and CSV on request).

    Rows are buffered and written in row groups, so memory stays flat however many documents there
    are. Use as a context manager; schema.json is written on a clean exit.
    """

    ROWS_PER_GROUP = 20_000

    def __init__(self, folder: Path, csv: bool = False):
        self.folder = folder
        self.buffers: dict[str, list[Row]] = empty_tables()
        self.parquet = {n: pq.ParquetWriter(folder / f"{n}.parquet", arrow_schema(n)) for n in table_names()}
        self.csv = (
            {n: pacsv.CSVWriter(folder / f"{n}.csv", arrow_schema(n)) for n in table_names()} if csv else {}
        )
        self.counts = dict.fromkeys(table_names(), 0)

    def add(self, tables: dict[str, list[Row]]) -> None:
        """Append one document's rows."""
        for name, rows in tables.items():
            self.buffers[name].extend(rows)
            self.counts[name] += len(rows)
            if len(self.buffers[name]) >= self.ROWS_PER_GROUP:
                self.flush(name)

    def flush(self, name: str) -> None:
        table = arrow_table(name, self.buffers[name])
        self.parquet[name].write_table(table)
        if name in self.csv:
            self.csv[name].write_table(table)
        self.buffers[name] = []

    def close(self) -> None:
        for name in table_names():
            self.flush(name)
            self.parquet[name].close()
            if name in self.csv:
                self.csv[name].close()
        write_schema(self.folder)

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()


def write_schema(folder: Path) -> None:
    described = {
        t: {c: {"type": k, "description": d} for c, (k, d) in cols.items()} for t, cols in schema().items()
    }
    (folder / "schema.json").write_text(json.dumps(described, ensure_ascii=False, indent=2), encoding="utf-8")


def write_dataset(out: Path, tables: dict[str, list[Row]], csv: bool = False) -> None:
    """Write every table into the plain folder `out`, replacing what was there once all files are written."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=out))
    try:
        with DatasetWriter(staging, csv=csv) as writer:
            writer.add(tables)
        for name in table_names():
            stale_csv = out / f"{name}.csv"
            if not csv and stale_csv.exists():
                stale_csv.unlink()
        for path in staging.iterdir():
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def empty_tables() -> dict[str, list[Row]]:
    return {name: [] for name in table_names()}


__all__ = ["DatasetWriter", "arrow_table", "columns", "empty_tables", "write_dataset"]
