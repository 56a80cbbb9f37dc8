"""Fitting shaped Thai text into table cells of an fpdf2 page, shared by the PDF exports.

Measuring shaped text is the slow part of a PDF with thousands of rows (bidi and shaping run in
Python for every string), and tables repeat the same roles, organisations and headings, so widths
are measured once per text at 1 pt and scaled.
"""

from __future__ import annotations

import re
from functools import cache

import uharfbuzz as hb
from fpdf import FPDF
from fpdf.enums import PDFResourceType, TextDirection
from fpdf.line_break import Fragment

from facilitator.thai.shaping import FONT_FAMILY, font_path
from facilitator.thai.text import clusters

ELLIPSIS = "…"
PADDING = 1.2  # mm of air at each side of a cell's text

_WIDTHS: dict[tuple[str, str], float] = {}
PT_TO_MM = 25.4 / 72


@cache
def _hb_font(style: str) -> tuple[hb.Font, int]:
    blob = hb.Blob.from_file_path(str(font_path(bold="B" in style)))
    face = hb.Face(blob)
    font = hb.Font(face)
    return font, face.upem


def _shaped_advance(text: str, style: str) -> float:
    """Advance of the shaped text in em, straight from HarfBuzz (what fpdf2's shaping uses)."""
    font, upem = _hb_font(style)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    return sum(pos.x_advance for pos in buf.glyph_positions) / upem


def text_width(pdf: FPDF, text: str, size: float, style: str = "") -> float:
    """Shaped width of `text` in mm at `size` pt (measured once per text, at 1 em)."""
    key = (text, style)
    per_em = _WIDTHS.get(key)
    if per_em is None:
        if len(_WIDTHS) > 100_000:
            _WIDTHS.clear()
        per_em = _WIDTHS[key] = _shaped_advance(text, style)
    return per_em * size * PT_TO_MM


def fit_text(
    pdf: FPDF, text: str, width: float, size: float, min_size: float, style: str = ""
) -> tuple[str, float]:
    """The text and font size to print it in `width` mm: shrunk first, then cut with "…".

    Cuts are made between grapheme clusters (a consonant with its marks), never inside one,
    so a cut name never ends in a stray tone mark.
    """
    room = width - 2 * PADDING
    if not text or text_width(pdf, text, size, style) <= room:
        return text, size
    fitted = size * room / text_width(pdf, text, size, style)
    if fitted >= min_size:
        return text, fitted
    parts = clusters(text)
    low, high = 0, len(parts)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if text_width(pdf, "".join(parts[:mid]) + ELLIPSIS, min_size, style) <= room:
            low = mid
        else:
            high = mid - 1
    return "".join(parts[:low]).rstrip() + ELLIPSIS, min_size


_TEXT_RUN = re.compile(rb"BT (-?[\d.]+) (-?[\d.]+) Td [^(]*\((.*)\) Tj ET", re.DOTALL)

RunKey = tuple[str, float, str, str, float, float]


