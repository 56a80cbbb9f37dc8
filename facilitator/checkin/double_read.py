"""One badge read twice is one person: the double-read rule every scanning face applies.

A scanner held over a badge reads it again and again; within a few seconds, the same code is
the same person at the same moment, so the repeats are dropped without a verdict (and without a
second "already checked in" that would make the facilitator look twice). After that window a
repeat is meant (a person back after a break) and is judged as usual. The check-in screen, the
kiosk and any other face that takes scans ask this one object.
"""

from __future__ import annotations

from facilitator.clock import Clock

DOUBLE_READ_SECONDS = 3.0
"""A scanner that sees the same badge twice in this time read it twice; the person came once."""


class DoubleReads:
    """Remembers the last code seen and when, by the desk's monotonic clock."""

    def __init__(self, clock: Clock, window: float = DOUBLE_READ_SECONDS) -> None:
        self._clock = clock
        self._window = window
        self._last_code: str | None = None
        self._last_at = float("-inf")
        self.count = 0
        """How many repeats were dropped."""

    def is_repeat(self, code: str) -> bool:
        """Whether `code` repeats the last one within the window; remembers it either way."""
        now = self._clock.monotonic()
        repeat = code == self._last_code and now - self._last_at < self._window
        if repeat:
            self.count += 1
            return True
        self._last_code, self._last_at = code, now
        return False

    def forget(self) -> None:
        """Scanning the same badge again right away is meant (after an undo)."""
        self._last_code = None
