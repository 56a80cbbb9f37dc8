"""Printable badge sheets: A4 portrait, 2 x 4 badges per page, with cut marks.

Each badge carries the participant's QR (drawn as vector squares, not an
embedded picture, so a 5,000-person roster stays a small, fast PDF that
prints crisp at any resolution), their title and name in large shaped Thai
that shrinks to fit the badge, their position (ตำแหน่ง) when the roster gives one, role,
organisation or product, and the event.

The QR is the one `qrcode` would draw, built faster (`codes.qr_symbol`), and shaped lines go
through `thai.pdf_line`, which writes what `FPDF.cell` writes without its bidi pass: at
20,000 people those were most of the time.

Every text line gets its own box, tall enough for Thai's stacked marks above
(ป๊ี reaches 1.32 em) and below (ฏู reaches 0.56 em); boxes never overlap and
never leave the badge, so no name can collide with another line or spill
onto the neighbouring badge however long it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from facilitator.codes.qr_image import Matrix, qr_rows
from facilitator.files import make_folder, save_beside_then_rename
from facilitator.pdf_spool import SpooledPDF
from facilitator.thai.linebreak import fit_lines, shorten, size_steps, split_lines
from facilitator.thai.pdf_line import cell_line, string_width
from facilitator.thai.shaping import FONT_FAMILY, thai_pdf
from facilitator.thai.text import join_full_name

Progress = Callable[[int, int], None]

PT_TO_MM = 25.4 / 72

# Page grid (mm). Badges abut, so one cut serves two badges.
PAGE_W, PAGE_H = 210.0, 297.0
COLUMNS, ROWS = 2, 4
BADGES_PER_PAGE = COLUMNS * ROWS
BADGE_W, BADGE_H = 95.0, 68.0
MARGIN_X = (PAGE_W - COLUMNS * BADGE_W) / 2
MARGIN_Y = (PAGE_H - ROWS * BADGE_H) / 2
PADDING = 5.0
INNER_W = BADGE_W - 2 * PADDING
CUT_MARK = 4.0  # length of the marks in the page margin
CUT_CROSS = 2.0  # arm of the small crosses where four badges meet

# Vertical extent of a Thai text line, in em: marks stack up to 1.32 em above
# the baseline and down to 0.56 em below it.
LINE_ASCENT = 1.33
LINE_DESCENT = 0.57
LINE_HEIGHT = LINE_ASCENT + LINE_DESCENT

QR_SIZE = 26.0  # mm, including the 4-module quiet zone

NAME_MAX_PT = 26.0
NAME_MIN_PT = 6.0
POSITION_MAX_PT = 10.0
POSITION_MIN_PT = 6.0
AFFILIATION_MAX_PT = 10.0
AFFILIATION_MIN_PT = 6.0
#: An organisation that would print smaller than this on one line takes two lines instead.
AFFILIATION_WRAP_BELOW_PT = 8.0
ELLIPSIS = "…"


@dataclass(frozen=True)
class BadgeData:
    """What one badge shows; dates are already formatted (Buddhist Era) by the caller."""

    code: str
    title: str
    name: str  # full display name without the title
    role_label: str
    affiliation: str  # organisation or product
    event_name: str
    event_dates: str
    sort_key: str = ""
    position: str = ""  # ตำแหน่ง as the office wrote it (ประธานกลุ่ม, พัฒนาการจังหวัด)
    number: int = 0  # the person's roster number (the NNN of the picture's file name)

    @property
    def display_name(self) -> str:
        """Title and name as printed: Thai titles join the name ("นายชูศักดิ์")."""
        return join_full_name(self.title, self.name, "")


def in_roster_order(badges: Sequence[BadgeData]) -> list[BadgeData]:
    """Badges ordered by sort_key; a stable sort keeps the given order for ties."""
    return sorted(badges, key=lambda badge: badge.sort_key)


@dataclass(frozen=True)
class TextLine:
    """One placed line of text: where its box is and at which size it prints."""

    text: str
    x: float
    top: float
    width: float
    size_pt: float
    bold: bool = False
    part: str = ""  # what the line shows: event, dates, name, position, role, affiliation, code

    @property
    def height(self) -> float:
        return LINE_HEIGHT * self.size_pt * PT_TO_MM

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def baseline(self) -> float:
        return self.top + LINE_ASCENT * self.size_pt * PT_TO_MM


def _line_height(size_pt: float) -> float:
    return LINE_HEIGHT * size_pt * PT_TO_MM


_EM_WIDTHS: dict[tuple[str, bool], float] = {}


def _text_width(pdf: FPDF, text: str, size_pt: float, bold: bool) -> float:
    """Shaped width in mm, measured once per text and weight at 1 pt and scaled.

    Every badge repeats the event name, dates and a handful of roles, and
    fpdf2's measuring (bidi + shaping in Python) is the slowest step of a
    5,000-badge sheet, so repeats are served from the cache.
    """
    key = (text, bold)
    per_pt = _EM_WIDTHS.get(key)
    if per_pt is None:
        if len(_EM_WIDTHS) > 50_000:
            _EM_WIDTHS.clear()
        pdf.set_font(FONT_FAMILY, "B" if bold else "", 1)
        per_pt = _EM_WIDTHS[key] = string_width(pdf, text)
    return per_pt * size_pt


def fit_size(pdf: FPDF, text: str, width: float, max_pt: float, bold: bool = False) -> float:
    """The largest size up to max_pt at which shaped `text` fits `width` mm.

    Shaped width grows linearly with the size, so one measurement suffices;
    the 0.5 % margin absorbs rounding in fpdf2's advance arithmetic.
    """
    measured = _text_width(pdf, text, max_pt, bold)
    if measured <= width:
        return max_pt
    return max_pt * width / measured * 0.995


def fit_line(
    pdf: FPDF,
    text: str,
    x: float,
    top: float,
    width: float,
    max_pt: float,
    min_pt: float,
    bold: bool = False,
    part: str = "",
) -> TextLine:
    """Shrink `text` to fit `width`; below min_pt, shorten it at a word boundary with "…"."""
    size = fit_size(pdf, text, width, max_pt, bold)
    if size >= min_pt:
        return TextLine(text, x, top, width, size, bold, part)
    fitted = shorten(text, lambda t: _text_width(pdf, t, min_pt, bold), width, ELLIPSIS)
    return TextLine(fitted, x, top, width, min_pt, bold, part)


def _split_name(name: str) -> tuple[str, str] | None:
    """Split at the space that best balances two lines (given name / surname)."""
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if not spaces:
        return None
    middle = len(name) / 2
    cut = min(spaces, key=lambda i: abs(i - middle))
    return name[:cut].strip(), name[cut + 1 :].strip()


def fit_block(
    pdf: FPDF,
    text: str,
    width: float,
    max_pt: float,
    min_pt: float,
    lines: int,
    bold: bool = False,
) -> tuple[list[str], float]:
    """`text` in at most `lines` lines broken between words, as large as fits `width`."""
    return fit_lines(
        text,
        lambda t, size: _text_width(pdf, t, size, bold),
        width,
        size_steps(max_pt, min_pt),
        lines,
        ELLIPSIS,
    )


def _stack(
    texts: list[str], x: float, top: float, width: float, size: float, bold: bool, part: str
) -> list[TextLine]:
    line_h = _line_height(size)
    return [
        TextLine(text, x, top + i * line_h, width, size, bold, part) for i, text in enumerate(texts)
    ]


def layout_name(
    pdf: FPDF, name: str, x: float, top: float, width: float, height: float
) -> list[TextLine]:
    """Title + name as large as the box allows: one line, or two if that is larger.

    Two lines split at the space between given name and surname when both halves fit;
    otherwise (a name without a space, or halves too long) at the word boundaries that fit,
    the second line shortened with "…" only when even the smallest size needs a third.
    """
    cap = min(NAME_MAX_PT, height / (LINE_HEIGHT * PT_TO_MM))
    one = fit_size(pdf, name, width, cap, bold=True)
    cap_two = min(NAME_MAX_PT, height / (2 * LINE_HEIGHT * PT_TO_MM))
    # Two lines are never larger than cap_two, so only try them below it.
    if one < cap_two and cap_two >= NAME_MIN_PT:
        halves = _split_name(name)
        if halves is None:
            halves = tuple(split_lines(name, lambda t: _text_width(pdf, t, 1.0, True)))
        two = min(fit_size(pdf, half, width, cap_two, bold=True) for half in halves)
        texts = list(halves)
        if two < NAME_MIN_PT:
            texts, two = fit_block(pdf, name, width, cap_two, NAME_MIN_PT, 2, bold=True)
        if two > one and len(texts) == 2:
            start = top + (height - 2 * _line_height(two)) / 2
            return _stack(texts, x, start, width, two, True, "name")
    line = fit_line(pdf, name, x, top, width, cap, NAME_MIN_PT, bold=True, part="name")
    start = top + (height - line.height) / 2
    return [TextLine(line.text, x, start, width, line.size_pt, True, "name")]


def layout_affiliation(
    pdf: FPDF, text: str, x: float, top: float, width: float, height: float
) -> list[TextLine]:
    """The organisation or product: one line, or two broken between words when one line
    would print smaller than AFFILIATION_WRAP_BELOW_PT and two lines fit the room."""
    one = fit_size(pdf, text, width, AFFILIATION_MAX_PT)
    cap_two = min(AFFILIATION_MAX_PT, height / (2 * LINE_HEIGHT * PT_TO_MM))
    if text and one < AFFILIATION_WRAP_BELOW_PT and cap_two >= AFFILIATION_MIN_PT:
        texts, two = fit_block(pdf, text, width, cap_two, AFFILIATION_MIN_PT, 2)
        if len(texts) == 2 and two > one:
            return _stack(texts, x, top, width, two, False, "affiliation")
    return [
        fit_line(
            pdf, text, x, top, width, AFFILIATION_MAX_PT, AFFILIATION_MIN_PT, part="affiliation"
        )
    ]


@dataclass(frozen=True)
class BadgeLayout:
    """Everything placed on one badge, in page millimetres (testable without drawing)."""

    x: float
    y: float
    lines: list[TextLine]
    qr_x: float
    qr_y: float
    qr_size: float


def layout_badge(pdf: FPDF, badge: BadgeData, x: float, y: float) -> BadgeLayout:
    """Place one badge's texts and QR inside the badge at (x, y)."""
    left, top = x + PADDING, y + PADDING
    bottom = y + BADGE_H - PADDING
    lines: list[TextLine] = []

    event = fit_line(pdf, badge.event_name, left, top, INNER_W, 9.0, 6.0, True, "event")
    dates = fit_line(pdf, badge.event_dates, left, event.bottom, INNER_W, 8.0, 6.0, part="dates")
    lines += [event, dates]

    qr_y = bottom - QR_SIZE
    qr_x = x + BADGE_W - PADDING - QR_SIZE
    name_top = dates.bottom + 1.0
    name_bottom = qr_y
    if badge.position:
        # The position sits under the name, across the badge, above the QR's top edge.
        name_bottom = qr_y - _line_height(POSITION_MAX_PT)
        lines += [
            fit_line(
                pdf,
                badge.position,
                left,
                name_bottom,
                INNER_W,
                POSITION_MAX_PT,
                POSITION_MIN_PT,
                part="position",
            )
        ]
    lines += layout_name(pdf, badge.display_name, left, name_top, INNER_W, name_bottom - name_top)

    side_w = qr_x - left - 3.0
    role = fit_line(pdf, badge.role_label, left, qr_y + 1.0, side_w, 11.0, 7.0, True, "role")
    code_top = bottom - _line_height(9.0)
    code = fit_line(pdf, badge.code, left, code_top, side_w, 9.0, 6.0, part="code")
    lines += [role]
    lines += layout_affiliation(
        pdf, badge.affiliation, left, role.bottom, side_w, code_top - role.bottom
    )
    lines += [code]
    return BadgeLayout(x, y, lines, qr_x, qr_y, QR_SIZE)


