"""Correcting the roster and the event from a shell: `roster edit`, `roster remove`,
`event edit`, `roster list --json`, `roster import --role`; and for each write command a
mistake that leaves the database file and its journal exactly as they were."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from facilitator.checkin.service import Verdict
from facilitator.cli import main
from facilitator.desk import Desk
from tests.demo_desks import code_of
from tests.facilitator.cli.db_files import folder_bytes
from tests.facilitator.roster.office_files import FIRST_VERSION, OFFICIALS, write_roster

pytestmark = pytest.mark.usefixtures("english")

DAY1 = date(2021, 6, 7)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "desk" / "event.json"  # a folder of its own: all of it is compared
    with Desk.open(path, station="desk-a") as desk:
        desk.create_demo(DAY1)
    return path


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def files(db: Path) -> dict[str, bytes]:
    """Every file of the database's folder (the file, `.prev`, the journal, the lock's
    witness, the backups), byte for byte."""
    return folder_bytes(db)


def listed(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert run(db, "roster", "list", "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_the_list_prints_the_number_and_the_code_and_json_has_both(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = listed(db, capsys)
    assert [r["number"] for r in rows] == list(range(1, 51))
    assert all(len(str(r["code"])) == 19 and r["position"] for r in rows)
    assert run(db, "roster", "list", "--role", "official") == 0
    first_official = next(r for r in rows if r["role"] == "official")
    out = capsys.readouterr().out
    # Under --role the numbers stay the roster's, so `roster edit N` names the same person.
    assert out.splitlines()[0].split()[0] == str(first_official["number"])


def test_edit_by_number_prints_old_and_new(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = listed(db, capsys)[11]
    assert run(db, "roster", "edit", "12", "--first-name", "วีรพงษ์", "--position", "ประธานกลุ่ม") == 0
    out = capsys.readouterr().out
    assert f"first name: {before['first_name']} → วีรพงษ์" in out
    assert "position: สมาชิกกลุ่ม → ประธานกลุ่ม" in out
    after = listed(db, capsys)[11]
    assert (after["id"], after["code"], after["first_name"]) == (
        before["id"],
        before["code"],
        "วีรพงษ์",
    )


def test_edit_by_the_code_as_scanned_and_by_the_phone(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = listed(db, capsys)
    code, phone = str(rows[2]["code"]).lower(), str(rows[3]["phone"]).replace("-", "")
    assert run(db, "roster", "edit", code, "--stars", "3", "--json") == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["participant"]["star_level"] == 3 and answer["participant"]["number"] == 3
    assert run(db, "roster", "edit", phone, "--phone", "042-611-234 ต่อ 12") == 0
    assert listed(db, capsys)[3]["phone"] == "042-611-234 ต่อ 12"


REFUSED_EDITS: list[tuple[tuple[str, ...], str]] = [
    (("roster", "edit", "999", "--first-name", "x"), "no such number"),
    (("roster", "edit", "nobody", "--first-name", "x"), "no participant matches"),
    (("roster", "edit", "1", "--phone", "12345"), "not a Thai phone number"),
    (("roster", "edit", "1", "--stars", "9"), "star level must be 1 to 5"),
    (("roster", "edit", "1", "--first-name", ""), "first name"),
    (("roster", "edit", "1", "--role", "boss"), "unknown role"),
    (("roster", "edit", "1"), "say what to change"),
    (("roster", "remove", "999", "--yes"), "no such number"),
    (("roster", "remove", "1"), "add --yes"),
    (("event", "edit", "--days", "32/13/2564"), "--days"),
    (("event", "edit", "--name", "  "), "name"),
    (("event", "edit", "--sessions", "08:30"), "08:30"),
    (("event", "edit", "--venue", "ห้องใหม่", "--sessions", "ช่วงบ่าย=x"), "ช่วงบ่าย=x"),
    (("event", "edit"), "say what to change"),
    (("roster", "import", "missing.csv"), "no such file"),
]
"""Corrections refused; the other write commands' refusals are in `test_all_or_nothing`."""


@pytest.mark.parametrize(("args", "says"), REFUSED_EDITS)
def test_a_failing_write_leaves_the_database_byte_for_byte(
    db: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], says: str
) -> None:
    before = files(db)
    assert run(db, *args) != 0
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert files(db) == before


