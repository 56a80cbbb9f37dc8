"""A scanner's burst, told apart from a person typing: how a scan is caught on any screen.

A keyboard-wedge scanner types a whole code and Enter (or LF, or Tab) within a few
milliseconds; a person needs a tenth of a second or more per key. The TUI feeds every
keystroke of every screen to a `BurstDetector`: when a submit key ends a run of keys that all
came faster than a person types and the run repairs to something shaped like a participant
code (19 letters of the code alphabet, typed under any layout, with Caps Lock, with a
scanner's prefix), it is a scan, wherever the focus was. Slow typing never is: one gap longer
than `MAX_GAP_SECONDS` starts the run again.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.codes.participant_code import CODE_LENGTH, looks_like_code
from facilitator.codes.scan_repair import repair_scan

MAX_GAP_SECONDS = 0.035
"""Longest pause between two keys of one burst; a fast typist needs more than twice this."""
MAX_BURST_KEYS = 80
"""A run longer than any code with any prefix is not a scan (and is not kept growing)."""


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

    @property
    def typed(self) -> str:
        """What the current run has typed so far."""
        return "".join(self._chars)

    def starts_run(self, at: float) -> bool:
        """Whether a key at `at` would begin a new run (the one before was too long ago)."""
        return at - self._last > self.max_gap

    def key(self, char: str | None, at: float) -> None:
        """One key: a printable character, or None for anything else (which ends the run)."""
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
        """The run as a scan if it is one and still fresh at `at`, without ending it."""
        if len(self._chars) < CODE_LENGTH or at - self._last > self.max_gap * 4:
            return None
        raw = self.typed
        return Burst(raw, self._started) if looks_like_code(repair_scan(raw)) else None

    def reset(self) -> None:
        self._chars = []
        self._last = float("-inf")
