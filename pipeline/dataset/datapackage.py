"""datapackage.json: a dataset version described as a Frictionless Data Package (v1).

One resource per table (the CSV file where the run wrote CSV, else the Parquet file), each with a
Table Schema derived from the record types (pipeline/records.py: TABLES): column types, descriptions,
the table's primary key, and a foreign key from the doc_id of every table of a document's rows to
documents.doc_id. The package names its producer and lists the source files from the manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline._version import __version__
from pipeline.dataset.manifest import read_manifest
from pipeline.records import TABLES, DocKey, Table

DATAPACKAGE = "datapackage.json"
FIELD_TYPES = {"string": "string", "int64": "integer", "float64": "number", "bool": "boolean"}


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of `table`."""
    described: dict[str, Any] = {
        "fields": [
            {"name": c.name, "type": FIELD_TYPES[c.dtype], "description": c.description}
            for c in table.columns()
        ],
        "missingValues": [""],
    }
    if table.primary_key:
        described["primaryKey"] = list(table.primary_key)
    if DocKey in table.parts:  # rows of an extracted document, which has its documents row
        described["foreignKeys"] = [
            {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}
        ]
    return described


def table_resource(folder: Path, table: Table) -> dict[str, Any]:
    """The resource of `table`: its CSV file where there is one, else its Parquet file."""
    csv = (folder / f"{table.name}.csv").exists()
    file_format = "csv" if csv else "parquet"
    resource: dict[str, Any] = {
        "name": table.name,
        "path": f"{table.name}.{file_format}",
        "profile": "tabular-data-resource",
        "format": file_format,
        "mediatype": "text/csv" if csv else "application/vnd.apache.parquet",
    }
    if csv:
        resource["encoding"] = "utf-8"
    return {**resource, "schema": table_schema(table)}


def datapackage(folder: Path) -> dict[str, Any]:
    """The Data Package descriptor of the dataset version in `folder` (its manifest written)."""
    manifest = read_manifest(folder)
    return {
        "profile": "tabular-data-package",
        "name": "gongkai-dataset",
        "title": "Chinese government open-information documents",
        "created": manifest.meta.get("created", ""),
        "producer": {
            "name": "gongkai",
            "version": manifest.meta.get("pipeline_version", __version__),
            "hash": manifest.meta.get("producer", ""),
        },
        "sources": [{"title": path, "path": path} for path in manifest.entries],
        "resources": [table_resource(folder, table) for table in TABLES],
    }


def write_datapackage(folder: Path) -> None:
    """Write datapackage.json into the dataset version in `folder`."""
    text = json.dumps(datapackage(folder), ensure_ascii=False, indent=2)
    (folder / DATAPACKAGE).write_text(text, encoding="utf-8")
