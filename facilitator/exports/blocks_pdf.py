"""Report blocks on A4 portrait pages in shaped Thai: the mentoring report, a producer's plan and
the project report.

These documents are a few pages long, so plain fpdf2 text flow (multi_cell, table) is used;
the table header repeats on a new page and every page is numbered "หน้า 1/3" once the page
count is known.

Why every text is wrapped here before fpdf2 sees it: fpdf2 breaks a line at a space, and Thai
has none between words, so left to itself it cut "เอกลักษณ์ข / องชุมชน" wherever the width ran
out. Each paragraph, field and table cell is broken into lines by `thai.linebreak.wrap` (between
dictionary words, measured with the shaped widths) and handed over with its line breaks, a
little narrower than fpdf2's own limit so it never breaks them again.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from facilitator.exports.blocks import (
    Block,
    Fields,
    Gallery,
    Heading,
    PageBreak,
    Paragraph,
    Picture,
    Signatures,
    Table,
)
from facilitator.exports.options import ExportOptions
from facilitator.exports.pdf_text import CellWriter, text_width
from facilitator.exports.signing import signer_block
from facilitator.thai.linebreak import wrap
from facilitator.thai.shaping import FONT_FAMILY, thai_pdf

Progress = Callable[[int, int], None]
MARGIN = 15.0
LABEL_W = 42.0
CELL_PAD = 1.2  # mm each side of a table cell's text
SLACK = 0.8  # mm kept free of fpdf2's own width limit, so it never re-breaks a wrapped line
CAPTION_SIZE = 9


def wrapped(text: str, width: float, size: float, style: str = "") -> str:
    """The text broken into lines of at most `width` mm between words, joined by newlines
    (the breaks already in the text are kept)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += wrap(paragraph, lambda t: text_width(None, t, size, style), width) or [""]
    return "\n".join(lines)


def _text_room(pdf: FPDF, width: float) -> float:
    """What multi_cell leaves for text in a cell `width` mm wide."""
    return width - 2 * pdf.c_margin - SLACK


def _picture_size(data: bytes, width: float) -> tuple[float, float]:
    with Image.open(io.BytesIO(data)) as img:
        w, h = img.size
    return width, width * h / max(w, 1)


