"""The record types are the one declaration of what spans carry: the dataset's tables, schema.json
and the loader's column types all come from them, and drift between them fails here."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pipeline.dataset.rows import document_tables
from pipeline.dataset.schema import category_columns, columns, date_columns, schema, table_names
from pipeline.dataset.writer import write_dataset
from pipeline.process import extract_file
from pipeline.records import SPAN_LABELS, TABLES, DeadlineValue, Record, StatedDeadline, Task

SAMPLES = ("000_bb7ad2cec91f680d.txt", "huaian_2024_annual_report.pdf", "004_1f809c4b636a09c4.txt")


def record_columns() -> dict[str, list[str]]:
    """Each table's columns worked out here from the record types' own dataclass fields."""
    tables = {}
    for table in TABLES:
        names: list[str] = []
        for part in table.parts:
            for f in dataclasses.fields(part):
                inner = f.metadata.get("prefix")
                found = [inner + g.name for g in dataclasses.fields(DeadlineValue)] if inner else [f.name]
                names += [n for n in found if n not in names]
        tables[table.name] = names
    return tables


def test_every_column_of_the_schema_comes_from_the_record_types() -> None:
    assert {name: list(cols) for name, cols in schema().items()} == record_columns()
    for table in TABLES:
        for part in table.parts:
            assert issubclass(part, Record)
            for column in part.columns():
                assert column.description, f"{part.__name__}.{column.name} has no description"


@pytest.mark.parametrize("name", SAMPLES)
def test_rows_have_exactly_the_columns_of_their_table(samples_dir: Path, name: str) -> None:
    tables = document_tables(extract_file(samples_dir / name))
    assert set(tables) | {"corrections_applied"} == set(table_names())  # corrections: a run's
    for table, rows in tables.items():
        for row in rows:
            assert list(row) == columns(table), table


def test_schema_json_of_a_dataset_is_the_derived_schema(samples_dir: Path, tmp_path: Path) -> None:
    write_dataset(tmp_path, document_tables(extract_file(samples_dir / SAMPLES[0])))
    written = json.loads((tmp_path / "schema.json").read_text(encoding="utf-8"))
    assert {
        t: {c: (d["type"], d["description"]) for c, d in cols.items()} for t, cols in written.items()
    } == {t: dict(cols) for t, cols in schema().items()}


def test_column_types_for_the_loader_come_from_the_records() -> None:
    assert category_columns("tasks") == ["deadline_type", "deadline_unit", "category"]
    assert date_columns("tasks") == ["deadline_date"]
    assert category_columns("failures") == ["stage", "kind"] and date_columns("failures") == ["time"]
    for table in table_names():
        assert set(category_columns(table)) <= set(columns(table))


def test_each_span_label_has_one_record_type() -> None:
    labels = [cls.LABEL for cls in SPAN_LABELS.values()]
    assert len(labels) == len(set(labels))
    assert SPAN_LABELS["task"] is Task and SPAN_LABELS["deadline"] is StatedDeadline


def test_a_nested_record_flattens_into_prefixed_columns() -> None:
    deadline = DeadlineValue(raw="6月底前", type="date", date="2023-06-30", amount=None, unit=None)
    task = Task("t001", "（一）", "做好政策解读", "做好政策解读工作。", "一", None, deadline)
    values = task.values()
    assert values["deadline_date"] == "2023-06-30" and values["deadline_raw"] == "6月底前"
    assert list(values) == [c.name for c in Task.columns()]
