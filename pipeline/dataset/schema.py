"""The dataset's tables and columns, derived from the record types (pipeline/records.py: TABLES)."""

from __future__ import annotations

from functools import cache

import pyarrow as pa

from pipeline.records import TABLES, Column

ARROW_TYPES = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}


@cache
def table_columns() -> dict[str, tuple[Column, ...]]:
    """{table: its columns} in table and column order."""
    return {table.name: tuple(table.columns()) for table in TABLES}


@cache
def schema() -> dict[str, dict[str, tuple[str, str]]]:
    """{table: {column: (type, description)}} in column order."""
    return {name: {c.name: (c.dtype, c.description) for c in cols} for name, cols in table_columns().items()}


def table_names() -> list[str]:
    return list(table_columns())


def columns(table: str) -> list[str]:
    return [c.name for c in table_columns()[table]]


def category_columns(table: str) -> list[str]:
    """The columns of `table` read as pandas Categorical (a small set of repeated values)."""
    return [c.name for c in table_columns()[table] if c.category]


def date_columns(table: str) -> list[str]:
    """The columns of `table` holding ISO dates, read as datetime."""
    return [c.name for c in table_columns()[table] if c.date]


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(c.name, ARROW_TYPES[c.dtype]) for c in table_columns()[table]])
