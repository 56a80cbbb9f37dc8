"""The desk's clock: one object every service and screen asks for the time.

Why not `datetime.now()` where it is needed: which session a scan counts for, whether a check-in
is "today" and what the sign-in sheet prints all depend on the time, and a test that reads the
wall clock passes in the morning and fails after noon. The Desk holds one `Clock`; tests give it
a fixed one.
"""

from __future__ import annotations

import time as _time
from datetime import date, datetime
from typing import Protocol


class Clock(Protocol):
    """What the desk needs to know about time."""

    def now(self) -> datetime:
        """Local wall-clock time, naive, to the second (what the sign-in sheet prints)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start that never run backwards (double reads, timers)."""
        ...

    def wall_ms(self) -> int:
        """Milliseconds since the epoch, for the store's hybrid logical clock."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)

    def monotonic(self) -> float:
        return _time.monotonic()

    def wall_ms(self) -> int:
        return _time.time_ns() // 1_000_000


def today(clock: Clock) -> date:
    """The desk's today."""
    return clock.now().date()
