"""The attendance workbook: a summary matrix with the totals, and one sheet per day.

The office pastes these numbers into its report to the province, so the totals sit under the
matrix on the first sheet (per session, per role, and attended against the event's targets for
producers and mentors). A provisional check-in shows as "09:12*" and the legend says why.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet

from facilitator.exports.attendance import AttendanceRow, AttendanceTable
from facilitator.exports.cell_formats import time_format
from facilitator.exports.formulas import keep_text, xlsx_value
from facilitator.exports.options import ExportOptions
from facilitator.exports.print_setup import a4_print
from facilitator.models import Role, SessionSlot

Progress = Callable[[int, int], None]

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
WRAP = Alignment(wrap_text=True, vertical="top")
SHEET_NAME_MAX = 31
TARGET_ROLES = (Role.PRODUCER.value, Role.MENTOR.value)
PERSON_WIDTHS = [6.0, 14.0, 30.0, 18.0, 34.0]
LABEL_COL = 2  # 0-based column of the name: where the totals' labels go


def _styled(ws: Worksheet, value: object, bold: bool = True, header: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = BOLD if bold else Font()
    if header:
        cell.fill, cell.alignment = HEADER_FILL, WRAP
    return keep_text(cell)


def _append(ws: Worksheet, values: list[object]) -> None:
    """A data row; text that looks like a formula is written as text (see formulas.py)."""
    ws.append([xlsx_value(ws, v) for v in values])


def _header(ws: Worksheet, titles: list[str], widths: list[float]) -> None:
    """Column widths, the frozen header row, the page setup, then the header (write-only:
    this order)."""
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    a4_print(ws, landscape=True, title_rows="1:1")
    ws.append([_styled(ws, title, header=True) for title in titles])


def _time(ws: Worksheet, row: AttendanceRow, session_id: str) -> object:
    """The check-in time as a time cell ("09:12", "09:12*" when provisional), or nothing."""
    checkin = row.checkin(session_id)
    if checkin is None:
        return None
    cell = WriteOnlyCell(ws, value=checkin.at)
    cell.number_format = time_format(checkin.provisional)
    return cell


def _person_cells(row: AttendanceRow, opts: ExportOptions) -> list[object]:
    name = row.shown_name(opts.text)
    return [row.number, row.participant_id, name, opts.role(row.role), row.organisation]


def _person_titles(opts: ExportOptions) -> list[str]:
    return [opts.text(f"export.col.{k}") for k in ("no", "id", "name", "role", "organisation")]


def _labelled(ws: Worksheet, label: str, first_col: int, values: list[object], bold: bool) -> None:
    """A totals line: the label in the name column, the values under the session columns."""
    cells: list[object] = [None] * first_col
    cells[LABEL_COL] = _styled(ws, label, bold)
    ws.append(cells + [_styled(ws, v, bold) for v in values])


def _summary_sheet(ws: Worksheet, table: AttendanceTable, opts: ExportOptions) -> None:
    sessions = table.sessions
    titles = [
        *_person_titles(opts),
        *(f"{s.name} {opts.short_date(s.day)}" for s in sessions),
        opts.text("export.col.sessions_attended"),
    ]
    _header(ws, titles, [*PERSON_WIDTHS, *[14.0] * len(sessions), 12.0])
    ids = [s.id for s in sessions]
    for row in table.rows:
        _append(
            ws,
            _person_cells(row, opts)
            + [_time(ws, row, sid) for sid in ids]
            + [row.attended_count(ids)],
        )
    _totals_block(ws, table, opts, len(PERSON_WIDTHS))


def _totals_block(
    ws: Worksheet, table: AttendanceTable, opts: ExportOptions, first_col: int
) -> None:
    """Totals under the matrix, in the session columns, labelled in the name column."""
    ids = [s.id for s in table.sessions]
    ws.append([])
    _labelled(ws, opts.text("export.totals.title"), first_col, [], True)
    _labelled(ws, opts.text("export.totals.all"), first_col, [table.count(i) for i in ids], True)
    for role in table.roles():
        by_role = [table.count_by_role(sid)[role] for sid in ids]
        _labelled(
            ws, opts.text("export.totals.role", role=opts.role(role)), first_col, by_role, False
        )
    provisional = [table.provisional_count(sid) for sid in ids]
    _labelled(ws, opts.text("export.totals.provisional"), first_col, provisional, False)
    targets = table.event.targets
    for role in TARGET_ROLES:
        if role in targets:
            label = opts.text("export.totals.target", role=opts.role(role))
            _labelled(ws, label, first_col, [targets[role]] * len(ids), False)
            label = opts.text("export.totals.attended_of_target", role=opts.role(role))
            ratio = [f"{table.count_by_role(sid)[role]}/{targets[role]}" for sid in ids]
            _labelled(ws, label, first_col, ratio, False)
    if table.has_provisional(ids):
        ws.append([])
        _labelled(ws, opts.text("export.legend.provisional"), first_col, [], False)


def _day_sheet(
    ws: Worksheet, table: AttendanceTable, opts: ExportOptions, day_sessions: list[SessionSlot]
) -> None:
    """One day's sign-in list: per session the time, the desk and whether it is provisional."""
    titles = [*_person_titles(opts), opts.text("export.col.phone")]
    widths = [*PERSON_WIDTHS, 15.0]
    for s in day_sessions:
        titles += [
            f"{s.name} {opts.text('export.col.time')}",
            f"{s.name} {opts.text('export.col.desk')}",
        ]
        widths += [12.0, 14.0]
    _header(ws, titles, widths)
    ids = [s.id for s in day_sessions]
    for row in table.rows_on(day_sessions[0].day):
        cells = [*_person_cells(row, opts), opts.phone(row.phone)]
        for sid in ids:
            c = row.checkin(sid)
            cells += [_time(ws, row, sid), c.station if c else ""]
        _append(ws, cells)
    ws.append([])
    for s in day_sessions:
        label = f"{opts.text('export.totals.all')} {s.name}"
        _labelled(ws, label, LABEL_COL + 1, [table.count(s.id)], True)
    if table.has_provisional(ids):
        ws.append([])
        _labelled(ws, opts.text("export.legend.provisional"), LABEL_COL + 1, [], False)


def _sheet_name(text: str, taken: set[str]) -> str:
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in text)[:SHEET_NAME_MAX]
    name, n = cleaned, 2
    while name in taken:
        suffix = f" ({n})"
        name = cleaned[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def attendance_xlsx(
    table: AttendanceTable, opts: ExportOptions, progress: Progress | None = None
) -> bytes:
    """The workbook as bytes (written to disk by `writing.write_atomic`)."""
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    summary = wb.create_sheet(_sheet_name(opts.text("export.sheet.summary"), taken))
    steps = 1 + len(table.days)
    _summary_sheet(summary, table, opts)
    if progress:
        progress(1, steps)
    for n, day in enumerate(table.days, start=2):
        ws = wb.create_sheet(_sheet_name(opts.short_date(day), taken))
        _day_sheet(ws, table, opts, table.sessions_on(day))
        if progress:
            progress(n, steps)
    wb.properties.title = table.event.name
    wb.properties.creator = "facilitator"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
