"""Task tables read by what their columns hold, whatever the header words, the column order and
the way the table reached us: a DOCX table, text with tabs, text with pipes, one cell per line."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import docx
import pytest

from pipeline.config import Config
from pipeline.document import Document
from pipeline.ingest import ingest
from pipeline.ingest.columns import column_role, header_roles
from pipeline.process import run_stages
from pipeline.records import Task, Unit

STAGES = ("clean", "outline", "tasks")
TITLE = "某市2018年政务公开重点任务分工表"
Row = list[str] | str  # a str: one cell across the row (a category)


@dataclass(frozen=True)
class Case:
    header: list[str]
    rows: list[Row]
    expected: list[tuple[object, ...]]  # (title, section path, deadline type, date, units)
    merged: int | None = None  # the column whose blank cells merge into the filled one above (DOCX)


CASES = {
    "category first, 序号 second, merged categories, header repeated": Case(
        ["工作领域", "序号", "重点任务", "工作要求", "牵头部门", "配合单位", "时间节点"],
        [
            [
                "决策公开",
                "1",
                "推进决策预公开",
                "重大决策事项在决策前公开征求意见。",
                "市发展改革委",
                "市司法局、市财政局",
                "6月底前",
            ],
            ["", "2", "做好政策解读", "文件公布时同步发布解读材料。", "市政府办公室", "", "全年"],
            ["工作领域", "序号", "重点任务", "工作要求", "牵头部门", "配合单位", "时间节点"],
            [
                "服务公开",
                "3",
                "优化政务服务",
                "推进政务服务事项标准化。",
                "市政务服务中心",
                "市市场监管局",
                "长期坚持",
            ],
        ],
        [
            (
                "推进决策预公开",
                "决策公开",
                "date",
                "2018-06-30",
                [("lead", "市发展改革委"), ("cooperating", "市司法局"), ("cooperating", "市财政局")],
            ),
            ("做好政策解读", "决策公开", "year_round", "2018-12-31", [("lead", "市政府办公室")]),
            (
                "优化政务服务",
                "服务公开",
                "ongoing",
                None,
                [("lead", "市政务服务中心"), ("cooperating", "市市场监管局")],
            ),
        ],
        merged=0,
    ),
    "units first, task name last, other words": Case(
        ["编号", "责任单位", "完成期限", "具体措施", "任务名称"],
        [
            ["1", "市教育局", "2018年9月30日前", "按时公开招生政策和录取结果。", "加强教育信息公开"],
            ["2", "市卫生健康委、市医保局", "10个工作日内", "及时回应群众关切。", "做好医疗卫生信息公开"],
        ],
        [
            ("加强教育信息公开", None, "date", "2018-09-30", [("responsible", "市教育局")]),
            (
                "做好医疗卫生信息公开",
                None,
                "relative",
                None,
                [("responsible", "市卫生健康委"), ("responsible", "市医保局")],
            ),
        ],
    ),
    "unknown column names typed by content, category rows across the table": Case(
        ["序 号", "主要 任务", "落实主体", "进度"],
        [
            "一、推进平台建设",
            ["1", "加强政府网站建设。提升网站服务能力，确保网站安全平稳运行。", "市政府办公室", "11月底前"],
            "政务公开规范化",
            ["2", "规范依申请公开办理", "市司法局、市信访局", "持续推进"],
        ],
        [
            ("加强政府网站建设", "一", "date", "2018-11-30", [("responsible", "市政府办公室")]),
            (
                "规范依申请公开办理",
                "一/政务公开规范化",
                "ongoing",
                None,
                [("responsible", "市司法局"), ("responsible", "市信访局")],
            ),
        ],
    ),
}
# a header cell left blank: no way to tell it from an empty cell when cells stand one to a line
BLANK_HEADER = Case(
    ["工作任务", "", "牵头单位", "", "完成时限"],  # 工作任务 spans the 序号 column and its own
    [
        ["1", "公开财政预决算", "市财政局", "市审计局", "12月底前"],
        ["2", "公开政府债务信息", "市财政局", "", "全年"],
    ],
    [
        ("公开财政预决算", None, "date", "2018-12-31", [("lead", "市财政局"), ("responsible", "市审计局")]),
        ("公开政府债务信息", None, "year_round", "2018-12-31", [("lead", "市财政局")]),
    ],
)


# a header of two rows: 责任单位 over the two columns it is split into
TWO_ROW_HEADER = Case(
    ["序号", "工作任务", "责任单位", "", "完成时限"],
    [
        ["", "", "牵头单位", "配合单位", ""],
        ["1", "推进政务公开标准化", "市司法局", "市财政局、市审计局", "9月底前"],
        ["2", "做好年度报告发布", "市政府办公室", "", "1月31日前"],
    ],
    [
        (
            "推进政务公开标准化",
            None,
            "date",
            "2018-09-30",
            [("lead", "市司法局"), ("cooperating", "市财政局"), ("cooperating", "市审计局")],
        ),
        ("做好年度报告发布", None, "date", "2018-01-31", [("lead", "市政府办公室")]),
    ],
)


def spanning(row: Row, width: int) -> list[str]:
    return [row, *[""] * (width - 1)] if isinstance(row, str) else row


def as_tabs(case: Case) -> str:
    return "\n".join("\t".join(spanning(row, len(case.header))) for row in [case.header, *case.rows])


def as_pipes(case: Case) -> str:
    rows = [spanning(row, len(case.header)) for row in [case.header, *case.rows]]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def as_cells(case: Case) -> str:
    return "\n".join(row if isinstance(row, str) else "\n".join(row) for row in [case.header, *case.rows])


def write_docx(case: Case, path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(TITLE)
    width = len(case.header)
    table = document.add_table(rows=len(case.rows) + 1, cols=width)
    for r, row in enumerate([case.header, *case.rows]):
        if isinstance(row, str):
            table.cell(r, 0).merge(table.cell(r, width - 1)).text = row
            continue
        for c, value in enumerate(row):
            table.cell(r, c).text = value.replace(" ", "\n")  # a header word broken over two lines
    for c in range(1, width):  # a header cell spans the blank one after it
        if not case.header[c] and case.header[c - 1]:
            table.cell(0, c - 1).merge(table.cell(0, c))
    if case.merged is not None:
        top = 1
        for r in range(2, len(case.rows) + 1):
            if table.cell(r, case.merged).text:
                top = r
            else:
                table.cell(top, case.merged).merge(table.cell(r, case.merged))
    document.add_paragraph("某市人民政府办公室")
    document.save(str(path))


def plan(tmp_path: Path, case: Case, layout: str) -> Document:
    """The plan holding the case's table in `layout`, run through the tasks stage."""
    path = tmp_path / ("plan.docx" if layout == "docx" else "plan.txt")
    if layout == "docx":
        write_docx(case, path)
    else:
        table = {"tabs": as_tabs, "pipes": as_pipes, "cells": as_cells}[layout](case)
        path.write_text(f"{TITLE}\n{table}\n【打印本页】\n", encoding="utf-8")
    doc = ingest(path, Config())
    doc.meta = replace(doc.meta, doc_type="work_plan", year=2018)
    doc = run_stages(doc, Config(stages=STAGES))
    assert not doc.errors
    return doc


