"""Corrections a researcher keeps beside the dataset (DIR/corrections.csv), applied at the end of every run.

A line names a document by keys that survive republication and re-extraction — its source path, or
else its issuing body, year, type and title — and a row by its natural key (a task by number and
title, a template cell by table, row and column, a statistic by label and metric, a unit by its
task's number and title, role and unit as written), never by a hash or character offsets. It sets a
field, deletes the row (a task with its units), or adds a row. Every correction applied is
recorded; one whose document or row is no longer found is reported, never dropped in silence.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.dataset.rows import Row, row
from pipeline.dataset.schema import table_columns
from pipeline.normalize.fold import compact, fold
from pipeline.records import TABLES, CorrectionApplied

CORRECTIONS = "corrections.csv"
COLUMNS = (
    "action",
    "table",
    "source_path",
    "issuing_body",
    "year",
    "doc_type",
    "title",
    "key",
    "field",
    "value",
)
NATURAL_KEYS = {
    "tasks": ("number", "title"),
    "report_cells": ("table", "row", "col"),
    "statistics": ("label", "metric"),
    "task_units": ("task_number", "task_title", "role", "unit_raw"),
}
IDENTITY = ("issuing_body", "year", "doc_type", "title")


@dataclass(frozen=True)
class Correction:
    """One line of a corrections file."""

    line: int
    action: str  # set, delete or add
    table: str
    document: dict[str, str]  # source_path and the identity fields, as written
    key: dict[str, str]
    field: str = ""
    value: str = ""

    def names(self, document: Row) -> bool:
        """Whether this line names `document` (a documents row): by path, else by its identity."""
        if self.document.get("source_path") and self.document["source_path"] == document.get("source_path"):
            return True
        wanted = [self.document.get(name, "") for name in IDENTITY]
        return all(wanted) and wanted == [text(document.get(name)) for name in IDENTITY]


@dataclass
class Outcome:
    """What applying the corrections did: the rows applied, and the lines that matched nothing."""

    applied: list[Row] = field(default_factory=list)
    matched: set[int] = field(default_factory=set)


def text(value: Any) -> str:
    return "" if value is None else str(value)


def read_corrections(path: Path) -> list[Correction]:
    """The corrections of `path` (none when it does not exist)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Correction(
            line=number,
            action=entry["action"],
            table=entry["table"],
            document={name: entry.get(name) or "" for name in ("source_path", *IDENTITY)},
            key=json.loads(entry["key"] or "{}"),
            field=entry.get("field") or "",
            value=entry.get("value") or "",
        )
        for number, entry in enumerate(rows, start=2)  # line 1 is the header
    ]


def append_correction(path: Path, entry: dict[str, str]) -> None:
    """Add one line to the corrections file `path` (its header first when it is new)."""
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow({name: entry.get(name, "") for name in COLUMNS})


def natural_key(table: str, found: Row, tables: dict[str, list[Row]]) -> dict[str, str]:
    """The natural key of a row of `table` (a unit's task by its number and title)."""
    if table == "task_units":
        task = next((t for t in tables.get("tasks", []) if t.get("task_id") == found.get("task_id")), {})
        return {
            "task_number": text(task.get("number")),
            "task_title": text(task.get("title")),
            "role": text(found.get("role")),
            "unit_raw": text(found.get("unit_raw")),
        }
    return {name: text(found.get(name)) for name in NATURAL_KEYS[table]}


def folded_key(key: dict[str, str]) -> dict[str, str]:
    """A key as compared: full-width forms, traditional characters and spaces folded ((一) = （一）)."""
    return {name: compact(fold(value)) for name, value in key.items()}


def typed(table: str, name: str, value: str) -> Any:
    """`value` as the column `name` of `table` holds it."""
    dtype = next((c.dtype for c in table_columns()[table] if c.name == name), "string")
    if value == "":
        return None
    if dtype == "int64":
        return int(float(value))
    if dtype == "float64":
        return float(value)
    if dtype == "bool":
        return value.lower() in ("1", "true", "yes")
    return value


def apply_corrections(
    corrections: Iterable[Correction], tables: dict[str, list[Row]], outcome: Outcome
) -> None:
    """Apply to one document's `tables` (its rows, and a documents row for each file it was found
    as) the corrections that name it by any of those files; note what was applied."""
    documents = tables.get("documents") or []
    for correction in corrections:
        document = next((d for d in documents if correction.names(d)), None)
        if document is not None and correction.table in NATURAL_KEYS:
            apply(correction, document, tables, outcome)


def apply(correction: Correction, document: Row, tables: dict[str, list[Row]], outcome: Outcome) -> None:
    rows = tables.setdefault(correction.table, [])
    doc_id = text(document.get("doc_id"))
    if correction.action == "add":
        added = {
            "doc_id": doc_id,
            **added_ids(correction),
            **correction.key,
            correction.field: correction.value,
        }
        rows.append({name: typed(correction.table, name, text(added.get(name))) for name in added})
        record(correction, doc_id, None, correction.value, outcome)
        return
    wanted = folded_key(correction.key)
    found = [r for r in rows if folded_key(natural_key(correction.table, r, tables)) == wanted]
    for target in found:
        if correction.action == "delete":
            rows.remove(target)
            if correction.table == "tasks":
                units = tables.get("task_units", [])
                units[:] = [u for u in units if u.get("task_id") != target.get("task_id")]
            record(correction, doc_id, "row", None, outcome)
        elif correction.action == "set":
            old = target.get(correction.field)
            target[correction.field] = typed(correction.table, correction.field, correction.value)
            record(correction, doc_id, text(old), correction.value, outcome)


def added_ids(correction: Correction) -> dict[str, str]:
    """The ids a row the correction adds takes where its table is keyed by one (c + the line of the
    correction: t001, n001 … are the extracted rows')."""
    key = next((t.primary_key for t in TABLES if t.name == correction.table), ())
    return {name: f"c{correction.line:03d}" for name in key if name != "doc_id"}


def record(correction: Correction, doc_id: str, old: str | None, new: str | None, outcome: Outcome) -> None:
    outcome.matched.add(correction.line)
    key = json.dumps(correction.key, ensure_ascii=False, sort_keys=True)
    applied = CorrectionApplied(
        correction.line, correction.action, correction.table, doc_id, key, correction.field or None, old, new
    )
    outcome.applied.append(row(applied))


def unmatched(corrections: Iterable[Correction], outcome: Outcome) -> list[str]:
    """The lines that named no document or row of this run, as a person reads them."""
    return [
        f"line {c.line}: {c.action} {c.table} {json.dumps(c.key, ensure_ascii=False)} of "
        f"{c.document.get('source_path') or c.document.get('title')}: no such row any more"
        for c in corrections
        if c.line not in outcome.matched
    ]
