"""The sign-in sheet (บัญชีลงเวลา) as the office files it: one form per day, landscape A4.

It follows the usual Thai government attendance form: the project name, the venue and the date
in the Buddhist Era at the top; numbered rows with name, position (ตำแหน่ง as the office wrote it,
the role only for someone without one), organisation and phone; per
session the time already filled in from the check-in desk and room for the signature; remarks.
The table header repeats on every page and pages are numbered per day ("หน้า 1/3") because
each day's sheet is signed, certified and filed on its own. The page count is known before
drawing (every line has a fixed height and the pages are laid out first), so no page-number
alias is needed with text shaping on.

As filed, the office may want the rows grouped under role headings (producers, KBO members,
officials: the report counts them apart), blank numbered rows at the end for walk-ins who sign
by hand, and a certifying block with the signer's (name), position and date lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from facilitator.event_settings import Signer
from facilitator.exports.attendance import AttendanceRow, AttendanceTable
from facilitator.exports.options import ExportOptions
from facilitator.exports.pdf_text import CellWriter
from facilitator.exports.signing import signer_block
from facilitator.models import ROLE_ORDER, SessionSlot
from facilitator.pdf_spool import SpooledPDF
from facilitator.thai.pdf_line import cell_line
from facilitator.thai.shaping import FONT_FAMILY, thai_pdf

Progress = Callable[[int, int], None]

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
TABLE_W = PAGE_W - 2 * MARGIN
HEADING_H = 31.0  # title, project, venue, date
HEAD_ROW_H = 7.0  # each of the two header rows
ROW_H = 7.5  # room for a signature
GROUP_H = 6.5  # a role heading between groups of rows
FOOTER_H = 8.0
CLOSING_H = 24.0  # totals, legend and the certifying block on the last page
TABLE_TOP = MARGIN + HEADING_H
BODY_TOP = TABLE_TOP + 2 * HEAD_ROW_H
BODY_BOTTOM = PAGE_H - MARGIN - FOOTER_H

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


@dataclass(frozen=True)
class SheetLayout:
    """How the office wants the sheet: grouped by role, blank rows for walk-ins, who certifies."""

    group_by_role: bool = False
    blank_rows: int = 0
    certifier: Signer | None = None
    printed: datetime | None = None


@dataclass(frozen=True)
class Line:
    """One line of the table: a role heading, a person's row or a blank numbered row."""

    kind: Literal["group", "person", "blank"]
    number: int = 0
    row: AttendanceRow | None = None
    role: str = ""
    count: int = 0

    @property
    def height(self) -> float:
        return GROUP_H if self.kind == "group" else ROW_H


def day_lines(rows: list[AttendanceRow], layout: SheetLayout) -> list[Line]:
    """The lines of one day's table, numbered 1.. across groups and the blank rows."""
    lines: list[Line] = []
    number = 0
    if layout.group_by_role:
        order = {role.value: n for n, role in enumerate(ROLE_ORDER)}
        groups: dict[str, list[AttendanceRow]] = {}
        for row in rows:
            groups.setdefault(row.role, []).append(row)
        for role in sorted(groups, key=lambda r: order.get(r, len(order))):
            lines.append(Line("group", role=role, count=len(groups[role])))
            for row in groups[role]:
                number += 1
                lines.append(Line("person", number, row))
    else:
        for row in rows:
            number += 1
            lines.append(Line("person", number, row))
    for _ in range(max(0, layout.blank_rows)):
        number += 1
        lines.append(Line("blank", number))
    return lines


KEPT_WITH_CLOSING = 3
"""Rows carried onto the last page when the closing block does not fit under the table."""


def paginate(lines: list[Line]) -> list[list[tuple[Line, float]]]:
    """Lines placed on pages (with their y); the closing block fits after the last line.

    A role heading never ends a page: it moves to the next one with its first row. When the
    closing block (totals, legend, the certifying signature) does not fit under the last
    row, the last rows go over with it: a page holding only a signature, its table left
    on the page before, is a page an auditor can detach.
    """
    pages: list[list[tuple[Line, float]]] = [[]]
    y = BODY_TOP
    for n, line in enumerate(lines):
        after = lines[n + 1].height if line.kind == "group" and n + 1 < len(lines) else 0.0
        if y + line.height + after > BODY_BOTTOM and pages[-1]:
            pages.append([])
            y = BODY_TOP
        pages[-1].append((line, y))
        y += line.height
    if y + CLOSING_H > BODY_BOTTOM and pages[-1]:
        last = pages[-1]
        keep = min(KEPT_WITH_CLOSING, len(last) - 1)
        while keep < len(last) - 1 and last[-keep - 1][0].kind == "group":
            keep += 1  # a heading goes over with its rows
        carried = [line for line, _ in last[len(last) - keep :]] if keep > 0 else []
        del last[len(last) - len(carried) :]
        y = BODY_TOP
        pages.append([])
        for line in carried:
            pages[-1].append((line, y))
            y += line.height
    return pages


