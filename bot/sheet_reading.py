"""Reading a spreadsheet sent back by an admin: CSV as Excel saves it, or the first XLSX sheet.

Only the standard library is used: csv for CSV, zipfile and ElementTree for XLSX (shared,
inline and formula strings, numbers, booleans; missing rows and cells read as '').
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from xml.etree import ElementTree

from bot.errors import UserError
from bot.export import FORMATS

MAX_PART_BYTES = 50_000_000
MAX_ROWS = 20_000


def check_format(file_format: str) -> None:
    """Refuse a format other than csv or xlsx."""
    if file_format not in FORMATS:
        raise UserError("Format harus csv atau xlsx.", "The format must be csv or xlsx.")


def read_sheet(data: bytes, file_format: str) -> list[dict[str, str]]:
    """Read a CSV or XLSX sheet into one dict per row below the header (blank rows kept)."""
    check_format(file_format)
    table = read_xlsx(data) if file_format == "xlsx" else read_csv(data)
    if not table:
        raise UserError("Lembar kerjanya kosong.", "The sheet is empty.")
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
            raise UserError("Simpan CSV sebagai UTF-8.", "Save the CSV as UTF-8.") from error
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_xlsx(data: bytes) -> list[list[str]]:
    """Read the first sheet of an XLSX workbook (shared and inline strings) into rows."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            strings = shared_strings(archive)
            root = xml_part(archive, first_sheet(archive))
            return sheet_rows(root, strings)
    except (
        zipfile.BadZipFile,
        KeyError,
        IndexError,
        ValueError,
        StopIteration,
        ElementTree.ParseError,
    ) as error:
        message = ("Berkas XLSX tidak bisa dibaca.", "The XLSX file cannot be read.")
        raise UserError(*message) from error


def local(tag: str) -> str:
    """Return an XML tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def xml_part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """Parse one part of the workbook, refusing oversized parts."""
    if archive.getinfo(name).file_size > MAX_PART_BYTES:
        raise UserError("Berkas XLSX terlalu besar.", "The XLSX file is too large.")
    return ElementTree.fromstring(archive.read(name))


def first_sheet(archive: zipfile.ZipFile) -> str:
    """Return the path of the workbook's first worksheet."""
    workbook = xml_part(archive, "xl/workbook.xml")
    sheet = next(el for el in workbook.iter() if local(el.tag) == "sheet")
    relation = next(value for key, value in sheet.attrib.items() if local(key) == "id")
    relations = xml_part(archive, "xl/_rels/workbook.xml.rels")
    target = next(el.get("Target", "") for el in relations if el.get("Id") == relation)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """Return the workbook's shared strings (none if it has no such part)."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = xml_part(archive, "xl/sharedStrings.xml")
    return [string_text(item) for item in root if local(item.tag) == "si"]


def string_text(element: ElementTree.Element) -> str:
    """Join the <t> texts of a string item or rich-text runs (phonetic runs skipped)."""
    parts = []
    for child in element:
        if local(child.tag) == "t":
            parts.append(child.text or "")
        elif local(child.tag) == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def sheet_rows(root: ElementTree.Element, strings: list[str]) -> list[list[str]]:
    """Return a worksheet's cells as rows, filling gaps (missing rows and cells) with ''."""
    rows: dict[int, dict[int, str]] = {}
    for row in (el for el in root.iter() if local(el.tag) == "row"):
        number = int(row.get("r") or max(rows, default=0) + 1)
        if number > MAX_ROWS:
            raise UserError("Lembar kerja terlalu panjang.", "The sheet has too many rows.")
        cells: dict[int, str] = {}
        for cell in (el for el in row if local(el.tag) == "c"):
            reference = cell.get("r")
            column = column_index(reference) if reference else max(cells, default=-1) + 1
            cells[column] = cell_text(cell, strings)
        rows[number] = cells
    return [
        [rows.get(n, {}).get(i, "") for i in range(max(rows.get(n, {}), default=-1) + 1)]
        for n in range(1, max(rows, default=0) + 1)
    ]


def column_index(reference: str) -> int:
    """Return the 0-based column of a cell reference ('B7' → 1)."""
    index = 0
    for letter in itertools.takewhile(str.isalpha, reference.upper()):
        index = index * 26 + ord(letter) - 64
    return index - 1


def cell_text(cell: ElementTree.Element, strings: list[str]) -> str:
    """Return a cell's value as text: shared, inline or formula string, number or boolean."""
    kind = cell.get("t", "n")
    children = {local(child.tag): child for child in cell}
    if kind == "inlineStr":
        return string_text(children["is"]) if "is" in children else ""
    value = children["v"].text or "" if "v" in children else ""
    if kind == "s":
        return strings[int(value)]
    if kind == "n" and value and float(value).is_integer():
        return str(int(float(value)))
    return value
