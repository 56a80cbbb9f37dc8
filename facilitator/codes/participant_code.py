"""Short participant codes that any desk holding the event key can verify offline.

Why this shape: the code is printed as a QR and read by keyboard-wedge scanners
on laptops that may be set to the Thai Kedmanee layout, with or without Caps
Lock. So a code uses only letters whose Kedmanee output is a plain Thai letter
on both key levels (see ``CODE_ALPHABET``), it is case-insensitive, and it is
short enough for a version 1 QR in alphanumeric mode.

Layout (19 letters, no separators)::

    TTT PPPPPPPP MMMMMMMM
    |   |        `-- MAC: HMAC-SHA256(event key, event id + participant id), 8 letters
    |   `----------- participant id, random, the participant's stable record id
    `--------------- event tag, from a hash of the event id

The code carries no personal data: only the random id and the MAC.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from enum import StrEnum

from facilitator.codes.scan_repair import repair_scan
from facilitator.i18n import t

# Letters A-Z whose Kedmanee output at both levels is a Thai letter (category
# Lo: not a combining mark, not a digit, not ASCII) that NFKC leaves alone.
# Dropped: B H J N U Y (combining marks), M W X Z (a level gives ASCII), Q (Thai
# digit / Lm), E (SARA AM, which NFKC splits into two characters).
CODE_ALPHABET: str = "ACDFGIKLOPRSTV"

EVENT_TAG_LENGTH: int = 3
PARTICIPANT_ID_LENGTH: int = 8
MAC_LENGTH: int = 8
CODE_LENGTH: int = EVENT_TAG_LENGTH + PARTICIPANT_ID_LENGTH + MAC_LENGTH

MAC_BITS: float = MAC_LENGTH * math.log2(len(CODE_ALPHABET))

_MAC_DOMAIN = b"facilitator participant code v1\x00"
_ALPHABET_SET = frozenset(CODE_ALPHABET)


class CodeKind(StrEnum):
    """What a scanned code turned out to be, for the check-in desk to act on."""

    VALID = "valid"
    OTHER_EVENT = "other_event"
    FORGED = "forged"
    NOT_A_CODE = "not_a_code"


@dataclass(frozen=True)
class CodeReading:
    """The verdict on one scan, with what was typed and what it was repaired to.

    ``participant_id`` is set for VALID and OTHER_EVENT codes only: a FORGED
    code's id is unverified and must not be used to look anyone up.
    """

    kind: CodeKind
    raw: str
    cleaned: str
    participant_id: str | None
    event_tag: str | None


def _letters(number: int, length: int) -> str:
    """Write a non-negative integer as ``length`` alphabet letters (base n)."""
    base = len(CODE_ALPHABET)
    out = []
    for _ in range(length):
        number, digit = divmod(number, base)
        out.append(CODE_ALPHABET[digit])
    return "".join(out)


def _is_well_formed(text: str, length: int) -> bool:
    return len(text) == length and _ALPHABET_SET.issuperset(text)


def looks_like_code(cleaned: str) -> bool:
    """Whether repaired scanner text has the shape of a participant code (genuine or not)."""
    return _is_well_formed(cleaned, CODE_LENGTH)


def new_participant_id() -> str:
    """A random participant id; also the stable record id, so it is never reused.

    14**8 (about 1.5e9) ids: callers that store participants should still check
    the id is not already taken.
    """
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(PARTICIPANT_ID_LENGTH))


def new_event_key() -> str:
    """A fresh 32-byte secret for one event, as hex, to share with every desk."""
    return secrets.token_hex(32)


def event_tag(event_id: str) -> str:
    """A short public tag for the event, so a desk can say "wrong event".

    Derived by hashing, not secret: two events may share a tag (1 in 2,744), in
    which case the other event's codes read as FORGED rather than OTHER_EVENT.
    """
    digest = hashlib.sha256(b"facilitator event tag v1\x00" + event_id.encode()).digest()
    return _letters(int.from_bytes(digest, "big"), EVENT_TAG_LENGTH)


def _mac(event_id: str, event_key: str, participant_id: str) -> str:
    message = _MAC_DOMAIN + event_id.encode() + b"\x00" + participant_id.encode()
    digest = hmac.new(event_key.encode(), message, hashlib.sha256).digest()
    return _letters(int.from_bytes(digest, "big"), MAC_LENGTH)


def make_code(event_id: str, event_key: str, participant_id: str) -> str:
    """The participant's code for this event: tag + participant id + MAC.

    The MAC covers the full event id (not just the tag), so a code can never be
    valid for an event whose tag merely collides.
    """
    if not _is_well_formed(participant_id, PARTICIPANT_ID_LENGTH):
        raise ValueError(
            t(
                "codes.error.bad_id",
                length=PARTICIPANT_ID_LENGTH,
                alphabet=CODE_ALPHABET,
                participant_id=participant_id,
            )
        )
    return event_tag(event_id) + participant_id + _mac(event_id, event_key, participant_id)


def read_code(raw: str, event_id: str, event_key: str) -> CodeReading:
    """Repair a scan and verify it against this event, entirely offline.

    Text longer than a code whose last `CODE_LENGTH` letters are a genuine code of this event
    reads as that code: half a read left in the field, then the whole badge (what pretixSCAN
    does too). Only a genuine tail is taken, because its MAC proves it; a forged or foreign
    tail leaves the whole text not a code, and a certificate's tail is never a badge code (its
    MAC is made under another domain).
    """
    cleaned = repair_scan(raw)
    if not _is_well_formed(cleaned, CODE_LENGTH):
        tail = cleaned[-CODE_LENGTH:]
        if len(cleaned) > CODE_LENGTH and _is_well_formed(tail, CODE_LENGTH):
            reading = _verify(raw, tail, event_id, event_key)
            if reading.kind is CodeKind.VALID:
                return reading
        return CodeReading(CodeKind.NOT_A_CODE, raw, cleaned, None, None)
    return _verify(raw, cleaned, event_id, event_key)


def _verify(raw: str, cleaned: str, event_id: str, event_key: str) -> CodeReading:
    """Judge a well-formed code: this event's and genuine, another event's, or forged."""
    tag = cleaned[:EVENT_TAG_LENGTH]
    participant_id = cleaned[EVENT_TAG_LENGTH : EVENT_TAG_LENGTH + PARTICIPANT_ID_LENGTH]
    mac = cleaned[EVENT_TAG_LENGTH + PARTICIPANT_ID_LENGTH :]
    if tag != event_tag(event_id):
        return CodeReading(CodeKind.OTHER_EVENT, raw, cleaned, participant_id, tag)
    if not hmac.compare_digest(mac, _mac(event_id, event_key, participant_id)):
        return CodeReading(CodeKind.FORGED, raw, cleaned, None, tag)
    return CodeReading(CodeKind.VALID, raw, cleaned, participant_id, tag)
