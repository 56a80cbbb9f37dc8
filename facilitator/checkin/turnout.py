"""Who is in for a session against the roster and the targets, and when people arrived.

Why in the domain: the dashboard, the projector view, the check-in screen's running count and
the CLI all answer "how many are here?", and must give the same number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from facilitator.models import ROLE_ORDER, Participant, SessionSlot

BUCKET_MINUTES = 10
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


def arrivals(times: list[datetime], day: date, start: datetime, now: datetime) -> list[int]:
    """Check-ins per `BUCKET_MINUTES` on `day`, from `start` (rounded down) to now."""
    todays = sorted(at for at in times if at.date() == day)
    if not todays:
        return []
    first = min(start, todays[0])
    first = first.replace(
        minute=first.minute - first.minute % BUCKET_MINUTES, second=0, microsecond=0
    )
    last = max(now, todays[-1]) if now.date() == day else todays[-1]
    buckets = [0] * (int((last - first) / timedelta(minutes=BUCKET_MINUTES)) + 1)
    for at in todays:
        buckets[int((at - first) / timedelta(minutes=BUCKET_MINUTES))] += 1
    return buckets
