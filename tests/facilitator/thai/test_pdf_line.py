"""A line drawn the quick way is the line `FPDF.cell` draws, byte for byte.

The badge sheet draws its names and codes through `pdf_line` to skip fpdf2's bidi pass; a
printed badge must not change because of that. Each test draws the same texts twice into two
fresh documents, once through fpdf2 and once through `pdf_line`, and compares the pages'
operators and the measured widths exactly: Thai with stacked marks, Latin, digits, mixed
scripts (split into runs as fpdf2 splits them), and texts that must go through fpdf2 itself
(right-to-left letters, the page-total alias).
"""

import random
import re

import pytest
from fpdf import FPDF

from facilitator.demo import FEMALE_FIRST, LAST_NAMES, MALE_FIRST, MENTOR_ORGS, PRODUCTS
from facilitator.thai.pdf_line import cell_line, string_width
from facilitator.thai.shaping import FONT_FAMILY, thai_pdf

AWKWARD = [
    "นายชูศักดิ์ ยิ่งรุ่งโรจน์",
    "ฎุฏูญู ป๊ีปั้ม",
    "ดร.สมศรี (ประธาน)",
    "KBO 2564",
    "Mr. John Smith",
    "วิสาหกิจชุมชน OTOP 5 ดาว",
    "ACDFGIKLOPRSTVACDFG",
    "123",
    " ",
    "  two  spaces ",
    "“quoted” – dash…",
    "Café ๑๒๓ ๆ",
    "tab\there",
    "عربي",
    "ชื่อ שלום",
    "page {nb}",
]


def texts() -> list[str]:
    rng = random.Random(14)
    words = FEMALE_FIRST + MALE_FIRST + LAST_NAMES + MENTOR_ORGS + [p[2] for p in PRODUCTS]
    made = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) for _ in range(150)]
    return AWKWARD + made


def draw(quick: bool) -> tuple[list[object], bytes]:
    pdf = thai_pdf("P")
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0
    pdf.add_page()
    seen: list[object] = []
    for i, text in enumerate(texts()):
        pdf.set_font(FONT_FAMILY, "B" if i % 3 == 0 else "", 1)
        seen.append(string_width(pdf, text) if quick else pdf.get_string_width(text))
        pdf.set_font(FONT_FAMILY, "B" if i % 2 else "", 6 + i % 20)
        if i % 7 == 0:
            pdf.current_font_is_set_on_page = False
        if i % 5 == 0:  # a table header's fill, or grey text: fpdf2 sets the colour per line
            pdf.set_fill_color(230, 236, 242) if i % 2 else pdf.set_text_color(90)
        elif i % 5 == 1:
            pdf.set_fill_color(0)
            pdf.set_text_color(0)
        pdf.set_xy(5 + i % 10, 10 + i % 250)
        align = "LCR"[i % 3]
        if quick:
            cell_line(pdf, 80, 5, text, align)
        else:
            pdf.cell(w=80, h=5, text=text, align=align)
        seen.append((pdf.x, pdf.y))
        if i % 60 == 59:
            pdf.add_page()
    operators = b"".join(bytes(page.contents) for page in pdf.pages.values())
    # The page-total alias gets a fresh random placeholder each time it is drawn.
    return seen, re.sub(rb"::placeholder:[0-9a-f-]+::", b"ALIAS", operators)


def test_lines_and_widths_are_fpdf2s_own() -> None:
    widths_fpdf, page_fpdf = draw(quick=False)
    widths_quick, page_quick = draw(quick=True)
    assert widths_quick == widths_fpdf
    assert page_quick == page_fpdf


def test_the_font_subset_is_the_same_too() -> None:
    """Glyph codes are handed out in first-use order: the quick way must use them in fpdf2's."""

    def subset(quick: bool) -> list[tuple[int, int]]:
        pdf = thai_pdf("P")
        pdf.add_page()
        pdf.set_font(FONT_FAMILY, "", 12)
        for text in texts():
            pdf.set_xy(10, 10)
            if quick:
                cell_line(pdf, 80, 5, text)
            else:
                pdf.cell(w=80, h=5, text=text, align="L")
        font = pdf.current_font
        return sorted((g.glyph_id, code) for g, code in font.subset.items() if g is not None)

    assert subset(quick=True) == subset(quick=False)


@pytest.mark.parametrize("text", ["עברית", "عربي"])
def test_right_to_left_text_is_left_to_fpdf2(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    monkeypatch.setattr(FPDF, "cell", lambda self, **kw: called.append(kw["text"]))
    pdf = thai_pdf("P")
    pdf.add_page()
    cell_line(pdf, 50, 5, text)
    assert called == [text]