class CellWriter:
    """Writes bordered table cells, shaping each distinct text only once per document.

    fpdf2 shapes in Python (bidi, then HarfBuzz, then glyph placement): about 2 ms a cell, which
    is minutes for a 5,000-person, two-day sign-in sheet. A table repeats most of its texts
    (roles, organisations, times, the same names on the second day), so the first drawing of a
    text is captured from the page's content stream and later ones replay it moved into place
    with a translation matrix inside q/Q, which leaves fpdf2's own state untouched.

    Plain ASCII (row numbers, masked phones, times) needs no shaping: its characters' codes are
    learnt once each from fpdf2 and the string is written as one text run.
    """

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self._runs: dict[RunKey, tuple[bytes, float, float]] = {}
        self._codes: dict[tuple[str, str], bytes] = {}
        self._baseline: dict[tuple[float, float], tuple[float, float, float, float]] = {}

    def cell(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        size: float = 10,
        min_size: float = 7,
        style: str = "",
        align: str = "L",
        border: bool = True,
    ) -> None:
        """One cell with its text fitted (shrunk, then cut) and centred vertically."""
        pdf = self.pdf
        if border:
            pdf.rect(x, y, w, h)
        if not text:
            return
        shown, pt = fit_text(pdf, text, w, size, min_size, style)
        pt = round(pt, 2)
        pdf.set_font(FONT_FAMILY, style, pt)
        if shown.isascii() and shown.isprintable():
            self._ascii(x, y, w, h, shown, pt, style, align)
            return
        key = (shown, pt, style, align, round(w, 2), round(h, 2))
        run = self._runs.get(key)
        if run is not None:
            self._replay(run, x, y)
            return
        chunk = self._shaped(x, y, w, h, shown, pt, style, align)
        if len(self._runs) < 200_000:
            self._runs[key] = (chunk, x, y)

    def _draw(self, x: float, y: float, w: float, h: float, text: str, align: str) -> bytes:
        """Draw with fpdf2 and return what it added to the page."""
        pdf = self.pdf
        contents = pdf.pages[pdf.page].contents
        before = len(contents)
        pdf.set_xy(x + PADDING, y)
        pdf.cell(w=w - 2 * PADDING, h=h, text=text, align=align)
        return bytes(contents[before:])

    def _shaped(
        self, x: float, y: float, w: float, h: float, text: str, pt: float, style: str, align: str
    ) -> bytes:
        """Shape and draw one left-to-right line straight through fpdf2's text fragment.

        This is what `FPDF.cell` does for a line of Thai, without the bidi analysis (Thai and
        Latin table text is left to right) and without its line machinery: a third of the cost.
        Anything unexpected falls back to `FPDF.cell`.
        """
        pdf = self.pdf
        shaping = pdf.text_shaping
        if not shaping:
            return self._draw(x, y, w, h, text, align)
        try:
            shaping.setdefault("paragraph_direction", TextDirection.LTR)
            shaping["fragment_direction"] = TextDirection.LTR
            frag = Fragment(text, pdf._get_current_graphics_state(), pdf.k)
            room = w - 2 * PADDING
            width = text_width(pdf, text, pt, style)
            offset = {"C": (room - width) / 2, "R": room - width}.get(align, 0.0)
            left = x + PADDING + offset
            baseline = y + 0.5 * h + 0.3 * pt / pdf.k
            ops = frag.render_pdf_text(0, 0, 0, left, baseline, pdf.h)
        except Exception:
            return self._draw(x, y, w, h, text, align)
        head = f"BT {left * pdf.k:.2f} {(pdf.h - baseline) * pdf.k:.2f} Td "
        chunk = (head + ops + " ET\n").encode("latin1")
        self._emit("", chunk)
        return chunk

    def _emit(self, head: str, body: bytes = b"") -> None:
        pdf = self.pdf
        font = pdf.current_font
        pdf._resource_catalog.add(PDFResourceType.FONT, font.i, pdf.page)
        contents = pdf.pages[pdf.page].contents
        colour = pdf.text_color.serialize().lower()  # fpdf2 fills text with the fill colour
        setup = f"q {colour} BT /F{font.i} {pdf.font_size_pt:.2f} Tf ET\n{head}"
        contents.extend(setup.encode("latin1"))
        contents.extend(body)
        contents.extend(b"Q\n")

    def _replay(self, run: tuple[bytes, float, float], x: float, y: float) -> None:
        chunk, x0, y0 = run
        k = self.pdf.k
        self._emit(f"1 0 0 1 {(x - x0) * k:.2f} {(y0 - y) * k:.2f} cm\n", chunk)

    def _learn(self, char: str, style: str, pt: float, h: float) -> bytes:
        """The code fpdf2 writes for one character (drawn, read back, then taken off the page)."""
        pdf = self.pdf
        contents = pdf.pages[pdf.page].contents
        before = len(contents)
        shaping, pdf.text_shaping = pdf.text_shaping, None
        font_set = pdf.current_font_is_set_on_page
        try:
            chunk = self._draw(0.0, 0.0, 50.0, h, char, "L")
        finally:
            pdf.text_shaping = shaping
            pdf.current_font_is_set_on_page = font_set  # its Tf is taken off with the text
            del contents[before:]
        match = _TEXT_RUN.search(chunk)
        if match is None:  # fpdf2 changed its output: fall back to drawing through it
            raise LookupError(chunk)
        self._baseline.setdefault((pt, h), (float(match[1]), float(match[2]), 0.0, 0.0))
        return match[3]

    def _ascii(
        self, x: float, y: float, w: float, h: float, text: str, pt: float, style: str, align: str
    ) -> None:
        try:
            codes = b"".join(
                self._codes.get((ch, style))
                or self._codes.setdefault((ch, style), self._learn(ch, style, pt, h))
                for ch in text
            )
            if (pt, h) not in self._baseline:
                self._learn(text[0], style, pt, h)
        except LookupError:
            self._draw(x, y, w, h, text, align)
            return
        tx0, ty0, _, _ = self._baseline[(pt, h)]
        room = w - 2 * PADDING
        width = text_width(self.pdf, text, pt, style)
        offset = {"C": (room - width) / 2, "R": room - width}.get(align, 0.0)
        k = self.pdf.k
        tx, ty = tx0 + (x + offset) * k, ty0 - y * k
        self._emit(f"BT {tx:.2f} {ty:.2f} Td (", codes + b") Tj ET\n")
