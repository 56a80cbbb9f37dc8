"""A mid-morning count while the door screen stays open: read commands read a snapshot.

The TUI holds the database's lock all day. `facilitator attendance`, `roster list`, the exports
and the badges must still answer from another terminal, from a consistent snapshot (the main
file plus every complete journal line), and say that it is one; a write is still refused.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.desk import Desk
from facilitator.models import Role
from facilitator.screens.app import FacilitatorApp
from tests.demo_desks import code_of, open_demo_desk
from tests.screens.conftest import scan, wait_until

pytestmark = pytest.mark.usefixtures("english")


async def test_attendance_json_answers_while_the_tui_holds_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "event.json"
    desk = open_demo_desk(db)
    producers = [p for p in desk.participants.all() if p.role == Role.PRODUCER.value][:3]
    app = FacilitatorApp(desk)
    async with app.run_test(size=(120, 35)) as pilot:
        for person in producers:
            scan(app, code_of(desk, person))
            desk.clock.advance(5)
        await wait_until(lambda: len(desk.checkins.all_checkins()) == 3)
        await pilot.pause()
        session = desk.checkins.current_session().session
        assert session is not None
        # Another terminal, the TUI still open (Textual holds the process's streams meanwhile):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert main(["--db", str(db), "attendance", "--json", "--session", session.id]) == 0
            assert main(["--db", str(db), "roster", "list"]) == 0
        assert "snapshot" in err.getvalue()
        listing = out.getvalue()
        answer = json.loads(listing[: listing.rindex("}") + 1])
        assert answer["count"] == 3
        assert {c["participant_id"] for c in answer["checkins"]} == {p.id for p in producers}
        assert "50 participant(s)" in listing
        # A write is refused as before, and changes nothing.
        before = db.with_name("event.json.journal").read_bytes()
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert main(["--db", str(db), "checkin", code_of(desk, producers[0])]) == 1
        assert "already open" in err.getvalue()
        assert db.with_name("event.json.journal").read_bytes() == before
    desk.close()


def test_a_snapshot_refuses_every_write_and_touches_no_file(tmp_path: Path) -> None:
    db = tmp_path / "event.json"
    with open_demo_desk(db) as holder:
        files = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
        snapshot = Desk.snapshot(db)
        assert snapshot.read_only and len(snapshot.participants) == 50
        with pytest.raises(Exception, match="read-only snapshot"):
            snapshot.participants.add(first_name="ทดสอบ")
        snapshot.close()
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == files
        assert holder.participants.all()  # the holder is unaffected


def test_looking_at_rates_settings_or_an_import_preview_needs_no_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The TUI holds the database (here: a desk kept open); the office checks from a terminal.
    db = tmp_path / "event.json"
    roster = tmp_path / "roster.csv"
    roster.write_text("ชื่อ,นามสกุล,บทบาท\nสมใจ,ใหม่ดี,producer\n", encoding="utf-8")
    with open_demo_desk(db):
        files = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
        for command in (
            ["event", "rates"],
            ["event", "settings"],
            ["roster", "import", str(roster), "--dry-run"],
        ):
            assert main(["--db", str(db), *command]) == 0, command
            assert "snapshot" in capsys.readouterr().err
        assert main(["--db", str(db), "event", "rates", "producer", "meals=300/day"]) == 1
        assert "already open" in capsys.readouterr().err
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == files