def _draw_line(pdf: FPDF, line: TextLine) -> None:
    if not line.text:
        return
    pdf.set_font(FONT_FAMILY, "B" if line.bold else "", line.size_pt)
    font_mm = line.size_pt * PT_TO_MM
    # fpdf2 puts the baseline at cell top + h/2 + 0.3 * font size; with h = font
    # size that is top + 0.8 em, so this lands the baseline where the layout says.
    pdf.set_xy(line.x, line.baseline - 0.8 * font_mm)
    cell_line(pdf, line.width, font_mm, line.text)


class TextStamps:
    """Repeated lines drawn once by fpdf2, then replayed as content-stream bytes.

    Every badge prints the same event name and dates and one of a few roles, and fpdf2
    re-runs bidi and HarfBuzz shaping in Python for every `cell` (over half of a 5,000-badge
    sheet). The first time a (text, size, weight) is drawn, the PDF operators fpdf2 appends
    to the page are kept; later copies are those bytes again inside `q <translate> cm ... Q`,
    so the glyphs are exactly the shaped ones and the page's graphics state is left as it
    was. The font is registered as a resource of each page a stamp lands on. Texts seen
    once (names, codes) are drawn normally. Should fpdf2's internals ever change shape,
    stamping switches itself off and every line is drawn normally.
    """

    LIMIT = 2_000
    SEEN_LIMIT = 20_000

    def __init__(self) -> None:
        self._seen: set[tuple[str, float, bool]] = set()
        self._stamps: dict[tuple[str, float, bool], tuple[bytes, float, float, int]] = {}
        self.enabled = True

    def draw(self, pdf: FPDF, line: TextLine) -> None:
        if not line.text:
            return
        key = (line.text, round(line.size_pt, 3), line.bold)
        stamp = self._stamps.get(key) if self.enabled else None
        if stamp is not None:
            self._replay(pdf, stamp, line)
            return
        if not self.enabled or key not in self._seen or len(self._stamps) >= self.LIMIT:
            # Only a second sighting is worth keeping: most names are seen once.
            if len(self._seen) >= self.SEEN_LIMIT:
                self._seen.clear()  # a fair's worth of names: start again, memory stays flat
            self._seen.add(key)
            _draw_line(pdf, line)
            return
        self._capture(pdf, line, key)

    def _capture(self, pdf: FPDF, line: TextLine, key: tuple[str, float, bool]) -> None:
        try:
            contents = pdf.pages[pdf.page].contents
            pdf.set_font(FONT_FAMILY, "B" if line.bold else "", line.size_pt)
            # Make fpdf2 select the font inside the captured bytes, not rely on the page's.
            pdf.current_font_is_set_on_page = False
            start = len(contents)
            _draw_line(pdf, line)
            ops = bytes(contents[start:])
            font_id = pdf.current_font.i
        except (AttributeError, KeyError, TypeError):
            self.enabled = False
            return
        if f"/F{font_id} ".encode() in ops:
            self._stamps[key] = (ops, line.x, line.baseline, font_id)

    @staticmethod
    def _replay(pdf: FPDF, stamp: tuple[bytes, float, float, int], line: TextLine) -> None:
        from fpdf.enums import PDFResourceType

        ops, x0, baseline0, font_id = stamp
        dx = (line.x - x0) * pdf.k
        dy = (baseline0 - line.baseline) * pdf.k  # PDF's y axis points up
        pdf._resource_catalog.add(PDFResourceType.FONT, font_id, pdf.page)
        pdf._out(f"q 1 0 0 1 {dx:.2f} {dy:.2f} cm\n".encode() + ops + b"\nQ")


