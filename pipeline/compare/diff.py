"""`gongkai diff DIR [OLD NEW]`: what changed between two dataset versions.

Offices republish reports with changed figures, often under a new file name, so nothing tied to
the bytes (doc_id, sha256) or to positions in the text (character offsets) can pair rows across
versions. Documents are paired by their source path, failing that by (issuing_body, year,
doc_type, title); within a paired document, rows are paired by natural keys (a statistic by its
label, metric and unit, and which occurrence of those it is) and compared on every column but
provenance and ids (only for documents whose bytes or rows' fingerprint changed). Rows of a document
added or removed as a whole are counted on its line.
"""

from __future__ import annotations

import html
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset.folder import OutputFolder

Row = dict[str, Any]
Key = tuple[Any, ...]

ROW_KEYS: dict[str, tuple[str, ...]] = {
    "sections": ("path",),
    "tasks": ("number", "title"),
    "task_units": ("task_number", "task_title", "role", "unit"),
    "statistics": ("label", "metric", "unit"),
    "report_cells": ("table", "row", "col"),
    "checks": ("check",),
}
FIGURE_TABLES = {"report_cells", "statistics"}  # their changed figures are listed first
FIGURE = "value"
NOT_COMPARED = {
    "page",
    "char_start",
    "char_end",
    "doc_id",
    "source_path",
    "task_id",
    "stat_id",
    "section_id",
    "parent_id",
}
DOCUMENT_MATCH = ("issuing_body", "year", "doc_type", "title")


# ---------------------------------------------------------------------------- finding versions
def default_versions(folder: OutputFolder) -> tuple[Path, Path]:
    """The version before the current one, and the current one."""
    current = folder.current
    if current is None:
        raise FileNotFoundError(f"{folder.root}: no dataset version here")
    earlier = folder.previous()
    if earlier is None:
        raise FileNotFoundError(f"{folder.root}: no version before the current one ({current.name})")
    return earlier, current


# ---------------------------------------------------------------------------- reading a version
def read_frames(version: Path) -> dict[str, pd.DataFrame]:
    """The compared tables of `version` as written (no rows for a table it does not hold)."""
    frames = {}
    for name in ("documents", *ROW_KEYS):
        path = version / f"{name}.parquet"
        frames[name] = pd.read_parquet(path) if path.exists() else pd.DataFrame({"doc_id": []}, dtype=object)
    return frames


def rows_of(frame: pd.DataFrame) -> list[Row]:
    """A table's rows, missing values as None."""
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def fingerprints(frames: dict[str, pd.DataFrame]) -> dict[str, tuple[tuple[str, int, int], ...]]:
    """Per doc_id, what its rows of each table hash to, whatever their order: a document whose
    fingerprint is the same in two versions has the same rows in both."""
    found: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for name in ROW_KEYS:
        frame = frames[name]
        if frame.empty:
            continue
        groups = pd.util.hash_pandas_object(frame, index=False).groupby(frame["doc_id"].to_numpy())
        totals, sizes = groups.sum(), groups.size()
        for doc_id, total, size in zip(totals.index, totals.to_numpy(), sizes.to_numpy(), strict=True):
            found[str(doc_id)].append((name, int(total), int(size)))
    return {doc_id: tuple(prints) for doc_id, prints in found.items()}


def plain(value: Any) -> Any:
    """A parquet value as a plain Python one: None for missing, whole floats as ints."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def with_task_keys(units: list[Row], tasks: list[Row]) -> list[Row]:
    """Task units carrying their task's number and title (the task_id is not stable)."""
    by_id = {(t["doc_id"], t["task_id"]): t for t in tasks}
    return [
        {**u, "task_number": by_id[key]["number"], "task_title": by_id[key]["title"]}
        if (key := (u["doc_id"], u["task_id"])) in by_id
        else {**u, "task_number": None, "task_title": None}
        for u in units
    ]


