"""Mentoring sessions and their action items as a workbook the office can filter and sort."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from facilitator.exports.cell_formats import date_format, moment_format
from facilitator.exports.formulas import xlsx_value
from facilitator.exports.options import ExportOptions
from facilitator.exports.print_setup import a4_print
from facilitator.exports.sessions_report import (
    NOTE_FIELDS,
    Report,
    _topics,
    action_cells,
)

HEADER = (Font(bold=True), PatternFill("solid", fgColor="DDE7F0"))
WRAP = Alignment(wrap_text=True, vertical="top")


def _when(iso: str) -> datetime | None:
    return datetime.fromisoformat(iso).replace(tzinfo=None) if iso else None


def _on(iso: str) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def _formats(ws: Worksheet, formats: dict[int, str]) -> None:
    """Number formats per column (1-based), on every data row: dates shown in the export's era."""
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            fmt = formats.get(cell.column)
            if fmt and cell.value is not None:
                cell.number_format = fmt


def _sheet(ws: Worksheet, titles: list[str], widths: list[float], rows: list[list[object]]) -> None:
    """Header, widths, rows and an A4 page; text that looks like a formula is written as text."""
    ws.append([xlsx_value(ws, title) for title in titles])
    for col, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font, cell.fill = HEADER
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in rows:
        ws.append([xlsx_value(ws, value) for value in row])
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = WRAP
    ws.freeze_panes = "A2"
    a4_print(ws, landscape=True, title_rows="1:1")


def sessions_xlsx(report: Report, opts: ExportOptions) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = opts.text("export.sheet.sessions")
    keys = [
        "started",
        "producer",
        "product",
        "mentor",
        "topics",
        "duration",
        *NOTE_FIELDS,
        "follow_up",
        "target_stars",
        "session_id",
    ]
    rows: list[list[object]] = []
    for e in report.entries:
        s = e.session
        rows.append(
            [
                _when(s.started_at),
                ", ".join(e.producers),
                ", ".join(s.products),
                ", ".join(e.mentors),
                _topics(opts, s),
                e.minutes,
                *(e.texts[f] for f in NOTE_FIELDS),
                _on(s.follow_up),
                s.target_stars,
                s.id,
            ]
        )
    _sheet(
        ws,
        [opts.text(f"export.col.{k}") for k in keys],
        [17, 24, 22, 24, 24, 9, 45, 45, 30, 16, 10, 14],
        rows,
    )
    follow_up_col = keys.index("follow_up") + 1
    _formats(ws, {1: moment_format(opts), follow_up_col: date_format(opts)})
    acts = wb.create_sheet(opts.text("export.sheet.actions"))
    by_session = {e.session.id: e for e in report.entries}
    action_rows: list[list[object]] = []
    for a in report.actions:
        entry = by_session.get(a.session_id)
        what, owner, _due_text, status = action_cells(report, opts, a)
        action_rows.append(
            [
                what,
                owner,
                _on(a.due),
                status,
                ", ".join(entry.producers) if entry else "",
                a.session_id,
            ]
        )
    keys = ["action", "owner", "due", "status", "producer", "session_id"]
    _sheet(
        acts, [opts.text(f"export.col.{k}") for k in keys], [50, 28, 18, 18, 26, 14], action_rows
    )
    _formats(acts, {3: date_format(opts)})
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
