"""Prose plans: each common way of naming a task's units and deadline, in synthetic items."""

from __future__ import annotations

import pytest

from pipeline.config import Config
from pipeline.document import Document, Span
from pipeline.extract.plan_prose import is_deadline_clause
from pipeline.extract.units import is_unit_statement
from pipeline.process import run_stages
from pipeline.records import DocumentMeta, StatedDeadline, Task, Unit

YEAR = 2024


def plan(text: str, year: int = YEAR) -> Document:
    """`text` read by the outline and tasks stages as a work plan of `year`."""
    doc = Document("plan", "plan.txt", "txt", text)
    doc.meta = DocumentMeta(doc_type="work_plan", year=year)
    doc = run_stages(doc, Config(stages=("outline", "tasks")))
    assert not doc.errors
    return doc


def units_of(doc: Document, task: Span[Task]) -> list[tuple[str, str]]:
    return [
        (u.record.role, u.record.unit_raw)
        for u in doc.spans_of(Unit)
        if u.record.task_id == task.record.task_id
    ]


def deadline_of(task: Span[Task]) -> tuple[str, str | None]:
    return task.record.deadline.type, task.record.deadline.date


def only_task(doc: Document) -> Span[Task]:
    (task,) = doc.spans_of(Task)
    return task


ITEM = "二、深化重点领域公开\n（三）加强财政信息公开。按时公开预决算，细化公开内容。{attribution}\n"
LEAD_COOP = [("lead", "区财政局"), ("cooperating", "区审计局"), ("cooperating", "区税务局")]


@pytest.mark.parametrize(
    ("attribution", "units", "deadline"),
    [
        (
            "（责任单位：区财政局、区审计局）",
            [("responsible", "区财政局"), ("responsible", "区审计局")],
            "none",
        ),
        ("〔牵头单位：区财政局；配合单位：区审计局、区税务局〕", LEAD_COOP, "none"),
        ("【责任单位：区财政局】", [("responsible", "区财政局")], "none"),
        ("(牵头单位:区财政局;配合单位:区审计局,区税务局;完成时限:10月底前)", LEAD_COOP, "date"),
        ("（区财政局牵头，区审计局、区税务局配合）", LEAD_COOP, "none"),
        ("区财政局牵头，区审计局、区税务局配合。", LEAD_COOP, "none"),
        ("由区财政局牵头，区审计局、区税务局配合。", LEAD_COOP, "none"),
        ("由区财政局负责。", [("responsible", "区财政局")], "none"),
        ("区财政局负责。", [("responsible", "区财政局")], "none"),
        ("区财政局牵头负责。", [("lead", "区财政局")], "none"),
        (
            "（区财政局、区审计局按职责分工负责）",
            [("responsible", "区财政局"), ("responsible", "区审计局")],
            "none",
        ),
        (
            "区财政局、区审计局按职责分工负责。",
            [("responsible", "区财政局"), ("responsible", "区审计局")],
            "none",
        ),
        ("（区财政局牵头，2024年6月底前完成）", [("lead", "区财政局")], "date"),
        (
            "区财政局牵头，区审计局配合，年底前完成。",
            [("lead", "区财政局"), ("cooperating", "区审计局")],
            "date",
        ),
        ("由区财政局负责。全年推进。", [("responsible", "区财政局")], "year_round"),
        ("〔责任单位：区财政局；完成时限：持续推进〕", [("responsible", "区财政局")], "ongoing"),
        (
            "（区财政局牵头，区审计局等相关部门配合）",
            [("lead", "区财政局"), ("cooperating", "区审计局")],
            "none",
        ),
        ("（区财政局牵头；区审计局等配合）", [("lead", "区财政局"), ("cooperating", "区审计局")], "none"),
    ],
)
def test_attribution_forms(attribution: str, units: list[tuple[str, str]], deadline: str) -> None:
    doc = plan(ITEM.format(attribution=attribution))
    task = only_task(doc)
    assert task.record.title == "加强财政信息公开"
    assert units_of(doc, task) == units
    assert task.record.deadline.type == deadline