def with_parent_labels(statistics: list[Row]) -> list[Row]:
    """Statistics whose `parent` names the parent figure's label rather than its stat_id."""
    labels = {(s["doc_id"], s["stat_id"]): s["label"] for s in statistics}
    return [{**s, "parent": labels.get((s["doc_id"], s["parent"]), s["parent"])} for s in statistics]


def read_version(frames: dict[str, pd.DataFrame], doc_ids: set[str]) -> dict[str, list[Row]]:
    """The rows of the documents `doc_ids` in every compared table, keyed for pairing."""
    tables = {name: rows_of(frames[name][frames[name]["doc_id"].isin(doc_ids)]) for name in ROW_KEYS}
    tables["task_units"] = with_task_keys(tables["task_units"], tables["tasks"])
    tables["statistics"] = with_parent_labels(tables["statistics"])
    return tables


# ---------------------------------------------------------------------------- the differences
@dataclass
class RowChange:
    """One row added, removed or changed; `fields` holds {column: (old, new)} of a changed row."""

    document: str
    key: Key
    old: Row | None = None
    new: Row | None = None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"


@dataclass
class TableDiff:
    name: str
    changes: list[RowChange] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[RowChange]:
        return [c for c in self.changes if c.kind == kind]

    def ordered(self) -> list[RowChange]:
        """Changed figures first (report_cells, statistics), then removed, added, other changes."""
        figures = [c for c in self.of_kind("changed") if self.name in FIGURE_TABLES and FIGURE in c.fields]
        others = [c for c in self.of_kind("changed") if c not in figures]
        return figures + self.of_kind("removed") + self.of_kind("added") + others

    def counts(self) -> str:
        return ", ".join(f"{len(self.of_kind(k))} {k}" for k in ("changed", "removed", "added"))


@dataclass
class DocumentPair:
    old: Row
    new: Row
    how: str  # "source_path" or "title"


@dataclass
class VersionDiff:
    """What changed from version `old` to version `new`."""

    old: str
    new: str
    pairs: list[DocumentPair]
    removed: list[Row]  # documents only in the old version
    added: list[Row]  # documents only in the new version
    rows_removed: dict[str, Counter[str]]  # {source_path: rows per table} of removed documents
    rows_added: dict[str, Counter[str]]
    tables: list[TableDiff]

    @property
    def changed_rows(self) -> int:
        return sum(len(t.changes) for t in self.tables)

    def lines(self) -> list[str]:
        lines = [f"diff {self.old} → {self.new}"]
        lines += [
            f"document {p.old['source_path']} → {p.new['source_path']} (paired by issuing body, year, "
            "type and title)"
            for p in self.pairs
            if p.how == "title"
        ]
        lines += [f"- document {d['source_path']} ({rows_text(self.rows_removed, d)})" for d in self.removed]
        lines += [f"+ document {d['source_path']} ({rows_text(self.rows_added, d)})" for d in self.added]
        for table in self.tables:
            lines.append(f"{table.name}: {table.counts()}" if table.changes else f"{table.name}: no change")
            lines += [f"  {change_text(c)}" for c in table.ordered()]
        if not (self.changed_rows or self.removed or self.added):
            lines.append("no change")
        return lines

    def html(self) -> str:
        """A self-contained HTML page with the same content, as tables."""
        parts = [f"<h1>{esc(self.old)} → {esc(self.new)}</h1>", "<h2>documents</h2>"]
        documents = [("paired", p.old["source_path"], p.new["source_path"], p.how) for p in self.pairs]
        documents += [
            ("removed", d["source_path"], "", rows_text(self.rows_removed, d)) for d in self.removed
        ]
        documents += [("added", "", d["source_path"], rows_text(self.rows_added, d)) for d in self.added]
        parts.append(html_table(("", "old", "new", ""), documents))
        for table in self.tables:
            parts.append(f"<h2>{esc(table.name)}: {esc(table.counts())}</h2>")
            rows = [
                (c.kind, c.document, key_text(c.key), field, fmt(old), fmt(new))
                for c in table.ordered()
                for field, (old, new) in change_fields(c)
            ]
            if rows:
                parts.append(html_table(("", "document", "row", "column", "old", "new"), rows))
        return PAGE.format(title=esc(f"gongkai diff {self.old} → {self.new}"), body="\n".join(parts))


