"""Stage report_tables: template cells from PDF, DOCX and flattened text, with their checks."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.dataset.loader import load_dataset
from pipeline.dataset.rows import document_tables
from pipeline.dataset.writer import empty_tables, write_dataset
from pipeline.document import Document
from pipeline.extract.report_tables import RowField, detect_form, split_line, split_row, value_of
from pipeline.extract.report_template import label_key, row_label
from pipeline.process import extract_file
from pipeline.records import ReportCell, ReportCheck, Statistic
from tests.conftest import GOLD, SAMPLES
from tests.report_fixtures import expected_cells, filled_report, flattened, report_values

HUAIAN = SAMPLES / "huaian_2024_annual_report.pdf"
READ = Config(stages=("clean", "report_tables"))


def cells_of(doc: Document) -> dict[tuple[str, str, str], tuple[float, bool]]:
    return {
        (s.record.table, s.record.row, s.record.col): (s.record.value, s.record.blank)
        for s in doc.spans_of(ReportCell)
    }


def failed_checks(doc: Document) -> set[str]:
    return {s.record.check for s in doc.spans_of(ReportCheck) if not s.record.ok}


@cache
def huaian() -> Document:
    return extract_file(HUAIAN)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
        ("3.危及“三安全一稳定”", "危及三安全一稳定"),
        ("本年收费金额（单位：万元）", "本年收费金额"),
        ("三\n、\n本\n年\n度\n办\n理\n结\n果", "本年度办理结果"),
        ("结 果维持", "结果维持"),
        ("本年增/减", "本年增减"),
        ("2、申请人逾期未按收费通知要求缴纳费用", "申请人逾期未按收费通知要求缴纳费用"),
    ],
)
def test_label_key(text, key):
    assert label_key(text) == key


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("一、本年新收政府信息公开申请数量", "new_received"),
        ("（二）部分公开（区分处理的，只计这一情形，", "partly_disclosed"),  # a label wrapped mid-note
        ("规范性文件", "normative_documents"),
        ("行政规范性文件", "normative_documents"),
        ("3.其他", "other"),
        ("（七）总计", "results_total"),
        ("未经复议直接起诉", "lawsuit_direct"),
        ("三、本年度办理结果", None),
        ("其他需要报告的事项", None),  # a short label never matches as a prefix
    ],
)
def test_row_label(text, row):
    found = row_label(text)
    assert (found.id if found else None) == row


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("规章 1 0 11", ["规章", "1", "0", "11"]),
        ("规章\t1\t\t11", ["规章", "1", "", "11"]),
        ("规章 | 0 | | 0 |", ["规章", "0", "", "0"]),
        ("| 规章 | 1 | 0 |", ["规章", "1", "0"]),
        ("|", [""]),
    ],
)
def test_split_line(line, cells):
    pieces = split_line(line, 10)
    assert [p.text for p in pieces] == cells
    assert all(line[p.start - 10 : p.end - 10] == p.text for p in pieces)


@pytest.mark.parametrize(
    ("texts", "labels", "values"),
    [
        (
            ["", "（三）不予公开", "1.属于国家秘密", "2", "", "0"],
            ["（三）不予公开", "1.属于国家秘密"],
            ["2", "", "0"],
        ),
        (["行政事业性收费", "96171.6"], ["行政事业性收费"], ["96171.6"]),
        (["72", "64", "/"], [], ["72", "64", "/"]),
        (["信息内容", "本年制发件数"], ["信息内容", "本年制发件数"], []),
    ],
)
def test_split_row(texts, labels, values):
    found_labels, found_values = split_row([RowField(t, 0, len(t)) for t in texts])
    assert [p.text for p in found_labels] == labels
    assert [p.text for p in found_values] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3119", (3119.0, False)),
        ("１,234", (1234.0, False)),
        ("96171.6", (96171.6, False)),
        ("", (0.0, True)),
        ("/", (0.0, True)),
    ],
)
def test_value_of(text, value):
    assert value_of(RowField(text, 0, len(text))) == value


@pytest.mark.parametrize(
    ("lines", "year", "form"),
    [
        (["信息内容 本年制发件数 本年废止件数 现行有效件数"], None, "2021"),
        (["信息内容 本年新制作数量 本年新公开数量 对外公开总数量", "规范性文件 1 2 3"], 2022, "2019"),
        (["一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1"], 2020, "2019"),
        (["一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1"], None, "2021"),
    ],
)
def test_detect_form(lines, year, form):
    assert detect_form([split_line(line, 0) for line in lines], year) == form


def test_huaian_cells_match_the_gold():
    gold = json.loads((GOLD / "huaian_2024_annual_report.json").read_text(encoding="utf-8"))["report_cells"]
    got = cells_of(huaian())
    assert {(c["table"], c["row"], c["col"]): float(c["value"]) for c in gold} == {
        k: v for k, (v, _) in got.items()
    }
    assert {s.record.form for s in huaian().spans_of(ReportCell)} == {"2021"}


def test_huaian_passes_every_check_including_the_prose():
    checks = {s.record.check: s.record.ok for s in huaian().spans_of(ReportCheck)}
    assert all(checks.values())
    assert {
        "prose/requests_received",
        "prose/admin_lawsuits",
        "t3_balance/total",
        "t4_total/reconsideration",
    } <= set(checks)


def test_huaian_cells_keep_their_place():
    doc = huaian()
    spans = doc.spans_of(ReportCell)
    assert all(
        doc.span_text(s) == (str(int(s.record.value)) if s.record.value.is_integer() else "96171.6")
        for s in spans
    )
    cells = {(s.record.row, s.record.col): s for s in spans}
    assert doc.page_at(cells[("unavailable_needs_making", "total")].start) == 5
    assert cells[("new_received", "total")].record.row_label_raw == "一、本年新收政府信息公开申请数量"
    assert cells[("admin_fees", "amount")].record.col_label_raw == "本年收费金额(单位:万元)"


def test_huaian_table_figures_stay_out_of_statistics():
    values = {s.record.value for s in huaian().spans_of(Statistic)}
    assert not values & {3001, 1288, 447228, 3985758}


@pytest.mark.parametrize("form", ["2021", "2019"])
def test_filled_docx_round_trips(tmp_path, form):
    values = filled_report(tmp_path / "report.docx", form)
    doc = extract_file(tmp_path / "report.docx", READ)
    assert cells_of(doc) == expected_cells(values)
    assert {s.record.form for s in doc.spans_of(ReportCell)} == {form}
    assert any(blank for _, blank in cells_of(doc).values())
    assert doc.spans_of(ReportCheck) and not failed_checks(doc)


@pytest.mark.parametrize("form", ["2021", "2019"])
@pytest.mark.parametrize(("separator", "pipe_ends"), [("\t", False), ("|", False), (" | ", True)])
def test_flattened_text_round_trips(tmp_path, form, separator, pipe_ends):
    values = filled_report(tmp_path / "report.docx", form)
    (tmp_path / "report.txt").write_text(
        flattened(tmp_path / "report.docx", separator, pipe_ends), encoding="utf-8"
    )
    doc = extract_file(tmp_path / "report.txt", READ)
    assert cells_of(doc) == expected_cells(values)
    assert not failed_checks(doc)


def test_space_separated_text_round_trips(tmp_path):
    values = filled_report(tmp_path / "report.docx", "2021", report_values("2021", seed=3, blanks=False))
    (tmp_path / "report.txt").write_text(flattened(tmp_path / "report.docx", " "), encoding="utf-8")
    doc = extract_file(tmp_path / "report.txt")
    assert cells_of(doc) == expected_cells(values)
    assert not failed_checks(doc)


def test_a_row_that_lost_blank_cells_is_left_out(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 11\n行政规范性文件 8 26 66\n",
        encoding="utf-8",
    )
    cells = cells_of(extract_file(path, READ))
    assert set(cells) == {("2", "normative_documents", col) for col in ("issued", "repealed", "in_force")}


def test_a_wrong_report_is_extracted_with_its_failing_checks(tmp_path):
    values = report_values("2021", seed=1)
    values[("3", "new_received", "total")] = (values[("3", "new_received", "total")] or 0) + 1
    values[("4", "lawsuit_after", "upheld")] = (values[("4", "lawsuit_after", "upheld")] or 0) + 2
    filled_report(tmp_path / "wrong.docx", "2021", values)
    doc = extract_file(tmp_path / "wrong.docx", READ)
    assert cells_of(doc) == expected_cells(values)
    assert failed_checks(doc) == {"t3_total/new_received", "t3_balance/total", "t4_total/lawsuit_after"}


def test_a_work_plan_has_no_report_cells():
    doc = extract_file(SAMPLES / "003_9d5918fb5c505e81.docx")
    assert not doc.spans_of(ReportCell) and not doc.spans_of(ReportCheck)


def test_dataset_tables_and_panel(tmp_path: Path):
    tables = empty_tables()
    for name, rows in document_tables(huaian()).items():
        tables[name].extend(rows)
    write_dataset(tmp_path / "data", tables)
    ds = load_dataset(tmp_path / "data")
    assert len(ds.report_cells) == 200 and ds.checks.ok.all()
    panel = ds.report_panel()
    row = panel[panel.cell == "3/new_received/total"].iloc[0]
    assert (row.city, row.year, row.form, row.value, row.blank) == ("淮安市", 2024, "2021", 3119.0, False)
    assert len(panel) == 200 and not panel.duplicated(["doc_id", "cell"]).any()
