"""Participant codes: printed as a QR, scanned at any desk, verified offline."""

from __future__ import annotations

import random
import string
import unicodedata
from collections.abc import Callable

import pytest
import qrcode
import qrcode.util
from qrcode.constants import ERROR_CORRECT_M

from facilitator.codes.kedmanee import US_TO_KEDMANEE, us_to_thai
from facilitator.codes.participant_code import (
    CODE_ALPHABET,
    CODE_LENGTH,
    EVENT_TAG_LENGTH,
    MAC_BITS,
    PARTICIPANT_ID_LENGTH,
    CodeKind,
    CodeReading,
    event_tag,
    make_code,
    new_event_key,
    new_participant_id,
    read_code,
)

WORKSHOP = "otop-chiang-mai-2025-03"
OTHER_WORKSHOP = "kbo-khon-kaen-2025-04"


@pytest.fixture(scope="module")
def event_key() -> str:
    return new_event_key()


@pytest.fixture(scope="module")
def codes(event_key: str) -> list[tuple[str, str]]:
    """Fifty participants registered for the workshop: (participant id, code)."""
    ids = [new_participant_id() for _ in range(50)]
    return [(pid, make_code(WORKSHOP, event_key, pid)) for pid in ids]


def _is_safe_under_kedmanee(char: str) -> bool:
    return (
        unicodedata.category(char) == "Lo"
        and not char.isascii()
        and not char.isdigit()
        and unicodedata.normalize("NFKC", char) == char
    )


def test_the_alphabet_is_exactly_the_letters_kedmanee_types_as_plain_thai_letters() -> None:
    expected = "".join(
        letter
        for letter in string.ascii_uppercase
        if _is_safe_under_kedmanee(US_TO_KEDMANEE[letter.lower()])
        and _is_safe_under_kedmanee(US_TO_KEDMANEE[letter])
    )
    assert CODE_ALPHABET == expected == "ACDFGIKLOPRSTV"


def test_the_code_is_short_and_its_mac_is_strong_enough_to_stop_guessing() -> None:
    assert CODE_LENGTH == 19
    assert MAC_BITS >= 28


def test_ids_and_keys_have_the_promised_shape() -> None:
    pid = new_participant_id()
    assert len(pid) == PARTICIPANT_ID_LENGTH
    assert set(pid) <= set(CODE_ALPHABET)
    key = new_event_key()
    assert len(bytes.fromhex(key)) == 32
    assert new_event_key() != key
    assert len({new_participant_id() for _ in range(1000)}) == 1000


def test_the_event_tag_is_stable_short_and_in_the_alphabet() -> None:
    tag = event_tag(WORKSHOP)
    assert tag == event_tag(WORKSHOP)
    assert len(tag) == EVENT_TAG_LENGTH
    assert set(tag) <= set(CODE_ALPHABET)
    assert event_tag(OTHER_WORKSHOP) != tag


def test_a_code_is_upper_case_alphabet_only_and_carries_no_personal_data(
    event_key: str,
) -> None:
    pid = new_participant_id()
    code = make_code(WORKSHOP, event_key, pid)
    assert code.isupper()
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)
    assert code.startswith(event_tag(WORKSHOP) + pid)
    assert make_code(WORKSHOP, event_key, pid) == code


@pytest.mark.parametrize("bad_id", ["", "ACDF", "acdfgikl", "ACDFGIKB", "ACDFGIKLO"])
def test_making_a_code_for_a_malformed_participant_id_is_refused(
    event_key: str, bad_id: str
) -> None:
    with pytest.raises(ValueError):
        make_code(WORKSHOP, event_key, bad_id)


def _alternate_case(text: str) -> str:
    return "".join(c.lower() if i % 2 else c for i, c in enumerate(text))


SCANNER_MANGLINGS: dict[str, Callable[[str], str]] = {
    "as printed": lambda code: code,
    "caps lock (lower case)": str.lower,
    "inverted case": str.swapcase,
    "kedmanee, shifted": us_to_thai,
    "kedmanee with caps lock": lambda code: us_to_thai(code.lower()),
    "mixed case": lambda code: _alternate_case(code),
    "kedmanee, mixed levels": lambda code: us_to_thai(_alternate_case(code)),
    "enter (CR LF) after": lambda code: code + "\r\n",
    "LF after": lambda code: code + "\n",
    "tab after": lambda code: code + "\t",
    "CR and LF before": lambda code: "\r\n" + code,
    "tab before": lambda code: "\t" + code,
    "spaces around": lambda code: "  " + code + " ",
    "escape before": lambda code: "\x1b" + code,
    "AIM identifier": lambda code: "]Q1" + code + "\n",
    "AIM identifier and ECI": lambda code: "]Q3\\000026" + code + "\r\n",
    "kedmanee with AIM, ECI and enter": lambda code: us_to_thai("]Q1\\000026" + code) + "\r\n",
    "kedmanee, caps lock, tab": lambda code: "\t" + us_to_thai(code.lower()) + "\t",
}


