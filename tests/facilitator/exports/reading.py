"""Reading documents back as the office's tools would: pdftotext, pdftoppm, formulas evaluated.

The golden images: `render_page` draws one page through pdftoppm at a low resolution and
`assert_like_golden` compares it, in grey, with `golden/<name>.png`: the mean difference per
pixel must stay under `GOLDEN_MEAN` (of 255) and the share of pixels that differ by more than
a quarter of the scale under `GOLDEN_SHARE`. That lets a QR code's random id or a hinting change
of a newer poppler pass, and catches a moved block, a lost line or a page gone blank.
Regenerate them (after a change of layout that is meant) with

    FACILITATOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/facilitator/exports/test_golden.py

and look at the PNGs before committing them.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.workbook import Workbook
from PIL import Image, ImageChops, ImageStat

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_DPI = 30
GOLDEN_MEAN = 6.0
GOLDEN_SHARE = 0.03


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext -layout of the pages (all by default)."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def letters(text: str) -> str:
    """Text as pdftotext gives it back, compared without the spaces it guesses between glyphs
    (and with SARA AM rejoined, which it splits)."""
    text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    return "".join(ch for ch in text if not ch.isspace())


_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def skeleton(text: str) -> str:
    """Letters without Thai's combining marks: pdftotext sometimes puts a tone mark that the
    font shifts left after the next letter ("ที่พัก" comes back "ทีพ่ัก")."""
    return _MARKS.sub("", letters(text))


def flat(path: Path) -> str:
    """The whole PDF's text as a skeleton (see `skeleton`), for "is this in it" questions;
    compare it with `skeleton(wanted)`."""
    return skeleton(pdf_text(path))


def render_page(path: Path, page: int = 1, dpi: int = GOLDEN_DPI, grey: bool = True) -> Image.Image:
    """One page of a PDF as poppler draws it (a printer's view of it), in grey or colour."""
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                "-singlefile",
                str(path),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        with Image.open(f"{stem}.png") as img:
            return img.convert("L" if grey else "RGB").copy()


def difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean difference per pixel out of 255, share of pixels differing by more than 64)."""
    if a.size != b.size:
        return 255.0, 1.0
    diff = ImageChops.difference(a.convert("L"), b.convert("L"))
    mean = ImageStat.Stat(diff).mean[0]
    histogram = diff.histogram()
    share = sum(histogram[65:]) / max(1, a.size[0] * a.size[1])
    return mean, share


def assert_like_golden(image: Image.Image, name: str) -> None:
    """Compare with golden/<name>.png (written instead when FACILITATOR_UPDATE_GOLDEN=1)."""
    golden = GOLDEN / f"{name}.png"
    if os.environ.get("FACILITATOR_UPDATE_GOLDEN") == "1" or not golden.exists():
        GOLDEN.mkdir(exist_ok=True)
        image.save(golden, optimize=True)
        if os.environ.get("FACILITATOR_UPDATE_GOLDEN") != "1":
            raise AssertionError(f"no golden image yet: wrote {golden}; look at it, commit it")
        return
    with Image.open(golden) as expected:
        mean, share = difference(image, expected)
    assert mean <= GOLDEN_MEAN and share <= GOLDEN_SHARE, (
        f"{name}: page differs from its golden image (mean {mean:.2f}/255, "
        f"{share:.1%} of pixels); regenerate with FACILITATOR_UPDATE_GOLDEN=1 if meant"
    )


# -- formulas -----------------------------------------------------------------------------------

_REF = re.compile(r"(?:'?([^'!]+)'?!)?\$?([A-Z]{1,3})\$?(\d+)")


def evaluate(wb: Workbook, sheet: str, ref: str) -> object:
    """The value a spreadsheet shows in `sheet!ref`: numbers as they are, and the formulas the
    exports write (SUM of cells and ranges, +, BAHTTEXT) computed the way Excel does."""
    value = wb[sheet][ref].value
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    return _formula(wb, sheet, value[1:])


def _number(value: object) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    if isinstance(value, str):
        raise ValueError(f"text in a sum: {value!r}")
    return Decimal(str(value))


def _formula(wb: Workbook, sheet: str, text: str) -> object:
    text = text.strip()
    match = re.fullmatch(r"(?:_xlfn\.)?BAHTTEXT\((.+)\)", text)
    if match:
        os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
        from pythainlp.util import bahttext

        return bahttext(float(_number(_formula(wb, sheet, match[1]))))
    match = re.fullmatch(r"SUM\((.+)\)", text)
    if match:
        total = Decimal(0)
        for part in match[1].split(","):
            if ":" in part:
                min_col, min_row, max_col, max_row = range_boundaries(part.strip())
                for row in range(min_row, max_row + 1):
                    for col in range(min_col, max_col + 1):
                        ref = f"{wb[sheet].cell(row=row, column=col).coordinate}"
                        total += _number(evaluate(wb, sheet, ref))
            else:
                total += _number(_formula(wb, sheet, part))
        return total
    if "+" in text:
        return sum((_number(_formula(wb, sheet, p)) for p in text.split("+")), Decimal(0))
    match = _REF.fullmatch(text)
    if match:
        target = match[1] or sheet
        column_index_from_string(match[2])  # a real column
        return evaluate(wb, target, f"{match[2]}{match[3]}")
    return Decimal(text)
