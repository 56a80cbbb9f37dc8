"""The event and the session a scan counts for."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from facilitator.desk import Desk
from facilitator.event import parse_session_spec, pick_session

DAY1 = date(2021, 6, 7)
DAY2 = date(2021, 6, 8)


@pytest.fixture
def event(tmp_path: Path):
    with Desk.open(tmp_path / "ev.json", station="a") as desk:
        yield desk.events.create("KBO มุกดาหาร", "โรงแรม", [DAY1, DAY2])


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm))


def test_registration_before_the_morning_counts_for_the_morning(event) -> None:
    pick = pick_session(event, at(DAY1, 8, 5))
    assert pick.session is not None and pick.session.id.endswith("-am")
    assert pick.reason == "next"


def test_a_person_scanned_after_lunch_counts_for_the_afternoon(event) -> None:
    assert pick_session(event, at(DAY1, 12, 30)).session.id == f"{DAY1.isoformat()}-pm"
    assert pick_session(event, at(DAY1, 14, 0)).reason == "open"


def test_after_the_last_session_a_scan_counts_for_the_last_one(event) -> None:
    pick = pick_session(event, at(DAY2, 18, 0))
    assert pick.session.id == f"{DAY2.isoformat()}-pm" and pick.reason == "last"


def test_a_day_without_sessions_asks_for_a_pick_instead_of_guessing(event) -> None:
    pick = pick_session(event, at(date(2021, 6, 9), 9, 0))
    assert pick.session is None and pick.reason == "no_sessions_today"
    chosen = pick_session(event, at(date(2021, 6, 9), 9, 0), override=f"{DAY2.isoformat()}-am")
    assert chosen.reason == "override"


def test_the_event_is_read_back_with_its_key_and_sessions(tmp_path: Path) -> None:
    with Desk.open(tmp_path / "ev.json") as desk:
        made = desk.events.create("งาน", "ห้อง", [DAY1], parse_session_spec("ช่วงเช้า=09:00-12:00"))
    with Desk.open(tmp_path / "ev.json") as desk:
        loaded = desk.event
    assert loaded == made
    assert [s.name for s in loaded.sessions] == ["ช่วงเช้า"]


@pytest.mark.parametrize("spec", ["", "9-12", "12:00-09:00", "morning"])
def test_bad_session_specs_are_refused_with_a_reason(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_session_spec(spec)
