"""datapackage.json: every dataset version is a Frictionless Data Package that validates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless

from pipeline import batch
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


def test_identical_files_and_a_failed_one_still_validate(tmp_path: Path) -> None:
    """Two files with the same bytes repeat their rows under one doc_id; an empty file is a failure."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(FILES[0], inputs / "a.txt")
    shutil.copy(FILES[0], inputs / "b.txt")
    (inputs / "empty.txt").write_bytes(b"")
    batch.run([inputs], tmp_path / "out", workers=1, progress=False, csv=True)

    assert validation_errors(tmp_path / "out" / "current" / DATAPACKAGE) == []


def test_without_csv_the_resources_are_the_parquet_files(tmp_path: Path) -> None:
    documents = next(t for t in TABLES if t.name == "documents")
    resource = table_resource(tmp_path, documents)
    assert (resource["path"], resource["format"]) == ("documents.parquet", "parquet")
