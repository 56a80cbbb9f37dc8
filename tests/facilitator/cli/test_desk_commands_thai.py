"""The roster and the door from the command line as a Thai office types them: someone added
the way `roster edit` names fields (`--first-name`), roles in the desk's own words
(`--role เจ้าหน้าที่`), help that breaks between words, and a wrong check-in taken back by the
person's number, not only the latest one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.desk import Desk
from facilitator.models import Participant
from tests.demo_desks import open_demo_desk

DAY = date(2026, 12, 2)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "event.json"
    open_demo_desk(path, first_day=DAY).close()
    return str(path)


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--lang", "th", *args])


def people(db: str) -> list[Participant]:
    with Desk.snapshot(db) as desk:
        return desk.participants.all()


def test_the_name_in_its_parts_and_the_role_in_thai(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        db, "roster", "add", "--title", "นาย", "--first-name", "วิชัย", "--last-name", "ศรีสุข",
        "--role", "เจ้าหน้าที่", "--position", "ปลัดอำเภอ", "--json",
    )  # fmt: skip
    assert code == 0
    added = json.loads(capsys.readouterr().out)
    person = next(p for p in people(db) if p.id == added["id"])
    assert (person.title, person.first_name, person.last_name) == ("นาย", "วิชัย", "ศรีสุข")
    assert person.role == "official" and person.position == "ปลัดอำเภอ"


def test_a_role_by_its_thai_words_in_edit_and_list(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "roster", "edit", "1", "--role", "กรรมการ KBO") == 0
    assert people(db)[0].role == "mentor"
    capsys.readouterr()
    assert run(db, "roster", "list", "--role", "วิทยากร", "--json") == 0
    assert {row["role"] for row in json.loads(capsys.readouterr().out)} == {"lecturer"}


def test_a_name_given_twice_or_not_at_all_adds_nobody(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = len(people(db))
    assert run(db, "roster", "add", "นายก ขาว", "--first-name", "ก") == 1
    assert "ให้ชื่อแบบเดียว" in capsys.readouterr().err
    assert run(db, "roster", "add", "--role", "producer") == 1
    assert "ต้องมีชื่อ" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # no such role: argparse says what it takes
        run(db, "roster", "add", "นายค ง", "--role", "ลูกค้า")
    assert refused.value.code == 2 and "producer" in capsys.readouterr().err
    assert len(people(db)) == before


def test_help_breaks_thai_lines_between_words(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import unicodedata

    from facilitator.thai.linebreak import words

    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        run(db, "roster", "add", "--help")
    lines = [line.strip() for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert not [line for line in lines if unicodedata.category(line[0]) == "Mn"]
    # The long check-in help is on two lines, cut where one word ends and the next begins.
    first = next(n for n, line in enumerate(lines) if line.startswith("--check-in"))
    joined = lines[first].split(None, 1)[1] + lines[first + 1]
    cut = len(lines[first].split(None, 1)[1])
    ends = {sum(map(len, words(joined)[:n])) for n in range(len(words(joined)) + 1)}
    assert cut in ends


def test_a_wrong_person_checked_in_earlier_is_undone_by_name_not_only_the_latest(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    at = ["--at", f"{DAY.isoformat()}T09:00"]
    assert run(db, "checkin", "--person", "3", *at) == 0
    assert run(db, "checkin", "--person", "4", *at) == 0  # the latest is someone else
    assert run(db, "checkin", "--undo", "--person", "3", *at) == 0
    capsys.readouterr()
    assert run(db, "attendance", *at, "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    third, fourth = people(db)[2], people(db)[3]
    assert [c["participant_id"] for c in listed["checkins"]] == [fourth.id]
    assert run(db, "checkin", "--undo", "--person", "3", *at) == 1  # nothing left to undo
    assert f"{third.display_name} ยังไม่ได้ลงทะเบียนใน" in capsys.readouterr().out
