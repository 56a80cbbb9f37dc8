"""The Thai font the project carries, and shaped Thai text in Pillow and fpdf2.

Thai names stack marks: in ยิ่ง the tone mark ่ must sit *above* the vowel ิ.
Only a shaping engine (HarfBuzz) puts it there. Pillow shapes only through its
Raqm layout engine, which needs libfribidi at run time; when that library is
missing Pillow quietly falls back to basic layout and the tone mark collides
with the vowel, so ยิ่ง prints almost like ยิง. A badge with a misspelt name is
worse than no badge, so this module refuses to render instead of falling back.

We carry Sarabun (SIL OFL 1.1, Cadson Demak), which covers Thai *and* Latin
letters, digits and punctuation in one file, so mixed text like "KBO 2564"
needs no fallback font and no system font is ever needed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TypeVar

from fpdf import FPDF
from PIL import ImageFont, features

from facilitator.errors import UserError

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FAMILY = "Sarabun"
_REGULAR = "Sarabun-Regular.ttf"
_BOLD = "Sarabun-Bold.ttf"

# The behavioural probe: a tone mark over an upper vowel.
_PROBE_STACKED = "ยิ่ง"
_PROBE_UNSTACKED = "ยิง"
_PROBE_SIZE = 100

PDF = TypeVar("PDF", bound=FPDF)


class ShapingUnavailable(UserError, RuntimeError):
    """Thai text cannot be shaped here; rendering it would misplace tone marks.

    The message names the Debian package or the pip package that fixes it.
    """


def font_path(bold: bool = False) -> Path:
    """Path of the carried Thai+Latin font file (regular or bold)."""
    return FONT_DIR / (_BOLD if bold else _REGULAR)


def _tone_mark_rise(layout_engine: ImageFont.Layout) -> int:
    """How far (px) the tone mark in ยิ่ง rises above the vowel in ยิง.

    Shaped, the tone mark is stacked above the vowel, so the ink of ยิ่ง starts
    clearly higher than the ink of ยิง. Unshaped, both start at the same height.
    Bounding boxes, not pixel-exact bitmaps, so hinting or antialiasing changes
    between FreeType versions do not make the check flaky.
    """
    font = ImageFont.truetype(str(font_path()), _PROBE_SIZE, layout_engine=layout_engine)
    stacked_top = font.getbbox(_PROBE_STACKED)[1]
    unstacked_top = font.getbbox(_PROBE_UNSTACKED)[1]
    return unstacked_top - stacked_top


@cache
def _pillow_shaping_error() -> str | None:
    """Why Pillow cannot shape Thai here (a catalogue key), or None when it can (checked once)."""
    if not features.check("raqm"):
        return "thai.shaping.no_raqm"
    font = ImageFont.truetype(str(font_path()), _PROBE_SIZE, layout_engine=ImageFont.Layout.RAQM)
    if font.layout_engine != ImageFont.Layout.RAQM:
        return "thai.shaping.basic_layout"
    if _tone_mark_rise(ImageFont.Layout.RAQM) < _PROBE_SIZE // 20:
        return "thai.shaping.not_stacked"
    return None


def require_pillow_shaping() -> None:
    """Raise ShapingUnavailable unless Pillow really shapes Thai (Raqm works)."""
    error = _pillow_shaping_error()
    if error is not None:
        raise ShapingUnavailable(error, probe=_PROBE_STACKED)


@cache
def pillow_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A shaped (Raqm) Pillow font of the carried face; cached per size.

    Cached because badge layouts ask for the same sizes thousands of times
    while shrinking long names to fit.
    """
    require_pillow_shaping()
    return ImageFont.truetype(str(font_path(bold)), size, layout_engine=ImageFont.Layout.RAQM)


def require_pdf_shaping() -> None:
    """Raise ShapingUnavailable unless fpdf2 can shape through uharfbuzz."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError as exc:
        raise ShapingUnavailable("thai.shaping.no_harfbuzz") from exc


def thai_pdf(orientation: str = "P", kind: type[PDF] = FPDF) -> PDF:  # type: ignore[assignment]
    """An A4 fpdf2 document with the Thai font (regular "" and bold "B") and shaping on.

    The font is registered under FONT_FAMILY; call `pdf.set_font(FONT_FAMILY, "B", 20)`.
    `kind` is FPDF or a subclass of it (the long documents use `pdf_spool.SpooledPDF`).
    """
    require_pdf_shaping()
    pdf = kind(orientation=orientation, unit="mm", format="A4")
    pdf.add_font(FONT_FAMILY, "", str(font_path()))
    pdf.add_font(FONT_FAMILY, "B", str(font_path(bold=True)))
    pdf.set_text_shaping(True)
    pdf.set_font(FONT_FAMILY, "", 12)
    return pdf
