"""One line of Thai (or Latin) text on an fpdf2 page, as `FPDF.cell` draws it, for less.

With text shaping on, every `cell` and `get_string_width` runs the Unicode bidi algorithm in
Python before it shapes anything: a third of the cost of a line, and a badge sheet draws
tens of thousands of lines that are all left to right (Thai, Latin, digits and punctuation).
For such a line the bidi analysis can only say "one left-to-right run", so these functions
skip it and do the rest as fpdf2 does: the text is split where the script changes (as
`FPDF._parse_chars` splits it), each part is shaped by fpdf2's own `Fragment`, and the
operators are assembled as `FPDF._render_styled_text_line` assembles them. The bytes on the
page are the ones `cell` writes (`tests/thai/test_pdf_line.py` compares them); any text or
state outside that plain case (a right-to-left letter, fallback fonts, the page-total alias,
character spacing or stretching, a non-left alignment) goes through fpdf2 itself.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from functools import lru_cache
from weakref import WeakKeyDictionary

from fpdf import FPDF
from fpdf.enums import TextDirection, TextMode
from fpdf.fonts import TTFFont
from fpdf.line_break import Fragment
from fpdf.unicode_script import UnicodeScript, get_unicode_script

#: Bidi classes that resolve to one left-to-right run in a left-to-right paragraph.
_LEFT_TO_RIGHT = frozenset({"L", "EN", "ES", "ET", "CS", "NSM", "BN", "WS", "ON"})
_NEUTRAL_SCRIPTS = (UnicodeScript.COMMON, UnicodeScript.UNKNOWN)


def _plain(pdf: FPDF, text: str) -> bool:
    """Whether `text` on this page takes the plain path (else fpdf2 draws or measures it)."""
    font = pdf.current_font
    return (
        bool(pdf.text_shaping)
        and isinstance(font, TTFFont)
        and not font.color_font
        and not font.is_symbol
        and pdf.text_mode == TextMode.FILL
        and pdf.text_shaping.get("direction") in (None, TextDirection.LTR)
        and pdf.is_ttf_font
        and not pdf._fallback_font_ids
        and pdf.char_spacing == 0
        and pdf.font_stretching == 100
        and not pdf.underline
        and not pdf.strikethrough
        and not (pdf.str_alias_nb_pages and pdf.str_alias_nb_pages in text)
        and all(map(_left_to_right_char, set(text)))
    )


@lru_cache(maxsize=4096)
def _left_to_right_char(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in _LEFT_TO_RIGHT


def _runs(text: str) -> list[str]:
    """The text split where its script changes, as `FPDF._parse_chars` splits it."""
    runs: list[str] = []
    start = 0
    current = None
    for i, ch in enumerate(text):
        script = get_unicode_script(ch)
        if script in _NEUTRAL_SCRIPTS or script == current:
            continue
        if i > start and current is not None:
            runs.append(text[start:i])
            start = i
        current = script
    if start < len(text):
        runs.append(text[start:])
    return runs


def _left_to_right(pdf: FPDF) -> None:
    # What the bidi pass leaves in the shaping parameters for a left-to-right text.
    pdf.text_shaping["paragraph_direction"] = TextDirection.LTR
    pdf.text_shaping["fragment_direction"] = TextDirection.LTR


def string_width(pdf: FPDF, text: str) -> float:
    """`pdf.get_string_width(text)` in the current font: the shaped width in user units."""
    if not text or not _plain(pdf, text):
        return pdf.get_string_width(text)
    _left_to_right(pdf)
    font, size, params, k = pdf.current_font, pdf.font_size_pt, pdf.text_shaping, pdf.k
    return sum(font.get_text_width(run, size, params)[1] / k for run in _runs(text))


def cell_line(pdf: FPDF, w: float, h: float, text: str, align: str = "L") -> None:
    """`pdf.cell(w=w, h=h, text=text, align=align)` at the current position, no border;
    `align` is "L", "C" or "R"."""
    if not text or align not in ("L", "C", "R") or not _plain(pdf, text):
        pdf.cell(w=w, h=h, text=text, align=align)
        return
    _left_to_right(pdf)
    k, x, y = pdf.k, pdf.x, pdf.y
    font, size, params = pdf.current_font, pdf.font_size_pt, pdf.text_shaping
    runs = _runs(text)
    if align == "L":
        dx = pdf.c_margin
    else:
        # fpdf2 measures the whole line first to place it (as `_render_styled_text_line`).
        width = 0.0
        for run in runs:
            width += font.get_text_width(run, size, params)[1] / k
        dx = w - pdf.c_margin - width if align == "R" else (w - width) / 2
    baseline = y + 0.5 * h + 0.3 * pdf.font_size
    parts = [f"BT {(x + dx) * k:.2f} {(pdf.h - y - 0.5 * h - 0.3 * pdf.font_size) * k:.2f} Td"]
    # fpdf2 paints text with the fill colour: another text colour is set for the line, inside
    # q/Q so the page's fill colour is back after it.
    colour = pdf.text_color if pdf.text_color != pdf.fill_color else None
    if colour is not None:
        parts.append(colour.serialize().lower())
    if not pdf.current_font_is_set_on_page:
        pdf._out(pdf._set_font_for_page(font, size))
    advance = 0.0
    for run in runs:
        rendered, width = _shaped_run(pdf, font, size, params, run, x + dx + advance, baseline)
        if rendered:
            parts.append(rendered)
        advance += width / k
    parts.append("ET")
    pdf._out(f"q {' '.join(parts)} Q" if colour is not None else " ".join(parts))
    pdf._lasth = h
    pdf.x += w


def shaped_ops(pdf: FPDF, text: str, x: float, baseline: float) -> str:
    """The operators `Fragment(text, ...).render_pdf_text(0, 0, 0, x, baseline, pdf.h)` writes
    for `text` as one fragment in the current font (no bidi, no script runs): what the PDF
    tables' cell writer puts between its `Td` and `ET`."""
    font = pdf.current_font
    if (
        not isinstance(font, TTFFont)
        or font.color_font
        or font.is_symbol
        or not pdf.text_shaping
        or pdf.char_spacing != 0
        or pdf.font_stretching != 100
    ):
        frag = Fragment(text, pdf._get_current_graphics_state(), pdf.k)
        return frag.render_pdf_text(0, 0, 0, x, baseline, pdf.h)
    return _shaped_run(pdf, font, pdf.font_size_pt, pdf.text_shaping, text, x, baseline)[0]