class BlockWriter:
    """Lays the blocks out one after the other on A4 portrait pages."""

    def __init__(self, opts: ExportOptions) -> None:
        self.opts = opts
        pdf = thai_pdf("P")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=MARGIN + 5)
        pdf.set_creator("facilitator")
        pdf.add_page()
        self.pdf = pdf
        self.width = pdf.w - 2 * MARGIN
        self.cells = CellWriter(pdf)

    def _room_left(self) -> float:
        return self.pdf.page_break_trigger - self.pdf.get_y()

    def _need(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one."""
        if self._room_left() < height:
            self.pdf.add_page()

    def heading(self, b: Heading) -> None:
        pdf = self.pdf
        size = {1: 16, 2: 13}.get(b.level, 12)
        self._need(size * 0.5 + 14)  # a heading is never the last line of a page
        pdf.ln(2 if b.level == 1 else 3)
        pdf.set_font(FONT_FAMILY, "B", size)
        text = wrapped(b.text, _text_room(pdf, self.width), size, "B")
        pdf.multi_cell(
            self.width,
            size * 0.5,
            text,
            align="C" if b.level == 1 else "L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(1)

    def fields(self, b: Fields) -> None:
        pdf = self.pdf
        for label, value in b.items:
            if not value:
                continue
            pdf.set_font(FONT_FAMILY, "B", 11)
            pdf.cell(LABEL_W, 6.5, label)
            pdf.set_font(FONT_FAMILY, "", 11)
            room = _text_room(pdf, self.width - LABEL_W)
            pdf.multi_cell(
                self.width - LABEL_W, 6.5, wrapped(value, room, 11), new_x="LMARGIN", new_y="NEXT"
            )

    def paragraph(self, b: Paragraph) -> None:
        pdf = self.pdf
        if b.label:
            self._need(14)
            pdf.set_font(FONT_FAMILY, "B", 11)
            label = wrapped(b.label, _text_room(pdf, self.width), 11, "B")
            pdf.multi_cell(self.width, 6.5, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, "", 11)
        pdf.set_x(MARGIN + 5)
        text = wrapped(b.text, _text_room(pdf, self.width - 5), 11)
        pdf.multi_cell(self.width - 5, 6.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def table(self, b: Table) -> None:
        pdf = self.pdf
        pdf.set_font(FONT_FAMILY, "", 10)
        total = sum(b.widths)
        widths = [w / total * self.width for w in b.widths]
        self._need(20)
        with pdf.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 242)),
            line_height=6,
            repeat_headings=1,
            text_align="LEFT",
            padding=(0.6, CELL_PAD),
        ) as table:
            for n, row in enumerate([b.headers, *b.rows]):
                style = "B" if n == 0 else ""
                cells = table.row()
                for value, w in zip(row, widths, strict=False):
                    cells.cell(wrapped(value, w - 2 * CELL_PAD - SLACK, 10, style))
        pdf.ln(2)

    def picture(self, b: Picture, x: float | None = None) -> float:
        """A picture at the current line (or at `x`), its caption under it; returns the height."""
        pdf = self.pdf
        w, h = _picture_size(b.data, b.width)
        caption_h = 5.0 if b.caption else 0.0
        if x is None:
            self._need(h + caption_h + 2)
            x = MARGIN + (self.width - w) / 2
        y = pdf.get_y()
        pdf.image(io.BytesIO(b.data), x=x, y=y, w=w, h=h)
        if b.caption:
            self.cells.cell(
                x, y + h + 0.5, w, caption_h, b.caption, CAPTION_SIZE, 7, "", "C", False
            )
        return h + caption_h + 2

    def gallery(self, b: Gallery) -> None:
        pdf = self.pdf
        gap = 6.0
        cols = max(1, b.columns)
        cell_w = (self.width - gap * (cols - 1)) / cols
        for start in range(0, len(b.photos), cols):
            row = [
                Picture(p.data, min(p.width, cell_w), p.caption)
                for p in b.photos[start : start + cols]
            ]
            height = max(
                _picture_size(p.data, p.width)[1] + (5.0 if p.caption else 0.0) + 2 for p in row
            )
            self._need(height)
            y = pdf.get_y()
            for n, p in enumerate(row):
                pdf.set_y(y)
                slot_x = MARGIN + n * (cell_w + gap)
                self.picture(p, slot_x + (cell_w - p.width) / 2)
            pdf.set_y(y + height + 2)

    def signatures(self, b: Signatures) -> None:
        pdf = self.pdf
        cols = max(1, len(b.signers))
        col_w = self.width / cols
        self._need(32)
        y = pdf.get_y() + 8
        height = 0.0
        for n, (signer, role) in enumerate(b.signers):
            height = signer_block(self.cells, self.opts, MARGIN + n * col_w, y, col_w, role, signer)
        pdf.set_y(y + height + 4)

    def add(self, b: Block) -> None:
        if isinstance(b, Heading):
            self.heading(b)
        elif isinstance(b, Fields):
            self.fields(b)
        elif isinstance(b, Paragraph):
            self.paragraph(b)
        elif isinstance(b, Table):
            self.table(b)
        elif isinstance(b, Picture):
            self.pdf.set_y(self.pdf.get_y() + self.picture(b))
        elif isinstance(b, Gallery):
            self.gallery(b)
        elif isinstance(b, Signatures):
            self.signatures(b)
        elif isinstance(b, PageBreak):
            self.pdf.add_page()

    def output(self) -> bytes:
        pdf, opts = self.pdf, self.opts
        pages = pdf.pages_count
        for page in range(1, pages + 1):
            pdf.page = page
            pdf.set_auto_page_break(False)
            # fpdf2 thinks the font it set last is still set on this page; the text state
            # there is whatever the page's stream left (a table cell's, a heading's), so it
            # must be set again or the number prints in the wrong font's glyphs.
            pdf.current_font_is_set_on_page = False
            pdf.set_font(FONT_FAMILY, "", 9)
            pdf.set_xy(MARGIN, pdf.h - MARGIN + 3)
            text = opts.text("export.signin.page", page=page, pages=pages)
            pdf.cell(pdf.w - 2 * MARGIN, 5, text, align="R")
        return bytes(pdf.output())


def blocks_pdf(blocks: list[Block], opts: ExportOptions, progress: Progress | None = None) -> bytes:
    writer = BlockWriter(opts)
    for n, b in enumerate(blocks, start=1):
        writer.add(b)
        if progress:
            progress(n, len(blocks))
    return writer.output()
