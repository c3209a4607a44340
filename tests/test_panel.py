"""The city panel and the Dataset helpers: typed frames, city_panel(), duckdb()."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import load_dataset
from pipeline.compare.panel import city_panel, distinct_documents, lead_units
from pipeline.compare.similarity import task_similarity

DOCS = [
    # doc_id, doc_type, province, city, district, year, title, n_tasks, n_statistics
    ("p1", "work_plan", "辽宁省", "沈阳市", None, 2018, "工作要点", 3, 0),
    ("p1copy", "work_plan", "辽宁省", "沈阳市", None, 2018, "工作要点", 2, 0),
    ("p2", "work_plan", "辽宁省", "营口市", "西市区", 2018, "工作要点", 1, 0),
    ("r1", "annual_report", "辽宁省", "沈阳市", None, 2018, "年度报告", 0, 2),
    ("r2", "annual_report", "北京市", None, "海淀区", 2019, "年度报告", 0, 0),
]
TASKS = [
    ("p1", "t001", "推进财政预决算公开", "date", "2018-06-30", "fiscal"),
    ("p1", "t002", "做好政策解读", "date", "2018-12-31", "policy_interpretation"),
    ("p1", "t003", "加强政府网站管理", "ongoing", None, "platforms"),
    ("p1copy", "t001", "推进财政预决算公开", "date", "2018-06-30", "fiscal"),
    ("p1copy", "t002", "做好政策解读", "date", "2018-12-31", "policy_interpretation"),
    ("p2", "t001", "推进财政预决算公开", "none", None, "fiscal"),
]
UNITS = [
    ("p1", "t001", "lead", "市财政局", "finance"),
    ("p1", "t001", "cooperating", "市发展改革委", "development_reform"),
    ("p1", "t002", "responsible", "市政府办公厅", "government_office"),
    ("p1", "t003", "lead", "市政府办公厅", "government_office"),
    ("p1", "t003", "responsible", "市大数据局", "data_bureau"),
    ("p2", "t001", "responsible", "区财政局", "finance"),
]
STATS = [
    ("r1", "requests_received", 120.0, "reported"),
    ("r1", "requests_received", 500.0, "target"),
]
CELLS = [("r2", "3", "new_received", "total", 30.0), ("r2", "3", "disclosed", "natural_person", 9.0)]


def tables(category: bool = True) -> dict[str, pd.DataFrame]:
    columns = [
        "doc_id",
        "doc_type",
        "province",
        "city",
        "district",
        "year",
        "title",
        "n_tasks",
        "n_statistics",
    ]
    tasks = pd.DataFrame(
        TASKS, columns=["doc_id", "task_id", "text", "deadline_type", "deadline_date", "category"]
    )
    return {
        "documents": pd.DataFrame(DOCS, columns=columns),
        "tasks": (tasks if category else tasks.drop(columns="category")).assign(title=tasks.text),
        "task_units": pd.DataFrame(UNITS, columns=["doc_id", "task_id", "role", "unit", "agency_kind"]),
        "statistics": pd.DataFrame(STATS, columns=["doc_id", "metric", "value", "kind"]),
        "report_cells": pd.DataFrame(CELLS, columns=["doc_id", "table", "row", "col", "value"]),
    }


def row(panel: pd.DataFrame, city: str, year: int) -> pd.Series:
    found = panel[(panel.city == city) & (panel.year == year)]
    assert len(found) == 1
    return found.iloc[0]


def test_copies_of_a_document_count_once() -> None:
    docs = distinct_documents(tables()["documents"])
    assert sorted(docs.doc_id) == ["p1", "p2", "r1", "r2"]


def test_a_municipalitys_district_has_the_municipality_as_city() -> None:
    docs = distinct_documents(tables()["documents"]).set_index("doc_id")
    assert (docs.loc["r2", "city"], docs.loc["r2", "district"]) == ("北京市", "海淀区")


def test_lead_units_are_the_lead_else_the_responsible_ones() -> None:
    leads = lead_units(tables()["task_units"])
    assert sorted(zip(leads.task_id, leads.unit, strict=True)) == [
        ("t001", "区财政局"),
        ("t001", "市财政局"),
        ("t002", "市政府办公厅"),
        ("t003", "市政府办公厅"),
    ]


@pytest.mark.parametrize(
    ("city", "year", "column", "value"),
    [
        ("沈阳市", 2018, "documents", 2),
        ("沈阳市", 2018, "docs_work_plan", 1),
        ("沈阳市", 2018, "n_tasks", 3),
        ("沈阳市", 2018, "tasks_fiscal", 1),
        ("沈阳市", 2018, "tasks_platforms", 1),
        ("沈阳市", 2018, "lead_finance", 1),
        ("沈阳市", 2018, "lead_government_office", 2),
        ("营口市", 2018, "lead_government_office", 0),
        ("沈阳市", 2018, "top_lead_kind", "government_office"),
        ("沈阳市", 2018, "share_dated", 0.667),
        ("沈阳市", 2018, "share_ongoing", 0.333),
        ("沈阳市", 2018, "median_deadline", pd.Timestamp("2018-09-30")),
        ("沈阳市", 2018, "stat_requests_received", 120.0),
        ("营口市", 2018, "n_tasks", 1),
        ("营口市", 2018, "district", "西市区"),
        ("营口市", 2018, "lead_finance", 1),
        ("北京市", 2019, "cell_requests_new", 30.0),
        ("北京市", 2019, "n_tasks", 0),
    ],
)
def test_panel_values(city: str, year: int, column: str, value: object) -> None:
    assert row(city_panel(tables()), city, year)[column] == value


def test_one_row_per_place_and_year() -> None:
    panel = city_panel(tables())
    assert len(panel) == 3
    assert panel.year.dtype == "Int64" and panel.district.isna().sum() == 1


def test_without_categories_the_panel_has_no_category_columns() -> None:
    panel = city_panel(tables(category=False))
    assert not [c for c in panel if c.startswith("tasks_")]
    assert row(panel, "沈阳市", 2018).n_tasks == 3


def test_reuse_names_the_other_place_it_shares_most_with() -> None:
    frames = tables()
    panel = city_panel(frames, task_similarity(frames["tasks"]))
    shenyang, yingkou = row(panel, "沈阳市", 2018), row(panel, "营口市", 2018)
    assert yingkou.reuse_from == "沈阳市 2018" and yingkou.reuse == pytest.approx(1.0)
    assert shenyang.reuse_from == "西市区 2018" and 0 < shenyang.reuse < 1


# ----------------------------------------------------------------------------- on the samples


def test_typed_frames(bundled_dataset) -> None:
    ds = load_dataset(bundled_dataset)
    assert isinstance(ds.documents.doc_type.dtype, pd.CategoricalDtype)
    assert isinstance(ds.task_units.agency_kind.dtype, pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_any_dtype(ds.tasks.deadline_date)
    assert pd.Timestamp("2018-12-31") in set(ds.tasks.deadline_date)
    plain = load_dataset(bundled_dataset, typed_columns=False)
    assert plain.tasks.deadline_date.dropna().iloc[0] == "2018-12-31"


@pytest.mark.parametrize(
    ("city", "year", "column", "value"),
    [
        ("营口市", 2018, "district", "西市区"),
        ("营口市", 2018, "n_tasks", 29),
        ("营口市", 2018, "reuse_from", "沈阳市 2018"),
        ("沈阳市", 2018, "n_tasks", 34),
        ("鞍山市", 2018, "n_tasks", 13),
        ("鞍山市", 2018, "documents", 2),
        ("鞍山市", 2018, "top_lead_kind", "approval_bureau"),
        ("鞍山市", 2018, "stat_proactive_disclosed_total", 62984.0),
        ("淮安市", 2024, "cell_requests_new", 3119.0),
        ("淮安市", 2024, "stat_admin_lawsuits", 46.0),
    ],
)
def test_sample_panel(bundled_dataset, city: str, year: int, column: str, value: object) -> None:
    assert row(load_dataset(bundled_dataset).city_panel(), city, year)[column] == value


def test_duckdb_has_every_table_as_a_view(bundled_dataset) -> None:
    ds = load_dataset(bundled_dataset)
    con = ds.duckdb()
    assert con.execute("select count(*) from task_units").fetchone() == (len(ds.task_units),)
    kinds = con.execute("select count(distinct agency_kind) from task_units").fetchone()
    assert kinds == (ds.task_units.agency_kind.nunique(),)
    assert con.execute("select count(*) from city_panel").fetchone() == (5,)
    assert con.execute("select max(similarity) from task_similarity").fetchone()[0] == pytest.approx(1.0)
