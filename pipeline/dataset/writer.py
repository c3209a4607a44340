"""Write the dataset: one Parquet file per table (CSV beside it on request) and schema.json."""

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
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline.dataset.rows import Row
from pipeline.dataset.schema import arrow_schema, columns, schema, table_names


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


def arrow_table(table: str, rows: Iterable[Row]) -> pa.Table:
    kinds = {col: kind for col, (kind, _) in schema()[table].items()}
    data = {col: [coerce(row.get(col), kind) for row in rows] for col, kind in kinds.items()}
    return pa.table(data, schema=arrow_schema(table))


def write_dataset(out: Path, tables: dict[str, list[Row]], csv: bool = False) -> None:
    """Write every table into `out`, replacing what was there only once all files are written."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".writing-", dir=out))
    try:
        for name in table_names():
            table = arrow_table(name, tables.get(name, []))
            pq.write_table(table, staging / f"{name}.parquet")
            if csv:
                pacsv.write_csv(table, staging / f"{name}.csv")
        described = {
            t: {c: {"type": k, "description": d} for c, (k, d) in cols.items()}
            for t, cols in schema().items()
        }
        (staging / "schema.json").write_text(
            json.dumps(described, ensure_ascii=False, indent=2), encoding="utf-8"
        )
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


__all__ = ["arrow_table", "columns", "empty_tables", "write_dataset"]
