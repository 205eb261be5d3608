"""Reading a spreadsheet sent back by an admin: CSV as Excel saves it, or the first XLSX sheet.

CSV is read with the standard library; XLSX with openpyxl, so workbooks saved by Excel (shared
strings, styles, date cells) and by LibreOffice (inline strings) read the same.
"""

from __future__ import annotations

import csv
import datetime
import io
import warnings
import zipfile

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from bot.errors import UserError
from bot.reports.export import FORMATS

MAX_PART_BYTES = 50_000_000
MAX_ROWS = 20_000
# What openpyxl raises on a file that is not a workbook or is damaged: a bad zip, no workbook
# part (OSError), a missing part, no worksheet or an unknown XML encoding (LookupError), bad XML
# (SyntaxError, from ElementTree or lxml), bad values or attributes (ValueError, TypeError).
UNREADABLE = (
    zipfile.BadZipFile,
    InvalidFileException,
    OSError,
    LookupError,
    ValueError,
    TypeError,
    SyntaxError,
)


def check_format(file_format: str) -> None:
    """Refuse a format other than csv or xlsx."""
    if file_format not in FORMATS:
        raise UserError.from_catalogue("sheet_format")


def read_sheet(data: bytes, file_format: str) -> list[dict[str, str]]:
    """Read a CSV or XLSX sheet into one dict per row below the header (blank rows kept)."""
    check_format(file_format)
    table = read_xlsx(data) if file_format == "xlsx" else read_csv(data)
    if not table:
        raise UserError.from_catalogue("sheet_empty")
    header = [cell.strip().casefold() for cell in table[0]]
    return [
        {name: clean_cell(row[i] if i < len(row) else "") for i, name in enumerate(header) if name}
        for row in table[1:]
    ]


def clean_cell(cell: str) -> str:
    """Undo the export's formula guard ('=…) and Windows line breaks."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@"):
        cell = cell[1:]
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def read_csv(data: bytes) -> list[list[str]]:
    """Read CSV bytes: UTF-8 (with or without Excel's BOM) or Windows-1252; ',' ';' or tab."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UserError.from_catalogue("sheet_csv_encoding") from error
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_xlsx(data: bytes) -> list[list[str]]:
    """Read the first sheet of an XLSX workbook into rows of text (missing cells read as '')."""
    refuse_oversized_parts(data)
    try:
        # openpyxl warns about parts it drops (styles, drawings, extensions); only values matter.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return sheet_rows(workbook.worksheets[0])
            finally:
                workbook.close()
    except UNREADABLE as error:
        raise UserError.from_catalogue("sheet_xlsx_unreadable") from error


def refuse_oversized_parts(data: bytes) -> None:
    """Refuse a workbook with a part that would unpack beyond MAX_PART_BYTES (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = [info.file_size for info in archive.infolist()]
    except zipfile.BadZipFile:
        return  # openpyxl refuses it with the same error as any unreadable file
    if max(sizes, default=0) > MAX_PART_BYTES:
        raise UserError.from_catalogue("sheet_xlsx_too_large")


def sheet_rows(sheet: ReadOnlyWorksheet) -> list[list[str]]:
    """Return a worksheet's values as rows of text, refusing one longer than MAX_ROWS."""
    sheet.reset_dimensions()  # some writers store a wrong size; read every row there is
    rows = []
    # openpyxl's stubs declare iter_rows on Worksheet only; ReadOnlyWorksheet has it too.
    rows_found = sheet.iter_rows(values_only=True)  # type: ignore[misc]
    for number, row in enumerate(rows_found, start=1):
        if number > MAX_ROWS:
            raise UserError.from_catalogue("sheet_too_many_rows")
        rows.append([cell_text(value) for value in row])
    return rows


def cell_text(value: object) -> str:
    """Return a cell's value as the text the import reads (dates as ISO 8601, 37.0 as 37)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
