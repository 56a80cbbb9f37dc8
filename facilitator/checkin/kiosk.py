"""Self check-in at a kiosk: the laptop faces the queue, and only a PIN turns it back.

Why a lock in the domain: the PIN rule (what a PIN may be, how wrong guesses are slowed down)
is the same whichever face runs the kiosk, and it is easier to prove with a test clock than
through a screen. The PIN lives only in memory, as a hash, for as long as the kiosk runs.

Why phone digits and masked surnames: a participant without a badge types the last four digits
of their phone and picks their own name, but a queue is watching the screen (PDPA). So at most
`MAX_CANDIDATES` are shown, each as the first name and the surname's first letter
("สมหมาย บ***"); more matches than that send the person to the facilitator rather than list
strangers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from facilitator.clock import Clock
from facilitator.errors import UserError
from facilitator.models import Participant
from facilitator.thai.text import clusters, digits_only, phone_digits, thai_digits_to_arabic

PIN_LENGTHS = range(4, 9)
FREE_TRIES = 3
"""Wrong PINs allowed before each further try has to wait."""
FIRST_WAIT_SECONDS = 5.0
LONGEST_WAIT_SECONDS = 300.0
PHONE_DIGITS = 4
LEADING_VOWELS = frozenset("เแโใไ")
MAX_CANDIDATES = 3


class KioskError(UserError, ValueError):
    """A PIN that cannot lock a kiosk."""


def check_pin(pin: str) -> str:
    """The PIN as digits (Thai digits accepted), or a `KioskError` saying what a PIN must be."""
    digits = thai_digits_to_arabic(pin.strip())
    if not digits.isdigit() or not digits.isascii() or len(digits) not in PIN_LENGTHS:
        raise KioskError("kiosk.error.pin", low=PIN_LENGTHS[0], high=PIN_LENGTHS[-1])
    return digits


@dataclass(frozen=True)
class Unlock:
    """The answer to one try at leaving the kiosk."""

    opened: bool
    failures: int = 0
    """Wrong PINs in a row so far."""
    wait_seconds: float = 0.0
    """How long until the next try is heard (0: it may come now)."""
    refused_unheard: bool = False
    """The try came too soon after wrong PINs and was not even compared."""

    @property
    def key(self) -> str:
        """The catalogue key of what the PIN dialog says."""
        if self.opened:
            return "kiosk.pin.opened"
        if self.refused_unheard:
            return "kiosk.pin.too_soon"
        return "kiosk.pin.wrong_wait" if self.wait_seconds else "kiosk.pin.wrong"


class KioskLock:
    """The PIN set when the kiosk started, and the wrong tries since."""

    def __init__(self, pin: str, clock: Clock) -> None:
        self._salt = secrets.token_bytes(16)
        self._hash = self._digest(check_pin(pin))
        self._clock = clock
        self.failures = 0
        self._next_try = float("-inf")

    def _digest(self, pin: str) -> bytes:
        return hashlib.sha256(self._salt + pin.encode()).digest()

    def wait_left(self) -> float:
        """Seconds until a try is heard again (0 when it may come now)."""
        return max(0.0, self._next_try - self._clock.monotonic())

    def try_unlock(self, pin: str) -> Unlock:
        """Compare a PIN; after `FREE_TRIES` wrong ones each further try waits twice as long."""
        wait = self.wait_left()
        if wait > 0:
            return Unlock(False, self.failures, wait, refused_unheard=True)
        given = thai_digits_to_arabic(pin.strip())
        if hmac.compare_digest(self._digest(given), self._hash):
            self.failures = 0
            self._next_try = float("-inf")
            return Unlock(True)
        self.failures += 1
        wait = 0.0
        if self.failures >= FREE_TRIES:
            steps = self.failures - FREE_TRIES
            wait = min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2**steps)
            self._next_try = self._clock.monotonic() + wait
        return Unlock(False, self.failures, wait)


# -- no badge: the last four digits of a phone ------------------------------------------------


def masked_name(person: Participant) -> str:
    """The first name and the surname's first letter: "สมหมาย บ***" (enough to know oneself)."""
    first = person.first_name.strip() or person.nickname.strip()
    last = person.last_name.strip()
    if not last:
        return first
    parts = clusters(last)
    shown = parts[0][0]  # the letter without its marks (a mark alone would be a stray)
    if shown in LEADING_VOWELS and len(parts) > 1:
        shown += parts[1][0]  # "เรือง" -> "เร***": a leading vowel alone says nothing
    return f"{first} {shown}***"


@dataclass(frozen=True)
class Candidate:
    """One name a participant may pick as their own."""

    participant_id: str
    shown: str


@dataclass(frozen=True)
class PhoneMatch:
    """The names whose phone ends in the digits typed, or why none are shown."""

    digits: str
    candidates: tuple[Candidate, ...]
    too_many: bool = False
    """More people share these digits than may be shown: see the facilitator."""

    @property
    def key(self) -> str:
        """The catalogue key of what the kiosk says."""
        if self.too_many:
            return "kiosk.phone.too_many"
        return "kiosk.phone.pick" if self.candidates else "kiosk.phone.none"


def phone_ending(text: str) -> str | None:
    """The digits typed when they are a phone's last four ("5678", "๕๖๗๘"); else None."""
    cleaned = thai_digits_to_arabic(text.strip()).replace(" ", "").replace("-", "")
    if not cleaned.isascii() or not cleaned.isdigit():
        return None
    return digits_only(cleaned)


def match_phone_ending(digits: str, search: Callable[[str, int], list[Participant]]) -> PhoneMatch:
    """The people whose phone number ends in `digits`, at most `MAX_CANDIDATES` of them.

    `search` is the roster's search (which ranks the numbers ending in the digits first);
    asking it for one more than may be shown is enough to know there are too many.
    """
    found = [
        p for p in search(digits, MAX_CANDIDATES + 1) if phone_digits(p.phone).endswith(digits)
    ]
    if len(found) > MAX_CANDIDATES:
        return PhoneMatch(digits, (), too_many=True)
    return PhoneMatch(digits, tuple(Candidate(p.id, masked_name(p)) for p in found))
