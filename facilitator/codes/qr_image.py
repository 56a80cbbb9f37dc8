"""QR codes for participant codes: as a module matrix, a picture, or terminal text.

One matrix feeds every output (PDF vector squares, PNG, terminal half blocks),
so a badge, a LINE picture and the check-in screen always carry the same code.
Error correction M survives a crease or a thumb over a printed badge while
keeping short codes at version 1 (21 modules), readable from a phone screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.i18n import t

if TYPE_CHECKING:
    from PIL import Image

QUIET_ZONE = 4  # modules of light margin the QR standard asks for

Matrix = list[list[bool]]


def qr_matrix(code: str) -> Matrix:
    """Modules of the QR for `code`, True = dark, with a 4-module quiet zone.

    Codes made of 0-9, A-Z, space and $%*+-./: are encoded in alphanumeric
    mode (smaller symbol); anything else falls back to byte mode on its own.
    """
    return [[module == "1" for module in row] for row in qr_rows(code)]


def qr_rows(code: str) -> list[str]:
    """The QR for `code` as one string per row, "1" dark and "0" light, quiet zone included:
    what a drawing that looks for runs of dark modules reads fastest.

    The symbol is `qrcode`'s, module for module, built faster (`qr_symbol`): a 20,000-badge
    sheet draws 20,000 of them.
    """
    if not code:
        raise ValueError(t("codes.error.empty_qr"))
    # Here, not at the top: the CLI's start-up must not pay for qrcode.
    from qrcode.constants import ERROR_CORRECT_M

    from facilitator.codes.qr_symbol import qr_symbol, row_texts

    rows, n, _ = qr_symbol(code, ERROR_CORRECT_M)
    return row_texts(rows, n, QUIET_ZONE)


def qr_pil_image(code: str, box_size: int = 10) -> Image.Image:
    """A black-on-white 1-bit picture of the QR, `box_size` pixels per module."""
    from PIL import Image

    matrix = qr_matrix(code)
    size = len(matrix)
    small = Image.new("1", (size, size), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    return small.resize((size * box_size, size * box_size), Image.Resampling.NEAREST)


_HALF_BLOCKS = {
    (False, False): " ",
    (True, False): "▀",
    (False, True): "▄",
    (True, True): "█",
}


def qr_terminal_lines(code: str, invert: bool = False, quiet_zone: int = QUIET_ZONE) -> list[str]:
    """The QR as text, two module rows per line, using ▀ ▄ █ and spaces.

    A phone scans light-on-dark poorly, and most terminals have a dark
    background, so by default the *light* modules (and the quiet zone) are
    drawn as block ink and the dark modules are left as background.
    `invert=True` is for light-background terminals: dark modules become ink.
    `quiet_zone` may trim the margin (never below 1) where screen room is short.
    """
    matrix = qr_matrix(code)
    trim = QUIET_ZONE - max(1, min(quiet_zone, QUIET_ZONE))
    if trim:
        matrix = [row[trim:-trim] for row in matrix[trim:-trim]]
    ink = [[dark if invert else not dark for dark in row] for row in matrix]
    if len(ink) % 2:
        # Pad with one more quiet row so the last text line has a bottom half.
        ink.append([not invert] * len(ink[0]))
    return [
        "".join(_HALF_BLOCKS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(ink[0::2], ink[1::2], strict=True)
    ]


def decode_qr_image(img: Image.Image) -> list[str]:
    """Every QR text zxing-cpp finds in the picture (empty list if none).

    Imported lazily: zxing-cpp is a test/self-check dependency, not needed to print.
    """
    import zxingcpp

    results = zxingcpp.read_barcodes(img.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    return [result.text for result in results]
