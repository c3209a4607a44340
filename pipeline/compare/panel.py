"""The city panel: one row per place (city, or district within its city) and year.

Each row counts the place's tasks by category and by the kind of agency that leads them, gives
the median deadline, the disclosure figures its reports state (canonical metrics and the key
cells of the annual-report template) and how much of its plan it shares with another place's.
Copies of one document in several formats (the same title, type, place and year) count once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.compare.similarity import dataset_task_similarity, document_reuse
from pipeline.dataset.schema import columns

if TYPE_CHECKING:
    from pipeline.dataset.loader import Dataset

PLACE = ["province", "city", "district", "year"]
DATED = ("date", "year_round")
UNKNOWN_YEAR = 0
PANEL_DOCUMENT_COLUMNS = ("doc_id", "province", "city", "district", "issuing_body", "year")
COUNT_PREFIXES = ("documents", "docs_", "n_tasks", "tasks_", "lead_")
# the key figures of the annual-report template: column name -> (table, row, col)
HEADLINE_CELLS = {
    "requests_new": ("3", "new_received", "total"),
    "requests_carried_in": ("3", "carried_in", "total"),
    "requests_disclosed": ("3", "disclosed", "total"),
    "requests_answered": ("3", "results_total", "total"),
    "reconsiderations": ("4", "reconsideration", "total"),
    "lawsuits_direct": ("4", "lawsuit_direct", "total"),
    "lawsuits_after": ("4", "lawsuit_after", "total"),
}


def city_panel(tables: Mapping[str, pd.DataFrame], similarity: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per place and year (see the module docstring); `similarity` is the
    task_similarity table, for the reuse columns."""
    documents = distinct_documents(tables["documents"])
    keep = set(documents.doc_id)
    tasks = only(tables.get("tasks"), keep)
    panel = documents.groupby(PLACE, observed=True).size().rename("documents").to_frame()
    parts = [
        document_counts(documents),
        task_counts(tasks, documents),
        lead_kinds(tasks, only(tables.get("task_units"), keep), documents),
        deadline_columns(tasks, documents),
        metric_columns(only(tables.get("statistics"), keep), documents),
        cell_columns(only(tables.get("report_cells"), keep), documents),
    ]
    if similarity is not None:
        parts.append(reuse_columns(only(similarity, keep), tasks, documents))
    for part in parts:
        panel = panel.join(part)
    counted = [c for c in panel if c.startswith(COUNT_PREFIXES)]
    panel[counted] = panel[counted].fillna(0).astype(int)
    return unknown_as_missing(panel.reset_index())


def dataset_city_panel(dataset: Dataset) -> pd.DataFrame:
    """city_panel of the dataset's tables with their task similarity, computed once (kept in
    `dataset.derived`)."""
    if "city_panel" not in dataset.derived:
        dataset.derived["city_panel"] = city_panel(dataset.tables, dataset_task_similarity(dataset))
    return dataset.derived["city_panel"]


def report_panel(dataset: Dataset) -> pd.DataFrame:
    """One row per document and template cell, with the document's region and year.

    `cell` is "table/row/col" (e.g. "3/new_received/total"): pivot on it for a wide panel.
    """
    cells = dataset.tables.get("report_cells")
    if cells is None or cells.empty:
        cells = pd.DataFrame(columns=columns("report_cells"))
    where = dataset.tables["documents"][list(PANEL_DOCUMENT_COLUMNS)]
    panel = cells.merge(where, on="doc_id", how="left")
    parts = [panel[key].astype(str) for key in ("table", "row", "col")]
    panel["cell"] = parts[0] + "/" + parts[1] + "/" + parts[2]
    return panel[[*PANEL_DOCUMENT_COLUMNS, "form", "table", "row", "col", "cell", "value", "blank"]]


def unknown_as_missing(panel: pd.DataFrame) -> pd.DataFrame:
    """The place columns with the placeholders for an unknown place or year back to missing."""
    places = {key: panel[key].replace("", None) for key in PLACE[:3]}
    return panel.assign(**places, year=panel.year.replace(UNKNOWN_YEAR, None).astype("Int64"))


def distinct_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents with their place filled in (a municipality's districts: the municipality as
    city), one copy of each: the one with the most extracted rows."""
    docs = documents.astype({key: object for key in PLACE[:3]}).copy()
    docs["city"] = docs.city.where(docs.city.notna() | docs.district.isna(), docs.province)
    docs[PLACE[:3]] = docs[PLACE[:3]].fillna("")  # group keys are never missing: "" is no place
    docs["year"] = docs.year.fillna(UNKNOWN_YEAR).astype(int)
    docs["rows"] = docs.n_tasks.fillna(0) + docs.n_statistics.fillna(0)
    docs = docs.sort_values(["rows", "doc_id"], ascending=[False, True], kind="stable")
    same = [*PLACE, "doc_type", "title"]
    docs = docs.drop_duplicates(subset=same, keep="first")
    return docs.sort_values("doc_id", ignore_index=True)


def only(frame: pd.DataFrame | None, doc_ids: set[str]) -> pd.DataFrame:
    """The rows of `frame` that belong to `doc_ids` (an empty frame where there is no table)."""
    if frame is None:
        return pd.DataFrame(columns=["doc_id"])
    return frame[frame.doc_id.isin(doc_ids)]


def by_place(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the place and year of each row's document."""
    return frame.merge(documents[["doc_id", *PLACE]], on="doc_id", how="inner")