@pytest.mark.parametrize("mangle", SCANNER_MANGLINGS.values(), ids=SCANNER_MANGLINGS.keys())
def test_every_code_survives_whatever_the_scanner_and_keyboard_do_to_it(
    codes: list[tuple[str, str]], event_key: str, mangle: Callable[[str], str]
) -> None:
    for pid, code in codes:
        raw = mangle(code)
        reading = read_code(raw, WORKSHOP, event_key)
        assert reading == CodeReading(
            kind=CodeKind.VALID,
            raw=raw,
            cleaned=code,
            participant_id=pid,
            event_tag=event_tag(WORKSHOP),
        )


def test_a_thousand_made_up_codes_of_the_right_shape_are_all_forged(event_key: str) -> None:
    rng = random.Random(20250301)
    tag = event_tag(WORKSHOP)
    tail = CODE_LENGTH - EVENT_TAG_LENGTH
    for _ in range(1000):
        guess = tag + "".join(rng.choice(CODE_ALPHABET) for _ in range(tail))
        reading = read_code(guess, WORKSHOP, event_key)
        assert reading.kind is CodeKind.FORGED
        assert reading.participant_id is None
        assert reading.event_tag == tag


def test_changing_one_letter_of_a_real_code_makes_it_forged(
    codes: list[tuple[str, str]], event_key: str
) -> None:
    _, code = codes[0]
    for position in range(EVENT_TAG_LENGTH, CODE_LENGTH):
        for letter in CODE_ALPHABET.replace(code[position], ""):
            tampered = code[:position] + letter + code[position + 1 :]
            assert read_code(tampered, WORKSHOP, event_key).kind is CodeKind.FORGED


def test_a_code_signed_with_another_key_is_forged(codes: list[tuple[str, str]]) -> None:
    _, code = codes[0]
    assert read_code(code, WORKSHOP, new_event_key()).kind is CodeKind.FORGED


def test_a_code_from_another_workshop_is_recognised_as_such(event_key: str) -> None:
    other_key = new_event_key()
    pid = new_participant_id()
    code = make_code(OTHER_WORKSHOP, other_key, pid)
    reading = read_code(us_to_thai(code) + "\n", WORKSHOP, event_key)
    assert reading.kind is CodeKind.OTHER_EVENT
    assert reading.event_tag == event_tag(OTHER_WORKSHOP)
    assert reading.participant_id == pid
    assert read_code(code, OTHER_WORKSHOP, other_key).kind is CodeKind.VALID


@pytest.mark.parametrize(
    "raw",
    ["", "hello world", "\r\n", "12345", "]Q1", "สวัสดีครับ", "ACDFGIKLOPRSTVACDF", "A" * 20],
)
def test_anything_that_is_not_a_code_is_said_to_be_not_a_code(raw: str, event_key: str) -> None:
    reading = read_code(raw, WORKSHOP, event_key)
    assert reading.kind is CodeKind.NOT_A_CODE
    assert reading.raw == raw
    assert reading.participant_id is None
    assert reading.event_tag is None


def test_a_code_with_an_extra_letter_is_not_a_code(
    codes: list[tuple[str, str]], event_key: str
) -> None:
    _, code = codes[0]
    assert read_code(code + "A", WORKSHOP, event_key).kind is CodeKind.NOT_A_CODE
    assert read_code(code[:-1], WORKSHOP, event_key).kind is CodeKind.NOT_A_CODE


def test_the_qr_for_a_code_is_alphanumeric_and_tiny(codes: list[tuple[str, str]]) -> None:
    for _, code in codes:
        qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
        qr.add_data(code)
        qr.make(fit=True)
        assert [chunk.mode for chunk in qr.data_list] == [qrcode.util.MODE_ALPHA_NUM]
        assert qr.version <= 2
        assert qr.version == 1


def test_a_printed_qr_decodes_back_to_a_valid_code(
    codes: list[tuple[str, str]], event_key: str
) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    pid, code = codes[0]
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8)
    qr.add_data(code)
    qr.make(fit=True)
    image = qr.make_image().get_image().convert("L")
    (decoded,) = zxingcpp.read_barcodes(image)
    reading = read_code(decoded.text, WORKSHOP, event_key)
    assert reading.kind is CodeKind.VALID
    assert reading.participant_id == pid


def test_half_a_read_then_the_whole_badge_in_one_submit_reads_as_that_badge(
    codes: list[tuple[str, str]], event_key: str
) -> None:
    (pid, code), (_, other) = codes[0], codes[1]
    for raw in (other[:12] + code, code[:12] + code, us_to_thai(other[:7] + code)):
        reading = read_code(raw, WORKSHOP, event_key)
        assert reading.kind is CodeKind.VALID
        assert reading.participant_id == pid and reading.cleaned == code


def test_a_longer_read_whose_tail_is_forged_or_foreign_stays_not_a_code(
    codes: list[tuple[str, str]], event_key: str
) -> None:
    code = codes[0][1]
    forged = code[:-1] + ("A" if code[-1] != "A" else "C")
    foreign = make_code(OTHER_WORKSHOP, event_key, codes[0][0])
    for tail in (forged, foreign):
        reading = read_code(code[:12] + tail, WORKSHOP, event_key)
        assert reading.kind is CodeKind.NOT_A_CODE and reading.participant_id is None
    # A whole code followed by rubbish is not rescued: only a trailing code is.
    assert read_code(code + "ACD", WORKSHOP, event_key).kind is CodeKind.NOT_A_CODE