def draw_qr(pdf: FPDF, matrix: Matrix, x: float, y: float, size: float) -> None:
    """Draw a QR given as a module matrix (see `draw_qr_rows`)."""
    rows = ["".join("1" if dark else "0" for dark in row) for row in matrix]
    draw_qr_rows(pdf, rows, x, y, size)


_DARK_RUN = re.compile("1+")


@lru_cache(maxsize=64)
def _run_lefts(x: float, module: float, k: float, count: int) -> tuple[str, ...]:
    return tuple(f"{(x + start * module) * k:.3f}" for start in range(count))


@lru_cache(maxsize=64)
def _run_widths(module: float, k: float, count: int) -> tuple[str, ...]:
    return tuple(f"{length * module * k:.3f}" for length in range(count + 1))


def draw_qr_rows(pdf: FPDF, rows: Sequence[str], x: float, y: float, size: float) -> None:
    """Dark modules as filled rectangles, one per horizontal run, filled as one path.

    `rows` are the QR's rows as "1" (dark) and "0" strings (`qr_rows`). Runs overlap their
    neighbours below by a hair so renderers' antialiasing leaves no light seams between rows,
    which could confuse a scanner. The operators are written directly (one `re` per run, one
    `f` for all): fpdf2's `rect` costs ~20 µs of Python a call, and a QR has ~120 runs. The
    runs are found by a regular expression and their numbers formatted once per position, as
    a sheet's QRs all sit at the same few places.
    """
    k, page_h = pdf.k, pdf.h
    count = len(rows)
    module = size / count
    seam = module * 0.02
    height = f"{-((module + seam) * k):.3f}"
    lefts = _run_lefts(x, module, k, count)
    widths = _run_widths(module, k, count)
    parts: list[str] = []
    for r, row in enumerate(rows):
        top = f"{(page_h - (y + r * module)) * k:.3f}"
        for run in _DARK_RUN.finditer(row):
            start, end = run.span()
            parts.append(f"{lefts[start]} {top} {widths[end - start]} {height} re")
    if parts:
        pdf._out("\n".join(parts) + "\nf")


