"""datapackage.json: every dataset version is a Frictionless Data Package that validates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pandas as pd

from pipeline import batch
from pipeline.cli import main
from pipeline.dataset.datapackage import DATAPACKAGE, table_resource
from pipeline.dataset.schema import columns, schema, table_names
from pipeline.records import TABLES

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"
FILES = [SAMPLES / "000_bb7ad2cec91f680d.txt", SAMPLES / "004_1f809c4b636a09c4.txt"]
FIELD_TYPES = {"string": "string", "int64": "integer", "float64": "number", "bool": "boolean"}


def validation_errors(package: Path) -> list[list[str]]:
    report = frictionless.validate(str(package))
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_version_is_a_valid_data_package_of_every_table(tmp_path: Path) -> None:
    batch.run(FILES, tmp_path / "out", workers=1, progress=False, csv=True)
    package = tmp_path / "out" / "current" / DATAPACKAGE

    assert validation_errors(package) == []
    described = json.loads(package.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in described["resources"]}
    assert list(resources) == table_names()
    for name, resource in resources.items():
        assert resource["path"] == f"{name}.csv"
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == columns(name)
        assert [(f["type"], f["description"]) for f in fields] == [
            (FIELD_TYPES[kind], description) for kind, description in schema()[name].values()
        ]
    assert resources["documents"]["schema"]["primaryKey"] == ["source_path"]
    assert resources["tasks"]["schema"]["foreignKeys"][0]["reference"] == {
        "resource": "documents",
        "fields": ["doc_id"],
    }
    assert "foreignKeys" not in resources["failures"]["schema"]  # a crashed file has no documents row
    assert described["producer"]["hash"] and described["producer"]["version"]
    assert [s["path"] for s in described["sources"]] == sorted(str(f) for f in FILES)


def test_identical_files_a_failed_one_and_an_added_row_still_validate(tmp_path: Path) -> None:
    """Two files with the same bytes hold their rows once under one doc_id (the tasks' primary key
    holds); an empty file is a failure; a task a correction adds takes an id of its own."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(FILES[0], inputs / "a.txt")
    shutil.copy(FILES[0], inputs / "b.txt")
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    batch.run([inputs], out, workers=1, progress=False, csv=True)
    doc_id = pd.read_csv(out / "current" / "documents.csv", dtype=str).doc_id.dropna().iloc[0]
    for number in ("99", "100"):
        added = [
            "correct",
            str(out),
            "--doc",
            doc_id,
            "--table",
            "tasks",
            "--key",
            f"number={number},title=补录",
        ]
        assert main([*added, "--add", "text=补录的任务"]) == 0
    batch.run([inputs], out, workers=1, progress=False, csv=True, full=True)

    assert validation_errors(out / "current" / DATAPACKAGE) == []
    tasks = pd.read_csv(out / "current" / "tasks.csv", dtype=str)
    assert json.loads((out / "current" / DATAPACKAGE).read_text(encoding="utf-8"))["resources"][2]["schema"][
        "primaryKey"
    ] == ["doc_id", "task_id"]
    assert sorted(tasks.task_id[tasks.title == "补录"]) == ["c002", "c003"]


def test_without_csv_the_resources_are_the_parquet_files(tmp_path: Path) -> None:
    documents = next(t for t in TABLES if t.name == "documents")
    resource = table_resource(tmp_path, documents)
    assert (resource["path"], resource["format"]) == ("documents.parquet", "parquet")
