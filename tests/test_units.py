"""Unit phrases split into units with roles, wrapped names joined, relative names resolved."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.extract.units import UnitMention, agency_kind, has_level, is_complete, parse_units, resolve_unit

AB = "鞍山市行政审批局"
XISHI = "营口市西市区人民政府"


def roles(mentions: list[UnitMention]) -> list[tuple[str, str]]:
    return [(m.role, m.unit) for m in mentions]


@pytest.mark.parametrize(
    ("text", "body", "expected"),
    [
        # role words after the units
        (
            "市行政审批局办公室牵头，各科室配合",
            AB,
            [("lead", "市行政审批局办公室"), ("cooperating", "市行政审批局各科室")],
        ),
        (
            "市行政审批局办公室和督查考核科牵头，各科室配合",
            AB,
            [
                ("lead", "市行政审批局办公室"),
                ("lead", "市行政审批局督查考核科"),
                ("cooperating", "市行政审批局各科室"),
            ],
        ),
        (
            "区发展改革委牵头，区财政局、区城建局、西市区土地局、区国资委等配合",
            XISHI,
            [("lead", "区发展改革委")]
            + [("cooperating", u) for u in ("区财政局", "区城建局", "西市区土地局", "区国资委")],
        ),
        (
            "（区市场局牵头；区卫计局、区环保局、区教文体局等相关部门配合）",
            XISHI,
            [("lead", "区市场局")] + [("cooperating", u) for u in ("区卫计局", "区环保局", "区教文体局")],
        ),
        (
            "(区教文体局、区民政局、区应急办等按职责分工分别牵头)",
            None,
            [("lead", "区教文体局"), ("lead", "区民政局"), ("lead", "区应急办")],
        ),
        (
            "区政府办公室、区行政审批局按照各自职能分别牵头;相关各部门配合",
            XISHI,
            [("lead", "区政府办公室"), ("lead", "区行政审批局"), ("cooperating", "相关各部门")],
        ),
        ("区政府各部门负责", XISHI, [("responsible", "区政府各部门")]),
        ("区政府办公室负责牵头", None, [("lead", "区政府办公室")]),
        (
            "区编委办牵头;区行政审批局、区信息中心协助",
            None,
            [("lead", "区编委办"), ("cooperating", "区行政审批局"), ("cooperating", "区信息中心")],
        ),
        ("市委网信办参与", None, [("cooperating", "市委网信办")]),
        ("区营商环境局牵头;各相关部门配合", XISHI, [("lead", "区营商环境局"), ("cooperating", "各相关部门")]),
        # role words before the units, as labels
        (
            "牵头单位：市财政局；配合单位：市审计局、市住房和城乡建设局",
            None,
            [("lead", "市财政局"), ("cooperating", "市审计局"), ("cooperating", "市住房和城乡建设局")],
        ),
        (
            "责任单位：市行政审批局；市政务服务中心",
            AB,
            [("responsible", "市行政审批局"), ("responsible", "市政务服务中心")],
        ),
        (
            "责任单位：市行政审批局办公室、业务协调科",
            AB,
            [("responsible", "市行政审批局办公室"), ("responsible", "市行政审批局业务协调科")],
        ),
        ("责责任科室：市行政审批局各科室", AB, [("responsible", "市行政审批局各科室")]),
        (
            "责任科室:市行政审批局办公室牵头,各科室配合",
            AB,
            [("lead", "市行政审批局办公室"), ("cooperating", "市行政审批局各科室")],
        ),
        ("牵头:市政府办公厅", None, [("lead", "市政府办公厅")]),
        (
            "(牵头单位:市政府办公室、市发改委;责任单位:市政府工作部门,各县(市、区)政府)",
            None,
            [
                ("lead", "市政府办公室"),
                ("lead", "市发改委"),
                ("responsible", "市政府工作部门"),
                ("responsible", "各县(市、区)政府"),
            ],
        ),
        (
            "责任单位:县政府办公室、各有关部门,乡镇人民政府按职责分工分别负责",
            None,
            [("responsible", "县政府办公室"), ("responsible", "各有关部门"), ("responsible", "乡镇人民政府")],
        ),
        (
            "〔责任单位:县财政局、人社局、就业局〕",
            "西充县人民政府",
            [("responsible", u) for u in ("县财政局", "县人社局", "县就业局")],
        ),
        (
            "省直有关部门,各州、市人民政府按照职责分工负责",
            None,
            [("responsible", "省直有关部门"), ("responsible", "各州、市人民政府")],
        ),
        ("各乡镇(街道)、市直各部门", None, [("responsible", "各乡镇(街道)"), ("responsible", "市直各部门")]),
        ("市妇联、市残联、市科协牵头", None, [("lead", "市妇联"), ("lead", "市残联"), ("lead", "市科协")]),
        # bare lists take the default role
        ("市行政审批局各科室", AB, [("responsible", "市行政审批局各科室")]),
        ("相关部门", AB, [("responsible", "相关部门")]),
        ("相关地区 相关部门", None, [("responsible", "相关地区"), ("responsible", "相关部门")]),
        # mixed full- and half-width punctuation
        (
            "市财政局，市审计局,市统计局；市税务局;市商务局/市文旅局",
            None,
            [
                ("responsible", u)
                for u in ("市财政局", "市审计局", "市统计局", "市税务局", "市商务局", "市文旅局")
            ],
        ),
        ("市政府办公厅及市大数据局", None, [("responsible", "市政府办公厅"), ("responsible", "市大数据局")]),
        (
            "市工业和信息化局与市商务局",
            None,
            [("responsible", "市工业和信息化局"), ("responsible", "市商务局")],
        ),
        # 等 ends a list and is not a unit
        ("区城建局等配合", None, [("cooperating", "区城建局")]),
        ("市营商局、市法制办等 相关部门", None, [("responsible", "市营商局"), ("responsible", "市法制办")]),
        ("行政处等相关处室配合", None, [("cooperating", "行政处")]),
        ("", None, []),
        ("配合", None, []),
    ],
)
def test_parse_units(text: str, body: str | None, expected: list[tuple[str, str]]) -> None:
    assert roles(parse_units(text, issuing_body=body)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市直各部门 区县（市）政府", ["市直各部门", "区县(市)政府"]),
        ("市政府 办公厅", ["市政府办公厅"]),
        ("市发展 改革委", ["市发展改革委"]),
        ("市发展 改革委 市工商局", ["市发展改革委", "市工商局"]),
        ("区县（市） 政府", ["区县(市)政府"]),
        ("区县（市） 政府 市直相关部门", ["区县(市)政府", "市直相关部门"]),
        ("市直各 部门", ["市直各部门"]),
        ("市直各 区县 政府", ["市直各区县政府"]),
        ("市质监局 市税务局 市卫计委", ["市质监局", "市税务局", "市卫计委"]),
        ("市食品药品 监督管理局 市农经委", ["市食品药品监督管理局", "市农经委"]),
        ("市政府\n办公厅\n市大数据局", ["市政府办公厅", "市大数据局"]),
        ("市政府　办公厅", ["市政府办公厅"]),
        ("市直相关部\n门", ["市直相关部门"]),
        ("市政府办公\n厅\n市委宣传部", ["市政府办公厅", "市委宣传部"]),
        ("市直各部门\n区\n县（市）\n政府", ["市直各部门", "区县(市)政府"]),
        ("市发展改革\n委\n市工商局", ["市发展改革委", "市工商局"]),
        ("市法制办等\n相关部门", ["市法制办"]),
        # table cells whose lines were joined with nothing between the names
        ("市直各部门区县（市）政府", ["市直各部门", "区县(市)政府"]),
        ("市发展改革委市工商局", ["市发展改革委", "市工商局"]),
        ("市政府办公厅市委宣传部", ["市政府办公厅", "市委宣传部"]),
        ("市大数据局市编委办市委市建委", ["市大数据局", "市编委办", "市委", "市建委"]),
        ("相关地区相关部门", ["相关地区", "相关部门"]),
        ("市直相关部门", ["市直相关部门"]),
        ("市政府办公厅", ["市政府办公厅"]),
        ("西市区土地局", ["西市区土地局"]),
        ("区政府办公室区市场局", ["区政府办公室", "区市场局"]),
    ],
)
def test_wrapped_names(text: str, expected: list[str]) -> None:
    assert [m.unit for m in parse_units(text, "lead")] == expected


def test_raw_keeps_the_text_and_offsets() -> None:
    text = "（市政府 办公厅牵头；区县（市） 政府等配合）"
    mentions = parse_units(text)
    assert [(m.unit_raw, m.unit, m.role) for m in mentions] == [
        ("市政府 办公厅", "市政府办公厅", "lead"),
        ("区县（市） 政府", "区县(市)政府", "cooperating"),
    ]
    assert all(text[m.start : m.end] == m.unit_raw for m in mentions)


def test_default_role_applies_to_bare_lists_only() -> None:
    mentions = parse_units("市政府办公厅、市大数据局", default_role="lead")
    assert {m.role for m in mentions} == {"lead"}
    assert roles(parse_units("市政府办公厅牵头，市大数据局", default_role="cooperating")) == [
        ("lead", "市政府办公厅"),
        ("cooperating", "市大数据局"),
    ]


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("各科室", AB, "市行政审批局各科室"),
        ("督查考核科", AB, "市行政审批局督查考核科"),
        ("办公室", AB, "市行政审批局办公室"),
        ("市场监管科", AB, "市行政审批局市场监管科"),
        ("市政务服务中心", AB, "市政务服务中心"),
        ("政务服务中心", AB, "市政务服务中心"),
        ("各部门", XISHI, "区政府各部门"),
        ("各部门", "西市区人民政府", "区政府各部门"),
        ("办公室", "沈阳市人民政府", "市政府办公室"),
        ("民政局", "沈阳市人民政府办公厅", "市民政局"),
        ("政府办公室", "西市区人民政府", "区政府办公室"),
        ("西市区土地局", XISHI, "西市区土地局"),
        ("区财政局", XISHI, "区财政局"),
        ("市直各部门", "沈阳市人民政府", "市直各部门"),
        ("相关部门", AB, "相关部门"),
        ("相关各部门", XISHI, "相关各部门"),
        ("各科室", None, "各科室"),
        ("各科室", "市行政审批局", "市行政审批局各科室"),
        ("各科室", "辽宁省沈阳市市场监督管理局", "市市场监督管理局各科室"),
    ],
)
def test_resolve_unit(name: str, body: str | None, expected: str) -> None:
    assert resolve_unit(name, body) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("区财政局", True),
        ("西市区土地局", True),
        ("市直各部门", True),
        ("区县(市)政府", True),
        ("市场监管科", False),
        ("各科室", False),
        ("督查考核科", False),
        ("相关部门", False),
        ("城乡建设局", False),
    ],
)
def test_has_level(name: str, expected: bool) -> None:
    assert has_level(name) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市政府", True),
        ("市发展", False),
        ("区县(市)", False),
        ("市直各", False),
        ("相关部门", True),
        ("各科室", True),
    ],
)
def test_is_complete(name: str, expected: bool) -> None:
    assert is_complete(name) is expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("市政府办公厅", "government_office"),
        ("区政办公室", "government_office"),
        ("区县(市)政府", "government"),
        ("区政府各部门", "all_departments"),
        ("市发展改革委", "development_reform"),
        ("区发改局", "development_reform"),
        ("市行政审批局办公室", "approval_bureau"),
        ("市食品药品监督管理局", "market_regulation"),
        ("西市区土地局", "natural_resources"),
        ("市委宣传部", "publicity"),
        ("督查考核科", None),
    ],
)
def test_agency_kind(name: str, kind: str | None) -> None:
    assert agency_kind(name) == kind


def test_mentions_carry_their_agency_kind() -> None:
    assert [m.kind for m in parse_units("区财政局牵头，区城建局配合")] == ["finance", "housing_construction"]


# ----------------------------------------------------------------------------- on the samples


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _gold_tasks(gold_dir: Path, name: str) -> list[dict]:
    tasks = json.loads((gold_dir / name).read_text(encoding="utf-8"))["tasks"]
    return [task for task in tasks if task["units"] is not None]


def _matches_gold(units: dict, mentions: list[UnitMention]) -> bool:
    """Every gold unit found in its role, and nothing else but the gold's optional units."""
    optional = {_norm(u) for u in units["optional"]}
    for role in ("lead", "responsible", "cooperating"):
        got = [_norm(m.unit) for m in mentions if m.role == role and _norm(m.unit) not in optional]
        for gold in units[role]:
            spellings = [_norm(s) for s in (gold if isinstance(gold, list) else [gold])]
            hit = next((g for g in got if g in spellings), None)
            if hit is None:
                return False
            got.remove(hit)
        if got:
            return False
    return True


