"""A scanner's burst, told apart from a person typing: how a scan is caught on any screen.

A keyboard-wedge scanner types a whole code and Enter (or LF, or Tab) within a few
milliseconds; a person needs a tenth of a second or more per key. The TUI feeds every
keystroke of every screen to a `BurstDetector`: when a submit key ends a run of keys that all
came faster than a person types and the run repairs to something shaped like a participant
code (19 letters of the code alphabet, typed under any layout, with Caps Lock, with a
scanner's prefix), it is a scan, wherever the focus was. Slow typing never is: one gap longer
than `MAX_GAP_SECONDS` starts the run again.

Scanners that send no Enter (a common factory setting): when the keys stop for
`IDLE_SUBMIT_SECONDS` and the run is a whole code that is genuine for this event, `idle` gives
it as a scan all the same. A partial or invalid run is only reported (`IdleRead.complete` is
False), never submitted on its own: half a code would be a red verdict for a person still
holding their badge to the scanner. A scanner whose Enter comes a little after that idle
submit must not be read twice: `late_suffix` owns up to the Enter that follows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from facilitator.codes.participant_code import CODE_ALPHABET, CODE_LENGTH, looks_like_code
from facilitator.codes.scan_repair import repair_scan

MAX_GAP_SECONDS = 0.035
"""Longest pause between two keys of one burst; a fast typist needs more than twice this."""
MAX_BURST_KEYS = 80
"""A run longer than any code with any prefix is not a scan (and is not kept growing)."""
IDLE_SUBMIT_SECONDS = 0.15
"""Quiet after a burst that means the scanner is done though it sent no Enter."""
SUFFIX_WAIT_SECONDS = 1.0
"""How late a scanner's Enter may come and still belong to the burst before it."""
MIN_BURST_KEYS = 6
"""A run this long at scanner speed is a burst (no person types six keys in 0.2 s)."""
_ALPHABET = frozenset(CODE_ALPHABET)


@dataclass(frozen=True)
class IdleRead:
    """A burst that went quiet: whole and genuine (submit it), or partial (only say so)."""

    raw: str
    complete: bool
    started_at: float


def looks_partial(raw: str) -> bool:
    """Whether a burst that is no whole code still reads like part of one (worth a hint)."""
    cleaned = repair_scan(raw)
    return bool(cleaned) and (looks_like_code(cleaned) or _ALPHABET.issuperset(cleaned))


@dataclass(frozen=True)
class Burst:
    """A scan caught in flight: what the scanner typed, and when the run started."""

    raw: str
    started_at: float


class BurstDetector:
    """Feeds on keystrokes (`key`) and submit keys (`submit`); says when a scan is complete."""

    def __init__(self, max_gap: float = MAX_GAP_SECONDS) -> None:
        self.max_gap = max_gap
        self._chars: list[str] = []
        self._started = 0.0
        self._last = float("-inf")
        self._idle_submitted = float("-inf")

    @property
    def typed(self) -> str:
        """What the current run has typed so far."""
        return "".join(self._chars)

    def starts_run(self, at: float) -> bool:
        """Whether a key at `at` would begin a new run (the one before was too long ago)."""
        return at - self._last > self.max_gap

    @property
    def is_burst(self) -> bool:
        """Whether the run so far is long enough to have come from a scanner."""
        return len(self._chars) >= MIN_BURST_KEYS

    def key(self, char: str | None, at: float) -> None:
        """One key: a printable character, or None for anything else (which ends the run)."""
        self._idle_submitted = float("-inf")  # a key after an idle submit: no suffix to come
        if char is None or len(char) != 1 or not char.isprintable():
            self.reset()
            return
        if self.starts_run(at) or len(self._chars) >= MAX_BURST_KEYS:
            self._chars = []
            self._started = at
        self._chars.append(char)
        self._last = at

    def submit(self, at: float) -> Burst | None:
        """Enter, LF or Tab at `at`: the scan it completes, if the run was one; else None."""
        burst = self.pending(at)
        self.reset()
        return burst

    def pending(self, at: float) -> Burst | None:
        """The run as a scan if it is one and still fresh at `at`, without ending it.

        Fresh means its Enter came within `SUFFIX_WAIT_SECONDS`: longer than the idle gap, so
        an Enter that comes just after `IDLE_SUBMIT_SECONDS` is never handed to a form.
        """
        if len(self._chars) < CODE_LENGTH or at - self._last > SUFFIX_WAIT_SECONDS:
            return None
        raw = self.typed
        return Burst(raw, self._started) if looks_like_code(repair_scan(raw)) else None

    def idle(self, at: float, is_valid: Callable[[str], bool]) -> IdleRead | None:
        """The keys stopped (the caller's timer ran `IDLE_SUBMIT_SECONDS` after the last one;
        `at` is now, on the clock of the keys' times): the burst to submit or to hint at.

        None when the run is no burst. A complete read (a whole code `is_valid` accepts) ends
        the run and remembers when, so the scanner's late Enter is dropped (`late_suffix`); a
        partial one ends it too, so it is reported once.
        """
        if not self.is_burst:
            return None
        raw, started = self.typed, self._started
        complete = is_valid(raw)
        self.reset()
        if complete:
            self._idle_submitted = at
        return IdleRead(raw, complete, started)

    def late_suffix(self, at: float) -> bool:
        """Whether a submit key at `at` is the late Enter of a burst already submitted on idle
        (then it is dropped, once: the scan was taken)."""
        late = not self._chars and at - self._idle_submitted <= SUFFIX_WAIT_SECONDS
        self._idle_submitted = float("-inf")
        return late

    def reset(self) -> None:
        self._chars = []
        self._last = float("-inf")
