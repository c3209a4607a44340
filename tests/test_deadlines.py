"""Deadline phrases normalised to a type, a date and, for relative deadlines, an amount and unit."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.extract.deadlines import parse_deadline


@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        ("2018年12月底", "date", "2018-12-31"),
        ("12月底前", "date", "2018-12-31"),
        ("年底前", "date", "2018-12-31"),
        ("年底", "date", "2018-12-31"),
        ("年内", "date", "2018-12-31"),
        ("2018年底前", "date", "2018-12-31"),
        ("11月底前", "date", "2018-11-30"),
        ("2019年5 月底", "date", "2019-05-31"),
        ("2019 年 5 月底", "date", "2019-05-31"),
        ("3月25日前", "date", "2018-03-25"),
        ("11月30日前", "date", "2018-11-30"),
        ("5月15日", "date", "2018-05-15"),
        ("5月", "date", "2018-05-31"),
        ("5月中旬", "date", "2018-05-20"),
        ("十二月底前", "date", "2018-12-31"),
        ("十月十日前", "date", "2018-10-10"),
        ("2021年12月末前", "date", "2021-12-31"),
        ("2018-06-30", "date", "2018-06-30"),
        ("2019年", "date", "2019-12-31"),
        ("上半年", "date", "2018-06-30"),
        ("6月底前", "date", "2018-06-30"),
        ("下半年", "date", "2018-12-31"),
        ("第一季度", "date", "2018-03-31"),
        ("二季度", "date", "2018-06-30"),
        ("第三季度", "date", "2018-09-30"),
        ("第四季度", "date", "2018-12-31"),
        ("2019年上半年", "date", "2019-06-30"),
        ("全年", "year_round", "2018-12-31"),
        ("长期推进", "ongoing", None),
        ("长期坚持", "ongoing", None),
        ("持续推进", "ongoing", None),
        ("持续开展", "ongoing", None),
        ("常态化", "ongoing", None),
        ("长期", "ongoing", None),
        ("20个工作日内", "relative", None),
        ("15日内", "relative", None),
        ("", "none", None),
        ("按要求", "none", None),
        # the first expression found wins
        ("全年，11月底前完成验收", "year_round", "2018-12-31"),
        ("11月底前完成验收，全年持续推进", "date", "2018-11-30"),
        # full-width forms
        ("２０１９年５月底", "date", "2019-05-31"),
        ("１１月３０日前", "date", "2018-11-30"),
    ],
)
def test_deadline_field(text: str, kind: str, day: str | None) -> None:
    deadline = parse_deadline(text, 2018, field=True)
    assert deadline.type == kind
    assert (deadline.date.isoformat() if deadline.date else None) == day


@pytest.mark.parametrize(
    ("text", "kind", "day", "raw"),
    [
        ("各试点地区要于11月底前修改完善相关领域政务公开事项目录", "date", "2018-11-30", "11月底前"),
        ("坚持政府网站长期达标，11月30日前，做好门户网站", "date", "2018-11-30", "11月30日前"),
        ("于3月25日之前在网站公开年度报告", "date", "2018-03-25", "3月25日之前"),
        ("年底前70%的行政许可事项实现网上办理", "date", "2018-12-31", "年底前"),
        ("截止5月底，完成目录编制", "date", "2018-05-31", "5月底"),
        ("6月底完成清理", "date", "2018-06-30", "6月底"),
        ("年内完成平台建设", "date", "2018-12-31", "年内"),
        ("20 个工作日内要通过政府网站公开", "relative", None, "20 个工作日内"),
        ("自受理申请之日起15个工作日内予以答复", "relative", None, "15个工作日内"),
        # a date that is an event, not a deadline
        ("5月15日，按照省政府部署主题，组织开展政务公开日活动", "none", None, ""),
        ("主要负责同志年内至少听取一次政务公开工作汇报", "none", None, ""),
        ("全年共发布信息1200条", "none", None, ""),
        ("持续优化政务服务", "none", None, ""),
        ("5月15日组织开展活动，11月底前完成总结", "date", "2018-11-30", "11月底前"),
    ],
)
def test_deadline_in_running_text(text: str, kind: str, day: str | None, raw: str) -> None:
    deadline = parse_deadline(text, 2018)
    assert (deadline.type, deadline.date.isoformat() if deadline.date else None, deadline.raw) == (
        kind,
        day,
        raw,
    )
    assert text[deadline.start : deadline.end] == deadline.raw


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("20个工作日内", 20, "工作日"),
        ("3个工作日内", 3, "工作日"),
        ("15日内", 15, "日"),
        ("7天以内", 7, "天"),
        ("3个月内", 3, "个月"),
        ("十五个工作日之内", 15, "工作日"),
        ("两个月内", 2, "个月"),
    ],
)
def test_relative_deadline(text: str, amount: int, unit: str) -> None:
    deadline = parse_deadline(text, 2018)
    assert (deadline.type, deadline.date, deadline.amount, deadline.unit) == ("relative", None, amount, unit)


@pytest.mark.parametrize(
    ("text", "year", "day"),
    [
        ("2月底前", 2018, date(2018, 2, 28)),
        ("2月底前", 2020, date(2020, 2, 29)),
        ("2月底前", 1900, date(1900, 2, 28)),
        ("2月底前", 2000, date(2000, 2, 29)),
        ("2月30日前", 2018, date(2018, 2, 28)),
        ("4月底前", 2018, date(2018, 4, 30)),
        ("9月底前", 2018, date(2018, 9, 30)),
    ],
)
def test_month_ends(text: str, year: int, day: date) -> None:
    assert parse_deadline(text, year).date == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("11月底前", None),
        ("全年", None),
        ("年底前", None),
        ("2019年5 月底", date(2019, 5, 31)),
        ("2019年底", date(2019, 12, 31)),
    ],
)
def test_without_a_plan_year_only_stated_years_give_a_date(text: str, day: date | None) -> None:
    assert parse_deadline(text, None, field=True).date == day


def test_raw_and_offsets() -> None:
    deadline = parse_deadline("完成时限：2019年5 月底前", 2018, field=True)
    assert (deadline.raw, deadline.start, deadline.end) == ("2019年5 月底前", 5, 15)


def test_deadline_cells_of_shenyang_plan(samples_dir: Path, gold_dir: Path) -> None:
    """The 完成时限 cell of every 003 table row gives the gold deadline."""
    rows = [
        line.split("\t")
        for line in (samples_dir / "003_9d5918fb5c505e81.txt").read_text("utf-8").splitlines()
    ]
    cells = {row[1].replace(" ", ""): row[-1] for row in rows if len(row) >= 5}
    tasks = json.loads((gold_dir / "003_9d5918fb5c505e81.json").read_text("utf-8"))["tasks"]
    checked = 0
    for task in tasks:
        cell = cells.get(task["title"].replace(" ", ""))
        if cell is None or task["deadline"] == "skip":
            continue
        deadline = parse_deadline(cell, 2018, field=True)
        assert (deadline.type, str(deadline.date) if deadline.date else None) == (
            task["deadline"]["type"],
            task["deadline"]["date"],
        ), cell
        checked += 1
    assert checked >= 30


def test_deadline_lines_of_anshan_plan(samples_dir: Path, gold_dir: Path) -> None:
    """The 完成时限 line after each 000 item gives the gold deadline."""
    text = (samples_dir / "000_bb7ad2cec91f680d.txt").read_text("utf-8")
    tasks = json.loads((gold_dir / "000_bb7ad2cec91f680d.json").read_text("utf-8"))["tasks"]
    for task in tasks:
        start = text.index("完成时限", text.index(task["title"]))
        value = text[start : text.index("\n", start)].partition("：")[2]
        deadline = parse_deadline(value, 2018, field=True)
        gold = task["deadline"]
        assert (deadline.type, str(deadline.date) if deadline.date else None) == (
            gold["type"],
            gold["date"],
        ), value
    assert len(tasks) == 13
