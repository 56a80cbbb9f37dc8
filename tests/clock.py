"""A clock for tests: it says what the test says, and moves only when told.

The desk takes its time from a `Clock`; a test that used the wall clock would pass in the
morning and fail after noon.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta


class FakeClock:
    """A settable clock (local naive time); monotonic time advances with it."""

    def __init__(self, now: datetime) -> None:
        self._now = now.replace(microsecond=0)
        self._monotonic = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def wall_ms(self) -> int:
        """The machine's time for the store's hybrid logical clock: stamps only order changes,
        and desks of one test must agree on roughly when "now" is, whatever day each acts."""
        return time.time_ns() // 1_000_000

    def set(self, now: datetime) -> None:
        """Jump to `now` (monotonic time moves by the same amount, never backwards)."""
        self._monotonic += max(0.0, (now - self._now).total_seconds())
        self._now = now.replace(microsecond=0)

    def advance(self, seconds: float = 0.0, **delta: float) -> None:
        """Move forward by `seconds` (and/or timedelta keywords: minutes=, hours=)."""
        self.set(self._now + timedelta(seconds=seconds, **delta))
