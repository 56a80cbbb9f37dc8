"""A participant's code goes out as a QR and comes back exactly from any scanner."""

import pytest
from PIL import Image

from facilitator.codes.qr_image import (
    QUIET_ZONE,
    decode_qr_image,
    qr_matrix,
    qr_pil_image,
    qr_terminal_lines,
)

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

CODES = ["KBO-00042", "OTOP2564-0001", "A", "kbo-lower-case", "ชูศักดิ์-7"]


def lines_to_image(lines: list[str], scale: int = 8) -> Image.Image:
    """What a phone camera sees of the terminal: █ ▀ ▄ ink is light, background dark."""
    width, height = len(lines[0]), 2 * len(lines)
    picture = Image.new("L", (width, height), 0)
    for y, line in enumerate(lines):
        for x, ch in enumerate(line):
            if ch in "█▀":
                picture.putpixel((x, 2 * y), 255)
            if ch in "█▄":
                picture.putpixel((x, 2 * y + 1), 255)
    # Surround with the dark terminal background, as on a real screen.
    framed = Image.new("L", (width + 8, height + 8), 0)
    framed.paste(picture, (4, 4))
    return framed.resize((framed.width * scale, framed.height * scale), Image.Resampling.NEAREST)


def test_the_matrix_is_square_with_a_light_quiet_zone() -> None:
    matrix = qr_matrix("KBO-00042")
    size = len(matrix)
    assert size == 21 + 2 * QUIET_ZONE, "a short alphanumeric code fits version 1"
    assert all(len(row) == size for row in matrix)
    border = matrix[:QUIET_ZONE] + matrix[-QUIET_ZONE:]
    assert not any(any(row) for row in border)
    assert not any(any(row[:QUIET_ZONE]) or any(row[-QUIET_ZONE:]) for row in matrix)


def test_an_empty_code_is_refused() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        qr_matrix("")


@pytest.mark.parametrize("code", CODES)
def test_the_picture_scans_back_to_the_code(code: str) -> None:
    assert decode_qr_image(qr_pil_image(code)) == [code]


def test_the_picture_has_the_asked_module_size() -> None:
    image = qr_pil_image("KBO-00042", box_size=4)
    assert image.size == (29 * 4, 29 * 4)


@pytest.mark.parametrize("code", CODES)
def test_the_terminal_qr_scans_from_a_dark_screen(code: str) -> None:
    lines = qr_terminal_lines(code)
    assert set("".join(lines)) <= set(" ▀▄█")
    assert len(lines) == (len(qr_matrix(code)) + 1) // 2, "two module rows per text line"
    assert decode_qr_image(lines_to_image(lines)) == [code]


def test_the_terminal_qr_quiet_zone_is_drawn_light() -> None:
    lines = qr_terminal_lines("KBO-00042")
    assert lines[0] == "█" * len(lines[0])
    assert all(line.startswith("████") for line in lines)


def test_the_inverted_terminal_qr_scans_from_a_light_screen() -> None:
    lines = qr_terminal_lines("KBO-00042", invert=True)
    inverted_view = Image.eval(lines_to_image(lines), lambda v: 255 - v)
    assert decode_qr_image(inverted_view) == ["KBO-00042"]


def test_a_narrower_quiet_zone_still_scans() -> None:
    lines = qr_terminal_lines("KBO-00042", quiet_zone=2)
    assert len(lines[0]) == 21 + 2 * 2
    assert decode_qr_image(lines_to_image(lines)) == ["KBO-00042"]


def test_a_blank_picture_has_no_codes() -> None:
    assert decode_qr_image(Image.new("L", (100, 100), 255)) == []
