"""`facilitator checkin` and `facilitator attendance`: a script can check people in and read the
outcome from the exit status alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.cli import main
from facilitator.codes.kedmanee import us_to_thai
from facilitator.codes.participant_code import make_code, new_participant_id
from facilitator.desk import Desk
from facilitator.models import Participant

DAY1 = date(2021, 6, 7)
MORNING = "2021-06-07T09:12"


@pytest.fixture(autouse=True)
def thai_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("th")


class DemoDb:
    """The demo event's database file, with the codes printed on its badges."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "event.json"
        with Desk.open(self.path, station="desk-a") as desk:
            event = desk.create_demo(DAY1)
            self.people: list[Participant] = desk.participants.all()
            self.event_id, self.key = event.id, event.key

    def code(self, person: Participant | str) -> str:
        pid = person if isinstance(person, str) else person.id
        return make_code(self.event_id, self.key, pid)

    def run(self, *args: str) -> int:
        return main(["--db", str(self.path), "--lang", "en", *args])


@pytest.fixture
def db(tmp_path: Path) -> DemoDb:
    return DemoDb(tmp_path / "a")


def test_each_verdict_ends_with_its_own_exit_status(db: DemoDb, tmp_path: Path) -> None:
    first = db.code(db.people[0])
    assert db.run("checkin", first, "--at", MORNING) == 0
    assert db.run("checkin", first, "--at", "2021-06-07T10:00") == 10
    assert db.run("checkin", db.code(new_participant_id()), "--at", MORNING) == 11
    assert db.run("checkin", first, "--at", "2021-06-20T09:00") == 12
    other = DemoDb(tmp_path / "b")
    assert db.run("checkin", other.code(other.people[0]), "--at", MORNING) == 20
    assert db.run("checkin", first[:-1] + ("A" if first[-1] != "A" else "C"), "--at", MORNING) == 21
    assert db.run("checkin", "hello world", "--at", MORNING) == 22


def test_the_verdict_line_names_the_person_and_the_session(
    db: DemoDb, capsys: pytest.CaptureFixture[str]
) -> None:
    person = db.people[0]
    db.run("checkin", db.code(person), "--at", MORNING)
    out = capsys.readouterr().out
    assert person.display_name in out and "ช่วงเช้า 07/06" in out and "Checked in" in out