#: Per document, what each shaped glyph prints as: (font, glyph, its characters) -> the
#: escaped code fpdf2's subset gave it and the glyph's width as fpdf2 rounds it (or None for
#: a glyph fpdf2 skips).
_GLYPHS: WeakKeyDictionary[FPDF, dict[tuple[int, int, tuple[int, ...]], tuple[str, int] | None]]
_GLYPHS = WeakKeyDictionary()


def _glyph(
    glyphs: dict[tuple[int, int, tuple[int, ...]], tuple[str, int] | None],
    key: tuple[int, int, tuple[int, ...]],
    font: TTFFont,
) -> tuple[str, int] | None:
    """What `TTFFont.shape_text` and `Fragment.render_with_text_shaping` make of one glyph
    the first time it is seen: the subset picks its code (the same calls fpdf2 makes)."""
    _, glyph_id, unicode = key
    name = font.ttfont.getGlyphName(glyph_id)
    width = round(font.scale * font.ttfont["hmtx"].metrics[name][0])
    glyph = font.subset.get_glyph(
        glyph=glyph_id, unicode=unicode, glyph_name=name, glyph_width=width
    )
    found = None
    if glyph is not None:
        found = (font.escape_text(chr(font.subset.pick_glyph(glyph))), width)
    glyphs[key] = found
    return found


def _shaped_run(
    pdf: FPDF,
    font: TTFFont,
    size: float,
    params: dict,
    text: str,
    pos_x: float,
    pos_y: float,
) -> tuple[str, float]:
    """`Fragment.render_with_text_shaping` for one run of one script, no word or character
    spacing, no stretching: the glyphs as `(codes) Tj`, with a `Tm` wherever HarfBuzz moves a
    glyph off the font's own advance; and the run's width in points, as
    `TTFFont.get_text_width` measures it, from the same shaping."""
    if size > font.biggest_size_pt:
        font.biggest_size_pt = size  # what get_text_width records
    infos, positions = font.perform_harfbuzz_shaping(text, size, params)
    clusters = sorted(int(info.cluster) for info in infos)
    members: dict[int, list[int]] = {}
    for i in range(len(text)):
        at = bisect_left(clusters, i)
        if at == 0:
            cluster = clusters[0]
        elif at == len(clusters) or clusters[at] != i:
            cluster = clusters[at - 1]
        else:
            cluster = clusters[at]
        members.setdefault(cluster, []).append(i)
    k, page_h = pdf.k, pdf.h
    fs = font.scale
    # Font units to page units as `adjust_pos` computes them, in its order (the last digit of
    # a position can depend on it).
    glyphs = _GLYPHS.setdefault(pdf, {})
    out: list[str] = []
    pending = ""
    run_width = 0.0
    for info, pos in zip(infos, positions, strict=True):
        run_width += round(fs * pos.x_advance + 0.001) * size * 0.001  # as shaped_text_width sums
        chars = members.pop(info.cluster, None)
        unicode = tuple(ord(text[i]) for i in chars) if chars else ()
        key = (font.i, info.codepoint, unicode)
        found = glyphs[key] if key in glyphs else _glyph(glyphs, key, font)
        if found is None:
            continue
        code, glyph_width = found
        x_offset, y_offset = pos.x_offset, pos.y_offset
        if x_offset or y_offset:
            if pending:
                out.append(f"({pending}) Tj ")
                pending = ""
            left = pos_x + x_offset * fs * size / 1000 / k
            rise = pos_y - y_offset * fs * size / 1000 / k
            out.append(f"1 0 0 1 {left * k:.2f} {(page_h - rise) * k:.2f} Tm ")
        pending += code
        pos_x += pos.x_advance * fs * size / 1000 / k
        pos_y += pos.y_advance * fs * size / 1000 / k
        if glyph_width != pos.x_advance or x_offset or y_offset or pos.y_advance:
            if pending:
                out.append(f"({pending}) Tj ")
                pending = ""
            out.append(f"1 0 0 1 {pos_x * k:.2f} {(page_h - pos_y) * k:.2f} Tm ")
    if pending:
        out.append(f"({pending}) Tj")
    return "".join(out), run_width
