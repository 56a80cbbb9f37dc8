"""Editing the event after it started: a venue moved, a day added, new session times, and the
check-ins already made still counting where they were made."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from facilitator.desk import Desk
from facilitator.event import EventError, parse_session_spec
from tests.demo_desks import code_of, open_demo_desk

pytestmark = pytest.mark.usefixtures("english")

DAY1, DAY2, DAY3 = date(2021, 6, 7), date(2021, 6, 8), date(2021, 6, 9)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = open_demo_desk(tmp_path / "event.json", first_day=DAY1)
    yield d
    d.close()


def scan_in(desk: Desk, n: int, at: datetime) -> str:
    result = desk.checkins.scan(code_of(desk, desk.participants.all()[n]), now=at)
    assert result.checkin is not None
    return result.checkin.session_id


def test_name_and_venue_change_and_nothing_else(desk: Desk) -> None:
    before = desk.event
    edit = desk.events.edit(name="  โครงการ KBO มุกดาหาร 2564 ", venue="ห้องประชุมอำเภอ")
    assert [f for f, _, _ in edit.changes] == ["name", "venue"]
    after = desk.event
    assert (after.name, after.venue) == ("โครงการ KBO มุกดาหาร 2564", "ห้องประชุมอำเภอ")
    assert after.sessions == before.sessions and after.key == before.key
    assert desk.events.edit(name=after.name).changed is False


def test_new_times_keep_the_session_ids_so_checkins_still_count(desk: Desk) -> None:
    morning = scan_in(desk, 0, datetime.combine(DAY1, time(9, 0)))
    edit = desk.events.edit(sessions=parse_session_spec("08:00-12:00,13:00-16:00"))
    assert {s.id for s in edit.kept} == {s.id for s in edit.before.sessions}
    assert not edit.added and not edit.dropped
    slot = desk.event.session(morning)
    assert slot is not None and slot.start == time(8, 0)
    assert len(desk.checkins.attendance(morning)) == 1


def test_a_day_added_gets_the_first_days_sessions(desk: Desk) -> None:
    edit = desk.events.edit(days=[DAY1, DAY2, DAY3])
    assert [s.id for s in edit.added] == [f"{DAY3}-s1", f"{DAY3}-s2"]
    assert [(s.name, s.start) for s in desk.event.sessions_on(DAY3)] == [
        (s.name, s.start) for s in desk.event.sessions_on(DAY1)
    ]


def test_a_session_put_before_the_morning_by_name_does_not_take_its_id(desk: Desk) -> None:
    morning = scan_in(desk, 0, datetime.combine(DAY1, time(9, 0)))
    spec = "พิธีเปิด=07:30-08:30,ช่วงเช้า=08:30-12:00,ช่วงบ่าย=13:00-16:30"
    edit = desk.events.edit(sessions=parse_session_spec(spec))
    assert morning in {s.id for s in edit.kept}
    assert [s.name for s in desk.event.sessions_on(DAY1)] == ["พิธีเปิด", "ช่วงเช้า", "ช่วงบ่าย"]
    assert desk.event.session(morning).name == "ช่วงเช้า"


def test_dropping_a_session_with_checkins_is_refused_saying_how_many(desk: Desk) -> None:
    afternoon = datetime.combine(DAY2, time(13, 30))
    for n in range(3):
        scan_in(desk, n, afternoon)
    before = desk.event
    seq = desk.store.sequence
    with pytest.raises(EventError) as refused:
        desk.events.edit(sessions=parse_session_spec("ช่วงเช้า=08:30-12:00"))
    message = str(refused.value)
    assert "3" in message and f"{DAY2}-pm" in message and "nothing was changed" in message
    with pytest.raises(EventError):
        desk.events.edit(days=[DAY1])  # the second day's afternoon holds them too
    assert desk.store.sequence == seq and desk.event == before
    # A session nobody checked in for may go.
    edit = desk.events.edit(days=[DAY2])
    assert {s.id for s in edit.dropped} == {f"{DAY1}-am", f"{DAY1}-pm"}


@pytest.mark.parametrize(
    "changes",
    [{"name": "  "}, {"days": []}, {"sessions": []}],
)
def test_an_empty_name_days_or_sessions_is_refused(desk: Desk, changes: dict[str, object]) -> None:
    with pytest.raises(EventError):
        desk.events.edit(**changes)  # type: ignore[arg-type]


def test_the_days_edit_moves_the_whole_event(desk: Desk) -> None:
    later = [d + timedelta(days=7) for d in desk.event.days]
    edit = desk.events.edit(days=later)
    assert desk.event.days == later and len(edit.added) == 4 and len(edit.dropped) == 4
