"""Who is in for a session against the roster and the targets, and when people arrived.

Why in the domain: the dashboard, the projector view, the check-in screen's running count and
the CLI all answer "how many are here?", and must give the same number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from facilitator.i18n import t
from facilitator.models import ROLE_ORDER, Participant, SessionSlot

BUCKET_MINUTES = 10
"""The dashboard's sparkline buckets; the projector's chart uses `PROJECTOR_BUCKET_MINUTES`."""
PROJECTOR_BUCKET_MINUTES = 15
UNLISTED = "unlisted"
"""The role row for people checked in whom this desk does not know yet."""


@dataclass(frozen=True)
class RoleCount:
    """One row of the by-role table."""

    role: str
    here: int
    expected: int
    target: int | None


@dataclass(frozen=True)
class Turnout:
    """Everything shown about one session's turnout, computed in one pass."""

    session: SessionSlot | None
    roles: list[RoleCount]
    missing: list[Participant]
    present: frozenset[str]

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


def role_short(role: str) -> str:
    """A role in a few letters, for a count that must fit one line at 80 columns."""
    return t(f"room.role_short.{role}")


def count_turnout(
    session: SessionSlot | None,
    present: frozenset[str],
    roster: list[Participant],
    targets: dict[str, int],
) -> Turnout:
    """Who of the roster is in (`present` ids) for `session`, by role, and who is missing."""
    expected = Counter(p.role for p in roster)
    here = Counter(p.role for p in roster if p.id in present)
    roles = [
        RoleCount(r.value, here[r.value], expected[r.value], targets.get(r.value))
        for r in ROLE_ORDER
        if expected[r.value] or here[r.value] or r.value in targets
    ]
    unlisted = len(present - {p.id for p in roster})
    if unlisted:
        roles.append(RoleCount(UNLISTED, unlisted, 0, None))
    missing = [p for p in roster if p.id not in present]
    missing.sort(key=lambda p: ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else 99)
    return Turnout(session, roles, missing, present)


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
    times: list[datetime],
    day: date,
    start: datetime,
    now: datetime,
    bucket_minutes: int = BUCKET_MINUTES,
) -> Arrivals:
    """Check-ins per `bucket_minutes` on `day`, from `start` (rounded down to a bucket) to now.

    The buckets start on the clock's quarter (or tenth) hours, so a time axis reads 08:00,
    08:15, 08:30 and not 08:07, 08:22.
    """
    if bucket_minutes <= 0 or 60 % bucket_minutes:
        raise ValueError("a bucket must divide the hour (5, 10, 15, 20, 30 or 60 minutes)")
    todays = sorted(at for at in times if at.date() == day)
    if not todays:
        return Arrivals(None, bucket_minutes, [])
    first = min(start, todays[0])
    first = first.replace(
        minute=first.minute - first.minute % bucket_minutes, second=0, microsecond=0
    )
    last = max(now, todays[-1]) if now.date() == day else todays[-1]
    size = timedelta(minutes=bucket_minutes)
    buckets = [0] * (int((last - first) / size) + 1)
    for at in todays:
        buckets[int((at - first) / size)] += 1
    return Arrivals(first, bucket_minutes, buckets)


def arrivals(
    times: list[datetime],
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
