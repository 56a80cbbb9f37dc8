"""Turn whatever a keyboard-wedge QR scanner typed back into the code it read.

Why: the scanner presses keys, so what reaches the app depends on the laptop's
layout and Caps Lock, plus whatever the scanner is configured to add around the
data (Enter, Tab, an AIM symbology identifier such as "]Q1", an ECI escape such
as "\\000026", escape characters). This module undoes all of that with
precomputed translation tables, because it runs on every single scan.
"""

from __future__ import annotations

import re

from facilitator.codes.kedmanee import KEDMANEE_TO_US

# Control characters, every kind of Unicode space and the invisible format
# characters (zero-width space, BOM...) that some scanners and IMEs insert.
_INVISIBLE: tuple[int, ...] = (
    *range(0x00, 0x21),
    *range(0x7F, 0xA1),
    0x1680,
    *range(0x2000, 0x2010),
    *range(0x2028, 0x2030),
    *range(0x205F, 0x2065),
    0x3000,
    0xFEFF,
)
_DROP_INVISIBLE = dict.fromkeys(_INVISIBLE)

# When any Thai character is present the whole scan went through Kedmanee, so
# every character is mapped back, including the ASCII ones Kedmanee produces
# ("/" is what the US "2" key types under Kedmanee).
_FROM_KEDMANEE = str.maketrans(KEDMANEE_TO_US)

_THAI = re.compile(r"[\u0e00-\u0e7f]")

# AIM symbology identifier at the very start ("]Q1" = QR Code, model 2...). With
# Caps Lock under Kedmanee the "]" key may arrive at level 2, hence "}".
_AIM_PREFIX = re.compile(r"^[\]}][A-Z][0-9A-Z]")
# ECI escape inside the data: a backslash and six digits ("\000026" = UTF-8).
_ECI_ESCAPE = re.compile(r"\\[0-9]{6}")


def looks_thai(text: str) -> bool:
    """True when the text contains Thai, i.e. the keyboard layout was Kedmanee."""
    return _THAI.search(text) is not None


def repair_scan(raw: str) -> str:
    """Recover the upper-case code from raw scanner keystrokes.

    Steps: drop invisible characters, map Kedmanee back to US keys when the
    scan contains Thai, upper-case (Caps Lock), then strip scanner prefixes.
    The result is not validated here; ``codes.read_code`` does that.
    """
    text = raw.translate(_DROP_INVISIBLE)
    if looks_thai(text):
        text = text.translate(_FROM_KEDMANEE)
    text = text.upper()
    while True:
        stripped = _AIM_PREFIX.sub("", _ECI_ESCAPE.sub("", text), count=1)
        if stripped == text:
            # Hyphens never belong to a code; someone typing it by hand may group it with them.
            return text.replace("-", "")
        text = stripped
