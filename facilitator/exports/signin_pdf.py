"""The sign-in sheet (บัญชีลงเวลา) as the office files it: one form per day, landscape A4.

It follows the usual Thai government attendance form: the project name, the venue and the date
in the Buddhist Era at the top; numbered rows with name, position (ตำแหน่ง as the office wrote it,
the role only for someone without one), organisation and phone; per
session the time already filled in from the check-in desk and room for the signature; remarks.
The table header repeats on every page and pages are numbered per day ("หน้า 1/3") because
each day's sheet is signed, certified and filed on its own. The page count is known before
drawing (rows have a fixed height), so no page-number alias is needed with text shaping on.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from fpdf import FPDF

from facilitator.exports.attendance import AttendanceRow, AttendanceTable
from facilitator.exports.options import ExportOptions
from facilitator.exports.pdf_text import CellWriter
from facilitator.models import SessionSlot
from facilitator.thai.shaping import FONT_FAMILY, thai_pdf

Progress = Callable[[int, int], None]

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
TABLE_W = PAGE_W - 2 * MARGIN
HEADING_H = 31.0  # title, project, venue, date
HEAD_ROW_H = 7.0  # each of the two header rows
ROW_H = 7.5  # room for a signature
FOOTER_H = 8.0
CLOSING_H = 24.0  # totals, legend and the certifying signature on the last page
TABLE_TOP = MARGIN + HEADING_H
BODY_TOP = TABLE_TOP + 2 * HEAD_ROW_H
BODY_BOTTOM = PAGE_H - MARGIN - FOOTER_H
ROWS_PER_PAGE = int((BODY_BOTTOM - BODY_TOP) // ROW_H)

NO_W, NAME_W, ROLE_W, ORG_W, PHONE_W = 9.0, 50.0, 30.0, 46.0, 26.0
TIME_W = 13.0
SIGN_W_MAX = 31.0
REMARK_MIN = 22.0


@dataclass(frozen=True)
class Columns:
    """Column widths (mm) for a day with `n` sessions; signatures shrink before anything else."""

    sign_w: float
    remark_w: float

    @classmethod
    def for_sessions(cls, n: int) -> Columns:
        fixed = NO_W + NAME_W + ROLE_W + ORG_W + PHONE_W
        room = TABLE_W - fixed - REMARK_MIN
        sign = min(SIGN_W_MAX, room / max(n, 1) - TIME_W)
        return cls(sign, TABLE_W - fixed - n * (TIME_W + sign))

    @property
    def session_w(self) -> float:
        return TIME_W + self.sign_w


def page_count(rows: int) -> int:
    """Pages one day's sheet takes, with the closing block on the last page."""
    pages = max(1, math.ceil(rows / ROWS_PER_PAGE))
    on_last = rows - (pages - 1) * ROWS_PER_PAGE
    if BODY_TOP + on_last * ROW_H + CLOSING_H > BODY_BOTTOM:
        pages += 1
    return pages


