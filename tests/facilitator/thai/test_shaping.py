"""Thai names on badges must keep their tone marks where a Thai reader expects them."""

import unicodedata
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont

from facilitator.thai import shaping as thai_fonts
from facilitator.thai.shaping import (
    FONT_FAMILY,
    ShapingUnavailable,
    font_path,
    pillow_font,
    require_pillow_shaping,
    thai_pdf,
)

NAMES = ["นายชูศักดิ์ ยิ่งรุ่งโรจน์", "นางสาวปิ่นฟ้า ฝั่งน้ำ"]


def letters(text: str) -> str:
    """Text without spaces and control characters.

    pypdf guesses word spaces from glyph positions, so it reads the shaped
    ปิ่น as "ปิ่ น", and leaves a control character after ำ (HarfBuzz draws it
    as two glyphs). Every letter and mark is still there, in order, which is
    what copy, search and screen readers need; poppler's pdftotext reads the
    same file exactly.
    """
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cc")


def _render(font: ImageFont.FreeTypeFont, text: str) -> Image.Image:
    image = Image.new("L", (400, 200), 0)
    ImageDraw.Draw(image).text((20, 40), text, font=font, fill=255)
    return image


@pytest.mark.parametrize("bold", [False, True])
def test_the_project_carries_its_own_font_with_its_licence(bold: bool) -> None:
    path = font_path(bold)
    assert path.is_file()
    assert path.stat().st_size < 200_000, "carry only the Thai face, not a font collection"
    licence = (path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


@pytest.mark.parametrize("bold", [False, True])
def test_one_font_covers_thai_latin_and_digits(bold: bool) -> None:
    cmap = TTFont(font_path(bold)).getBestCmap()
    needed = "".join(NAMES) + "ABCXYZabcxyz0123456789-–./:()@&,ดร.๐๑๒๓๔๕๖๗๘๙"
    missing = sorted({ch for ch in needed if ch != " " and ord(ch) not in cmap})
    assert missing == []


def test_shaped_and_unshaped_thai_really_differ() -> None:
    """If this fails, the check below could not tell a broken machine from a good one."""
    path = str(font_path())
    shaped = ImageFont.truetype(path, 72, layout_engine=ImageFont.Layout.RAQM)
    unshaped = ImageFont.truetype(path, 72, layout_engine=ImageFont.Layout.BASIC)
    difference = ImageChops.difference(_render(shaped, "ยิ่ง"), _render(unshaped, "ยิ่ง"))
    assert difference.getbbox() is not None


def test_the_tone_mark_sits_above_the_vowel() -> None:
    font = pillow_font(100)
    top_with_tone = font.getbbox("ยิ่ง")[1]
    top_without_tone = font.getbbox("ยิง")[1]
    assert top_with_tone < top_without_tone - 10


def test_our_pillow_font_is_the_shaping_one() -> None:
    assert pillow_font(40).layout_engine == ImageFont.Layout.RAQM
    assert pillow_font(40, bold=True).layout_engine == ImageFont.Layout.RAQM
    shaped = ImageFont.truetype(str(font_path()), 40, layout_engine=ImageFont.Layout.RAQM)
    assert _render(pillow_font(40), NAMES[0]).tobytes() == _render(shaped, NAMES[0]).tobytes()


def test_a_machine_without_raqm_is_refused_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    require_pillow_shaping()  # this machine shapes
    thai_fonts._pillow_shaping_error.cache_clear()
    thai_fonts.pillow_font.cache_clear()
    monkeypatch.setattr(thai_fonts.features, "check", lambda feature: False)
    try:
        with pytest.raises(ShapingUnavailable, match="sudo apt-get install libfribidi0"):
            require_pillow_shaping()
        with pytest.raises(ShapingUnavailable):
            pillow_font(30)
    finally:
        thai_fonts._pillow_shaping_error.cache_clear()


def test_a_thai_pdf_keeps_the_names_as_text(tmp_path: Path) -> None:
    pdf = thai_pdf()
    pdf.add_page()
    for style in ("", "B"):
        pdf.set_font(FONT_FAMILY, style, 18)
        for name in NAMES:
            pdf.cell(text=name, new_x="LMARGIN", new_y="NEXT")
    out = tmp_path / "names.pdf"
    pdf.output(str(out))
    text = letters(pypdf.PdfReader(out).pages[0].extract_text())
    for name in NAMES:
        assert text.count(letters(name)) == 2


def test_thai_pdf_shapes_by_default() -> None:
    pdf = thai_pdf("L")
    assert pdf.text_shaping
    assert pdf.w > pdf.h
