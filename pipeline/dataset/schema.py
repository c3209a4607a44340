"""The dataset's tables and columns, read from the schema resource (pipeline/resources/schema.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import pyarrow as pa

ARROW_TYPES = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}


@cache
def schema() -> dict[str, dict[str, tuple[str, str]]]:
    """{table: {column: (type, description)}} in column order."""
    text = resources.files("pipeline.resources").joinpath("schema.json").read_text(encoding="utf-8")
    return {table: {col: (t, d) for col, (t, d) in cols.items()} for table, cols in json.loads(text).items()}


def table_names() -> list[str]:
    return list(schema())


def columns(table: str) -> list[str]:
    return list(schema()[table])


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(col, ARROW_TYPES[t]) for col, (t, _) in schema()[table].items()])
