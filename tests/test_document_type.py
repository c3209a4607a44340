"""The document type is decided after extraction: the title's words, then what was found, then the
model; tasks are read by structure and attributions in every document, whatever its type."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.classify.document_type import presents_as_plan, title_type
from pipeline.document import Document
from pipeline.process import extract_file
from pipeline.records import Task, Unit


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("某某县人民政府2021年政府信息公开工作年度报告", "annual_report"),
        ("2011年度信息公开报告", "annual_report"),
        ("關於公布某市2009年度政府信息公開工作年度報告的通知", "annual_report"),
        ("某市人民政府办公室关于印发2023年政务公开工作要点的通知", "work_plan"),
        ("关于印发某区政务公开工作主要任务的通知", "work_plan"),
        ("关于明确2017年政务公开工作责任分工", "work_plan"),
        ("某市2024年政务公开重点工作安排", "work_plan"),
        ("某镇2022年政务公开工作总结", "work_summary"),
        ("政府信息公开工作自查报告", "work_summary"),
        ("某街道政务公开工作情况汇报材料", "work_summary"),
        ("一图读懂某省政府信息公开年度报告", "other"),
        ("关于《某县法治政府建设工作总结的报告》的政策解读", "other"),
        ("县政府信息公开工作年度报告制度", "other"),
        ("某市政府信息公开指南", "other"),
        ("关于印发某县2020年度法治政府建设工作安排的通知", "other"),
        ("2020年某区法治政府建设情况报告", "other"),
        ("工作要点的通知", None),  # a cut-off title names no field: what was found decides
        ("某市人民政府办公室政府信息主动公开事项目录", "other"),
        ("关于反馈2023年第二次政务公开测评结果的通报", "other"),
        ("封丘县人民政府办公室关于推进全县政务信息资源共享工作的通知", "other"),
        ("某县人民政府关于公布2009年度政府信息公开工作年度报告的通知", "annual_report"),
        (None, None),
    ],
)
def test_the_type_a_title_states(title: str | None, doc_type: str | None) -> None:
    assert title_type(title) == doc_type


@pytest.mark.parametrize(
    ("title", "headings", "plan"),
    [
        ("某市2023年政务公开工作要点", [], True),
        ("关于印发某县2020年度法治政府建设工作安排的通知", [], True),  # a plan of another field
        ("某县2022年政府信息公开工作年度报告", ["主要任务"], False),
        ("某镇2022年政务公开工作总结", ["一、主要任务完成情况"], False),
        (None, ["总体要求", "主要任务和责任分工", "保障措施"], True),
        (None, ["总体情况", "主要任务完成情况", "存在的问题"], False),
        (None, ["总体情况", "主动公开政府信息情况"], False),
        ("关于推进政务信息资源共享工作的通知", ["工作目标"], False),
    ],
)
def test_a_document_presents_itself_as_a_plan(title: str | None, headings: list[str], plan: bool) -> None:
    assert presents_as_plan(title, headings) is plan


def extract(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return extract_file(path)


def test_a_plan_without_a_title_is_typed_by_its_attributed_items(tmp_path: Path) -> None:
    doc = extract(
        tmp_path,
        "一、加强政策解读\n（一）做好政策解读工作。\n责任单位：市政府办公室\n完成时限：2023年6月底前\n"
        "（二）做好政务舆情回应。\n责任单位：市委网信办\n",
    )
    assert doc.meta.doc_type == "work_plan"
    assert [span.record.title for span in doc.spans_of(Task)] == ["做好政策解读工作", "做好政务舆情回应"]
    assert [span.record.unit for span in doc.spans_of(Unit)] == ["市政府办公室", "市委网信办"]


def test_a_report_on_work_done_gives_no_task_from_its_dated_items(tmp_path: Path) -> None:
    doc = extract(
        tmp_path,
        "某区2023年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开信息情况。截止2023年12月31日，"
        "我局在网站发布政务类信息34条。\n（二）依申请公开情况。全年收到申请5件。\n",
    )
    assert doc.meta.doc_type == "annual_report"
    assert doc.spans_of(Task) == []


def test_a_notice_gives_the_items_that_name_their_units(tmp_path: Path) -> None:
    doc = extract(
        tmp_path,
        "关于推进政务信息资源共享工作的通知\n各乡镇人民政府，县政府各部门：\n"
        "一、摸清资源底数。请各部门于6月底前报送目录。\n"
        "二、建设共享平台。（县大数据中心牵头，县财政局配合）\n",
    )
    titles = [span.record.title for span in doc.spans_of(Task)]
    assert titles == ["建设共享平台"]


def test_a_title_less_text_with_the_report_template_is_an_annual_report(tmp_path: Path) -> None:
    doc = extract(
        tmp_path,
        "一、总体情况\n本机关认真贯彻落实条例。\n二、主动公开政府信息情况\n（略）\n"
        "三、收到和处理政府信息公开申请情况\n（略）\n四、政府信息公开行政复议、行政诉讼情况\n（略）\n",
    )
    assert doc.meta.doc_type == "annual_report"