def test_table_cells_of_shenyang_plan(samples_dir: Path, gold_dir: Path) -> None:
    """The 牵头单位 and 责任单位 cells of the 003 table, wrapped names and all, give the gold units."""
    rows = [
        line.split("\t")
        for line in (samples_dir / "003_9d5918fb5c505e81.txt").read_text("utf-8").splitlines()
    ]
    cells = {_norm(row[1]): row for row in rows if len(row) >= 5}
    checked = 0
    for task in _gold_tasks(gold_dir, "003_9d5918fb5c505e81.json"):
        row = cells.get(_norm(task["title"]))
        if row is None:
            continue
        mentions = parse_units(row[-3], "lead", "沈阳市人民政府") + parse_units(
            row[-2], "responsible", "沈阳市人民政府"
        )
        assert _matches_gold(task["units"], mentions), (task["title"], row[-3:-1])
        checked += 1
    assert checked >= 30


def test_parentheses_of_xishi_plan(samples_dir: Path, gold_dir: Path) -> None:
    """The parenthesis ending each 002 item gives the gold units with their roles."""
    text = (samples_dir / "002_69902300cdde23ce.txt").read_text("utf-8")
    closing = re.compile(r"\([^()\n]*\) *(?:\n|$)")
    checked = 0
    for task in _gold_tasks(gold_dir, "002_69902300cdde23ce.json"):
        start = text.find(task["title"][:5])
        match = closing.search(text, start)
        assert start >= 0 and match, task["title"]
        assert _matches_gold(task["units"], parse_units(match.group(), issuing_body=XISHI)), match.group()
        checked += 1
    assert checked >= 25


def test_labelled_lines_of_anshan_plan(samples_dir: Path, gold_dir: Path) -> None:
    """The 责任科室/责任单位 line after each 000 item gives the gold units, relative names resolved."""
    text = (samples_dir / "000_bb7ad2cec91f680d.txt").read_text("utf-8")
    label = re.compile(r"责任(?:科室|单位).*")
    tasks = _gold_tasks(gold_dir, "000_bb7ad2cec91f680d.json")
    for task in tasks:
        match = label.search(text, text.find(task["title"]))
        assert match, task["title"]
        assert _matches_gold(task["units"], parse_units(match.group(), issuing_body=AB)), match.group()
    assert len(tasks) == 13
