"""Spreadsheets (.xlsx, .xls, .et, .ods): task tables read as tables, merged cells as in DOCX, every
sheet; damaged workbooks and zip bombs refused with their reason."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt

from pipeline.config import Config
from pipeline.document import Document
from pipeline.ingest import ingest
from pipeline.process import extract_file
from pipeline.records import Task, Unit
from tests.conftest import SAMPLES

TABLE_PLAN = SAMPLES / "003_9d5918fb5c505e81.docx"
BAD = Path("/work/shared/corpora/bad/formats")
HEADER = ["序号", "类别", "工作任务", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    ["1", "决策公开", "推进重大决策预公开", "市司法局", "市政府办公室", "2024年6月底前"],
    ["2", "", "做好政策解读", "", "市委网信办", "持续推进"],
    ["3", "平台建设", "加强政府网站建设", "市数据局", "", "2024年12月底前"],
]
MERGES = [(1, 2, 1, 1), (1, 2, 3, 3)]  # (first row, last row, first column, last column): 类别 and 牵头单位


def grid(doc: Document) -> list[list[str]]:
    return [[doc.block_text(cell) for cell in row] for table in doc.tables() for row in table.rows]


def tasks_and_units(doc: Document) -> tuple[list[str], list[tuple[str, str]]]:
    return (
        [span.record.title for span in doc.spans_of(Task)],
        sorted((span.record.role, span.record.unit) for span in doc.spans_of(Unit)),
    )


def write_xlsx(path: Path, rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务分工"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value:
                sheet.cell(r, c, value)
    for r1, r2, c1, c2 in merges:
        sheet.merge_cells(start_row=r1 + 1, end_row=r2 + 1, start_column=c1 + 1, end_column=c2 + 1)
    book.create_sheet("说明").cell(1, 1, "本表由市政务公开办编制")
    book.save(path)
    return path


def write_xls(path: Path, rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("任务分工")
    merged = {(r, c) for r1, r2, c1, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r1, r2, c1, c2 in merges:
        sheet.write_merge(r1, r2, c1, c2, rows[r1][c1])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value and (r, c) not in merged:
                sheet.write(r, c, value)
    book.add_sheet("说明").write(0, 0, "本表由市政务公开办编制")
    book.save(str(path))
    return path


@pytest.mark.parametrize(
    ("suffix", "write"), [(".xlsx", write_xlsx), (".xls", write_xls), (".et", write_xls)]
)
def test_a_task_table_with_merged_cells_gives_its_tasks_and_units(tmp_path: Path, suffix: str, write) -> None:
    path = write(tmp_path / f"plan{suffix}", [HEADER, *ROWS], MERGES)
    doc = extract_file(path)
    assert not doc.errors
    assert grid(doc)[2] == ["2", "做好政策解读", "市委网信办", "持续推进"]  # merged cells: in their first row
    titles, units = tasks_and_units(doc)
    assert titles == ["推进重大决策预公开", "做好政策解读", "加强政府网站建设"]
    assert ("cooperating", "市委网信办") in units and ("lead", "市数据局") in units
    assert "本表由市政务公开办编制" in doc.text  # every sheet


def test_the_table_plan_as_a_workbook_gives_the_tasks_and_units_of_its_docx(tmp_path: Path) -> None:
    docx_doc = extract_file(TABLE_PLAN)
    path = write_xlsx(tmp_path / "plan.xlsx", grid(ingest(TABLE_PLAN, Config())), [])
    assert tasks_and_units(extract_file(path)) == tasks_and_units(docx_doc)


def test_numbers_and_dates_are_written_as_people_read_them(tmp_path: Path) -> None:
    import datetime as dt

    book = openpyxl.Workbook()
    book.active.append(["序号", "工作任务", "完成时间", "数量"])
    book.active.append([1, "做好政策解读", dt.datetime(2024, 6, 30), 12.5])
    book.save(tmp_path / "values.xlsx")
    assert grid(ingest(tmp_path / "values.xlsx", Config()))[1] == ["1", "做好政策解读", "2024-06-30", "12.5"]


@pytest.mark.parametrize(
    ("name", "kind", "words"),
    [("zip_bomb.xlsx", "unsafe_file", "inflate"), ("garbage.xls", "damaged_file", "damaged XLS")],
)
def test_a_bad_workbook_is_refused_with_its_reason(tmp_path: Path, name: str, kind: str, words: str) -> None:
    path = shutil.copy(BAD / name, tmp_path / name)
    doc = extract_file(Path(path))
    assert [error.kind for error in doc.errors] == [kind] and words in doc.errors[0].message


def write_ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet: mimetype, manifest and one table of text cells."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
            if value
            else "<table:table-cell/>"
            for value in row
        )
        + "</table:table-row>"
        for row in rows
    )
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="任务">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        package.writestr("content.xml", content)
        package.writestr("META-INF/manifest.xml", manifest)
    return path


def test_an_opendocument_spreadsheet_is_read_as_a_table(tmp_path: Path) -> None:
    doc = extract_file(write_ods(tmp_path / "plan.ods", [HEADER, *ROWS]))
    assert doc.format == "ods" and not doc.errors
    assert [span.record.title for span in doc.spans_of(Task)] == [row[2] for row in ROWS]
