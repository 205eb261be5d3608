"""Small XLSX files written part by part, the way Excel and LibreOffice save them.

Excel keeps text in a shared-strings part and refers to it by index (t="s"), styles the header
and stores a date as a serial number with a date format. LibreOffice can write each string
inline in its cell (t="inlineStr") and stores numbers as numbers (t="n"). Both are zip files of
the same few parts; only the worksheet and the optional shared strings and styles differ.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Excel's style part: font 1 is bold (the header), cell format 2 shows a date (built-in 14).
EXCEL_STYLES = (
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
HEADER_STYLE = 1
DATE_STYLE = 2


def column_letter(index: int) -> str:
    """The letter of a 0-based column (the fixtures stay within A-Z)."""
    return chr(65 + index)


def excel_workbook(rows: list[list[str | int]], date_cells: dict[str, int] | None = None) -> bytes:
    """A workbook as Excel saves it: shared strings, a bold header, date serials in date_cells."""
    strings: list[str] = []
    dates = date_cells or {}
    xml_rows = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            reference = f"{column_letter(index)}{number}"
            style = f' s="{HEADER_STYLE}"' if number == 1 else ""
            if reference in dates:
                cells.append(f'<c r="{reference}" s="{DATE_STYLE}"><v>{dates[reference]}</v></c>')
            elif isinstance(value, int):
                cells.append(f'<c r="{reference}"{style}><v>{value}</v></c>')
            elif value != "":
                if value not in strings:
                    strings.append(value)
                position = strings.index(value)
                cells.append(f'<c r="{reference}"{style} t="s"><v>{position}</v></c>')
        xml_rows.append(f'<row r="{number}" spans="1:{len(row)}">{"".join(cells)}</row>')
    items = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
    shared = (
        f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )
    return workbook(worksheet(xml_rows, len(rows)), shared_strings=shared, styles=EXCEL_STYLES)


def libreoffice_workbook(rows: list[list[str | int | float]]) -> bytes:
    """A workbook as LibreOffice can save it: inline strings, numbers as numbers, no styles."""
    xml_rows = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            reference = f"{column_letter(index)}{number}"
            if isinstance(value, int | float):
                cells.append(f'<c r="{reference}" s="0" t="n"><v>{value}</v></c>')
            else:
                text = escape(value).replace("\n", "&#10;")
                cells.append(
                    f'<c r="{reference}" s="0" t="inlineStr"><is><t xml:space="preserve">'
                    f"{text}</t></is></c>"
                )
        xml_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    return workbook(worksheet(xml_rows, len(rows)))


def worksheet(xml_rows: list[str], row_count: int) -> str:
    """The worksheet part around its rows."""
    return (
        f'<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f'<dimension ref="A1:Z{row_count}"/>'
        f"<sheetData>{''.join(xml_rows)}</sheetData></worksheet>"
    )


def workbook(sheet: str, shared_strings: str | None = None, styles: str | None = None) -> bytes:
    """Zip the parts of a one-sheet workbook; shared strings and styles only when given."""
    extra = {"sharedStrings": shared_strings, "styles": styles}
    present = {name: content for name, content in extra.items() if content is not None}
    overrides = "".join(
        f'<Override PartName="/xl/{name}.xml" ContentType="{CONTENT_TYPE}.{name}+xml"/>'
        for name in present
    )
    relations = "".join(
        f'<Relationship Id="rId{number}" Type="{RELATIONSHIPS}/{name}" Target="{name}.xml"/>'
        for number, name in enumerate(present, start=2)
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CONTENT_TYPE}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{CONTENT_TYPE}.worksheet+xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            '<sheets><sheet name="Pengetahuan" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
            f'Target="worksheets/sheet1.xml"/>{relations}</Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
        **{f"xl/{name}.xml": content for name, content in present.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, DECLARATION + content)
    return buffer.getvalue()