def draw_badge(
    pdf: FPDF, layout: BadgeLayout, qr: Sequence[str], stamps: TextStamps | None = None
) -> None:
    """Draw a laid-out badge; `qr` is qr_rows(badge.code)."""
    for line in layout.lines:
        if stamps is None:
            _draw_line(pdf, line)
        else:
            stamps.draw(pdf, line)
    draw_qr_rows(pdf, qr, layout.qr_x, layout.qr_y, layout.qr_size)


def _draw_cut_marks(pdf: FPDF) -> None:
    """Marks in the margins on every cut line, and small crosses where badges meet."""
    pdf.set_line_width(0.2)
    right, bottom = MARGIN_X + COLUMNS * BADGE_W, MARGIN_Y + ROWS * BADGE_H
    gap = 1.0  # keep marks off the badge itself
    for col in range(COLUMNS + 1):
        x = MARGIN_X + col * BADGE_W
        pdf.line(x, MARGIN_Y - gap - CUT_MARK, x, MARGIN_Y - gap)
        pdf.line(x, bottom + gap, x, bottom + gap + CUT_MARK)
    for row in range(ROWS + 1):
        y = MARGIN_Y + row * BADGE_H
        pdf.line(MARGIN_X - gap - CUT_MARK, y, MARGIN_X - gap, y)
        pdf.line(right + gap, y, right + gap + CUT_MARK, y)
    for col in range(COLUMNS + 1):
        for row in range(ROWS + 1):
            x, y = MARGIN_X + col * BADGE_W, MARGIN_Y + row * BADGE_H
            pdf.line(x - CUT_CROSS * (col > 0), y, x + CUT_CROSS * (col < COLUMNS), y)
            pdf.line(x, y - CUT_CROSS * (row > 0), x, y + CUT_CROSS * (row < ROWS))


