"""Fuzzed scans: what a scan field may receive, and the verdicts it must never get wrong.

Each scan is read with `participant_code.read_code` (which repairs it with `scan_repair`):
- a real code wrapped in scanner noise (prefixes, Enter/Tab, the Thai layout, Caps Lock) must
  read VALID as that person;
- a real code with a letter changed, two swapped, one dropped or added inside, and random codes with
  this event's tag, must never read VALID (a forged code accepted);
- junk of every kind (control characters, lone surrogates, Thai, ECI and AIM fragments, pastes
  up to a megabyte) must come back as a verdict, fast, never an exception.
Used by `test_hostile_input.py` (a sample) and `soak.py` (ten thousand and more).
"""

from __future__ import annotations

import random
import time
import traceback
from dataclasses import dataclass, field

from facilitator.codes.kedmanee import us_to_thai
from facilitator.codes.participant_code import (
    CODE_ALPHABET,
    PARTICIPANT_ID_LENGTH,
    CodeKind,
    event_tag,
    make_code,
    read_code,
)

EVENT_ID = "otop-mukdahan-2564-kbo"
EVENT_KEY = "5f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d"
NOISE_PREFIXES = ("", "]Q1", "]q1", "\\000026", "]Q3\\000026", "\x1b", "\x02", "\ufeff", " ")
NOISE_SUFFIXES = ("", "\r\n", "\n", "\r", "\t", "\x03", "\u200b", " \u00a0")
JUNK = (
    [chr(c) for c in range(0, 0x80)]
    + list("กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮฯะัาำิีึืฺุู฿เแโใไๅๆ็่้๊๋์ํ๎๏๐")
    + ["\ud800", "\udfff", "\u200b", "\ufeff", "\u0e34\u0e48", "ß", "İ", "ﬃ", "é", "\u202e"]
    + ["\\000026", "]Q1", "}Q1", "-", "--"]
)


@dataclass
class ScanTally:
    """What the fuzzed scans came to."""

    scans: int = 0
    crashes: int = 0
    forged_accepted: int = 0
    genuine_refused: int = 0
    slowest_ms: float = 0.0
    durations_ms: list[float] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    def percentile_ms(self, share: float) -> float:
        """The time within which `share` of the scans were read (0.999: all but one in 1,000)."""
        if not self.durations_ms:
            return 0.0
        ordered = sorted(self.durations_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def merge(self, other: ScanTally) -> None:
        self.scans += other.scans
        self.crashes += other.crashes
        self.forged_accepted += other.forged_accepted
        self.genuine_refused += other.genuine_refused
        self.slowest_ms = max(self.slowest_ms, other.slowest_ms)
        self.durations_ms += other.durations_ms
        self.examples += other.examples[: max(0, 10 - len(self.examples))]


def _participant(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(PARTICIPANT_ID_LENGTH))


def _with_noise(rng: random.Random, code: str) -> str:
    text = rng.choice((code, code.lower(), code.swapcase()))
    text = rng.choice(NOISE_PREFIXES) + text + rng.choice(NOISE_SUFFIXES)
    return us_to_thai(text) if rng.random() < 0.4 else text


def _mutated(rng: random.Random, code: str) -> str:
    letters = list(code)
    how = rng.choice(("substitute", "substitute2", "swap", "drop", "add"))
    if how.startswith("substitute"):
        for _ in range(2 if how == "substitute2" else 1):
            at = rng.randrange(len(letters))
            letters[at] = rng.choice([c for c in CODE_ALPHABET if c != letters[at]])
    elif how == "swap":
        at = rng.randrange(len(letters) - 1)
        letters[at], letters[at + 1] = letters[at + 1], letters[at]
    elif how == "drop":
        del letters[rng.randrange(len(letters))]
    else:
        letters.insert(rng.randrange(len(letters) + 1), rng.choice(CODE_ALPHABET))
    return "".join(letters)


def _junk(rng: random.Random) -> str:
    if rng.random() < 0.02:  # a paste: up to a megabyte of one pattern
        return rng.choice(JUNK) * rng.randrange(1_000, 1_000_000)
    return "".join(rng.choice(JUNK) for _ in range(rng.randrange(0, 64)))


def fuzz_scans(count: int, seed: int) -> ScanTally:
    """Read `count` fuzzed scans; the tally says what went wrong, if anything."""
    rng = random.Random(seed)
    tally = ScanTally()
    tag = event_tag(EVENT_ID)
    for _ in range(count):
        participant = _participant(rng)
        code = make_code(EVENT_ID, EVENT_KEY, participant)
        kind = rng.random()
        if kind < 0.25:
            raw, expect = _with_noise(rng, code), "valid"
        elif kind < 0.55:
            mutated = _mutated(rng, code)
            # A letter added in front leaves the whole genuine code at the end: half a read and
            # then the badge, which the desk takes (the tail is verified like any code).
            genuine = mutated == code or mutated.endswith(code)
            raw, expect = _with_noise(rng, mutated), "valid" if genuine else "forged"
        elif kind < 0.7:
            forged = tag + "".join(rng.choice(CODE_ALPHABET) for _ in range(16))
            raw, expect = forged, "forged" if forged != code else "valid"
        else:
            raw, expect = _junk(rng), "junk"
        tally.scans += 1
        started = time.perf_counter()
        try:
            reading = read_code(raw, EVENT_ID, EVENT_KEY)
        except Exception:
            tally.crashes += 1
            tally.examples.append(f"crash on {raw[:60]!r}: {traceback.format_exc(limit=-1)}")
            continue
        elapsed_ms = (time.perf_counter() - started) * 1000
        tally.slowest_ms = max(tally.slowest_ms, elapsed_ms)
        tally.durations_ms.append(elapsed_ms)
        valid = reading.kind is CodeKind.VALID
        if expect == "valid" and not (valid and reading.participant_id == participant):
            tally.genuine_refused += 1
            tally.examples.append(f"genuine {raw!r} read as {reading.kind}")
        elif expect in ("forged", "junk") and valid:
            tally.forged_accepted += 1
            tally.examples.append(f"forged {raw[:60]!r} accepted")
    return tally
