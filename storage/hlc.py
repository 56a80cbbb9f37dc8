"""A hybrid logical clock: timestamps that never run backwards, even when the wall clock does.

Desk laptops have wrong clocks, and someone may set one back by an hour in the middle of a day.
Every change is stamped with (wall milliseconds, counter); the clock only moves forward, and it
takes the largest stamp it has seen (its own, stored ones, other desks' ones) as its floor.

Taking the largest stamp seen is also the clock's weak point: one record from a bundle or a
server stamped "9999999999999.99999" would drag the floor to the year 2286, and the next stamp
would need a sixth counter digit and sort *below* it as text, so later edits would lose to it.
So a stamp from outside is checked before it is adopted (`stamp_problem`): well formed, fixed
width, and not beyond a day ahead of this desk's clock (`MAX_DRIFT_MS`); `observe` refuses one
that fails (`StampRejected`). The counter never grows past its five digits: it carries into the
milliseconds instead, so string order stays time order.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from facilitator.storage.errors import StoreError

_WIDTH_MS = 13
_WIDTH_COUNTER = 5
MAX_COUNTER = 10**_WIDTH_COUNTER - 1
MAX_PHYSICAL_MS = 10**_WIDTH_MS - 1
PLAUSIBLE_UNTIL_MS = 4_102_444_800_000
"""2100-01-01 UTC: no real clock of this app's lifetime reads later, and it leaves the counter
centuries of headroom, so a stored stamp beyond it is damage or an attack, never a time."""
MAX_DRIFT_MS = 86_400_000
"""How far ahead of this desk's clock another desk's stamp may be (one day): laptops drift by
minutes and time zones are already folded into Unix time, so a day is generous."""

_STAMP = re.compile(rf"[0-9]{{{_WIDTH_MS}}}\.[0-9]{{{_WIDTH_COUNTER}}}")


class StampRejected(StoreError):
    """A clock stamp from outside was malformed or too far in the future to adopt."""

    code = "stamp_rejected"


class ClockExhausted(StoreError):
    """The clock cannot make a later stamp in the fixed width (only after adopting year 2286)."""

    code = "clock_exhausted"


def format_stamp(physical_ms: int, counter: int) -> str:
    """Encode a stamp as a fixed-width string, so string order is time order."""
    return f"{physical_ms:0{_WIDTH_MS}d}.{counter:0{_WIDTH_COUNTER}d}"


def parse_stamp(stamp: str) -> tuple[int, int]:
    """Decode a stamp made by `format_stamp`; ValueError for anything else."""
    if not isinstance(stamp, str) or not _STAMP.fullmatch(stamp):
        raise ValueError(f"not a clock stamp: {str(stamp)[:40]!r}")
    physical, _, counter = stamp.partition(".")
    return int(physical), int(counter)


def is_plausible_stamp(stamp: object) -> bool:
    """Well formed and before `PLAUSIBLE_UNTIL_MS`: what a stored stamp must be to be a floor."""
    try:
        physical, _ = parse_stamp(stamp)  # type: ignore[arg-type]
    except ValueError:
        return False
    return physical < PLAUSIBLE_UNTIL_MS


def stamp_problem(stamp: object, now_ms: int, max_drift_ms: int = MAX_DRIFT_MS) -> str | None:
    """Why a stamp from another desk or the server must not be adopted, or None if it may."""
    try:
        physical, _ = parse_stamp(stamp)  # type: ignore[arg-type]
    except ValueError:
        return f"malformed clock stamp {str(stamp)[:40]!r} (expected 13 digits, '.', 5 digits)"
    if physical > now_ms + max_drift_ms or physical >= PLAUSIBLE_UNTIL_MS:
        when = datetime.fromtimestamp(min(physical, PLAUSIBLE_UNTIL_MS) / 1000, UTC)
        return (
            f"clock stamp {stamp} is in the future ({when:%Y-%m-%d %H:%M} UTC), more than "
            f"{max_drift_ms // 3_600_000} hours ahead of this desk's clock"
        )
    return None


class HybridLogicalClock:
    """Hands out strictly increasing stamps; safe to call from several threads."""

    def __init__(self, wall_ms: Callable[[], int] | None = None, floor: str | None = None) -> None:
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._physical = 0
        self._counter = 0
        self._lock = threading.Lock()
        if floor:
            self._raise_floor(*parse_stamp(floor))

    def wall_ms(self) -> int:
        """This desk's wall clock, in Unix milliseconds (injected in tests)."""
        return self._wall_ms()

    def now(self) -> str:
        """A new stamp, later than every stamp this clock has made or observed."""
        with self._lock:
            wall = self._wall_ms()
            if wall > self._physical:
                self._physical, self._counter = wall, 0
            elif self._counter < MAX_COUNTER:
                self._counter += 1
            else:  # carry: a sixth counter digit would sort below "…99999" as text
                self._physical, self._counter = self._physical + 1, 0
            if self._physical > MAX_PHYSICAL_MS:
                raise ClockExhausted(
                    "The clock cannot make a later stamp: a stamp near the year 2286 was "
                    "adopted. Restore a backup from before it arrived.",
                    params={"stamp": format_stamp(MAX_PHYSICAL_MS, MAX_COUNTER)},
                )
            return format_stamp(self._physical, self._counter)

    def observe(self, stamp: str) -> None:
        """Raise the floor to a stamp seen elsewhere (another desk's change, the server's).

        Raises `StampRejected` for a malformed stamp or one more than `MAX_DRIFT_MS` ahead of
        this desk's clock; the caller sets such a record aside instead of merging it.
        """
        problem = stamp_problem(stamp, self._wall_ms())
        if problem is not None:
            raise StampRejected(
                f"A record was refused: its {problem}.",
                params={"stamp": str(stamp)[:40], "reason": problem},
            )
        self._raise_floor(*parse_stamp(stamp))

    def keep_up_with(self, stamp: str) -> None:
        """Raise the floor to a stamp this desk's own clock made (another clock of the same
        store, as when a store opened in two steps is handed over): no drift check, since a
        clock far ahead of the wall is this desk's own history, not a stranger's record."""
        self._raise_floor(*parse_stamp(stamp))

    def _raise_floor(self, physical: int, counter: int) -> None:
        with self._lock:
            if (physical, counter) > (self._physical, self._counter):
                self._physical, self._counter = physical, counter

    @property
    def last(self) -> str:
        """The latest stamp made or observed."""
        with self._lock:
            return format_stamp(self._physical, self._counter)
