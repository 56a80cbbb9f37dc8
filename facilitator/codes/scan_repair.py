"""Turn whatever a keyboard-wedge QR scanner typed back into the code it read.

Why: the scanner presses keys, so what reaches the app depends on the laptop's
layout and Caps Lock, plus whatever the scanner is configured to add around the
data (Enter, Tab, an AIM symbology identifier such as "]Q1", an ECI escape such
as "\\000026", escape characters). This module undoes all of that with
precomputed translation tables, because it runs on every single scan.

It is also the first thing hostile input meets: anything typed or pasted into the scan field
arrives here. So it caps what it looks at (`MAX_SCAN_LENGTH`: a real scan is a few dozen
characters, a 1 MB paste returns at once as not-a-code) and works in one pass: stripping
prefixes by repeated substitution cost O(n^2), 82-135 s for such a paste.
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
_AIM_PREFIX = re.compile(r"[\]}][A-Z][0-9A-Z]")
# ECI escape inside the data: a backslash and six digits ("\000026" = UTF-8).
_ECI_LENGTH = 7

MAX_SCAN_LENGTH = 256
"""More than any scanner sends for a 19-letter code with its prefixes and suffixes."""
TOO_LONG_MARK = "…"
"""Ends the shown text of an over-long scan; never a code letter, so it never reads as a code."""


def looks_thai(text: str) -> bool:
    """True when the text contains Thai, i.e. the keyboard layout was Kedmanee."""
    return _THAI.search(text) is not None


def _without_eci(text: str) -> str:
    """Remove every ECI escape, including ones that removing another one brings together.

    One pass with a stack: a character is pushed, and whenever the last seven pushed are a
    backslash and six digits they are popped. Each character is pushed and popped at most once.
    """
    out: list[str] = []
    for ch in text:
        out.append(ch)
        if (
            len(out) >= _ECI_LENGTH
            and out[-_ECI_LENGTH] == "\\"
            and all("0" <= d <= "9" for d in out[-6:])
        ):
            del out[-_ECI_LENGTH:]
    return "".join(out)


def _without_aim_prefixes(text: str) -> str:
    start = 0
    while _AIM_PREFIX.match(text, start):
        start += 3
    return text[start:]


def repair_scan(raw: str) -> str:
    """Recover the upper-case code from raw scanner keystrokes.

    Steps: drop invisible characters, map Kedmanee back to US keys when the
    scan contains Thai, upper-case (Caps Lock), then strip scanner prefixes.
    The result is not validated here; ``codes.read_code`` does that. A scan
    longer than ``MAX_SCAN_LENGTH`` comes back as its cleaned beginning followed
    by ``TOO_LONG_MARK``, which no code contains.
    """
    too_long = len(raw) > MAX_SCAN_LENGTH
    text = raw[:MAX_SCAN_LENGTH].translate(_DROP_INVISIBLE)
    if looks_thai(text):
        text = text.translate(_FROM_KEDMANEE)
    text = _without_aim_prefixes(_without_eci(text.upper()))
    # Hyphens never belong to a code; someone typing it by hand may group it with them.
    text = text.replace("-", "")
    return text[:40] + TOO_LONG_MARK if too_long else text
