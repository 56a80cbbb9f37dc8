"""Fitting shaped Thai text into table cells of an fpdf2 page, shared by the PDF exports.

Measuring shaped text is the slow part of a PDF with thousands of rows (bidi and shaping run in
Python for every string), and tables repeat the same roles, organisations and headings, so widths
are measured once per text at 1 pt and scaled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import uharfbuzz as hb
from fpdf import FPDF
from fpdf.enums import PDFResourceType, TextDirection

from facilitator.thai.linebreak import fit_lines, shorten, size_steps
from facilitator.thai.pdf_line import shaped_ops
from facilitator.thai.shaping import FONT_FAMILY, font_path

ELLIPSIS = "…"
PADDING = 1.2  # mm of air at each side of a cell's text
#: Distance between the baselines of a cell's lines, in em: enough that a tone mark over an
#: upper vowel (ที่) clears the descender of the line above in Sarabun.
LINE_PITCH_EM = 1.25
#: mm kept free above and below a wrapped cell's lines, so marks never touch the border.
V_PADDING = 0.4
#: Most lines a cell's text is wrapped onto; a sign-in sheet row has room for two.
MAX_CELL_LINES = 2
#: A text that would print smaller than this share of its size on one line is wrapped instead
#: (when the cell is tall enough for the wrapped lines at a larger size).
WRAP_BELOW = 0.8

_WIDTHS: dict[tuple[str, str], float] = {}
PT_TO_MM = 25.4 / 72
_FAMILY = FONT_FAMILY.lower()  # as fpdf2 keeps it


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


def text_width(pdf: FPDF | None, text: str, size: float, style: str = "") -> float:
    """Shaped width of `text` in mm at `size` pt (measured once per text, at 1 em).

    `pdf` is not needed (HarfBuzz measures the carried font directly); it is accepted so
    callers holding a page can pass it."""
    key = (text, style)
    per_em = _WIDTHS.get(key)
    if per_em is None:
        if len(_WIDTHS) > 100_000:
            _WIDTHS.clear()
        per_em = _WIDTHS[key] = _shaped_advance(text, style)
    return per_em * size * PT_TO_MM


def fit_text(
    pdf: FPDF | None, text: str, width: float, size: float, min_size: float, style: str = ""
) -> tuple[str, float]:
    """The text and font size to print it on one line of `width` mm: shrunk first, then
    shortened with "…" after the last whole word that fits.

    Only a single word longer than the cell is cut inside, between grapheme clusters (a
    consonant with its marks), so a cut name never ends in a stray tone mark.
    """
    room = width - 2 * PADDING
    if not text or text_width(pdf, text, size, style) <= room:
        return text, size
    fitted = size * room / text_width(pdf, text, size, style)
    if fitted >= min_size:
        return text, fitted
    return shorten(text, lambda t: text_width(pdf, t, min_size, style), room, ELLIPSIS), min_size


@dataclass(frozen=True)
class CellText:
    """How a cell's text is printed: its lines (broken between words) and their size in pt."""

    lines: tuple[str, ...]
    size: float


def two_line_cap(h: float, lines: int = MAX_CELL_LINES) -> float:
    """The largest size (pt) at which `lines` lines fit a cell `h` mm tall."""
    return (h - 2 * V_PADDING) / (lines * LINE_PITCH_EM * PT_TO_MM)


@lru_cache(maxsize=50_000)
def layout_cell(
    text: str, width: float, h: float, size: float, min_size: float, style: str = ""
) -> CellText:
    """One line when the text fits at WRAP_BELOW of `size` or more; otherwise up to
    MAX_CELL_LINES lines broken between words, when the cell is tall enough for them at a
    larger size than the single line would get (an organisation's name on the sign-in sheet
    then wraps rather than being cut with "…"). Pure: tests can check where lines break.
    """
    one, one_size = fit_text(None, text, width, size, min_size, style)
    room = width - 2 * PADDING
    cap = min(size, two_line_cap(h))
    shrunk = one_size < size * WRAP_BELOW or one != text
    if not text or not shrunk or cap < min_size:
        return CellText((one,), one_size)
    lines, wrapped_size = fit_lines(
        text,
        lambda t, pt: text_width(None, t, pt, style),
        room,
        size_steps(cap, min_size),
        MAX_CELL_LINES,
        ELLIPSIS,
    )
    if len(lines) < 2 or (one == text and one_size >= wrapped_size):
        return CellText((one,), one_size)
    return CellText(tuple(lines), wrapped_size)


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
        """One cell with its text fitted (shrunk, wrapped between words, then shortened)
        and centred vertically."""
        if border:
            self._frame(x, y, w, h)
        if not text:
            return
        block = layout_cell(text, w, h, size, min_size, style)
        pt = round(block.size, 2)
        self._font(style, pt)
        if len(block.lines) == 1:
            self._line(x, y, w, h, block.lines[0], pt, style, align)
            return
        pitch = LINE_PITCH_EM * pt * PT_TO_MM
        top = y + (h - len(block.lines) * pitch) / 2
        for i, line in enumerate(block.lines):
            self._line(x, top + i * pitch, w, pitch, line, pt, style, align)

    def _frame(self, x: float, y: float, w: float, h: float) -> None:
        """`pdf.rect(x, y, w, h)`, the operator written directly (fpdf2's call costs more
        than the rest of a table cell)."""
        pdf = self.pdf
        if pdf.page == 0:
            pdf.rect(x, y, w, h)  # fpdf2 explains that there is no page yet
            return
        k = pdf.k
        pdf._out(f"{x * k:.2f} {(pdf.h - y) * k:.2f} {w * k:.2f} {-h * k:.2f} re S")

    def _font(self, style: str, pt: float) -> None:
        """`pdf.set_font(FONT_FAMILY, style, pt)`, skipped when nothing would change (what
        set_font itself finds, after more work, for most cells of a table)."""
        pdf = self.pdf
        if (
            pdf.font_family == _FAMILY
            and pdf.font_style == style
            and pdf.font_size_pt == pt
            and not pdf.underline
            and not pdf.strikethrough
        ):
            return
        pdf.set_font(FONT_FAMILY, style, pt)

    def _line(
        self, x: float, y: float, w: float, h: float, shown: str, pt: float, style: str, align: str
    ) -> None:
        """One line of text, vertically centred in the box (x, y, w, h)."""
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
            room = w - 2 * PADDING
            width = text_width(pdf, text, pt, style)
            offset = {"C": (room - width) / 2, "R": room - width}.get(align, 0.0)
            left = x + PADDING + offset
            baseline = y + 0.5 * h + 0.3 * pt / pdf.k
            ops = shaped_ops(pdf, text, left, baseline)
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
        colour = self._colour(pdf.text_color)  # fpdf2 fills text with the fill colour
        setup = f"q {colour} BT /F{font.i} {pdf.font_size_pt:.2f} Tf ET\n{head}"
        contents.extend(setup.encode("latin1"))
        contents.extend(body)
        contents.extend(b"Q\n")

    @staticmethod
    @lru_cache(maxsize=64)
    def _colour(colour: object) -> str:
        return colour.serialize().lower()  # type: ignore[attr-defined]

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
