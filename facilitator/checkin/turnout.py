"""Who is in for a session against the roster and the targets, and when people arrived.

Why in the domain: the dashboard, the projector view, the check-in screen's running count and
the CLI all answer "how many are here?", and must give the same number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from facilitator.i18n import t
from facilitator.models import ROLE_ORDER, Participant, SessionSlot

BUCKET_MINUTES = 10
"""The dashboard's sparkline buckets; the projector's chart uses `PROJECTOR_BUCKET_MINUTES`."""
PROJECTOR_BUCKET_MINUTES = 15
UNLISTED = "unlisted"
"""The role row for people checked in whom this desk does not know yet."""
REMOVED = "removed"
"""The tally of people checked in and later taken off the roster: kept (they may be put back)
but never a row, nor in "here": a mistaken walk-in removed is not one more person in the room."""


@dataclass(frozen=True)
class RoleCount:
    """One row of the by-role table."""

    role: str
    here: int
    expected: int
    target: int | None


@dataclass(frozen=True)
class Counts:
    """How many are in for one session, by role: what the running count and the projector show.

    Kept by the desk as check-ins arrive, so reading it costs the handful of roles, not the
    roster."""

    session: SessionSlot | None
    roles: list[RoleCount]

    @property
    def here(self) -> int:
        return sum(r.here for r in self.roles)

    @property
    def expected(self) -> int:
        return sum(r.expected for r in self.roles)

    def in_short(self) -> str:
        """ "มาแล้ว 39 / 50 · OTOP 15/20 · KBO 18/20 · …": the running count on one line."""
        parts = [t("room.count", here=self.here, expected=self.expected)]
        parts += [f"{role_short(r.role)} {r.here}/{r.expected}" for r in self.roles if r.expected]
        parts += [f"{role_short(r.role)} {r.here}" for r in self.roles if not r.expected and r.here]
        return " · ".join(parts)


@dataclass(frozen=True)
class Turnout(Counts):
    """The counts with the people behind them: who is missing, who is in."""

    missing: list[Participant]
    present: frozenset[str]


def role_rows(
    expected: Mapping[str, int], here: Mapping[str, int], targets: Mapping[str, int]
) -> list[RoleCount]:
    """The by-role rows, in the roles' order, then people checked in whom the roster lacks."""
    roles = [
        RoleCount(r.value, here.get(r.value, 0), expected.get(r.value, 0), targets.get(r.value))
        for r in ROLE_ORDER
        if expected.get(r.value) or here.get(r.value) or r.value in targets
    ]
    if here.get(UNLISTED):
        roles.append(RoleCount(UNLISTED, here[UNLISTED], 0, None))
    return roles


def role_short(role: str) -> str:
    """A role in a few letters, for a count that must fit one line at 80 columns."""
    return t(f"room.role_short.{role}")


def count_turnout(
    session: SessionSlot | None,
    present: frozenset[str],
    roster: list[Participant],
    targets: dict[str, int],
    removed: frozenset[str] = frozenset(),
) -> Turnout:
    """Who of the roster is in (`present` ids) for `session`, by role, and who is missing.
    The `removed` (taken off the roster) are neither in nor unlisted."""
    expected = Counter(p.role for p in roster)
    here = Counter(p.role for p in roster if p.id in present)
    unlisted = len(present - {p.id for p in roster} - removed)
    if unlisted:
        here[UNLISTED] = unlisted
    missing = [p for p in roster if p.id not in present]
    missing.sort(key=lambda p: ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else 99)
    return Turnout(session, role_rows(expected, here, targets), missing, present)


@dataclass(frozen=True)
class Arrivals:
    """Check-ins per time bucket: `counts[n]` arrived from `start + n * minutes`."""

    start: datetime | None
    minutes: int
    counts: list[int]

    def bucket_start(self, n: int) -> datetime:
        assert self.start is not None
        return self.start + timedelta(minutes=self.minutes * n)

    @property
    def end(self) -> datetime | None:
        """When the last bucket ends."""
        return None if self.start is None else self.bucket_start(len(self.counts))

    @property
    def total(self) -> int:
        return sum(self.counts)


def arrival_buckets(
    times: Iterable[datetime] | Mapping[int, int],
    day: date,
    start: datetime,
    now: datetime,
    bucket_minutes: int = BUCKET_MINUTES,
) -> Arrivals:
    """Check-ins per `bucket_minutes` on `day`, from `start` (rounded down to a bucket) to now.

    `times` are arrival times, or (as the attendance book keeps them) how many arrived in
    each minute of `day`, which costs the minutes of a day, not the check-ins of an event.
    The buckets start on the clock's quarter (or tenth) hours, so a time axis reads 08:00,
    08:15, 08:30 and not 08:07, 08:22.
    """
    if bucket_minutes <= 0 or 60 % bucket_minutes:
        raise ValueError("a bucket must divide the hour (5, 10, 15, 20, 30 or 60 minutes)")
    if isinstance(times, Mapping):
        per_minute = {m: n for m, n in times.items() if n}
    else:
        per_minute = dict(Counter(at.hour * 60 + at.minute for at in times if at.date() == day))
    if not per_minute:
        return Arrivals(None, bucket_minutes, [])
    midnight = datetime.combine(day, datetime.min.time())
    earliest = min(per_minute)
    latest = max(per_minute)
    if start.date() == day:
        first_minute = min(start.hour * 60 + start.minute, earliest)
    else:
        first_minute = 0 if start.date() < day else earliest
    first_minute -= first_minute % bucket_minutes
    last_minute = max(now.hour * 60 + now.minute, latest) if now.date() == day else latest
    buckets = [0] * ((last_minute - first_minute) // bucket_minutes + 1)
    for minute, n in per_minute.items():
        buckets[(minute - first_minute) // bucket_minutes] += n
    return Arrivals(midnight + timedelta(minutes=first_minute), bucket_minutes, buckets)


def arrivals(
    times: Iterable[datetime] | Mapping[int, int],
    day: date,
    start: datetime,
    now: datetime,
    bucket_minutes: int = BUCKET_MINUTES,
) -> list[int]:
    """Check-ins per `bucket_minutes` on `day`, from `start` (rounded down) to now."""
    return arrival_buckets(times, day, start, now, bucket_minutes).counts


def left_after(
    earlier: frozenset[str], present: frozenset[str], roster: list[Participant]
) -> list[Participant]:
    """Who of the roster was in for an earlier session but is not in `present` (to call after
    lunch), in roster order."""
    return [p for p in roster if p.id in earlier and p.id not in present]
