"""DOCX ingest: package safety, numbering rendered as Word shows it, tables as grid cells."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from lxml import etree

from pipeline.config import Config
from pipeline.document import Document
from pipeline.errors import UnsafeFileError
from pipeline.ingest import ingest
from pipeline.ingest.numbering import FORMATTERS, ListNumbers, chinese_number
from tests.conftest import DATA, SAMPLES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def build_docx(tmp_path: Path, fill) -> Path:  # type: ignore[no-untyped-def]
    document = docx.Document()
    fill(document)
    path = tmp_path / "made.docx"
    document.save(str(path))
    return path


def rows_of(doc: Document, table: int = 0) -> list[list[tuple[int | None, str]]]:
    return [[(cell.col, doc.block_text(cell)) for cell in row] for row in doc.tables()[table].rows]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (100, "一百"), (105, "一百零五")],
)
def test_chinese_counting(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    ("fmt", "n", "text"),
    [
        ("decimal", 3, "3"),
        ("ideographTraditional", 2, "乙"),
        ("decimalEnclosedCircle", 4, "④"),
        ("lowerLetter", 28, "bb"),
        ("upperRoman", 9, "IX"),
        ("chineseLegalSimplified", 12, "壹拾贰"),
        ("decimalFullWidth", 12, "１２"),
    ],
)
def test_number_formats(fmt: str, n: int, text: str) -> None:
    assert FORMATTERS[fmt](n) == text


def test_numbered_docx_reads_like_the_plain_one() -> None:
    plain = ingest(SAMPLES / "000_bb7ad2cec91f680d.docx", Config())
    numbered = ingest(SAMPLES / "000_bb7ad2cec91f680d.numbered.docx", Config())
    assert numbered.text == plain.text
    assert [b.numbering for b in numbered.blocks if b.numbering] == ["一、", "二、", "三、", "四、"]
    heading = next(b for b in numbered.blocks if b.numbering)
    assert numbered.block_text(heading).startswith("一、推进决策实施公开")


def test_numbering_inherited_from_paragraph_styles(tmp_path: Path) -> None:
    def fill(document):  # type: ignore[no-untyped-def]
        for text, style in [
            ("甲", "List Number"),
            ("乙", "List Number 2"),
            ("丙", "List Number 2"),
            ("丁", "List Number"),
        ]:
            document.add_paragraph(text, style=style)

    doc = ingest(build_docx(tmp_path, fill), Config())
    assert [b.numbering for b in doc.blocks] == ["1.", "1.", "2.", "2."]
    assert doc.text.split("\n") == ["1.甲", "1.乙", "2.丙", "2.丁"]


NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="7">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3"/>
    <w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="4"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%5"/><w:isLgl/></w:lvl>
  <w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="7"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"""


def test_list_levels_nest_restart_and_override() -> None:
    numbers = ListNumbers(etree.fromstring(NUMBERING))
    calls = [
        ("1", 0),
        ("1", 1),
        ("1", 1),
        ("1", 2),
        ("1", 4),
        ("1", 0),
        ("1", 1),
        ("1", 3),
        ("2", 0),
        ("9", 0),
    ]
    rendered = [numbers.render(num_id, level) for num_id, level in calls]
    assert rendered == [
        ("一、", ""),
        ("（一）", ""),
        ("（二）", ""),
        ("一.1", " "),
        ("1.1", ""),
        ("二、", ""),
        ("（一）", ""),
        None,
        ("五、", ""),
        None,
    ]


def test_paragraphs_and_tables_keep_body_order(tmp_path: Path) -> None:
    def fill(document):  # type: ignore[no-untyped-def]
        document.add_paragraph("前言")
        table = document.add_table(rows=3, cols=3)
        for r, row in enumerate([["序号", "任务", "单位"], ["1", "加强公开", "办公厅"], ["", "", ""]]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        table.cell(1, 2).add_paragraph("宣传部")
        document.add_paragraph("后记")

    doc = ingest(build_docx(tmp_path, fill), Config())
    assert doc.text == "前言\n序号\t任务\t单位\n1\t加强公开\t办公厅 宣传部\n后记"
    assert [b.kind for b in doc.blocks].count("table_cell") == 6


PARAGRAPH_PARTS = f"""<w:p xmlns:w="{W}">
  <w:r><w:t>加强</w:t></w:r>
  <w:ins w:id="1" w:author="a"><w:r><w:t>政策</w:t></w:r></w:ins>
  <w:del w:id="2" w:author="a"><w:r><w:delText>删除的</w:delText></w:r></w:del>
  <w:hyperlink><w:r><w:t>解读</w:t></w:r></w:hyperlink>
  <w:r><w:instrText>PAGE</w:instrText><w:br w:type="page"/><w:t>工作</w:t></w:r>
</w:p>"""


def test_paragraph_text_is_what_word_shows(tmp_path: Path) -> None:
    def fill(document):  # type: ignore[no-untyped-def]
        document.element.body.insert(0, parse_xml(PARAGRAPH_PARTS))

    doc = ingest(build_docx(tmp_path, fill), Config())
    assert doc.text == "加强政策解读工作"


def test_merged_cells_keep_grid_columns(tmp_path: Path) -> None:
    def fill(document):  # type: ignore[no-untyped-def]
        table = document.add_table(rows=3, cols=3)
        table.cell(0, 0).merge(table.cell(0, 1)).text = "横向合并"
        table.cell(0, 2).text = "列三"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向合并"
        table.cell(1, 1).text = "b"
        table.cell(2, 1).text = "c"

    doc = ingest(build_docx(tmp_path, fill), Config())
    assert rows_of(doc) == [
        [(0, "横向合并"), (2, "列三")],
        [(0, "纵向合并"), (1, "b"), (2, "")],
        [(0, ""), (1, "c"), (2, "")],
    ]


def test_sample_003_table_rows() -> None:
    doc = ingest(SAMPLES / "003_9d5918fb5c505e81.docx", Config())
    rows = [[text for _, text in row] for row in rows_of(doc)]
    assert rows[0] == ["序号", "指标名称", "主要工作任务", "牵头单位", "责任单位", "完成时限"]
    assert rows[2][:2] == ["1", "加强决策预公开"] and rows[2][3:] == [
        "市政府办公厅",
        "市直各部门 区县（市）政府",
        "全年",
    ]
    assert rows[4][3] == "市政府办公厅 市委宣传部"
    assert sum(row[0] == "序号" for row in rows) == 1
    assert all(b.page is None for b in doc.blocks)


def test_annual_report_template_tables() -> None:
    doc = ingest(DATA / "templates" / "annual_report_template_2021.docx", Config())
    tables = doc.tables()
    assert [len(t.rows) for t in tables] == [14, 28, 3]
    header = [(cell.col, doc.block_text(cell)) for cell in tables[2].rows[0]]
    assert header == [(0, "行政复议"), (5, "行政诉讼")]


def zip_with(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        ({"word/document.xml": b"<w:document/>" + b" " * 5000}, "would inflate to"),
        (
            {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "x">]><d>&a;</d>'},
            "declares a DTD",
        ),
        ({"word/document.xml": '<!DOCTYPE d SYSTEM "http://x">'.encode("utf-16-le")}, "declares a DTD"),
    ],
)
def test_unsafe_packages_are_refused(tmp_path: Path, parts: dict[str, bytes], reason: str) -> None:
    path = tmp_path / "unsafe.docx"
    path.write_bytes(zip_with(parts))
    with pytest.raises(UnsafeFileError, match=reason):
        ingest(path, Config(max_inflated_bytes=4096))
