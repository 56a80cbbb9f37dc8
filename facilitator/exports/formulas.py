"""Text in an export stays text: no roster cell becomes a formula in the office's spreadsheet.

The failure this prevents: a roster cell, a walk-in's name, a mentoring note or a synced record
that starts with "=" went out verbatim, so the CSV ran `=cmd|' /C calc'!A0` or
`=HYPERLINK("http://x","y")` when Excel opened it, and the XLSX held a live `<f>` formula
(openpyxl turns any str starting with "=" into one). Excel and LibreOffice also start a formula
at "+", "-" and "@", and a leading Tab or CR can hide one of those. One rule, `formula_like`,
says which texts are dangerous, and every spreadsheet writer goes through `csv_value` or
`xlsx_value`:

- CSV: the text gets a leading apostrophe, which Excel shows as text and does not evaluate;
- XLSX: the text is written as a string cell (data type "s") with Excel's quote prefix, so it
  stays text even after someone edits the cell and presses Enter.

A number stays a number: an int, a float, or text that is only a number ("-5", "+66812345678",
"12.5") or a lone dash for "none" is not touched.
"""

from __future__ import annotations

import re

from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FORMULA_STARTS", "csv_value", "formula_like", "keep_text", "xlsx_value"]

#: What a spreadsheet reads as the start of a formula (or hides one behind).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\d*\.\d+)(?:[eE][+-]?\d+)?")
_NOT_A_FORMULA = frozenset({"-", "+", "--"})


def formula_like(value: object) -> bool:
    """Whether `value` is text a spreadsheet would take for a formula.

    Text starting with =, +, -, @, Tab or CR is, unless it is only a number ("-5") or a lone
    dash; anything that is not a str (numbers, dates, None) never is.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return False
    return value not in _NOT_A_FORMULA and not _PLAIN_NUMBER.fullmatch(value)


def csv_value(value: object) -> object:
    """The value as a CSV cell: formula-like text behind an apostrophe, all else unchanged."""
    return f"'{value}" if formula_like(value) else value


def _needs_text_cell(value: object) -> bool:
    """Formula-like text, or text openpyxl would store as a formula ("=") or an error ("#N/A")."""
    return isinstance(value, str) and (
        formula_like(value) or value.startswith("=") or value in ERROR_CODES
    )


def keep_text(cell: Cell) -> Cell:
    """Make a cell holding formula-like text (or text spelt like an error, "#N/A") a plain
    string cell with Excel's quote prefix; other cells are left as they are."""
    if _needs_text_cell(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_value(ws: Worksheet | WriteOnlyWorksheet, value: object) -> object:
    """The value to append to `ws`: unchanged, or, for formula-like text, a string cell.

    Works for normal and write-only sheets alike (both accept a Cell in `append`). Only the
    dangerous texts get a cell of their own, so a big export costs no more than before.
    """
    if _needs_text_cell(value):
        # row and column are placeholders: `append` puts the cell where it belongs.
        return keep_text(Cell(ws, row=1, column=1, value=value))
    return value