def compared_columns(row: Row) -> list[str]:
    return [c for c in row if c not in NOT_COMPARED]


def differences(old: Row, new: Row) -> dict[str, tuple[Any, Any]]:
    """{column: (old, new)} of the compared columns whose values differ."""
    return {c: (old.get(c), new.get(c)) for c in compared_columns(new) if old.get(c) != new.get(c)}


def keyed(rows: Iterable[Row], columns: tuple[str, ...]) -> dict[Key, Row]:
    """Rows by their natural key plus its occurrence (the 2nd 主动公开 figure of a document is 1)."""
    seen: Counter[Key] = Counter()
    found = {}
    for row in sorted(rows, key=lambda r: r.get("char_start") or 0):
        key = tuple(row[c] for c in columns)
        found[(*key, seen[key])] = row
        seen[key] += 1
    return found


def pair_rows(
    document: str, old: Iterable[Row], new: Iterable[Row], columns: tuple[str, ...]
) -> list[RowChange]:
    """The rows of one document added, removed or changed between two versions."""
    before, after = keyed(old, columns), keyed(new, columns)
    changes = [RowChange(document, k, old=before[k]) for k in before if k not in after]
    changes += [RowChange(document, k, new=after[k]) for k in after if k not in before]
    for key in before.keys() & after.keys():
        if delta := differences(before[key], after[key]):
            changes.append(RowChange(document, key, before[key], after[key], delta))
    return sorted(changes, key=lambda c: [str(part) for part in c.key])


def match_key(document: Row) -> Key | None:
    """(issuing_body, year, doc_type, title), or None if any is unknown."""
    key = tuple(document.get(c) for c in DOCUMENT_MATCH)
    return None if None in key else key


def pair_documents(old: list[Row], new: list[Row]) -> tuple[list[DocumentPair], list[Row], list[Row]]:
    """Documents paired by source path, then the rest by (issuing_body, year, doc_type, title);
    the pairs, the old documents left over (removed) and the new ones left over (added)."""
    new_by_path = {d["source_path"]: d for d in new}
    pairs = [
        DocumentPair(d, new_by_path[d["source_path"]], "source_path")
        for d in old
        if d["source_path"] in new_by_path
    ]
    paired_paths = {p.old["source_path"] for p in pairs}
    left_old = [d for d in old if d["source_path"] not in paired_paths]
    left_new = [d for d in new if d["source_path"] not in paired_paths]
    candidates: dict[Key, list[Row]] = defaultdict(list)
    for document in left_new:
        if (key := match_key(document)) is not None:
            candidates[key].append(document)
    removed = []
    for document in left_old:
        key = match_key(document)
        if key is not None and candidates[key]:
            pairs.append(DocumentPair(document, candidates[key].pop(0), "title"))
        else:
            removed.append(document)
    taken = {id(p.new) for p in pairs}
    return pairs, removed, [d for d in left_new if id(d) not in taken]


def rows_by_document(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["doc_id"]].append(row)
    return grouped


def row_counts(documents: list[Row], tables: dict[str, list[Row]]) -> dict[str, Counter[str]]:
    """{source_path: {table: rows}} of `documents`."""
    ids = {d["doc_id"]: d["source_path"] for d in documents}
    counts: dict[str, Counter[str]] = {path: Counter() for path in ids.values()}
    for name in ROW_KEYS:
        for row in tables[name]:
            if row["doc_id"] in ids:
                counts[ids[row["doc_id"]]][name] += 1
    return counts