def counts(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    """How many rows of `frame` (placed) have each value of `column`, one column per value."""
    if frame.empty or column not in frame:
        return pd.DataFrame(index=place_index())
    table = frame.astype({column: object}).groupby([*PLACE, column]).size().unstack(column)
    table.columns = [f"{prefix}{value}" for value in table.columns]
    return table.fillna(0).astype(int)


def place_index() -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays([[]] * len(PLACE), names=PLACE)


def document_counts(documents: pd.DataFrame) -> pd.DataFrame:
    return counts(documents, "doc_type", "docs_")


def task_counts(tasks: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """n_tasks, and tasks_<category> where the tasks carry a category."""
    placed = by_place(tasks, documents)
    total = placed.groupby(PLACE).size().rename("n_tasks").to_frame()
    if "category" not in placed:
        return total
    return total.join(counts(placed.dropna(subset=["category"]), "category", "tasks_"))


def lead_units(units: pd.DataFrame) -> pd.DataFrame:
    """The units leading each task: its lead units, else its responsible ones."""
    if units.empty:
        return units
    leads = units[units.role.astype(object) == "lead"]
    led = set(zip(leads.doc_id, leads.task_id, strict=True))
    keys = pd.Series(list(zip(units.doc_id, units.task_id, strict=True)), index=units.index)
    responsible = units[(units.role.astype(object) == "responsible") & ~keys.isin(led)]
    return pd.concat([leads, responsible])


def lead_kinds(tasks: pd.DataFrame, units: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """lead_<kind>: tasks led by an agency of each kind; top_lead_kind: the commonest."""
    if units.empty or "agency_kind" not in units:
        return pd.DataFrame(index=place_index())
    leads = lead_units(units).drop_duplicates(["doc_id", "task_id", "agency_kind"])
    table = counts(by_place(leads, documents).dropna(subset=["agency_kind"]), "agency_kind", "lead_")
    if table.empty:
        return table
    table["top_lead_kind"] = table.idxmax(axis=1).str.removeprefix("lead_")
    return table


def deadline_columns(tasks: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """median_deadline (of the tasks with a date), share_dated and share_ongoing of the tasks."""
    if tasks.empty:
        return pd.DataFrame(index=place_index())
    placed = by_place(tasks, documents)
    kind = placed.deadline_type.astype(object)
    placed = placed.assign(
        dated=kind.isin(DATED),
        ongoing=kind == "ongoing",
        deadline=pd.to_datetime(placed.deadline_date, errors="coerce").where(kind.isin(DATED)),
    )
    grouped = placed.groupby(PLACE)
    return pd.DataFrame(
        {
            "median_deadline": grouped.deadline.median(),
            "share_dated": grouped.dated.mean().round(3),
            "share_ongoing": grouped.ongoing.mean().round(3),
        }
    )


def metric_columns(statistics: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """stat_<metric>: the largest reported figure of each canonical metric."""
    if statistics.empty or "metric" not in statistics:
        return pd.DataFrame(index=place_index())
    stats = statistics.dropna(subset=["metric"])
    if "kind" in stats:
        stats = stats[stats.kind.astype(object) != "target"]
    placed = by_place(stats, documents).astype({"metric": object})
    table = placed.groupby([*PLACE, "metric"]).value.max().unstack("metric")
    table.columns = [f"stat_{metric}" for metric in table.columns]
    return table


def cell_columns(cells: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """cell_<name>: the key cells of the annual-report template (HEADLINE_CELLS)."""
    if cells.empty:
        return pd.DataFrame(index=place_index())
    placed = by_place(cells, documents)
    key = list(zip(placed.table.astype(str), placed.row.astype(str), placed.col.astype(str), strict=True))
    names = {cell: name for name, cell in HEADLINE_CELLS.items()}
    placed = placed.assign(name=[names.get(k) for k in key]).dropna(subset=["name"])
    table = placed.groupby([*PLACE, "name"]).value.max().unstack("name")
    table.columns = [f"cell_{name}" for name in table.columns]
    return table


def reuse_columns(similarity: pd.DataFrame, tasks: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """reuse: the largest share of a place's plan found again in another place's document (mean
    best similarity of its tasks); reuse_from: that place, e.g. 沈阳市 2018."""
    if similarity.empty:
        return pd.DataFrame(index=place_index())
    pairs = document_reuse(similarity[similarity.other_doc_id.isin(set(documents.doc_id))], tasks)
    where = documents.set_index("doc_id")
    name = where.district.where(where.district != "", where.city)
    year = where.year.astype(str).replace(str(UNKNOWN_YEAR), "")
    pairs["reuse_from"] = (pairs.other_doc_id.map(name) + " " + pairs.other_doc_id.map(year)).str.strip()
    pairs = pairs[pairs.doc_id.map(name) != pairs.other_doc_id.map(name)]
    best = by_place(pairs, documents).sort_values("reuse", ascending=False, kind="stable")
    best = best.drop_duplicates(PLACE).set_index(PLACE)
    return best[["reuse", "reuse_from"]]