class SignInSheet:
    """Draws the days of an attendance table onto one landscape PDF."""

    def __init__(self, table: AttendanceTable, opts: ExportOptions) -> None:
        self.table = table
        self.opts = opts
        self.pdf: FPDF = thai_pdf("L")
        self.pdf.set_auto_page_break(False)
        self.pdf.c_margin = 0
        self.pdf.set_creator("facilitator")
        self.pdf.set_title(opts.text("export.signin.title"))
        self.pdf.set_line_width(0.2)
        self.printed = opts.moment(datetime.now())
        self.cells = CellWriter(self.pdf)

    # -- page furniture ------------------------------------------------------------------------

    def _centred(self, text: str, y: float, size: float, style: str = "") -> None:
        self.cells.cell(MARGIN, y, TABLE_W, 7, text, size, 9, style, "C", border=False)

    def _heading(self, day: date) -> None:
        o, event = self.opts, self.table.event
        self._centred(o.text("export.signin.title"), MARGIN, 16, "B")
        self._centred(event.name, MARGIN + 7.5, 14, "B")
        if event.venue:
            self._centred(o.text("export.signin.venue", venue=event.venue), MARGIN + 15, 12)
        self._centred(o.text("export.signin.date", date=o.date(day)), MARGIN + 22, 12)

    def _table_header(self, sessions: list[SessionSlot], cols: Columns) -> None:
        o, pdf = self.opts, self.pdf
        pdf.set_fill_color(230, 236, 242)
        pdf.rect(MARGIN, TABLE_TOP, TABLE_W, 2 * HEAD_ROW_H, style="F")
        y, h2 = TABLE_TOP, 2 * HEAD_ROW_H
        x = MARGIN
        for key, w in (
            ("no", NO_W),
            ("name", NAME_W),
            ("position", ROLE_W),
            ("organisation", ORG_W),
            ("phone", PHONE_W),
        ):
            self.cells.cell(x, y, w, h2, o.text(f"export.col.{key}"), 10, 7, "B", "C")
            x += w
        for s in sessions:
            span = f"{s.name} ({s.start:%H:%M}–{s.end:%H:%M})"
            self.cells.cell(x, y, cols.session_w, HEAD_ROW_H, span, 10, 7, "B", "C")
            self.cells.cell(
                x, y + HEAD_ROW_H, TIME_W, HEAD_ROW_H, o.text("export.col.time"), 9, 7, "B", "C"
            )
            self.cells.cell(
                x + TIME_W,
                y + HEAD_ROW_H,
                cols.sign_w,
                HEAD_ROW_H,
                o.text("export.col.signature"),
                9,
                7,
                "B",
                "C",
            )
            x += cols.session_w
        self.cells.cell(x, y, cols.remark_w, h2, o.text("export.col.remark"), 10, 7, "B", "C")

    def _footer(self, page: int, pages: int) -> None:
        o, pdf = self.opts, self.pdf
        y = PAGE_H - MARGIN - 5
        printed = o.text("export.signin.printed", when=self.printed)
        self.cells.cell(MARGIN - 1.2, y, TABLE_W / 2, 5, printed, 9, 7, border=False)
        pdf.set_font(FONT_FAMILY, "", 9)
        pdf.set_xy(MARGIN + TABLE_W / 2, y)
        pdf.cell(
            w=TABLE_W / 2, h=5, text=o.text("export.signin.page", page=page, pages=pages), align="R"
        )

    # -- the table ---------------------------------------------------------------------------

    def _row(
        self, row: AttendanceRow, number: int, y: float, sessions: list[SessionSlot], cols: Columns
    ) -> None:
        o = self.opts
        name = row.shown_name(o.text)
        x = MARGIN
        for text, w, align in (
            (str(number), NO_W, "C"),
            (name, NAME_W, "L"),
            (row.position or o.role(row.role), ROLE_W, "L"),
            (row.organisation, ORG_W, "L"),
            (o.phone(row.phone), PHONE_W, "C"),
        ):
            self.cells.cell(x, y, w, ROW_H, text, 10, 7, "", align)
            x += w
        for s in sessions:
            self.cells.cell(x, y, TIME_W, ROW_H, row.time_text(s.id), 10, 8, "", "C")
            self.cells.cell(x + TIME_W, y, cols.sign_w, ROW_H, "")
            x += cols.session_w
        remark = ""
        if row.participant is None:
            remark = o.text("export.signin.remark_provisional")
        elif row.removed:
            remark = o.text("roster_edit.export.remark_removed")
        self.cells.cell(x, y, cols.remark_w, ROW_H, remark, 8, 6)

    def _closing(self, y: float, sessions: list[SessionSlot]) -> None:
        o, pdf = self.opts, self.pdf
        totals = "   ".join(
            o.text("export.signin.total", session=s.name, count=self.table.count(s.id))
            for s in sessions
        )
        pdf.set_font(FONT_FAMILY, "B", 11)
        pdf.set_xy(MARGIN, y + 2)
        pdf.cell(w=TABLE_W, h=6, text=totals)
        pdf.set_font(FONT_FAMILY, "", 9)
        pdf.set_xy(MARGIN, y + 8)
        pdf.cell(w=TABLE_W, h=5, text=o.text("export.legend.provisional"))
        pdf.set_font(FONT_FAMILY, "", 11)
        pdf.set_xy(MARGIN + TABLE_W / 2, y + 15)
        pdf.cell(w=TABLE_W / 2, h=6, text=o.text("export.signin.certify"), align="C")

    def draw_day(self, day: date, progress: Callable[[], None] | None = None) -> None:
        sessions = self.table.sessions_on(day)
        cols = Columns.for_sessions(len(sessions))
        rows = self.table.rows_on(day)
        pages = page_count(len(rows))
        for page in range(1, pages + 1):
            self.pdf.add_page()
            self._heading(day)
            self._table_header(sessions, cols)
            self._footer(page, pages)
            chunk = rows[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]
            y = BODY_TOP
            for offset, row in enumerate(chunk):
                self._row(row, (page - 1) * ROWS_PER_PAGE + offset + 1, y, sessions, cols)
                y += ROW_H
                if progress:
                    progress()
            if page == pages:
                self._closing(y, sessions)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def signin_pdf(
    table: AttendanceTable, opts: ExportOptions, progress: Progress | None = None
) -> bytes:
    """Every day of the table (or the chosen one), one form per day, as PDF bytes."""
    sheet = SignInSheet(table, opts)
    total = sum(len(table.rows_on(d)) for d in table.days)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress and (done % 50 == 0 or done == total):
            progress(done, total)

    for day in table.days:
        sheet.draw_day(day, step)
    return sheet.output()
