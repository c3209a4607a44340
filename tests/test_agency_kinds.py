"""Agency kind and level of every unit: tables of names, and every unit of the sample dataset."""

from __future__ import annotations

import pytest

from pipeline import load_dataset
from pipeline.extract.agencies import UnitContext, department_of, home_department, place_level, unit_level
from pipeline.extract.units import agency_kind, parse_units
from pipeline.records import DocumentMeta


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("市发改委", "development_reform"),
        ("区发展改革委", "development_reform"),
        ("县发展和改革局", "development_reform"),
        ("市编委办", "establishment"),
        ("县编办", "establishment"),
        ("市数据资源管理局", "data_bureau"),
        ("市大数据局", "data_bureau"),
        ("区行政审批局", "approval_bureau"),
        ("市市场监督管理局", "market_regulation"),
        ("市政府办公厅", "government_office"),
        ("区政府办", "government_office"),
        ("市委网信办", "cyberspace"),
        ("市委宣传部", "publicity"),
        ("市委", "party_committee"),
        ("市医保局", "healthcare_security"),
        ("市工业和信息化局", "industry_it"),
        ("市退役军人事务局", "veterans_affairs"),
        ("市城市管理综合执法局", "urban_management"),
        ("市公共资源交易中心", "public_resources_trading"),
        ("各乡镇(街道)", "government"),
        ("相关地区", "government"),
        ("相关单位", "all_departments"),
        ("市气象局", "meteorology"),
    ],
)
def test_agency_kind_vocabulary(name: str, kind: str) -> None:
    assert agency_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "body_level", "level"),
    [
        ("市财政局", None, "city"),
        ("辽宁省人民政府办公厅", None, "province"),
        ("鞍山市行政审批局", None, "city"),
        ("区财政局", "city", "district"),
        ("西市区土地局", None, "district"),
        ("营口市西市区人民政府", None, "district"),
        ("区县(市)政府", "city", "district"),
        ("各乡镇(街道)", "district", "township"),
        ("市政府办公厅", None, "city"),
        ("区政府办公室", None, "district"),
        ("区政办公室", None, "district"),
        ("市委办公室", None, "city"),
        ("市委宣传部", None, "city"),
        ("市场监管局", "city", "city"),
        ("相关部门", "district", "district"),
        ("相关部门", None, None),
        ("市行政审批局办公室", None, "department-internal"),
        ("市行政审批局业务协调科", None, "department-internal"),
        ("市行政审批局各科室", None, "department-internal"),
        ("各科室", "city", "department-internal"),
        ("督查考核科", "city", "department-internal"),
    ],
)
def test_unit_level(name: str, body_level: str | None, level: str | None) -> None:
    assert unit_level(name, body_level) == level


@pytest.mark.parametrize(
    ("name", "department"),
    [
        ("市行政审批局办公室", "市行政审批局"),
        ("区卫计委办公室", "区卫计委"),
        ("市政府办公室", None),
        ("县政府办督查室", None),
        ("市委办公室", None),
        ("市财政局", None),
    ],
)
def test_department_of(name: str, department: str | None) -> None:
    assert department_of(name) == department


@pytest.mark.parametrize(
    ("names", "issuing_body", "home"),
    [
        (["市行政审批局办公室", "督查考核科", "市行政审批局各科室"], None, "市行政审批局"),
        (["督查考核科"], "鞍山市财政局", "鞍山市财政局"),
        (["督查考核科"], None, None),
    ],
)
def test_home_department(names: list[str], issuing_body: str | None, home: str | None) -> None:
    assert home_department(names, issuing_body) == home


@pytest.mark.parametrize(
    ("meta", "level"),
    [
        ({"province": "辽宁省", "city": "营口市", "district": "西市区"}, "district"),
        ({"province": "辽宁省", "city": "鞍山市", "district": None}, "city"),
        ({"province": "辽宁省"}, "province"),
        ({}, None),
    ],
)
def test_place_level(meta: dict[str, str | None], level: str | None) -> None:
    assert place_level(DocumentMeta(**meta)) == level


def test_a_bare_division_takes_the_kind_of_the_documents_department() -> None:
    mentions = parse_units("市行政审批局办公室、督查考核科")
    context = UnitContext.of(DocumentMeta(city="鞍山市"), mentions)
    assert [context.labels(mention) for mention in mentions] == [
        ("approval_bureau", "department-internal"),
        ("approval_bureau", "department-internal"),
    ]


def test_every_unit_of_the_sample_dataset_has_a_kind_and_a_level(bundled_dataset) -> None:
    units = load_dataset(bundled_dataset).task_units
    assert len(units) > 400
    missing = units[units.agency_kind.isna() | units.unit_level.isna()]
    assert missing.empty, missing[["unit", "agency_kind", "unit_level"]].drop_duplicates().to_string()


@pytest.mark.parametrize(
    ("unit", "kind", "level"),
    [
        ("区财政局", "finance", "district"),
        ("市发展改革委", "development_reform", "city"),
        ("西市区土地局", "natural_resources", "district"),
        ("市行政审批局各科室", "approval_bureau", "department-internal"),
        ("督查考核科", "approval_bureau", "department-internal"),
        ("市政府办公厅", "government_office", "city"),
        ("相关部门", "all_departments", "city"),
    ],
)
def test_sample_units(bundled_dataset, unit: str, kind: str, level: str) -> None:
    units = load_dataset(bundled_dataset).task_units
    found = units.loc[units.unit == unit, ["agency_kind", "unit_level"]].drop_duplicates()
    assert found.to_records(index=False).tolist() == [(kind, level)]
