"""Write report rows as CSV (standard library) or XLSX (openpyxl)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.access.roles import Role
from bot.errors import UserError
from bot.reports.filing import CHECKLIST, IOMKI_ANSWERS, STATUSES, Reports, label

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


# Without a date, an export covers this many days.
EXPORT_DAYS = 30


@dataclass(frozen=True, slots=True)
class ReportExport:
    """The reports one export holds; `content()` writes the file (slow for thousands of rows,
    so a front end may call it in a worker thread: it touches no database)."""

    rows: list[dict[str, Any]]
    since: str
    file_format: str

    @property
    def filename(self) -> str:
        """The file's name, e.g. laporan-sejak-2021-07-01.xlsx."""
        return f"laporan-sejak-{self.since}.{self.file_format}"

    def content(self) -> bytes:
        """Return the file's bytes."""
        return export_reports(self.rows, self.file_format)


def export_request(reports: Reports, user_id: int, options: Sequence[str]) -> ReportExport:
    """The reports an admin exports with `/laporan ekspor [csv|xlsx] [YYYY-MM-DD]`."""
    reports.roles.require(user_id, "report.export", Role.ADMIN)
    words = [option.casefold() for option in options]
    file_format = "xlsx" if "xlsx" in words else "csv"
    since = next((w for w in words if w[:1].isdigit()), None) or reports.days_ago(EXPORT_DAYS)
    try:
        dt.date.fromisoformat(since)
    except ValueError:
        raise UserError.from_catalogue("report_date_format") from None
    return ReportExport(reports.rows_for(user_id, since), since, file_format)


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


def to_xlsx(table: list[list[Any]], sheet_name: str = "Laporan") -> bytes:
    """Write a table as a one-sheet XLSX workbook: numbers as numbers, everything else as text."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    for row in table:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    """Return one cell; text stays text, so a value starting with '=' is never a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value)
    text = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    return cell
