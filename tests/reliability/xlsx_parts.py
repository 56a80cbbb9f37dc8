"""A workbook written part by part, the way an attacker with a zip tool would build one.

Excel and openpyxl write well-behaved files; the hostile ones (a DTD, a shared string of forty
megabytes, a million rows, a cell in column XFD) have to be assembled by hand.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook_parts(rows: list[list[str]], extra_rows: str = "") -> dict[str, str]:
    """The XML parts of a one-sheet workbook whose cells are shared strings."""
    strings: list[str] = []
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, text in enumerate(row):
            if text:
                strings.append(text)
                cells.append(f'<c r="{_column(c)}{r}" t="s"><v>{len(strings) - 1}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return {
        "[Content_Types].xml": DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": DECLARATION
        + f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": DECLARATION + f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": DECLARATION + f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": DECLARATION
        + f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(sheet_rows)}{extra_rows}'
        "</sheetData></worksheet>",
        "xl/sharedStrings.xml": DECLARATION
        + f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        f"{shared}</sst>",
    }


def pack(parts: dict[str, str | bytes]) -> bytes:
    """The parts zipped into an .xlsx file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()
