"""Write report rows as CSV or XLSX (a minimal Office Open XML workbook, written by hand)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from bot.reports import CHECKLIST, IOMKI_ANSWERS, STATUSES, label

COLUMNS = (
    ("id", "ID"),
    ("report_date", "Tanggal"),
    ("created_at", "Waktu (UTC)"),
    ("province", "Provinsi"),
    ("district", "Kabupaten/Kota"),
    ("officer_id", "ID petugas"),
    ("company", "Perusahaan"),
    ("iomki", "Pemegang IOMKI"),
    ("status", "Status"),
    ("workers", "Jumlah pekerja"),
    ("checklist", "Checklist protokol"),
    ("notes", "Catatan"),
    ("latitude", "Lintang"),
    ("longitude", "Bujur"),
    ("photo_file_id", "Foto (file id)"),
)
FORMATS = ("csv", "xlsx")


def display_row(row: dict[str, Any]) -> list[Any]:
    """Return a report row's cells in column order, with readable labels."""
    values = dict(row)
    values["iomki"] = label(IOMKI_ANSWERS, row["iomki"], "id")
    values["status"] = label(STATUSES, row["status"], "id")
    values["checklist"] = ", ".join(
        label(CHECKLIST, key, "id") for key in row["checklist"].split(",") if key
    )
    return [values.get(key) for key, _ in COLUMNS]


def export_reports(rows: Sequence[dict[str, Any]], file_format: str) -> bytes:
    """Return the rows as a CSV (UTF-8 with BOM, so Excel reads it) or XLSX file."""
    table = [[title for _, title in COLUMNS], *(display_row(row) for row in rows)]
    return to_xlsx(table) if file_format == "xlsx" else to_csv(table)


def to_csv(table: list[list[Any]]) -> bytes:
    """Write a table as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table:
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def safe_cell(cell: Any) -> Any:
    """Stop a spreadsheet from running a cell as a formula (=, +, -, @ at the start)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def column_name(index: int) -> str:
    """Return the spreadsheet column letters of a 0-based index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def xlsx_cell(reference: str, value: Any) -> str:
    """Return one <c> element: numbers as numbers, everything else as inline text."""
    if isinstance(value, bool) or value is None:
        value = "" if value is None else str(value)
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    text = escape(str(value)).replace("\n", "&#10;")
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def sheet_xml(table: list[list[Any]]) -> str:
    """Return the worksheet XML of a table."""
    rows = []
    for number, row in enumerate(table, start=1):
        cells = "".join(xlsx_cell(f"{column_name(i)}{number}", v) for i, v in enumerate(row))
        rows.append(f'<row r="{number}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )


XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Laporan" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def to_xlsx(table: list[list[Any]]) -> bytes:
    """Write a table as a one-sheet XLSX workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in XLSX_PARTS.items():
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(table))
    return buffer.getvalue()