class SignInSheet:
    """Draws the days of an attendance table onto one landscape PDF."""

    def __init__(
        self, table: AttendanceTable, opts: ExportOptions, layout: SheetLayout | None = None
    ) -> None:
        self.table = table
        self.opts = opts
        self.layout = layout or SheetLayout()
        self.pdf = thai_pdf("L", SpooledPDF)  # a two-day fair is thousands of pages
        self.pdf.set_auto_page_break(False)
        self.pdf.c_margin = 0
        self.pdf.set_creator("facilitator")
        self.pdf.set_title(opts.text("export.signin.title"))
        self.pdf.set_line_width(0.2)
        self.printed = opts.moment(self.layout.printed or datetime.now())
        self.cells = CellWriter(self.pdf)
        self._people: dict[str, tuple[str, str, str, str]] = {}

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
        cell_line(pdf, TABLE_W / 2, 5, o.text("export.signin.page", page=page, pages=pages), "R")

    # -- the table ---------------------------------------------------------------------------

    def _row(
        self,
        row: AttendanceRow | None,
        number: int,
        y: float,
        sessions: list[SessionSlot],
        cols: Columns,
    ) -> None:
        """A person's row, or (row None) a blank numbered row for a walk-in to fill by hand."""
        o = self.opts
        person = ("", "", "", "") if row is None else self._person(row)
        texts = [str(number), *person]
        x = MARGIN
        for text, (w, align) in zip(
            texts,
            ((NO_W, "C"), (NAME_W, "L"), (ROLE_W, "L"), (ORG_W, "L"), (PHONE_W, "C")),
            strict=True,
        ):
            self.cells.cell(x, y, w, ROW_H, text, 10, 7, "", align)
            x += w
        for s in sessions:
            time_text = row.time_text(s.id) if row is not None else ""
            self.cells.cell(x, y, TIME_W, ROW_H, time_text, 10, 8, "", "C")
            self.cells.cell(x + TIME_W, y, cols.sign_w, ROW_H, "")
            x += cols.session_w
        remark = ""
        if row is not None and row.participant is None:
            remark = o.text("export.signin.remark_provisional")
        elif row is not None and row.removed:
            remark = o.text("roster_edit.export.remark_removed")
        self.cells.cell(x, y, cols.remark_w, ROW_H, remark, 8, 6)

    def _person(self, row: AttendanceRow) -> tuple[str, str, str, str]:
        """Name, position (or role), organisation and phone as printed, worked out once per
        person for all the days (cleaning names and masking phones is a third of a row)."""
        texts = self._people.get(row.participant_id)
        if texts is None:
            o = self.opts
            texts = (
                row.shown_name(o.text),
                row.position or o.role(row.role),
                row.organisation,
                o.phone(row.phone),
            )
            self._people[row.participant_id] = texts
        return texts

    def _group(self, line: Line, y: float) -> None:
        """A role heading across the table: "ผู้ประกอบการ OTOP (20 คน)"."""
        self.pdf.set_fill_color(244, 246, 248)
        self.pdf.rect(MARGIN, y, TABLE_W, GROUP_H, style="DF")
        text = self.opts.text(
            "paperwork.signin.group", role=self.opts.role(line.role), count=line.count
        )
        self.cells.cell(MARGIN, y, TABLE_W, GROUP_H, text, 10, 8, "B", "L", border=False)

    def _closing(self, y: float, sessions: list[SessionSlot]) -> None:
        """Totals and the legend on the left; the certifier signs on the right."""
        o = self.opts
        totals = "   ".join(
            o.text("export.signin.total", session=s.name, count=self.table.count(s.id))
            for s in sessions
        )
        left = TABLE_W * 0.58
        self.cells.cell(MARGIN, y + 2, left, 6, totals, 11, 8, "B", border=False)
        if self.table.has_provisional(s.id for s in sessions):  # no star, nothing to explain
            legend = o.text("export.legend.provisional")
            self.cells.cell(MARGIN, y + 8, left, 9, legend, 9, 7, border=False)
        signer_block(
            self.cells,
            o,
            MARGIN + left,
            y + 2,
            TABLE_W - left,
            o.text("paperwork.signin.certifier"),
            self.layout.certifier,
            size=10,
        )

    def draw_day(self, day: date, progress: Callable[[], None] | None = None) -> None:
        sessions = self.table.sessions_on(day)
        cols = Columns.for_sessions(len(sessions))
        pages = paginate(day_lines(self.table.rows_on(day), self.layout))
        for page, placed in enumerate(pages, start=1):
            self.pdf.add_page()
            self._heading(day)
            self._table_header(sessions, cols)
            self._footer(page, len(pages))
            y = BODY_TOP
            for line, y in placed:
                if line.kind == "group":
                    self._group(line, y)
                else:
                    self._row(line.row, line.number, y, sessions, cols)
                    if progress and line.row is not None:
                        progress()
                y += line.height
            if not placed:
                y = BODY_TOP
            if page == len(pages):
                self._closing(y, sessions)

    def output(self) -> bytes:
        return self.pdf.to_bytes()


def signin_pdf(
    table: AttendanceTable,
    opts: ExportOptions,
    progress: Progress | None = None,
    layout: SheetLayout | None = None,
) -> bytes:
    """Every day of the table (or the chosen one), one form per day, as PDF bytes."""
    sheet = SignInSheet(table, opts, layout)
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
