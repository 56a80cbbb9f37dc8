"""The code in a certificate's QR: any desk holding the event key can tell a genuine one offline.

Why not the badge code: a certificate is shown after the event, by someone who may want a
better one than they earned, and a badge code in its place would check its holder in at the
door. So the two are kept apart twice over. A certificate code is longer (23 letters against
the badge's 19), so no reader of one ever takes it for the other, and its MAC is made under its
own domain ("facilitator certificate v1"), so even a code cut to the other's shape never
verifies as the other kind.

Layout (23 letters of the badge alphabet, which survives a Thai keyboard layout and Caps Lock
on the door's USB scanner)::

    TTT PPPPPPPP NNNN MMMMMMMM
    |   |        |    `-- MAC: HMAC-SHA256(event key, domain + event id + id + number), 8 letters
    |   |        `------- the certificate's running number, base 14
    |   `---------------- participant id, random (as on the badge)
    `-------------------- event tag (as on the badge)

No personal data: the random id, a number and the MAC; the name is looked up on a desk that
has the roster.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from facilitator.codes.participant_code import (
    CODE_ALPHABET,
    EVENT_TAG_LENGTH,
    MAC_LENGTH,
    PARTICIPANT_ID_LENGTH,
    CodeKind,
    _letters,
    event_tag,
)
from facilitator.codes.scan_repair import repair_scan

NUMBER_LENGTH = 4
CERTIFICATE_LENGTH = EVENT_TAG_LENGTH + PARTICIPANT_ID_LENGTH + NUMBER_LENGTH + MAC_LENGTH
MAX_NUMBER = len(CODE_ALPHABET) ** NUMBER_LENGTH - 1
_DOMAIN = b"facilitator certificate v1\x00"
_ALPHABET = frozenset(CODE_ALPHABET)


@dataclass(frozen=True)
class CertificateReading:
    """What a scanned or typed certificate code turned out to be.

    `participant_id` and `number` are set for a VALID or OTHER_EVENT code only: a forged
    code's contents are unverified and name nobody.
    """

    kind: CodeKind
    raw: str
    cleaned: str
    participant_id: str | None
    number: int | None
    event_tag: str | None


def _number_letters(number: int) -> str:
    return _letters(number, NUMBER_LENGTH)


def _number_of(letters: str) -> int:
    base = len(CODE_ALPHABET)
    return sum(CODE_ALPHABET.index(ch) * base**n for n, ch in enumerate(letters))


def _mac(event_id: str, event_key: str, participant_id: str, number: str) -> str:
    message = _DOMAIN + b"\x00".join(x.encode() for x in (event_id, participant_id, number))
    digest = hmac.new(event_key.encode(), message, hashlib.sha256).digest()
    return _letters(int.from_bytes(digest, "big"), MAC_LENGTH)


def looks_like_certificate(cleaned: str) -> bool:
    """Whether repaired scanner text has the shape of a certificate code (genuine or not)."""
    return len(cleaned) == CERTIFICATE_LENGTH and _ALPHABET.issuperset(cleaned)


def make_certificate_code(event_id: str, event_key: str, participant_id: str, number: int) -> str:
    """The code printed in the QR of certificate `number`, given to `participant_id`."""
    if len(participant_id) != PARTICIPANT_ID_LENGTH or not _ALPHABET.issuperset(participant_id):
        raise ValueError(f"not a participant id: {participant_id!r}")
    if not 0 <= number <= MAX_NUMBER:
        raise ValueError(f"certificate number out of range: {number}")
    letters = _number_letters(number)
    mac = _mac(event_id, event_key, participant_id, letters)
    return event_tag(event_id) + participant_id + letters + mac


def read_certificate_code(raw: str, event_id: str, event_key: str) -> CertificateReading:
    """Repair a scan and verify it as a certificate of this event, offline."""
    cleaned = repair_scan(raw)
    if not looks_like_certificate(cleaned):
        return CertificateReading(CodeKind.NOT_A_CODE, raw, cleaned, None, None, None)
    tag = cleaned[:EVENT_TAG_LENGTH]
    pid_end = EVENT_TAG_LENGTH + PARTICIPANT_ID_LENGTH
    participant_id = cleaned[EVENT_TAG_LENGTH:pid_end]
    letters = cleaned[pid_end : pid_end + NUMBER_LENGTH]
    mac = cleaned[pid_end + NUMBER_LENGTH :]
    if tag != event_tag(event_id):
        return CertificateReading(
            CodeKind.OTHER_EVENT, raw, cleaned, participant_id, _number_of(letters), tag
        )
    if not hmac.compare_digest(mac, _mac(event_id, event_key, participant_id, letters)):
        return CertificateReading(CodeKind.FORGED, raw, cleaned, None, None, tag)
    return CertificateReading(
        CodeKind.VALID, raw, cleaned, participant_id, _number_of(letters), tag
    )