def badge_origin(index_on_page: int) -> tuple[float, float]:
    """Top-left corner (mm) of the badge slot, filled row by row."""
    row, col = divmod(index_on_page, COLUMNS)
    return MARGIN_X + col * BADGE_W, MARGIN_Y + row * BADGE_H


def write_badge_sheet(
    badges: Sequence[BadgeData], out: Path, progress: Progress | None = None
) -> int:
    """Write all badges, in roster order, to an A4 PDF at `out`; return the page count.

    Linear in the roster and flat in memory: each page leaves memory for a scratch file as
    the next one starts (`SpooledPDF`) and the file is streamed out at the end, so 20,000
    badges (2,500 pages) hold one page's operators at a time, not 170 MB of them.
    """
    ordered = in_roster_order(badges)
    pdf = thai_pdf("P", SpooledPDF)
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0
    pdf.set_creator("facilitator")
    pdf.set_title("Badges")
    pdf.set_fill_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    total = len(ordered)
    stamps = TextStamps()
    for index, badge in enumerate(ordered):
        slot = index % BADGES_PER_PAGE
        if slot == 0:
            pdf.add_page()
            _draw_cut_marks(pdf)
        x, y = badge_origin(slot)
        draw_badge(pdf, layout_badge(pdf, badge, x, y), qr_rows(badge.code), stamps)
        if progress is not None:
            progress(index + 1, total)
    if total == 0:
        pdf.add_page()
    make_folder(out.parent)
    save_beside_then_rename(out, pdf.write)
    return pdf.pages_count
