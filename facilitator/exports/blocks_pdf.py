"""Report blocks on A4 portrait pages in shaped Thai: the mentoring report and a producer's plan.

These documents are a few pages long, so plain fpdf2 text flow (multi_cell, table) is used;
the table header repeats on a new page and every page is numbered "หน้า 1/3" once the page
count is known.
"""

from __future__ import annotations

from collections.abc import Callable

from fpdf.fonts import FontFace

from facilitator.exports.blocks import Block, Fields, Heading, Paragraph, Table
from facilitator.exports.options import ExportOptions
from facilitator.thai.shaping import FONT_FAMILY, thai_pdf

Progress = Callable[[int, int], None]
MARGIN = 15.0
LABEL_W = 42.0


def blocks_pdf(blocks: list[Block], opts: ExportOptions, progress: Progress | None = None) -> bytes:
    pdf = thai_pdf("P")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN + 5)
    pdf.set_creator("facilitator")
    pdf.add_page()
    width = pdf.w - 2 * MARGIN
    for n, b in enumerate(blocks, start=1):
        if isinstance(b, Heading):
            size = {1: 16, 2: 13}.get(b.level, 12)
            pdf.ln(2 if b.level == 1 else 3)
            pdf.set_font(FONT_FAMILY, "B", size)
            pdf.multi_cell(
                width,
                size * 0.5,
                b.text,
                align="C" if b.level == 1 else "L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(1)
        elif isinstance(b, Fields):
            for label, value in b.items:
                if not value:
                    continue
                pdf.set_font(FONT_FAMILY, "B", 11)
                pdf.cell(LABEL_W, 6.5, label)
                pdf.set_font(FONT_FAMILY, "", 11)
                pdf.multi_cell(width - LABEL_W, 6.5, value, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(b, Paragraph):
            if b.label:
                pdf.set_font(FONT_FAMILY, "B", 11)
                pdf.multi_cell(width, 6.5, b.label, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT_FAMILY, "", 11)
            pdf.set_x(MARGIN + 5)
            pdf.multi_cell(width - 5, 6.5, b.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif isinstance(b, Table):
            pdf.set_font(FONT_FAMILY, "", 10)
            total = sum(b.widths)
            with pdf.table(
                col_widths=[w / total * width for w in b.widths],
                headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 242)),
                line_height=6,
                repeat_headings=1,
                text_align="LEFT",
            ) as table:
                for row in [b.headers, *b.rows]:
                    cells = table.row()
                    for value in row:
                        cells.cell(value)
            pdf.ln(2)
        if progress:
            progress(n, len(blocks))
    pages = pdf.pages_count
    for page in range(1, pages + 1):
        pdf.page = page
        pdf.set_auto_page_break(False)
        pdf.set_font(FONT_FAMILY, "", 9)
        pdf.set_xy(MARGIN, pdf.h - MARGIN + 3)
        text = opts.text("export.signin.page", page=page, pages=pages)
        pdf.cell(pdf.w - 2 * MARGIN, 5, text, align="R")
    return bytes(pdf.output())