@pytest.mark.parametrize(
    ("attribution", "units", "deadline"),
    [
        (
            "（責任單位：市財政局、市審計局；完成時限：2024年6月底前）",
            [("responsible", "市財政局"), ("responsible", "市審計局")],
            ("date", "2024-06-30"),
        ),
        (
            "市財政局牽頭，市審計局配合。長期堅持。",
            [("lead", "市財政局"), ("cooperating", "市審計局")],
            ("ongoing", None),
        ),
        ("由市財政局負責。年底前完成。", [("responsible", "市財政局")], ("date", "2024-12-31")),
        (
            "〔牽頭單位：市財政局；配合單位：市審計局〕",
            [("lead", "市財政局"), ("cooperating", "市審計局")],
            ("none", None),
        ),
        ("\n責任單位：市財政局\n完成時限：上半年", [("responsible", "市財政局")], ("date", "2024-06-30")),
    ],
)
def test_traditional_characters_keep_the_units_as_written(
    attribution: str, units: list[tuple[str, str]], deadline: tuple[str, str | None]
) -> None:
    doc = plan(f"一、重點任務\n1.加強預決算公開。按時公開預決算。{attribution}\n")
    task = only_task(doc)
    assert task.record.title == "加強預決算公開"
    assert units_of(doc, task) == units
    assert deadline_of(task) == deadline


RESPONSIBLE = [("responsible", "区财政局")]
RESPONSIBLE_CITY = [("responsible", "市财政局")]


@pytest.mark.parametrize(
    ("lines", "units"),
    [
        (["责任单位：区财政局", "完成时限：2024年11月底前"], RESPONSIBLE),
        (["完成时限：2024年11月底前", "责任单位：区财政局"], RESPONSIBLE),
        (
            ["时间要求：11月底前", "配合单位：区审计局", "牵头单位：区财政局"],
            [("cooperating", "区审计局"), ("lead", "区财政局")],
        ),
        (["责任单位：区财政局；完成时限：11月底前"], RESPONSIBLE),
        (["牵头单位：区财政局 完成时限：11月底前"], [("lead", "区财政局")]),
    ],
)
def test_labelled_lines_in_any_order(lines: list[str], units: list[tuple[str, str]]) -> None:
    doc = plan("一、重点任务\n（一）做好预算公开。按时公开预算。\n" + "\n".join(lines) + "\n")
    task = only_task(doc)
    assert units_of(doc, task) == units
    assert deadline_of(task) == ("date", "2024-11-30")


@pytest.mark.parametrize(
    "text",
    [
        "一、加强政策解读\n（一）做好政策解读工作。责任单位：市政府办公室。完成时限：2023年6月底前。\n",
        "一、加强政策解读\n（一）做好政策解读工作。\n责任单位：市政府办公室。\n完成时限：2023年6月底前。\n",
    ],
)
def test_labelled_sentences_after_the_title(text: str) -> None:
    doc = plan(text, year=2023)
    task = only_task(doc)
    assert task.record.title == "做好政策解读工作"
    assert units_of(doc, task) == [("responsible", "市政府办公室")]
    assert deadline_of(task) == ("date", "2023-06-30")


@pytest.mark.parametrize(
    ("written", "deadline"),
    [
        ("持续推进", ("ongoing", None)),
        ("长期坚持", ("ongoing", None)),
        ("年底前", ("date", "2024-12-31")),
        ("上半年", ("date", "2024-06-30")),
        ("9月底前", ("date", "2024-09-30")),
        ("2025年3月底前", ("date", "2025-03-31")),
        ("全年", ("year_round", "2024-12-31")),
        ("15个工作日内", ("relative", None)),
    ],
)
def test_deadline_words_in_a_parenthesis(written: str, deadline: tuple[str, str | None]) -> None:
    doc = plan(ITEM.format(attribution=f"（区财政局牵头；完成时限：{written}）"))
    task = only_task(doc)
    assert deadline_of(task) == deadline
    assert units_of(doc, task) == [("lead", "区财政局")]
    if deadline[0] != "none":
        (stated,) = doc.spans_of(StatedDeadline)
        assert doc.span_text(stated) == written


def test_deadline_sentence_after_the_units() -> None:
    doc = plan(
        "一、重点任务\n3.做好年报发布。按时发布年报。市政府办公室牵头，各县区政府配合。3月底前完成。\n"
    )
    task = only_task(doc)
    assert deadline_of(task) == ("date", "2024-03-31")
    assert units_of(doc, task) == [("lead", "市政府办公室"), ("cooperating", "各县区政府")]


def test_attribution_wrapped_over_lines() -> None:
    doc = plan(
        "一、重点任务\n（二）规范公共资源配置信息公开。建立健全工作机制，明确责任分\n"
        "工。(牵头单位：市政务服务中心；配合单位：市政府各部门；\n完成时限：20\n24年9月底前)\n"
        "（三）做好政务新媒体管理。丰富公开形式。由市政务\n服务管理局、市委网信办负责。年底前完成。\n"
    )
    first, second = doc.spans_of(Task)
    assert units_of(doc, first) == [("lead", "市政务服务中心"), ("cooperating", "市政府各部门")]
    assert deadline_of(first) == ("date", "2024-09-30")
    assert [unit for _, unit in units_of(doc, second)] == ["市政务\n服务管理局", "市委网信办"]
    assert deadline_of(second) == ("date", "2024-12-31")


