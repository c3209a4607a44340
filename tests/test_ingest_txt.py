"""TXT ingest: encodings, lines as paragraph blocks, separated lines as table cells."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.document import Document
from pipeline.ingest import ingest
from pipeline.ingest.detect import count_controls, is_control
from tests.conftest import SAMPLES


def ingest_bytes(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Document:
    path = tmp_path / name
    path.write_bytes(data)
    return ingest(path, Config())


def cell_rows(doc: Document, table: int = 0) -> list[list[str]]:
    return [[doc.block_text(cell) for cell in row] for row in doc.tables()[table].rows]


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("政务公开工作要点".encode(), "政务公开工作要点", "utf-8"),
        ("\ufeff政务公开工作要点".encode(), "政务公开工作要点", "utf-8-sig"),
        ("政务公开工作要点".encode("utf-16"), "政务公开工作要点", "utf-16"),
        ("政务公开工作要点，全年推进落实。".encode("gb18030"), "政务公开工作要点，全年推进落实。", "gb18030"),
        ("市政府办公厅".encode("gb18030"), "市政府办公厅", "gb18030"),
        ("关于印发政务公开工作要点的通知".encode("gb18030"), "关于印发政务公开工作要点的通知", "gb18030"),
        ("政府資訊公開工作年度報告".encode("big5"), "政府資訊公開工作年度報告", "big5hkscs"),
        ("政务公开".encode() + b"\xe5\xb7", "政务公开\ufffd", "utf-8"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes, text: str, encoding: str) -> None:
    doc = ingest_bytes(tmp_path, data)
    assert (doc.text, doc.encoding) == (text, encoding)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("一、总体要求\r\n（一）加强领导\r\n", ["一、总体要求", "（一）加强领导"]),
        ("第一行\r第二行", ["第一行", "第二行"]),
        ("\u3000\u3000缩进的段落  \n\n\n下一段", ["缩进的段落", "下一段"]),
    ],
)
def test_each_non_empty_line_is_a_paragraph(tmp_path: Path, text: str, lines: list[str]) -> None:
    doc = ingest_bytes(tmp_path, text.encode())
    assert [doc.block_text(b) for b in doc.blocks] == lines
    assert {b.kind for b in doc.blocks} == {"paragraph"}
    assert "\r" not in doc.text


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (
            "序号\t任务\t牵头单位\n1\t加强预公开\t市政府办公厅\n",
            [["序号", "任务", "牵头单位"], ["1", "加强预公开", "市政府办公厅"]],
        ),
        (
            "| 项目 | 数量 | 单位 |\n|---|:--:|---|\n| 主动公开 | 120 | 条 |",
            [["项目", "数量", "单位"], ["主动公开", "120", "条"]],
        ),
        ("｜项目｜数量｜\n｜规章｜0｜", [["项目", "数量"], ["规章", "0"]]),
        ("a\t\tc\n\t\t\n1\t\t3", [["a", "", "c"], ["1", "", "3"]]),
        (
            "序号\t任务\t单位\n1\t甲\t乙\n\n序号\t任务\t单位\n2\t丙\t丁",
            [["序号", "任务", "单位"], ["1", "甲", "乙"], ["2", "丙", "丁"]],
        ),
    ],
)
def test_separated_lines_become_table_cells(tmp_path: Path, text: str, rows: list[list[str]]) -> None:
    doc = ingest_bytes(tmp_path, text.encode())
    assert cell_rows(doc) == rows
    assert all(b.kind == "table_cell" for b in doc.blocks)


def test_a_table_row_is_its_cells_joined_by_tabs(tmp_path: Path) -> None:
    doc = ingest_bytes(tmp_path, "前言\n| 甲 | 乙 | 丙 |\n| 1 | 2 | 3 |\n后记".encode())
    assert doc.text == "前言\n甲\t乙\t丙\n1\t2\t3\n后记"
    assert [(b.row, b.col) for b in doc.blocks if b.kind == "table_cell"][:4] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (1, 0),
    ]


@pytest.mark.parametrize("text", ["说明：甲\t乙\t丙三项", "| 只有一行 | 不是表 |"])
def test_a_lone_separated_line_stays_a_paragraph(tmp_path: Path, text: str) -> None:
    doc = ingest_bytes(tmp_path, f"{text}\n正文".encode())
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]


def test_gbk_sample_equals_the_utf8_one() -> None:
    gbk = ingest(SAMPLES / "004_1f809c4b636a09c4.gbk.txt", Config())
    utf8 = ingest(SAMPLES / "004_1f809c4b636a09c4.txt", Config())
    assert gbk.text == utf8.text
    assert gbk.encoding == "gb18030"


def test_sample_003_tables_keep_rows_and_drop_repeated_headers() -> None:
    doc = ingest(SAMPLES / "003_9d5918fb5c505e81.txt", Config())
    tables = doc.tables()
    assert len(tables) == 2
    rows = cell_rows(doc, 1)
    assert rows[0] == ["序号", "指标名称", "主要工作任务", "牵头单位", "责任单位", "完成时限"]
    assert sum(row[:2] == ["序号", "指标名称"] for row in rows) == 1
    assert rows[1][:2] == ["4", "推进执行结果公开"]


def test_doc_id_is_the_content_hash() -> None:
    path = SAMPLES / "000_bb7ad2cec91f680d.txt"
    doc = ingest(path, Config())
    assert doc.doc_id == hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    assert doc.format == "txt" and doc.page_count is None
    assert all(b.page is None for b in doc.blocks)


@pytest.mark.parametrize(
    "text",
    [
        "政务公开工作要点\n一、总体要求\t(一)",
        "公开\u3000\xa0\u2028条目",  # white space that is no control character
        "公开\x1c条目\x85",  # white space that is a control character
        "公开\ue000条目\u0378",  # private use, unassigned
        "\ufeff公开\u200b条目",  # format characters are not printable, and no controls either
    ],
)
def test_controls_are_counted_as_one_character_at_a_time_counts_them(text: str) -> None:
    assert count_controls(text) == sum(1 for ch in text if is_control(ch))


def test_a_table_that_starts_with_a_row_of_figures_keeps_its_repeated_rows(tmp_path: Path) -> None:
    """Two rows of the same figures are two rows; only a header of names repeats over page breaks."""
    text = "（五）不予处理\n| 0 | 0 | 0 | 0 |\n| 0 | 0 | 0 | 0 |\n| 3 | 1 | 0 | 4 |\n其他处理情况说明。\n"
    path = tmp_path / "rows.txt"
    path.write_text(text, encoding="utf-8")
    rows = {block.row for block in ingest(path, Config()).blocks if block.kind == "table_cell"}
    assert rows == {0, 1, 2}


def test_a_header_of_column_names_repeated_after_a_page_break_is_dropped(tmp_path: Path) -> None:
    header = "| 序号 | 任务 | 单位 |\n"
    text = f"{header}| 1 | 公开 | 市政府办公室 |\n{header}| 2 | 解读 | 市司法局 |\n"
    path = tmp_path / "rows.txt"
    path.write_text(text, encoding="utf-8")
    rows = {block.row for block in ingest(path, Config()).blocks if block.kind == "table_cell"}
    assert rows == {0, 1, 2}
