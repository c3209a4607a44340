"""Spreadsheet backend (.xlsx, .xls, .et, .ods): every sheet a table, read with python-calamine.

A zip workbook is checked first like any zip package (pipeline/ingest/packages.py). Each visible
sheet with cells becomes its name as a heading line, then its rows as table cells in their
columns; a merged cell holds its value in its first row and column only, as merged cells do in
DOCX tables and web pages (the plan readers carry a category down). Whole numbers are written
without a decimal point, dates as ISO dates.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import python_calamine

from pipeline.config import Config
from pipeline.errors import DamagedFileError, EncryptedFileError
from pipeline.ingest.layout import Layout
from pipeline.ingest.packages import check_package

KINDS = {"xlsx": "XLSX", "ods": "ODS", "xls": "XLS"}


def read_sheet(data: bytes, path: str, config: Config, kind: str) -> Layout:
    """Lay out every visible sheet of a workbook as a table."""
    if kind != "xls":
        check_package(data, path, config.max_inflated_bytes, KINDS[kind])
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as err:
        raise EncryptedFileError(path, "encrypted workbook: it needs a password to open") from err
    except Exception as err:  # calamine reports a damaged workbook with errors of many kinds
        raise DamagedFileError(path, f"damaged {KINDS[kind]} workbook: {err}") from err
    layout = Layout()
    for sheet_info in workbook.sheets_metadata:
        if sheet_info.visible != python_calamine.SheetVisibleEnum.Visible:
            continue
        try:
            sheet = workbook.get_sheet_by_name(sheet_info.name)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception as err:
            raise DamagedFileError(path, f"damaged {KINDS[kind]} sheet {sheet_info.name!r}: {err}") from err
        add_sheet(layout, sheet_info.name, rows)
    return layout


def add_sheet(layout: Layout, name: str, rows: Sequence[Sequence[object]]) -> None:
    """The sheet's name, then its rows with any text as one table."""
    cells = [[(col, cell_text(value)) for col, value in enumerate(row)] for row in rows]
    cells = [[cell for cell in row if cell[1]] for row in cells]
    cells = [row for row in cells if row]
    if not cells:
        return
    layout.add_line(name, kind="heading")
    table = layout.new_table()
    for index, row in enumerate(cells):
        layout.add_row(row, table, index)


def cell_text(value: object) -> str:
    """A cell's value as text: 12.0 as 12, a date as 2024-06-30, text stripped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value).strip()