def diff_versions(old: Path, new: Path) -> VersionDiff:
    """What changed from the dataset version `old` to `new` (the rows of a document compared only
    where they may differ: its bytes or its rows' fingerprint changed)."""
    old_frames, new_frames = read_frames(old), read_frames(new)
    pairs, removed, added = pair_documents(rows_of(old_frames["documents"]), rows_of(new_frames["documents"]))
    old_prints, new_prints = fingerprints(old_frames), fingerprints(new_frames)
    compared = [p for p in pairs if old_prints.get(p.old["doc_id"]) != new_prints.get(p.new["doc_id"])]
    before = read_version(old_frames, {p.old["doc_id"] for p in compared} | {d["doc_id"] for d in removed})
    after = read_version(new_frames, {p.new["doc_id"] for p in compared} | {d["doc_id"] for d in added})
    documents = TableDiff("documents")
    for pair in pairs:
        if delta := differences(pair.old, pair.new):
            documents.changes.append(RowChange(pair.new["source_path"], (), pair.old, pair.new, delta))
    tables = [documents]
    for name, columns in ROW_KEYS.items():
        old_rows, new_rows = rows_by_document(before[name]), rows_by_document(after[name])
        table = TableDiff(name)
        for pair in compared:
            rows_old, rows_new = old_rows[pair.old["doc_id"]], new_rows[pair.new["doc_id"]]
            table.changes += pair_rows(pair.new["source_path"], rows_old, rows_new, columns)
        tables.append(table)
    return VersionDiff(
        old.name,
        new.name,
        pairs,
        removed,
        added,
        row_counts(removed, before),
        row_counts(added, after),
        tables,
    )


def diff_folder(root: Path, old: str | None = None, new: str | None = None) -> VersionDiff:
    """The diff of two versions of the output directory `root` (default: the one before the current
    one, and the current one). Raises FileNotFoundError for a version that is not there."""
    folder = OutputFolder(root)
    if old is None or new is None:
        return diff_versions(*default_versions(folder))
    return diff_versions(folder.version(old), folder.version(new))


# ---------------------------------------------------------------------------- presenting
def fmt(value: Any) -> str:
    return "∅" if value is None else str(value)


def one_line(value: Any) -> str:
    """A value on one line of the text output (line breaks shown as ↵)."""
    return fmt(value).replace("\n", "↵")


def key_text(key: Key) -> str:
    """The natural key as a person reads it; the occurrence index only where it is not the first."""
    *parts, occurrence = key if key else (0,)
    text = " / ".join(fmt(p) for p in parts)
    return f"{text} #{occurrence + 1}" if occurrence else text


def change_fields(change: RowChange) -> list[tuple[str, tuple[Any, Any]]]:
    """The (column, (old, new)) to show: every changed column, or the compared values of a row
    added or removed."""
    if change.kind == "changed":
        return list(change.fields.items())
    row = change.new or change.old or {}
    pick: Callable[[Any], tuple[Any, Any]] = (
        (lambda v: (None, v)) if change.kind == "added" else (lambda v: (v, None))
    )
    return [(c, pick(row[c])) for c in compared_columns(row) if row[c] is not None]


def change_text(change: RowChange) -> str:
    where = f"{change.document} [{key_text(change.key)}]" if change.key else change.document
    if change.kind == "changed":
        moves = "; ".join(
            f"{c}: {one_line(old)} → {one_line(new)}" for c, (old, new) in change.fields.items()
        )
        return f"~ {where} {moves}"
    sign = "+" if change.kind == "added" else "-"
    values = ", ".join(
        f"{c}={one_line(old if new is None else new)}" for c, (old, new) in change_fields(change)
    )
    return f"{sign} {where} {values}"


def rows_text(counts: dict[str, Counter[str]], document: Row) -> str:
    rows = counts.get(document["source_path"], Counter())
    return ", ".join(f"{n} {table}" for table, n in rows.items()) or "no rows"


def esc(text: Any) -> str:
    return html.escape(str(text))


def html_table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; margin-bottom: 1em; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }}
th {{ background: #eee; }}
</style></head>
<body>
{body}
</body></html>
"""
