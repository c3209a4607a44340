"""PDF ingest: pages kept, running lines dropped, ruled tables as cells, tables over page breaks."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.config import Config
from pipeline.document import Document
from pipeline.ingest import ingest
from pipeline.ingest.layout import Layout
from pipeline.ingest.pdf import (
    PAGE_NUMBER,
    PageItem,
    PageLine,
    PdfTable,
    drop_running_lines,
    is_split_row,
    write_pages,
)
from tests.conftest import SAMPLES

BOX = (0.0, 100.0, 500.0, 700.0)


@pytest.fixture(scope="module")
def prose() -> Document:
    return ingest(SAMPLES / "001_179aec6b059d2134.pdf", Config())


@pytest.fixture(scope="module")
def plan() -> Document:
    return ingest(SAMPLES / "003_9d5918fb5c505e81.pdf", Config())


@pytest.fixture(scope="module")
def report() -> Document:
    return ingest(SAMPLES / "huaian_2024_annual_report.pdf", Config())


def texts(doc: Document, table: int) -> list[list[str]]:
    return [[doc.block_text(cell) for cell in row] for row in doc.tables()[table].rows]


@pytest.mark.parametrize(
    ("line", "is_number"),
    [("3", True), ("- 3 -", True), ("— 12 —", True), ("第 3 页", True), ("第3页 共9页", True), ("3/9", True)],
)
def test_page_number_lines(line: str, is_number: bool) -> None:
    assert bool(PAGE_NUMBER.fullmatch(line)) is is_number


@pytest.mark.parametrize("line", ["2024 年 3 月", "一、总体情况", "第三章", "共 15 件"])
def test_text_is_not_a_page_number(line: str) -> None:
    assert not PAGE_NUMBER.fullmatch(line)


@pytest.mark.parametrize(
    ("cells", "split"),
    [
        ([(0, ""), (1, ""), (2, "义印发的文件"), (3, ""), (4, ""), (5, "")], True),
        ([(0, ""), (1, "法提供"), (2, "2.没有现成信息"), (3, "11"), (4, "0"), (5, "11")], False),
        ([(0, "4"), (1, ""), (2, ""), (3, "")], False),
    ],
)
def test_split_rows(cells: list[tuple[int, str]], split: bool) -> None:
    assert is_split_row(cells) is split


def test_running_headers_and_page_numbers_are_dropped() -> None:
    pages: list[list[PageItem]] = [
        [
            PageLine("某市人民政府文件", 40, True),
            PageLine(f"正文第{n}页", 300, False),
            PageLine(f"- {n} -", 800, True),
        ]
        for n in range(1, 5)
    ]
    pages[1].append(PageLine("2024", 300, False))
    kept = drop_running_lines(pages)
    assert [[item.text for item in items if isinstance(item, PageLine)] for items in kept] == [
        ["正文第1页"],
        ["正文第2页", "2024"],
        ["正文第3页"],
        ["正文第4页"],
    ]


def test_a_table_continued_on_the_next_page_is_one_table() -> None:
    header = [(0, "序号"), (1, "任务"), (2, "单位")]
    pages: list[list[PageItem]] = [
        [
            PageLine("标题", 80, False),
            PdfTable([header, [(0, "1"), (1, "加强公开"), (2, "市政府办公")]], BOX),
        ],
        [PdfTable([header, [(0, ""), (1, ""), (2, "厅")], [(0, "2"), (1, "做好解读"), (2, "宣传部")]], BOX)],
        [PageLine("后记", 80, False), PdfTable([header, [(0, "3"), (1, "新表"), (2, "")]], BOX)],
    ]
    layout = Layout()
    write_pages(layout, pages)
    doc = Document("x", "x.pdf", "pdf", layout.text, layout.blocks)
    assert texts(doc, 0) == [
        ["序号", "任务", "单位"],
        ["1", "加强公开", "市政府办公厅"],
        ["2", "做好解读", "宣传部"],
    ]
    assert texts(doc, 1) == [["序号", "任务", "单位"], ["3", "新表", ""]]
    assert [row[0].page for row in doc.tables()[0].rows] == [1, 1, 2]


def test_prose_pages_and_no_page_numbers(prose: Document) -> None:
    assert prose.page_count == 5
    assert prose.tables() == []
    paragraphs = [prose.block_text(b) for b in prose.blocks]
    assert not any(PAGE_NUMBER.fullmatch(text) for text in paragraphs)
    assert [b.page for b in prose.blocks] == sorted(b.page for b in prose.blocks if b.page is not None)
    assert {b.page for b in prose.blocks} == {1, 2, 3, 4, 5}
    assert paragraphs[-2:] == ["鞍山市行政审批局", "2019 年 3 月 19 日"]
    assert prose.page_at(prose.text.index("三、重点领域政府信息公开情况")) == 2


def test_plan_table_is_one_table_with_one_header(plan: Document) -> None:
    assert len(plan.tables()) == 1
    rows = texts(plan, 0)
    assert len(rows) == 42
    assert rows[0] == ["序号", "指标名称", "主要工作任务", "牵头单位", "责任单位", "完成时限"]
    assert sum(row[0] == "序号" for row in rows) == 1
    assert rows[2][:2] == ["1", "加强决策预公开"] and rows[2][3:] == [
        "市政府办公厅",
        "市直各部门区县（市）政府",
        "全年",
    ]
    assert {row[0].page for row in plan.tables()[0].rows} == set(range(1, 12))


def test_plan_row_split_by_a_page_break_is_joined(plan: Document) -> None:
    rows = texts(plan, 0)
    third = next(row for row in rows if row[0] == "3")
    assert "以政府或政府办公厅（室）名义印发的文件" in third[2]
    assert third[2].endswith("避免误解误读。")
    last = next(row for row in rows if row[0] == "34")
    assert last[3:] == ["市政府办公厅", "市直各部门区县（市）政府", "全年"]


def test_plan_text_in_tables_is_not_repeated_as_paragraphs(plan: Document) -> None:
    paragraphs = [plan.block_text(b) for b in plan.blocks if b.kind == "paragraph"]
    assert paragraphs == ["沈阳市 2018 年政务公开重点工作安排"]


@pytest.mark.parametrize("rotation", [90, 270])
def test_table_text_is_excluded_on_rotated_pages(tmp_path: Path, rotation: int) -> None:
    source = pdfium.PdfDocument(SAMPLES / "003_9d5918fb5c505e81.pdf")
    rotated = pdfium.PdfDocument.new()
    rotated.import_pages(source, [0])
    rotated[0].set_rotation(rotation)
    path = tmp_path / "rotated.pdf"
    rotated.save(path)
    doc = ingest(path, Config())
    assert len(doc.tables()) == 1
    paragraphs = [doc.block_text(b) for b in doc.blocks if b.kind == "paragraph"]
    assert [text for text in paragraphs if not PAGE_NUMBER.fullmatch(text)] == [
        "沈阳市 2018 年政务公开重点工作安排"
    ]


def test_report_template_tables(report: Document) -> None:
    tables = report.tables()
    assert [len(t.rows) for t in tables] == [14, 28, 4]
    rows = texts(report, 1)
    assert rows[3] == ["一、本年新收政府信息公开申请数量", "3001", "53", "0", "0", "61", "4", "3119"]
    assert [cell.col for cell in tables[1].rows[3]] == [0, 3, 4, 5, 6, 7, 8, 9]
    assert rows[5][:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert texts(report, 2)[-1] == [
        "72",
        "64",
        "178",
        "37",
        "351",
        "13",
        "4",
        "8",
        "1",
        "26",
        "12",
        "1",
        "1",
        "6",
        "20",
    ]
    assert [row[0].page for row in tables[0].rows].count(4) == 6


def test_report_framed_paragraphs_stay_prose(report: Document) -> None:
    assert "本报告由淮安市人民政府办公室根据" in report.text
    first = next(b for b in report.blocks if "本报告由" in report.block_text(b))
    assert first.kind == "paragraph" and first.page == 1
