"""The payment evidence on A4, in the Finance Ministry's training-expense form.

หลักฐานการจ่ายเงินค่าใช้จ่ายในการฝึกอบรม: the organising office, the project, its dates and
venue at the top; numbered rows with the name, the amount of each kind (ค่าอาหาร, ค่าเช่าที่พัก,
ค่าพาหนะ), the row's total, and the columns the person fills in when paid (signature, date) and
remarks. Every page ends with its own total (the officer checks page by page); the last adds
the overall total in figures and in Thai words, then the payer's signing block. Whoever did not
meet the attendance rule is listed on a page of their own, with why, so nobody is left off
without a reason written down.

The pages are laid out before anything is drawn (rows have a fixed height), so "หน้า 1/3" is
known on the first page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from fpdf import FPDF

from facilitator.exports.options import ExportOptions
from facilitator.exports.payments import ZERO, PaymentRow, PaymentTable, Unpaid, baht_words, money
from facilitator.exports.pdf_text import CellWriter
from facilitator.exports.signing import signer_block
from facilitator.thai.shaping import thai_pdf

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
TABLE_W = PAGE_W - 2 * MARGIN
HEADING_H = 30.0
HEAD_ROW_H = 7.0
ROW_H = 8.0
TOTAL_H = 8.0
FOOTER_H = 7.0
CLOSING_H = TOTAL_H + 9.0 + 27.0  # the overall total, its words, the payer's block
CLOSING_GAP = 2.0  # between the last page's own total and the closing block
TABLE_TOP = MARGIN + HEADING_H
BODY_TOP = TABLE_TOP + 2 * HEAD_ROW_H
BODY_BOTTOM = PAGE_H - MARGIN - FOOTER_H

NO_W, NAME_W, POSITION_W, AMOUNT_W, TOTAL_W, SIGN_W, DATE_W = 9, 55, 36, 22, 24, 40, 24
REMARK_W = TABLE_W - (NO_W + NAME_W + POSITION_W + 3 * AMOUNT_W + TOTAL_W + SIGN_W + DATE_W)
FILL = (230, 236, 242)


@dataclass(frozen=True)
class Page:
    rows: tuple[PaymentRow, ...]
    last: bool


def paginate(rows: tuple[PaymentRow, ...]) -> list[Page]:
    """Rows to pages: each page keeps room for its total, the last for the closing block.

    The closing block never goes to a page of its own: when the rows left fit a page but not
    with the closing under them, the last of them moves over with it, so every page has rows.
    """
    per_page = int((BODY_BOTTOM - BODY_TOP - TOTAL_H) // ROW_H)
    on_last = int((BODY_BOTTOM - BODY_TOP - TOTAL_H - CLOSING_GAP - CLOSING_H) // ROW_H)
    pages: list[Page] = []
    rest = rows
    while len(rest) > on_last:
        take = min(per_page, len(rest) - 1)
        pages.append(Page(rest[:take], False))
        rest = rest[take:]
    pages.append(Page(rest, True))
    return pages


def position_of(row: PaymentRow, opts: ExportOptions) -> str:
    """ตำแหน่ง as the roster gives it, else the role in the project."""
    return row.participant.position or opts.role(row.participant.role)


class PaymentForm:
    def __init__(self, table: PaymentTable, opts: ExportOptions, now: datetime | None) -> None:
        self.table = table
        self.opts = opts
        self.pdf: FPDF = thai_pdf("L")
        self.pdf.set_auto_page_break(False)
        self.pdf.c_margin = 0
        self.pdf.set_creator("facilitator")
        self.pdf.set_title(opts.text("paperwork.pay.title"))
        self.pdf.set_line_width(0.2)
        self.cells = CellWriter(self.pdf)
        self.printed = opts.moment(now or datetime.now())

    def _centred(self, text: str, y: float, size: float, style: str = "") -> None:
        self.cells.cell(MARGIN, y, TABLE_W, 7, text, size, size * 0.7, style, "C", border=False)

    def heading(self) -> None:
        o, event, settings = self.opts, self.table.event, self.table.settings
        self._centred(o.text("paperwork.pay.title"), MARGIN, 16, "B")
        office = settings.office or "." * 60
        self._centred(o.text("paperwork.pay.office", office=office), MARGIN + 7.5, 12)
        self._centred(o.text("paperwork.pay.project", project=event.name), MARGIN + 14, 12)
        where = o.text(
            "paperwork.pay.when_where", dates=o.date_range(event.days), venue=event.venue or "-"
        )
        self._centred(where, MARGIN + 20.5, 12)

    def table_header(self) -> None:
        o, c, pdf = self.opts, self.cells, self.pdf
        pdf.set_fill_color(*FILL)
        pdf.rect(MARGIN, TABLE_TOP, TABLE_W, 2 * HEAD_ROW_H, style="F")
        y, h2 = TABLE_TOP, 2 * HEAD_ROW_H
        x = MARGIN
        for key, w in (("no", NO_W), ("name", NAME_W), ("position", POSITION_W)):
            c.cell(x, y, w, h2, o.text(f"paperwork.pay.col.{key}"), 10, 7, "B", "C")
            x += w
        c.cell(
            x, y, 3 * AMOUNT_W, HEAD_ROW_H, o.text("paperwork.pay.col.expenses"), 10, 7, "B", "C"
        )
        for n, kind in enumerate(self.table.kinds):
            label = o.text(f"paperwork.kind.{kind}")
            c.cell(x + n * AMOUNT_W, y + HEAD_ROW_H, AMOUNT_W, HEAD_ROW_H, label, 10, 7, "B", "C")
        x += 3 * AMOUNT_W
        for key, w in (
            ("total", TOTAL_W),
            ("signature", SIGN_W),
            ("paid_on", DATE_W),
            ("remark", REMARK_W),
        ):
            c.cell(x, y, w, h2, o.text(f"paperwork.pay.col.{key}"), 10, 7, "B", "C")
            x += w

    def _amount_cells(
        self, x: float, y: float, h: float, amounts: list[Decimal], style: str = ""
    ) -> float:
        for amount in amounts:
            self.cells.cell(x, y, AMOUNT_W, h, money(amount), 10, 7, style, "R")
            x += AMOUNT_W
        return x

    def row(self, row: PaymentRow, y: float) -> None:
        o, c = self.opts, self.cells
        x = MARGIN
        for text, w, align in (
            (str(row.number), NO_W, "C"),
            (row.participant.display_name, NAME_W, "L"),
            (position_of(row, o), POSITION_W, "L"),
        ):
            c.cell(x, y, w, ROW_H, text, 10, 7, "", align)
            x += w
        x = self._amount_cells(x, y, ROW_H, [row.amounts.get(k, ZERO) for k in self.table.kinds])
        c.cell(x, y, TOTAL_W, ROW_H, money(row.total), 10, 7, "B", "R")
        x += TOTAL_W
        c.cell(x, y, SIGN_W, ROW_H, "")
        c.cell(x + SIGN_W, y, DATE_W, ROW_H, "")
        remark = o.text("paperwork.pay.days", days=row.counted_days)
        c.cell(x + SIGN_W + DATE_W, y, REMARK_W, ROW_H, remark, 9, 7, "", "C")

    def total_row(self, y: float, label: str, rows: tuple[PaymentRow, ...]) -> None:
        c = self.cells
        self.pdf.set_fill_color(*FILL)
        self.pdf.rect(MARGIN, y, TABLE_W, TOTAL_H, style="F")
        label_w = NO_W + NAME_W + POSITION_W
        c.cell(MARGIN, y, label_w, TOTAL_H, label, 11, 8, "B", "R")
        sums = [sum((r.amounts.get(k, ZERO) for r in rows), ZERO) for k in self.table.kinds]
        x = self._amount_cells(MARGIN + label_w, y, TOTAL_H, sums, "B")
        c.cell(x, y, TOTAL_W, TOTAL_H, money(sum((r.total for r in rows), ZERO)), 10, 7, "B", "R")
        rest = TABLE_W - (x + TOTAL_W - MARGIN)
        c.cell(x + TOTAL_W, y, rest, TOTAL_H, "")

    def closing(self, y: float) -> None:
        o, c = self.opts, self.cells
        self.total_row(y, o.text("paperwork.pay.grand_total"), self.table.rows)
        y += TOTAL_H + 1.5
        words = o.text("paperwork.pay.in_words", words=baht_words(self.table.total()))
        c.cell(MARGIN, y, TABLE_W, 7, words, 12, 8, "B", "L", border=False)
        block_w = TABLE_W * 0.45
        signer_block(
            c,
            o,
            MARGIN + TABLE_W - block_w,
            y + 8,
            block_w,
            o.text("paperwork.pay.payer"),
            self.table.settings.payer,
            size=11,
        )

    def footer(self, page: int, pages: int) -> None:
        o, c = self.opts, self.cells
        y = PAGE_H - MARGIN - 5
        c.cell(
            MARGIN,
            y,
            TABLE_W / 2,
            5,
            o.text("export.signin.printed", when=self.printed),
            9,
            7,
            border=False,
        )
        text = o.text("export.signin.page", page=page, pages=pages)
        c.cell(MARGIN + TABLE_W / 2, y, TABLE_W / 2, 5, text, 9, 7, "", "R", border=False)

    def unpaid_page(self, unpaid: tuple[Unpaid, ...], page: int, pages: int, first: int) -> None:
        o, c = self.opts, self.cells
        self.pdf.add_page()
        self._centred(o.text("paperwork.unpaid.title"), MARGIN, 15, "B")
        self._centred(
            o.text("paperwork.pay.project", project=self.table.event.name), MARGIN + 7.5, 12
        )
        self._centred(rule_text(self.table, o), MARGIN + 14, 11)
        y = TABLE_TOP
        widths = (
            (NO_W, "C"),
            (NAME_W + 10, "L"),
            (POSITION_W + 10, "L"),
            (TABLE_W - NO_W - NAME_W - POSITION_W - 20, "L"),
        )
        self.pdf.set_fill_color(*FILL)
        self.pdf.rect(MARGIN, y, TABLE_W, HEAD_ROW_H, style="F")
        x = MARGIN
        for key, (w, _) in zip(("no", "name", "position", "reason"), widths, strict=True):
            c.cell(x, y, w, HEAD_ROW_H, o.text(f"paperwork.pay.col.{key}"), 10, 7, "B", "C")
            x += w
        y += HEAD_ROW_H
        for n, person in enumerate(unpaid, start=first):
            p = person.participant
            name = (
                p.display_name if p else o.text("export.unknown_person", id=person.participant_id)
            )
            position = (p.position or o.role(p.role)) if p else o.role("")
            texts = (
                str(n),
                name,
                position,
                person.reason_text(o, self.table.settings.pay_rule.min_days),
            )
            x = MARGIN
            for text, (w, align) in zip(texts, widths, strict=True):
                c.cell(x, y, w, ROW_H, text, 10, 7, "", align)
                x += w
            y += ROW_H
        self.footer(page, pages)

    def draw(self) -> bytes:
        pages = paginate(self.table.rows)
        per_unpaid_page = int((BODY_BOTTOM - TABLE_TOP - HEAD_ROW_H) // ROW_H)
        unpaid = self.table.unpaid
        unpaid_chunks = [
            unpaid[i : i + per_unpaid_page] for i in range(0, len(unpaid), per_unpaid_page)
        ]
        total_pages = len(pages) + len(unpaid_chunks)
        for n, page in enumerate(pages, start=1):
            self.pdf.add_page()
            self.heading()
            self.table_header()
            y = BODY_TOP
            for row in page.rows:
                self.row(row, y)
                y += ROW_H
            self.total_row(y, self.opts.text("paperwork.pay.page_total"), page.rows)
            if page.last:
                self.closing(y + TOTAL_H + CLOSING_GAP)
            self.footer(n, total_pages)
        first = 1
        for n, chunk in enumerate(unpaid_chunks, start=len(pages) + 1):
            self.unpaid_page(chunk, n, total_pages, first)
            first += len(chunk)
        return bytes(self.pdf.output())


def rule_text(table: PaymentTable, opts: ExportOptions) -> str:
    """The rule in words: which days count, and how many are needed."""
    rule = table.settings.pay_rule
    return opts.text(f"paperwork.pay.rule.{rule.day}", min_days=rule.min_days)


def payments_pdf(table: PaymentTable, opts: ExportOptions, now: datetime | None = None) -> bytes:
    """The evidence form as PDF bytes: the paid rows, their totals, and who was left out."""
    return PaymentForm(table, opts, now).draw()
