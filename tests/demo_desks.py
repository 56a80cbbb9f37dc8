"""The demo event on a desk, and the code printed on a badge: what most tests start from."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from facilitator.clock import Clock
from facilitator.codes.participant_code import event_tag
from facilitator.desk import Desk
from facilitator.models import Participant
from tests.clock import FakeClock

MORNING = time(9, 0)
"""Tests run at 09:00 on the event's first day, in the morning session, whatever the hour."""


def demo_clock(first_day: date | None = None, at: time = MORNING) -> FakeClock:
    """A clock at `at` on `first_day` (else today)."""
    return FakeClock(datetime.combine(first_day or date.today(), at))


def open_demo_desk(
    path: Path,
    station: str = "desk-a",
    first_day: date | None = None,
    clock: Clock | None = None,
) -> Desk:
    """A desk on `path` holding the demo event (50 people, two days from `first_day`, else
    today), with a clock at 09:00 of the first day; an existing database is reopened."""
    clock = clock or demo_clock(first_day)
    desk = Desk.open(path, station=station, clock=clock)
    if not desk.events.exists:
        desk.create_demo(first_day or clock.now().date())
    return desk


def open_other_event(folder: Path, than: Desk, **options: object) -> Desk:
    """A demo desk in `folder` on another event, one whose public tag differs from `than`'s.

    Two events share a tag once in 2,744 (a badge of one then reads as forged at the other,
    by design), which made a test of "a badge of another event" fail that often."""
    for n in range(5):
        other = open_demo_desk(folder / f"other-{n}.json", **options)  # type: ignore[arg-type]
        if event_tag(other.event.id) != event_tag(than.event.id):
            return other
        other.close()
    raise AssertionError("five events in a row shared a tag")


def code_of(desk: Desk, person: Participant | str) -> str:
    """The check-in code on a participant's badge."""
    return desk.badges.code_of(person)
