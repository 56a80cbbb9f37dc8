"""How a workbook's sheets print: A4, the right way round, one page wide, headings repeated.

Offices print the exports as they are. Without a page setup Excel prints on Letter, in portrait,
the last columns on pages of their own and the column headings only on the first page; the
clerk then fixes every sheet by hand before filing.
"""

from __future__ import annotations

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet


def a4_print(ws: Worksheet | WriteOnlyWorksheet, landscape: bool, title_rows: str = "1:1") -> None:
    """A4, `landscape` or portrait, fitted to one page wide (as many tall as needed), the
    `title_rows` (e.g. "1:1") repeated on every printed page."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = title_rows
