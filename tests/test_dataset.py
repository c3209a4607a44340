"""The dataset writer and loader: schema types, CSV, and replacing a dataset in one step."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pandas as pd
import pytest

from pipeline import load_dataset
from pipeline.dataset.rows import document_tables
from pipeline.dataset.schema import columns, table_names
from pipeline.dataset.writer import arrow_column, coerce, empty_tables, write_dataset
from pipeline.document import Document, StageError
from pipeline.records import DeadlineValue, DocumentMeta, Section, Task, Unit


def a_document() -> Document:
    doc = Document(
        doc_id="abc",
        source_path="plan.txt",
        format="txt",
        text="一、总体要求\n（一）加强决策预公开。区财政局牵头",
    )
    doc.meta = DocumentMeta(doc_type="work_plan", city="营口市", year=2018)
    doc.add(Section("s001", None, 1, "一、", "总体要求", "一"), 0, 6, "outline")
    no_deadline = DeadlineValue(None, "none", None, None, None)
    doc.add(Task("t001", "(一)", "加强决策预公开", doc.text[7:24], "一", None, no_deadline), 7, 24, "tasks")
    doc.add(Unit("t001", "lead", "区财政局", "区财政局", "finance", "district"), 18, 22, "tasks")
    return doc


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("", "string", None),
        (float("nan"), "float64", None),
        ("2018", "int64", 2018),
        (3, "float64", 3.0),
        (1, "bool", True),
        (None, "int64", None),
    ],
)
def test_coerce(value, kind, expected):
    assert coerce(value, kind) == expected


MIXED_VALUES = ["", "a", None, float("nan"), 3, 3.0, 3.5, True, 0, "2018", date(2024, 1, 2)]
NUMBERS = ["", None, float("nan"), 3, 3.0, 3.5, True, 0, "2018"]  # what int() and float() take
MIXED_COLUMNS = [("string", MIXED_VALUES), ("bool", MIXED_VALUES), ("int64", NUMBERS), ("float64", NUMBERS)]


@pytest.mark.parametrize(
    ("kind", "pair"),
    [(kind, list(pair)) for kind, values in MIXED_COLUMNS for pair in itertools.product(values, repeat=2)],
)
def test_a_column_holds_each_value_as_coerce_makes_it(kind, pair):
    expected = [coerce(value, kind) for value in pair]
    got = arrow_column(pair, kind).to_pylist()
    assert got == expected
    assert [type(value) for value in got] == [type(value) for value in expected]


def test_round_trip_keeps_rows_types_and_provenance(tmp_path):
    write_dataset(tmp_path, document_tables(a_document()), csv=True)
    ds = load_dataset(tmp_path)
    assert set(ds.tables) == set(table_names())
    for name in table_names():
        assert list(ds[name].columns) == columns(name)
        assert (tmp_path / f"{name}.csv").exists()
    assert ds.documents.loc[0, "year"] == 2018
    assert ds.documents.loc[0, "n_tasks"] == 1
    unit = ds.task_units.iloc[0]
    assert (unit.role, unit.unit, unit.char_start, unit.char_end) == ("lead", "区财政局", 18, 22)
    assert ds.sections.loc[0, "title"] == "总体要求"
    schema = json.loads((tmp_path / "schema.json").read_text(encoding="utf-8"))
    assert all(col["description"] for table in schema.values() for col in table.values())


def test_failed_document_gives_only_a_failure_row():
    doc = Document(doc_id="", source_path="empty.txt", format="", text="")
    doc.errors.append(StageError("ingest", "empty_file", "empty file"))
    tables = document_tables(doc)
    assert list(tables) == ["failures"]
    assert tables["failures"][0]["kind"] == "empty_file"


def test_rewrite_replaces_tables_and_drops_stale_csv(tmp_path):
    write_dataset(tmp_path, document_tables(a_document()), csv=True)
    write_dataset(tmp_path, empty_tables())
    ds = load_dataset(tmp_path)
    assert ds.documents.empty and not (tmp_path / "tasks.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".writing-")]


def test_loading_a_folder_without_a_dataset_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no gongkai dataset"):
        load_dataset(tmp_path)


def test_loaded_frames_are_pandas(tmp_path):
    write_dataset(tmp_path, document_tables(a_document()))
    assert isinstance(load_dataset(tmp_path).tasks, pd.DataFrame)