def test_json_gives_verdict_person_session_and_check_in(
    db: DemoDb, capsys: pytest.CaptureFixture[str]
) -> None:
    person = db.people[1]
    assert db.run("checkin", db.code(person), "--at", MORNING, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "checked_in" and data["colour"] == "green"
    assert data["participant"]["id"] == person.id
    assert data["participant"]["display_name"] == person.display_name
    assert data["session"]["id"] == f"{DAY1}-am"
    assert data["checkin"]["at"] == "2021-06-07T09:12:00"
    assert data["checkin"]["station"] == "desk-a"


def test_a_chosen_session_wins_and_an_unknown_one_is_refused(
    db: DemoDb, capsys: pytest.CaptureFixture[str]
) -> None:
    code = db.code(db.people[2])
    assert db.run("checkin", code, "--at", "2021-06-20T09:00", "--session", f"{DAY1}-pm") == 0
    assert db.run("checkin", code, "--session", "tea-break") == 1
    assert "no such session" in capsys.readouterr().err


def test_attendance_lists_who_is_in_and_undo_takes_the_last_one_back(
    db: DemoDb, capsys: pytest.CaptureFixture[str]
) -> None:
    for n, hhmm in enumerate(["08:40", "09:05", "09:30"]):
        db.run("checkin", db.code(db.people[n]), "--at", f"2021-06-07T{hhmm}")
    capsys.readouterr()

    assert db.run("attendance", "--at", "2021-06-07T10:00") == 0
    out = capsys.readouterr().out
    assert "3 checked in" in out and "08:40" in out and db.people[2].display_name in out

    assert db.run("checkin", "--undo") == 0
    assert db.people[2].display_name in capsys.readouterr().out
    assert db.run("attendance", "--session", f"{DAY1}-am", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["count"] == 2
    assert [c["participant_id"] for c in listed["checkins"]] == [p.id for p in db.people[:2]]
    assert listed["checkins"][0]["name"] == db.people[0].display_name

    assert db.run("checkin", "--undo") == 0
    assert db.run("checkin", "--undo") == 0
    assert db.run("checkin", "--undo") == 1  # nothing left to undo


def test_attendance_on_a_day_without_sessions_asks_for_one(
    db: DemoDb, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.run("attendance", "--at", "2021-06-20T09:00") == 1
    assert "--session" in capsys.readouterr().err


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["checkin", "--help"])
    out = capsys.readouterr().out
    for status, name in [
        (0, "checked_in"),
        (10, "already"),
        (11, "provisional"),
        (12, "no_session"),
        (20, "other_event"),
        (21, "forged"),
        (22, "not_a_code"),
    ]:
        assert f"{status:>3}  {name}" in out


def test_the_installed_command_checks_a_thai_keyboard_scan_in(db: DemoDb, tmp_path: Path) -> None:
    person = db.people[4]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "FACILITATOR_DB": str(db.path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "facilitator",
            "--lang",
            "en",
            "checkin",
            us_to_thai(db.code(person)),
            "--at",
            MORNING,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert person.display_name in done.stdout


def test_a_paper_sheet_entered_later_names_people_as_the_roster_lists_them(
    db: DemoDb, capsys: pytest.CaptureFixture[str]
) -> None:
    # The office types the afternoon's paper sheet in the next day: number, phone, BE dates.
    assert db.run("checkin", "--person", "3", "--at", "7/6/2564 13:05") == 0
    phone = db.people[4].phone
    assert db.run("checkin", "--person", phone, "--at", "2564-06-07T13:10") == 0
    assert db.run("checkin", "--person", "3", "--at", "7 มิ.ย. 64 14.00 น.") == 10
    with Desk.open(db.path) as desk:
        afternoon = {c.participant_id: c.at for c in desk.checkins.attendance("2021-06-07-pm")}
    assert afternoon == {
        db.people[2].id: datetime(2021, 6, 7, 13, 5),
        db.people[4].id: datetime(2021, 6, 7, 13, 10),
    }


def test_a_roster_number_typed_as_a_code_is_refused_with_the_way_to_give_it(
    db: DemoDb, capsys: pytest.CaptureFixture[str]
) -> None:
    assert db.run("checkin", "3", "--at", MORNING) == 22
    assert "facilitator checkin --person 3" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("at", "why"),
    [
        ("2021-06-07 25:00", "is not a date and time"),
        ("yesterday-ish", "is not a date and time"),
        # A Gregorian calendar would take 2564 as a year five centuries away; it is read as BE,
        # and the BE year 2021 would be 1478: refused, with how it was read.
        ("3107-06-07T09:00", "outside the plausible dates"),
    ],
)
def test_a_moment_that_cannot_be_read_writes_nothing(
    db: DemoDb, capsys: pytest.CaptureFixture[str], at: str, why: str
) -> None:
    before = db.path.read_bytes()
    assert db.run("checkin", "--person", "3", "--at", at) == 1
    assert why in capsys.readouterr().err
    assert db.path.read_bytes() == before


def test_roster_add_of_someone_already_listed_is_refused_unless_anyway(
    db: DemoDb, capsys: pytest.CaptureFixture[str]
) -> None:
    person = db.people[4]
    before = db.path.read_bytes()
    assert db.run("roster", "add", person.display_name, "--phone", person.phone) == 1
    assert "Already on the list: number 5" in capsys.readouterr().err
    assert db.path.read_bytes() == before
    assert db.run("roster", "add", person.display_name, "--anyway") == 0
    with Desk.open(db.path) as desk:
        assert len(desk.participants) == len(db.people) + 1