def test_dropping_a_session_with_checkins_says_how_many_and_writes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Desk.open(db) as desk:
        code = code_of(desk, desk.participants.all()[0])
    assert run(db, "checkin", code, "--at", "2021-06-08T14:00") == 0
    before = files(db)
    assert run(db, "event", "edit", "--sessions", "ช่วงเช้า=08:30-12:00") == 1
    err = capsys.readouterr().err
    assert "2021-06-08-pm): 1" in err
    assert files(db) == before


def test_event_edit_keeps_sessions_and_takes_thai_dates(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "event", "edit", "--venue", "ห้องประชุมอำเภอ", "--days", "7-9 มิ.ย. 64") == 0
    assert "venue: " in capsys.readouterr().out
    assert run(db, "event", "edit", "--sessions", "08:00-12:00,13:00-16:00", "--json") == 0
    answer = json.loads(capsys.readouterr().out)
    assert "2021-06-07-am" in answer["kept"] and answer["dropped"] == []
    assert [s["start"] for s in answer["sessions"][:2]] == ["08:00", "13:00"]
    with Desk.open(db) as desk:
        assert desk.event.days == [date(2021, 6, 7), date(2021, 6, 8), date(2021, 6, 9)]
        assert desk.event.venue == "ห้องประชุมอำเภอ"


def test_remove_asks_on_a_terminal_and_a_removed_badge_exits_23(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = listed(db, capsys)
    code = str(rows[4]["code"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert run(db, "roster", "remove", "5") == 1
    assert len(listed(db, capsys)) == 50
    monkeypatch.setattr("builtins.input", lambda _prompt: "y")
    assert run(db, "roster", "remove", "5") == 0
    assert "Removed " in capsys.readouterr().out
    assert len(listed(db, capsys)) == 49
    assert run(db, "checkin", code, "--at", "2021-06-07T09:00", "--json") == 23
    answer = json.loads(capsys.readouterr().out)
    assert answer["verdict"] == Verdict.REMOVED.value and answer["colour"] == "red"
    assert rows[4]["first_name"] in answer["message"]


def test_import_role_and_a_dry_run_preview(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    officials = write_roster(tmp_path / "officials.csv", OFFICIALS)
    assert run(db, "roster", "import", str(officials), "--role", "staff", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "+ row 2: นายประยูร ใจกว้าง (Staff)" in out and "Dry run" in out
    office = write_roster(tmp_path / "office.csv", FIRST_VERSION)
    assert run(db, "roster", "import", str(office), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "· row 7: exactly the same as row 2: merged into it" in out


def test_the_help_lists_the_removed_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["checkin", "--help"])
    assert " 23  removed (red)" in capsys.readouterr().out


def test_an_import_refused_for_bad_rows_leaves_the_database_byte_for_byte(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [row[:] for row in FIRST_VERSION]
    bad[3][9] = "12345"  # row 4: no phone number
    before = files(db)
    assert run(db, "roster", "import", str(write_roster(tmp_path / "bad.csv", bad))) == 1
    assert "row 4" in capsys.readouterr().err
    assert files(db) == before


def test_a_walk_in_is_listed_and_checked_in_by_one_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "event.json"
    assert main(["--db", str(db), "demo", "--no-tui"]) == 0
    capsys.readouterr()
    args = ["--db", str(db), "--lang", "th", "roster", "add", "นายวิชัย ศรีสุข"]
    assert main([*args, "--role", "official", "--position", "ปลัดอำเภอ", "--check-in"]) == 0
    out = capsys.readouterr().out
    assert "เพิ่ม นายวิชัย ศรีสุข" in out and "✓ ลงทะเบียนแล้ว: นายวิชัย ศรีสุข" in out
    assert main([*args, "--role", "official", "--check-in"]) == 1  # the same name again: asked
    assert "--anyway" in capsys.readouterr().err
    with Desk.open(db) as desk:
        [person] = [p for p in desk.participants.all() if p.source == "walk_in"]
        assert person.position == "ปลัดอำเภอ"
        [checkin] = desk.checkins.all_checkins()
        assert (checkin.participant_id, checkin.method) == (person.id, "walk_in")
