"""The Thai Kedmanee keyboard layout as a US-key <-> Thai-character table.

Why this exists: a USB QR scanner is a keyboard-wedge device. It does not send
characters, it presses keys. When the desk laptop's active layout is Thai
Kedmanee, every key press arrives as the Thai character printed on that key, so
the code "ABC" typed by the scanner shows up as "ฟิแ". Because Kedmanee is
one-to-one with the US keys, we can undo that exactly.

The table is generated once from Debian's xkb data
(``/usr/share/X11/xkb/symbols/th``, section ``basic``, levels 1 and 2) and kept
below as Python literals, because the desk laptop may not have xkb data at all
(Windows, macOS, a minimal container). ``parse_xkb_kedmanee`` is kept so a test
can prove the literals still equal a fresh parse of the system file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

XKB_THAI_SYMBOLS = Path("/usr/share/X11/xkb/symbols/th")

# The standard US (pc105) layout, levels 1 and 2, for the 47 keys that
# Kedmanee redefines. Written out rather than parsed because it never changes
# and the US layout is the reference the scanner "thinks" it is typing on.
US_KEYS: dict[str, tuple[str, str]] = {
    "TLDE": ("`", "~"),
    "AE01": ("1", "!"),
    "AE02": ("2", "@"),
    "AE03": ("3", "#"),
    "AE04": ("4", "$"),
    "AE05": ("5", "%"),
    "AE06": ("6", "^"),
    "AE07": ("7", "&"),
    "AE08": ("8", "*"),
    "AE09": ("9", "("),
    "AE10": ("0", ")"),
    "AE11": ("-", "_"),
    "AE12": ("=", "+"),
    "AD01": ("q", "Q"),
    "AD02": ("w", "W"),
    "AD03": ("e", "E"),
    "AD04": ("r", "R"),
    "AD05": ("t", "T"),
    "AD06": ("y", "Y"),
    "AD07": ("u", "U"),
    "AD08": ("i", "I"),
    "AD09": ("o", "O"),
    "AD10": ("p", "P"),
    "AD11": ("[", "{"),
    "AD12": ("]", "}"),
    "AC01": ("a", "A"),
    "AC02": ("s", "S"),
    "AC03": ("d", "D"),
    "AC04": ("f", "F"),
    "AC05": ("g", "G"),
    "AC06": ("h", "H"),
    "AC07": ("j", "J"),
    "AC08": ("k", "K"),
    "AC09": ("l", "L"),
    "AC10": (";", ":"),
    "AC11": ("'", '"'),
    "AB01": ("z", "Z"),
    "AB02": ("x", "X"),
    "AB03": ("c", "C"),
    "AB04": ("v", "V"),
    "AB05": ("b", "B"),
    "AB06": ("n", "N"),
    "AB07": ("m", "M"),
    "AB08": (",", "<"),
    "AB09": (".", ">"),
    "AB10": ("/", "?"),
    "BKSL": ("\\", "|"),
}

# X11 keysym names for printable ASCII, the only non-Thai names xkb uses here.
_ASCII_KEYSYMS: dict[str, str] = {
    "space": " ",
    "exclam": "!",
    "quotedbl": '"',
    "numbersign": "#",
    "dollar": "$",
    "percent": "%",
    "ampersand": "&",
    "apostrophe": "'",
    "quoteright": "'",
    "parenleft": "(",
    "parenright": ")",
    "asterisk": "*",
    "plus": "+",
    "comma": ",",
    "minus": "-",
    "period": ".",
    "slash": "/",
    "colon": ":",
    "semicolon": ";",
    "less": "<",
    "equal": "=",
    "greater": ">",
    "question": "?",
    "at": "@",
    "bracketleft": "[",
    "backslash": "\\",
    "bracketright": "]",
    "asciicircum": "^",
    "underscore": "_",
    "grave": "`",
    "quoteleft": "`",
    "braceleft": "{",
    "bar": "|",
    "braceright": "}",
    "asciitilde": "~",
    **{c: c for c in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
}

_THAI_DIGIT_NAMES = ("sun", "nung", "song", "sam", "si", "ha", "hok", "chet", "paet", "kao")


@functools.cache
def _thai_keysyms() -> dict[str, str]:
    """Map X11 ``Thai_*`` keysym names to characters via Unicode names.

    X11 names Thai keysyms by squashing the Unicode character name
    ("THAI CHARACTER MAI HAN-AKAT" -> ``Thai_maihanakat``), digits as ``lek`` +
    the Thai number word, and the baht sign as ``Thai_baht``. Deriving them
    this way avoids needing X11 development headers (keysymdef.h) installed.
    """
    names: dict[str, str] = {}
    for cp in range(0x0E01, 0x0E60):
        ch = chr(cp)
        uname = unicodedata.name(ch, "")
        if uname.startswith("THAI CHARACTER "):
            key = re.sub(r"[ -]", "", uname.removeprefix("THAI CHARACTER ")).lower()
        elif uname.startswith("THAI DIGIT "):
            key = "lek" + _THAI_DIGIT_NAMES[unicodedata.digit(ch)]
        elif uname == "THAI CURRENCY SYMBOL BAHT":
            key = "baht"
        else:
            continue
        names[f"Thai_{key}"] = ch
    return names


def keysym_to_char(name: str) -> str:
    """Resolve one xkb keysym as written in a symbols file to its character.

    Handles every form xkb uses for printable keys: Unicode keysyms
    (``0x1000e3f``), ``U0E3F`` names, ``Thai_*`` names and ASCII names
    (``slash``, ``parenleft``...). Raises ``KeyError`` for anything else so a
    new form in the data cannot be silently mistranslated.
    """
    match = re.fullmatch(r"0x0*100([0-9a-fA-F]{4,6})", name)
    if match:
        return chr(int(match.group(1), 16))
    match = re.fullmatch(r"U([0-9a-fA-F]{4,6})", name)
    if match:
        return chr(int(match.group(1), 16))
    if name in _ASCII_KEYSYMS:
        return _ASCII_KEYSYMS[name]
    thai = _thai_keysyms()
    if name in thai:
        return thai[name]
    raise KeyError(f"unknown keysym {name!r}")


def parse_xkb_kedmanee(path: Path = XKB_THAI_SYMBOLS) -> dict[str, str]:
    """Parse the ``basic`` section of an xkb ``th`` file into US char -> Thai char.

    Level 1 of each key is paired with the unshifted US character of that key,
    level 2 with the shifted one.
    """
    text = path.read_text(encoding="utf-8")
    section = re.search(r'xkb_symbols\s+"basic"\s*\{(.*?)\n\};', text, re.DOTALL)
    if section is None:
        raise ValueError(f'no xkb_symbols "basic" section in {path}')
    body = re.sub(r"//[^\n]*", "", section.group(1))
    table: dict[str, str] = {}
    for key, block in re.findall(r"key\s*<(\w+)>\s*\{(.*?)\}\s*;", body, re.DOTALL):
        # The symbols list is the first bracket not glued to a name such as
        # type[Group1]: both "[ a, A ]" and "symbols[Group1]= [ a, A ]" occur.
        levels = re.search(r"(?<!\w)\[([^\]]*)\]", block)
        if key not in US_KEYS or levels is None:
            continue
        syms = [s.strip() for s in levels.group(1).split(",")]
        for us_char, sym in zip(US_KEYS[key], syms[:2], strict=False):
            table[us_char] = keysym_to_char(sym)
    return table


def format_table_literal(table: dict[str, str]) -> str:
    """Render a table as the Python literal pasted below (kept for regeneration)."""
    lines = [
        f"    {us!r}: {_char_literal(thai)},  # {unicodedata.name(thai)}"
        for us, thai in table.items()
    ]
    return "{\n" + "\n".join(lines) + "\n}"


def _char_literal(ch: str) -> str:
    """Combining marks are written as escapes: alone in quotes they render badly."""
    if unicodedata.category(ch).startswith("M"):
        return f'"\\u{ord(ch):04x}"'
    return repr(ch)


# Generated by format_table_literal(parse_xkb_kedmanee()); the test suite checks
# it still equals a fresh parse of the system's xkb data.
US_TO_KEDMANEE: dict[str, str] = {
    "`": "_",  # LOW LINE
    "~": "%",  # PERCENT SIGN
    "1": "ๅ",  # THAI CHARACTER LAKKHANGYAO
    "!": "+",  # PLUS SIGN
    "2": "/",  # SOLIDUS
    "@": "๑",  # THAI DIGIT ONE
    "3": "-",  # HYPHEN-MINUS
    "#": "๒",  # THAI DIGIT TWO
    "4": "ภ",  # THAI CHARACTER PHO SAMPHAO
    "$": "๓",  # THAI DIGIT THREE
    "5": "ถ",  # THAI CHARACTER THO THUNG
    "%": "๔",  # THAI DIGIT FOUR
    "6": "\u0e38",  # THAI CHARACTER SARA U
    "^": "\u0e39",  # THAI CHARACTER SARA UU
    "7": "\u0e36",  # THAI CHARACTER SARA UE
    "&": "฿",  # THAI CURRENCY SYMBOL BAHT
    "8": "ค",  # THAI CHARACTER KHO KHWAI
    "*": "๕",  # THAI DIGIT FIVE
    "9": "ต",  # THAI CHARACTER TO TAO
    "(": "๖",  # THAI DIGIT SIX
    "0": "จ",  # THAI CHARACTER CHO CHAN
    ")": "๗",  # THAI DIGIT SEVEN
    "-": "ข",  # THAI CHARACTER KHO KHAI
    "_": "๘",  # THAI DIGIT EIGHT
    "=": "ช",  # THAI CHARACTER CHO CHANG
    "+": "๙",  # THAI DIGIT NINE
    "q": "ๆ",  # THAI CHARACTER MAIYAMOK
    "Q": "๐",  # THAI DIGIT ZERO
    "w": "ไ",  # THAI CHARACTER SARA AI MAIMALAI
    "W": '"',  # QUOTATION MARK
    "e": "ำ",  # THAI CHARACTER SARA AM
    "E": "ฎ",  # THAI CHARACTER DO CHADA
    "r": "พ",  # THAI CHARACTER PHO PHAN
    "R": "ฑ",  # THAI CHARACTER THO NANGMONTHO
    "t": "ะ",  # THAI CHARACTER SARA A
    "T": "ธ",  # THAI CHARACTER THO THONG
    "y": "\u0e31",  # THAI CHARACTER MAI HAN-AKAT
    "Y": "\u0e4d",  # THAI CHARACTER NIKHAHIT
    "u": "\u0e35",  # THAI CHARACTER SARA II
    "U": "\u0e4a",  # THAI CHARACTER MAI TRI
    "i": "ร",  # THAI CHARACTER RO RUA
    "I": "ณ",  # THAI CHARACTER NO NEN
    "o": "น",  # THAI CHARACTER NO NU
    "O": "ฯ",  # THAI CHARACTER PAIYANNOI
    "p": "ย",  # THAI CHARACTER YO YAK
    "P": "ญ",  # THAI CHARACTER YO YING
    "[": "บ",  # THAI CHARACTER BO BAIMAI
    "{": "ฐ",  # THAI CHARACTER THO THAN
    "]": "ล",  # THAI CHARACTER LO LING
    "}": ",",  # COMMA
    "a": "ฟ",  # THAI CHARACTER FO FAN
    "A": "ฤ",  # THAI CHARACTER RU
    "s": "ห",  # THAI CHARACTER HO HIP
    "S": "ฆ",  # THAI CHARACTER KHO RAKHANG
    "d": "ก",  # THAI CHARACTER KO KAI
    "D": "ฏ",  # THAI CHARACTER TO PATAK
    "f": "ด",  # THAI CHARACTER DO DEK
    "F": "โ",  # THAI CHARACTER SARA O
    "g": "เ",  # THAI CHARACTER SARA E
    "G": "ฌ",  # THAI CHARACTER CHO CHOE
    "h": "\u0e49",  # THAI CHARACTER MAI THO
    "H": "\u0e47",  # THAI CHARACTER MAITAIKHU
    "j": "\u0e48",  # THAI CHARACTER MAI EK
    "J": "\u0e4b",  # THAI CHARACTER MAI CHATTAWA
    "k": "า",  # THAI CHARACTER SARA AA
    "K": "ษ",  # THAI CHARACTER SO RUSI
    "l": "ส",  # THAI CHARACTER SO SUA
    "L": "ศ",  # THAI CHARACTER SO SALA
    ";": "ว",  # THAI CHARACTER WO WAEN
    ":": "ซ",  # THAI CHARACTER SO SO
    "'": "ง",  # THAI CHARACTER NGO NGU
    '"': ".",  # FULL STOP
    "z": "ผ",  # THAI CHARACTER PHO PHUNG
    "Z": "(",  # LEFT PARENTHESIS
    "x": "ป",  # THAI CHARACTER PO PLA
    "X": ")",  # RIGHT PARENTHESIS
    "c": "แ",  # THAI CHARACTER SARA AE
    "C": "ฉ",  # THAI CHARACTER CHO CHING
    "v": "อ",  # THAI CHARACTER O ANG
    "V": "ฮ",  # THAI CHARACTER HO NOKHUK
    "b": "\u0e34",  # THAI CHARACTER SARA I
    "B": "\u0e3a",  # THAI CHARACTER PHINTHU
    "n": "\u0e37",  # THAI CHARACTER SARA UEE
    "N": "\u0e4c",  # THAI CHARACTER THANTHAKHAT
    "m": "ท",  # THAI CHARACTER THO THAHAN
    "M": "?",  # QUESTION MARK
    ",": "ม",  # THAI CHARACTER MO MA
    "<": "ฒ",  # THAI CHARACTER THO PHUTHAO
    ".": "ใ",  # THAI CHARACTER SARA AI MAIMUAN
    ">": "ฬ",  # THAI CHARACTER LO CHULA
    "/": "ฝ",  # THAI CHARACTER FO FA
    "?": "ฦ",  # THAI CHARACTER LU
    "\\": "ฃ",  # THAI CHARACTER KHO KHUAT
    "|": "ฅ",  # THAI CHARACTER KHO KHON
}

KEDMANEE_TO_US: dict[str, str] = {thai: us for us, thai in US_TO_KEDMANEE.items()}

_TO_US = str.maketrans(KEDMANEE_TO_US)
_TO_THAI = str.maketrans(US_TO_KEDMANEE)


def thai_to_us(text: str) -> str:
    """Undo Kedmanee: what the keys pressed would have typed on a US layout.

    Every character in the table is mapped, including the ASCII ones Kedmanee
    produces ("/" is the Kedmanee output of the US "2" key); others pass through.
    """
    return text.translate(_TO_US)


def us_to_thai(text: str) -> str:
    """What a Kedmanee keyboard types when the keys for US ``text`` are pressed."""
    return text.translate(_TO_THAI)
