"""The door opens before the event does: the first scans are answered while the roster loads.

At a provincial fair the event holds 20,000 people, and parsing it takes a second; the queue
does not wait for that. A desk opened door-first checks the file, answers a scan from the
scanned person's own records, writes the check-in to the journal, and becomes the whole desk
when the rest is parsed. Here every table counts as big, so the two steps show with the demo's
50 people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from facilitator.checkin.service import Verdict
from facilitator.desk import Desk, DeskChange
from facilitator.storage import unread
from tests.demo_desks import code_of, demo_clock, open_demo_desk

DAY1 = date(2021, 6, 7)


@pytest.fixture(autouse=True)
def every_table_is_big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unread, "SMALL_TABLE_BYTES", 400)


@dataclass(frozen=True)
class EventFile:
    """The demo event on disk, folded; its people's ids and badge codes in roster order. The
    first was checked in this morning, the second taken off the roster."""

    path: Path
    people: list[tuple[str, str]]


@pytest.fixture
def event_file(tmp_path: Path) -> EventFile:
    db = tmp_path / "ev.json"
    desk = open_demo_desk(db, first_day=DAY1)
    everyone = [(p.id, code_of(desk, p)) for p in desk.participants.all()]
    desk.checkins.check_in(everyone[0][0])
    desk.participants.remove(everyone[1][0])
    desk.close()
    return EventFile(db, everyone)


def door_first(db: Path) -> Desk:
    return Desk.open(db, station="desk-a", clock=demo_clock(DAY1), door_first=True)


def test_a_scan_while_the_event_opens_is_judged_from_the_persons_own_records(
    event_file: EventFile,
) -> None:
    (_first, first_code), (_second, second_code), (third, third_code) = event_file.people[:3]
    desk = door_first(event_file.path)
    assert desk.loading
    assert len(desk.participants) == 0  # nobody parsed yet
    fresh = desk.checkins.scan(third_code)
    assert fresh.verdict is Verdict.CHECKED_IN
    assert fresh.participant is not None and fresh.participant.id == third
    again = desk.checkins.scan(first_code)
    assert again.verdict is Verdict.ALREADY  # the file's check-in of this morning
    assert desk.checkins.scan(second_code).verdict is Verdict.REMOVED
    desk.close()


def test_the_desk_becomes_whole_with_the_check_ins_made_meanwhile(event_file: EventFile) -> None:
    codes = [code for _pid, code in event_file.people]
    desk = door_first(event_file.path)
    heard: list[DeskChange] = []
    desk.subscribe(heard.append)
    assert desk.checkins.scan_once(codes[4]).verdict is Verdict.CHECKED_IN
    whole = desk.finish_opening()  # on a thread in the app
    assert desk.checkins.scan_once(codes[5]).verdict is Verdict.CHECKED_IN
    desk.adopt(whole)
    assert not desk.loading
    assert len(desk.participants) == 49  # 50, less the one taken off
    assert desk.checkins.counts().here == 3  # #1 from the file, #5 and #6 at the door
    assert heard[-1].everything
    assert desk.checkins.scan_once(codes[5]) is None  # the same badge again: a double read
    desk.close()


def test_a_check_in_at_the_door_survives_a_power_cut_before_the_event_opened(
    event_file: EventFile,
) -> None:
    codes = event_file.people
    desk = door_first(event_file.path)
    assert desk.checkins.scan(codes[6][1]).verdict is Verdict.CHECKED_IN
    desk.close()  # nothing parsed but the person; nothing folded
    again = Desk.open(event_file.path, station="desk-a", clock=demo_clock(DAY1))
    assert again.checkins.checked_in_now(codes[6][0]) is not None
    assert len(again.participants) == 49
    again.close()


def test_the_opening_stops_for_the_door_between_pieces_of_the_file(event_file: EventFile) -> None:
    desk = door_first(event_file.path)
    stops: list[int] = []
    whole = desk.finish_opening(pause=lambda: stops.append(1))
    assert len(stops) >= 3  # the parse, the tables by id, the services' indexes
    desk.adopt(whole)
    before = len(stops)
    desk.participants.all()  # once whole, the desk never stops for the door
    desk.checkins.counts()
    assert len(stops) == before
    desk.close()