def summary(doc: Document) -> list[tuple[object, ...]]:
    found = []
    for task in doc.spans_of(Task):
        record = task.record
        units = [
            (u.record.role, u.record.unit) for u in doc.spans_of(Unit) if u.record.task_id == record.task_id
        ]
        found.append((record.title, record.section_path, record.deadline.type, record.deadline.date, units))
    return found


@pytest.mark.parametrize("layout", ["docx", "tabs", "pipes", "cells"])
@pytest.mark.parametrize("name", list(CASES))
def test_task_table_in_every_layout(tmp_path: Path, name: str, layout: str) -> None:
    assert summary(plan(tmp_path, CASES[name], layout)) == CASES[name].expected


@pytest.mark.parametrize("layout", ["docx", "tabs", "pipes"])
def test_blank_header_cells_typed_by_content(tmp_path: Path, layout: str) -> None:
    assert summary(plan(tmp_path, BLANK_HEADER, layout)) == BLANK_HEADER.expected


@pytest.mark.parametrize("layout", ["docx", "tabs"])
def test_header_of_two_rows(tmp_path: Path, layout: str) -> None:
    assert summary(plan(tmp_path, TWO_ROW_HEADER, layout)) == TWO_ROW_HEADER.expected


def test_spans_point_into_the_text(tmp_path: Path) -> None:
    case = CASES["category first, 序号 second, merged categories, header repeated"]
    for layout in ("docx", "tabs", "pipes", "cells"):
        doc = plan(tmp_path, case, layout)
        for unit in doc.spans_of(Unit):
            assert doc.span_text(unit) == unit.record.unit_raw, layout
        for task in doc.spans_of(Task):
            assert task.record.title in doc.span_text(task), layout


def test_cells_one_to_a_line_keep_the_text_as_written(tmp_path: Path) -> None:
    case = CASES["units first, task name last, other words"]
    text = f"{TITLE}\n{as_cells(case)}\n"
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    doc = ingest(path, Config())
    assert doc.text == text
    (table,) = doc.tables()
    assert [doc.block_text(cell) for cell in table.rows[0]] == case.header
    assert [doc.block_text(cell) for cell in table.rows[2]] == case.rows[1]


def test_lines_of_prose_are_not_a_table(tmp_path: Path) -> None:
    # column names one to a line, but no numbered row after them
    text = f"{TITLE}\n序号\n工作任务\n责任单位\n各单位要高度重视。\n加强组织领导。\n落实工作责任。\n"
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    assert ingest(path, Config()).tables() == []


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("序  号", "number"),
        ("牵头\n单位", "lead"),
        ("時限要求", "deadline"),  # a deadline, though it holds 要求 (detail)
        ("工作要求", "detail"),
        ("重点领域", "category"),
        ("指标名称", "title"),
        ("主要工作任务", "task"),
        ("承办单位", "responsible"),
        ("协办单位", "cooperating"),
        ("公开载体", "channel"),
        ("市财政局", None),
        ("12", None),
    ],
)
def test_column_role(cell: str, role: str | None) -> None:
    assert column_role(cell) == role


def test_header_roles() -> None:
    assert header_roles([(0, "序号"), (1, "工作任务"), (2, ""), (3, "完成时限")]) == {
        0: "number",
        1: "task",
        2: None,
        3: "deadline",
    }
    assert header_roles([(0, "1"), (1, "工作任务"), (2, "牵头单位")]) is None  # a row number: data
    assert header_roles([(0, "加强政府网站建设管理工作"), (1, "牵头单位"), (2, "完成时限")]) is None
