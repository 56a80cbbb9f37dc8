"""A scanner typing on a Thai Kedmanee keyboard: the table that undoes it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from facilitator.codes.kedmanee import (
    KEDMANEE_TO_US,
    US_KEYS,
    US_TO_KEDMANEE,
    XKB_THAI_SYMBOLS,
    keysym_to_char,
    parse_xkb_kedmanee,
    thai_to_us,
    us_to_thai,
)

KEYSYMDEF = Path("/usr/include/X11/keysymdef.h")

EVERY_KEY_LEVEL = [
    pytest.param(us_char, id=f"{key}-level{level + 1}")
    for key, chars in US_KEYS.items()
    for level, us_char in enumerate(chars)
]


@pytest.mark.skipif(
    not XKB_THAI_SYMBOLS.exists(),
    reason=f"{XKB_THAI_SYMBOLS} is absent (install Debian's xkb-data to compare the table)",
)
def test_the_shipped_table_equals_a_fresh_parse_of_the_system_xkb_data() -> None:
    assert parse_xkb_kedmanee(XKB_THAI_SYMBOLS) == US_TO_KEDMANEE


@pytest.mark.skipif(
    not KEYSYMDEF.exists(),
    reason=f"{KEYSYMDEF} is absent (install x11proto-dev to cross-check keysym names)",
)
def test_thai_keysym_names_resolve_exactly_as_x11_defines_them() -> None:
    defined = re.findall(
        r"#define XK_(Thai_\w+)\s+0x[0-9a-fA-F]+\s*/\*\s*U\+([0-9A-F]+)",
        KEYSYMDEF.read_text(encoding="utf-8"),
    )
    assert len(defined) > 80
    for name, codepoint in defined:
        assert keysym_to_char(name) == chr(int(codepoint, 16)), name


@pytest.mark.parametrize(
    ("keysym", "char"),
    [
        ("Thai_kokai", "ก"),
        ("Thai_maihanakat", "\u0e31"),
        ("Thai_leksun", "๐"),
        ("Thai_baht", "฿"),
        ("0x1000e3f", "฿"),
        ("0x1000E4F", "๏"),
        ("U0E5B", "๛"),
        ("slash", "/"),
        ("parenleft", "("),
        ("quotedbl", '"'),
        ("underscore", "_"),
    ],
)
def test_every_keysym_form_in_xkb_files_is_understood(keysym: str, char: str) -> None:
    assert keysym_to_char(keysym) == char


def test_an_unknown_keysym_is_an_error_not_a_silent_guess() -> None:
    with pytest.raises(KeyError):
        keysym_to_char("Thai_nosuchletter")


def test_the_parser_reads_only_the_basic_section_of_a_symbols_file(tmp_path: Path) -> None:
    symbols = tmp_path / "th"
    symbols.write_text(
        'default partial alphanumeric_keys\nxkb_symbols "basic" {\n'
        '    name[Group1]= "Thai";\n'
        "    key <AE01> { [ Thai_lakkhangyao,\tplus ] };\n"
        "    // key <AE01> { [ minus, minus ] }; commented out, must be ignored\n"
        "    key <AE07> {\t[ Thai_saraue,\t0x1000e3f\t]\t};\n"
        '    key <AD09> {type[Group1]="THREE_LEVEL",\n'
        "        [ Thai_nonu, Thai_paiyannoi, 0x1000e5a ] };\n"
        "    key <AD10> { symbols[Group1]= [ Thai_yoyak, Thai_yoying ] };\n"
        '};\n\npartial alphanumeric_keys\nxkb_symbols "pat" {\n'
        "    key <AE01> { [ equal, plus ] };\n};\n",
        encoding="utf-8",
    )
    assert parse_xkb_kedmanee(symbols) == {
        "1": "ๅ",
        "!": "+",
        "7": "\u0e36",
        "&": "฿",
        "o": "น",
        "O": "ฯ",
        "p": "ย",
        "P": "ญ",
    }


def test_the_table_covers_every_printable_us_key_at_both_levels() -> None:
    printable_us = {chr(c) for c in range(0x21, 0x7F)}
    assert set(US_TO_KEDMANEE) == printable_us
    assert len(US_KEYS) == 47


def test_no_two_keys_type_the_same_thing_so_the_table_can_be_inverted() -> None:
    assert len(set(US_TO_KEDMANEE.values())) == len(US_TO_KEDMANEE)
    assert {thai: us for us, thai in US_TO_KEDMANEE.items()} == KEDMANEE_TO_US


@pytest.mark.parametrize("us_char", EVERY_KEY_LEVEL)
def test_every_key_at_every_level_survives_the_round_trip(us_char: str) -> None:
    thai = us_to_thai(us_char)
    assert thai != us_char
    assert thai_to_us(thai) == us_char


def test_a_scanner_typing_a_word_on_kedmanee_can_be_read_back() -> None:
    typed = us_to_thai("Check-In 2025!")
    assert [unicodedata.name(c).removeprefix("THAI CHARACTER ") for c in typed[:5]] == [
        "CHO CHING",
        "MAI THO",
        "SARA AM",
        "SARA AE",
        "SARA AA",
    ]
    assert thai_to_us(typed) == "Check-In 2025!"


def test_characters_outside_the_table_pass_through_untouched() -> None:
    assert us_to_thai("\r\n\t é") == "\r\n\t é"
    assert thai_to_us("\r\n\t é") == "\r\n\t é"