@pytest.mark.parametrize(
    ("item", "units", "deadline"),
    [
        ("1.加强预算公开（市财政局牵头，年底前完成）", [("lead", "市财政局")], ("date", "2024-12-31")),
        (
            "（一）加强预算公开。按时公开。（责任单位：市财政局）（完成时限：2024年6月）",
            RESPONSIBLE_CITY,
            ("date", "2024-06-30"),
        ),
        (
            "（一）加强预算公开。按时公开，由市财政局负责，2024年6月底前完成。",
            RESPONSIBLE_CITY,
            ("date", "2024-06-30"),
        ),
        (
            "（一）加强预算公开。按时公开。（市财政局负责）。年底前完成。",
            RESPONSIBLE_CITY,
            ("date", "2024-12-31"),
        ),
    ],
)
def test_attribution_closing_the_heading_or_its_last_sentence(
    item: str, units: list[tuple[str, str]], deadline: tuple[str, str | None]
) -> None:
    doc = plan(f"一、重点任务\n{item}\n")
    task = only_task(doc)
    assert task.record.title == "加强预算公开"
    assert units_of(doc, task) == units
    assert deadline_of(task) == deadline


def test_parenthesis_on_its_own_line_is_read_once() -> None:
    doc = plan(
        "一、重点任务\n（二）推进生态环境信息公开。提升公开实效。\n（牵头单位：市生态环境局；配合单位：市财政局）\n"
    )
    assert units_of(doc, only_task(doc)) == [("lead", "市生态环境局"), ("cooperating", "市财政局")]


def test_each_paragraph_closed_by_its_units_is_a_task() -> None:
    doc = plan(
        "一、重点任务\n2.加强审计公开。公开审计结果。区审计局负责。\n"
        "推进整改情况公开。公开整改结果，接受社会监督。由区财政局牵头，区审计局配合。\n"
    )
    titles = [task.record.title for task in doc.spans_of(Task)]
    assert titles == ["加强审计公开", "推进整改情况公开"]


def test_group_headings_and_general_sections_are_no_tasks() -> None:
    doc = plan(
        "一、总体要求\n（一）指导思想。坚持以公开为常态。\n（二）工作目标。到年底前，公开机制更加健全。\n"
        "二、主要任务\n（一）加强决策公开\n1.推进决策预公开。公开征求意见。（区司法局负责）\n"
        "2.做好解读回应。及时回应关切。（区政府办公室负责）\n"
    )
    assert [task.record.title for task in doc.spans_of(Task)] == ["推进决策预公开", "做好解读回应"]


def test_items_under_a_heading_that_names_tasks_are_tasks() -> None:
    doc = plan("一、工作目标和主要任务\n1.推进决策预公开。公开征求意见。\n2.做好解读回应。及时回应关切。\n")
    assert [task.record.title for task in doc.spans_of(Task)] == ["推进决策预公开", "做好解读回应"]


def test_running_text_with_a_role_word_names_no_unit() -> None:
    doc = plan("一、重点任务\n1.加强队伍建设。各单位要明确专人负责。\n")
    task = only_task(doc)
    assert units_of(doc, task) == []


def test_spans_point_at_the_units_as_written() -> None:
    doc = plan(ITEM.format(attribution="〔牽頭單位：區財政局；配合單位：區審計局〕"))
    assert [doc.span_text(unit) for unit in doc.spans_of(Unit)] == ["區財政局", "區審計局"]
    assert [unit.record.unit for unit in doc.spans_of(Unit)] == ["区财政局", "区审计局"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由市财政局牵头，市税务局等配合", True),
        ("市审计局、市统计局按职责分工负责", True),
        ("各县(市、区)政府负责", True),
        ("各单位要明确专人负责", False),
        ("主要负责同志要亲自部署", False),
        ("建立健全工作机制", False),
    ],
)
def test_is_unit_statement(text: str, expected: bool) -> None:
    assert is_unit_statement(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年底前完成", True),
        ("全年推进", True),
        ("持续推进", True),
        ("20个工作日内完成", True),
        ("2024年6月底前", True),
        ("到2024年底政务公开机制更加健全", False),
        ("区财政局牵头", False),
        ("2018年2月27日", False),  # the day a summary was signed, closing its last item
        ("2018年3月25日前", True),
        ("2024年9月30日完成", True),
    ],
)
def test_is_deadline_clause(text: str, expected: bool) -> None:
    assert is_deadline_clause(text) is expected
