"""A hybrid logical clock: timestamps that never run backwards, even when the wall clock does.

Desk laptops have wrong clocks, and someone may set one back by an hour in the middle of a day.
Every change is stamped with (wall milliseconds, counter); the clock only moves forward, and it
takes the largest stamp it has seen (its own, stored ones, other desks' ones) as its floor.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_WIDTH_MS = 13
_WIDTH_COUNTER = 5


def format_stamp(physical_ms: int, counter: int) -> str:
    """Encode a stamp as a fixed-width string, so string order is time order."""
    return f"{physical_ms:0{_WIDTH_MS}d}.{counter:0{_WIDTH_COUNTER}d}"


def parse_stamp(stamp: str) -> tuple[int, int]:
    """Decode a stamp made by `format_stamp`."""
    physical, _, counter = stamp.partition(".")
    return int(physical), int(counter or 0)


class HybridLogicalClock:
    """Hands out strictly increasing stamps; safe to call from several threads."""

    def __init__(self, wall_ms: Callable[[], int] | None = None, floor: str | None = None) -> None:
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._physical = 0
        self._counter = 0
        self._lock = threading.Lock()
        if floor:
            self.observe(floor)

    def now(self) -> str:
        """A new stamp, later than every stamp this clock has made or observed."""
        with self._lock:
            wall = self._wall_ms()
            if wall > self._physical:
                self._physical, self._counter = wall, 0
            else:
                self._counter += 1
            return format_stamp(self._physical, self._counter)

    def observe(self, stamp: str) -> None:
        """Raise the floor to a stamp seen elsewhere (a stored record, another desk's change)."""
        physical, counter = parse_stamp(stamp)
        with self._lock:
            if (physical, counter) > (self._physical, self._counter):
                self._physical, self._counter = physical, counter

    @property
    def last(self) -> str:
        """The latest stamp made or observed."""
        with self._lock:
            return format_stamp(self._physical, self._counter)
