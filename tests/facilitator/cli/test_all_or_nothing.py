"""Every command is all or nothing: a command that fails writes nothing.

For each command that writes (to the event database, or a file beside it), a mistake a
facilitator really makes: an unknown or ambiguous REF, a date that cannot be read, one bad row
among good ones, the third of three actions with a bad due date, a server that cannot be
reached, an export aimed at a path that cannot be written. The command must end with its
message and a non-zero exit, and every file in the database's folder (the file, `.prev`, the
journal, the lock's witness of what was acknowledged, the backups) must be byte for byte as it
was. Where a command writes several records, the mistake comes after some of them would have
been written, so a command that wrote as it went would fail here.

The refused corrections (`roster edit/remove/import`, `event edit`) are in
`test_roster_edit_cli.REFUSED_EDITS`, checked the same way; the table here has the rest.
`test_every_command_is_either_a_write_with_a_case_here_or_a_read` keeps both complete: a new
command must say which it is.
"""

from __future__ import annotations

import argparse
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.cli import build_parser, main
from facilitator.desk import Desk
from tests.couchdb import MEMBER, TestServer
from tests.demo_desks import code_of
from tests.facilitator.cli.db_files import folder_bytes
from tests.facilitator.cli.test_roster_edit_cli import REFUSED_EDITS

pytestmark = pytest.mark.usefixtures("english")

DAY1 = date(2021, 6, 7)
WRONG_PHRASE = "ACDF-GIKL-OPRS-TVAC-DFGI-KLOP"


@dataclass(frozen=True)
class World:
    """The demo event on a desk, and what the failing commands need to name."""

    db: Path
    tmp: Path
    code: str
    """A genuine badge code of the first participant."""
    shared_phone: str
    """The phone of participant 1 and of their spouse: a REF that names two people."""
    action_prefix: str
    """The first letter of several action ids: a prefix that names more than one."""
    blocked: Path
    """A plain file: nothing can be written below it (not even by root)."""
    other_bundle: Path
    """A bundle of another event, with its phrase."""
    other_phrase: str
    damaged_backup: str
    """The name of a backup whose bytes were cut short."""

    def under_blocked(self, name: str) -> str:
        return str(self.blocked / name)


@pytest.fixture
def world(tmp_path: Path) -> World:
    db = tmp_path / "desk" / "event.json"
    with Desk.open(db, station="desk-a") as desk:
        desk.create_demo(DAY1)
        first = desk.participants.all()[0]
        desk.participants.add(
            title="นาง",
            first_name="สมศรี",
            last_name=first.last_name,
            role="producer",
            phone=first.phone,
        )
        # Participant 1 came to all four sessions, checked in at desk-b (arrived by sync):
        # someone to print a certificate for, and nothing of desk-a's own to undo.
        desk.store.station = "desk-b"
        for slot in desk.event.sessions:
            moment = datetime.combine(slot.day, slot.start) + timedelta(minutes=5)
            desk.checkins.check_in(first.id, now=moment)
        desk.store.station = "desk-a"
        session = desk.mentoring.list()[0]
        while len({a.id[0] for a in desk.mentoring.actions()}) == len(desk.mentoring.actions()):
            desk.mentoring.add_action(session.id, "โทรติดตาม", "กลุ่ม")
        ids = [a.id for a in desk.mentoring.actions()]
        prefix = next(i[0] for i in ids if sum(j.startswith(i[0]) for j in ids) > 1)
        desk.store.backup("manual")
        code = code_of(desk, first)
        phone = first.phone
    damaged = db.parent / "backups" / "event-20210607T170000-from-usb.json"
    damaged.write_bytes((db.parent / "backups").glob("*manual*.json").__next__().read_bytes()[:200])
    other_db = tmp_path / "other" / "event.json"
    with Desk.open(other_db, station="other") as other:
        other.create_demo(DAY1)
        other_phrase = other.events.join_phrase() or ""
        bundle = tmp_path / "usb" / "other.bundle"
        other.sync.export_bundle(bundle)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file, not a folder\n")
    return World(db, tmp_path, code, phone, prefix, blocked, bundle, other_phrase, damaged.name)


def refused_port() -> int:
    """A local port nobody listens on: the server that cannot be reached."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def damaged_bundle(w: World) -> str:
    """Our own event's bundle with one byte changed in the middle (a bad USB stick)."""
    stick = w.tmp / "usb" / "ours.bundle"
    with Desk.open(w.db) as desk:
        desk.sync.export_bundle(stick)
    raw = bytearray(stick.read_bytes())
    middle = len(raw) // 2
    raw[middle] = ord("A") if raw[middle] != ord("A") else ord("B")
    stick.write_bytes(bytes(raw))
    return str(stick)


def existing_pdf(w: World) -> str:
    path = w.tmp / "out" / "badges.pdf"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"%PDF-1.4 printed yesterday\n")
    return str(path)


Build = Callable[[World], list[str]]


@dataclass(frozen=True)
class Case:
    """A write command, a mistake, the exit status and a piece of the message it must give."""

    command: str
    build: Build
    exit_code: int
    says: str | Callable[[World], str]

    def message(self, w: World) -> str:
        return self.says if isinstance(self.says, str) else self.says(w)


CASES: dict[str, Case] = {
    # -- the event ---------------------------------------------------------------------------
    "init on a database that holds an event": Case(
        "init",
        lambda w: ["init", "--name", "งานใหม่", "--days", "2021-07-01"],
        1,
        "already holds an event",
    ),
    "init with days that cannot be read": Case(
        "init",
        lambda w: ["init", "--name", "งานใหม่", "--days", "32/13/2564"],
        1,
        "read as day 32, month 13",
    ),
    "demo on a database that holds an event": Case(
        "demo", lambda w: ["demo", "--no-tui"], 0, "already holds an event"
    ),
    "event set: a good office, then a date that does not exist": Case(
        "event set",
        lambda w: ["event", "set", "office=สำนักงานใหม่", "certificate_date=31/02/2564"],
        1,
        "certificate_date",
    ),
    "event rates: a good travel rate, then an amount that is not one": Case(
        "event rates",
        lambda w: ["event", "rates", "producer", "travel=300/day", "meals=lots"],
        1,
        "lots",
    ),
    "event join with a phrase that is not this event's": Case(
        "event join",
        lambda w: ["event", "join", "--phrase", WRONG_PHRASE],
        1,
        "does not open",
    ),
    "restore a backup that is not there": Case(
        "restore", lambda w: ["restore", "event-20210101T000000-nothing.json"], 1, "No backup"
    ),
    "restore a backup cut short on a USB stick": Case(
        "restore", lambda w: ["restore", w.damaged_backup], 1, "not a valid"
    ),
    # -- the roster --------------------------------------------------------------------------
    "roster add with a phone that is not one": Case(
        "roster add",
        lambda w: ["roster", "add", "นายใหม่ มาก่อน", "--phone", "12345"],
        1,
        "12345",
    ),
    "roster edit: a good name, then a phone that is not one": Case(
        "roster edit",
        lambda w: ["roster", "edit", "1", "--first-name", "วีรพงษ์", "--phone", "12345"],
        1,
        "not a Thai phone number",
    ),
    "roster edit of a household's shared phone": Case(
        "roster edit",
        lambda w: ["roster", "edit", w.shared_phone, "--nickname", "x"],
        1,
        "สมศรี",
    ),
    "roster remove of a household's shared phone": Case(
        "roster remove",
        lambda w: ["roster", "remove", w.shared_phone, "--yes"],
        1,
        "สมศรี",
    ),
    # -- the door ----------------------------------------------------------------------------
    "checkin for a session the event does not have": Case(
        "checkin",
        lambda w: ["checkin", w.code, "--session", "2021-06-09-am"],
        1,
        "2021-06-07-am",
    ),
    "checkin at a time that cannot be read": Case(
        "checkin",
        lambda w: ["checkin", w.code, "--at", "2021-06-07T25:00"],
        1,
        "2021-06-07T25:00",
    ),
    "checkin of a badge with one letter changed": Case(
        "checkin",
        lambda w: ["checkin", w.code[:-1] + ("A" if w.code[-1] != "A" else "C")],
        21,
        "",
    ),
    "checkin --undo with nothing of this desk to undo": Case(
        "checkin --undo", lambda w: ["checkin", "--undo"], 1, "Nothing to undo"
    ),
    "kiosk with a volume out of range": Case(
        "kiosk", lambda w: ["kiosk", "--pin", "2468", "--volume", "150"], 1, "0 to 100"
    ),
    # -- badges, mentoring -------------------------------------------------------------------
    "badges for two people, the second unknown": Case(
        "badges",
        lambda w: ["badges", "--out", str(w.tmp / "b.pdf"), "--person", "1", "--person", "nobody"],
        1,
        "nobody",
    ),
    "badges over a sheet printed yesterday": Case(
        "badges", lambda w: ["badges", "--out", existing_pdf(w)], 1, "--force"
    ),
    "badges: the PDF written, the pictures cannot be": Case(
        "badges",
        lambda w: [
            "badges",
            "--out",
            str(w.tmp / "sheet.pdf"),
            "--png",
            w.under_blocked("pictures"),
        ],
        1,
        "not-a-folder",
    ),
    "sessions add: the third of three actions has a date that does not exist": Case(
        "sessions add",
        lambda w: [
            "sessions",
            "add",
            "--producer",
            "1",
            "--mentor",
            "45",
            "--advice",
            "ลดราคาส่ง",
            "--notes",
            "ขอใบเสนอราคา",
            "--action",
            "ส่งรูปสินค้า|1|2021-06-30",
            "--action",
            "ทำฉลากใหม่|กลุ่ม|2021-07-15",
            "--action",
            "ยื่น อย.|1|31/02/2564",
        ],
        1,
        "31/02/2564",
    ),
    "sessions add: notes typed, then a follow-up date that cannot be read": Case(
        "sessions add",
        lambda w: [
            "sessions",
            "add",
            "--producer",
            "1",
            "--mentor",
            "45",
            "--problems",
            "ฉลากไม่ครบ",
            "--follow-up",
            "32/13/2564",
        ],
        1,
        "32/13/2564",
    ),
    "sessions add: a target of nine stars": Case(
        "sessions add",
        lambda w: ["sessions", "add", "--producer", "1", "--mentor", "45", "--target-stars", "9"],
        1,
        "star",
    ),
    "mentoring add with a mentor named by a household's phone": Case(
        "sessions add",
        lambda w: ["mentoring", "add", "--producer", "2", "--mentor", w.shared_phone],
        1,
        "สมศรี",
    ),
    "sessions add: an action for a household's phone": Case(
        "sessions add",
        lambda w: [
            "sessions",
            "add",
            "--producer",
            "2",
            "--mentor",
            "45",
            "--action",
            "โทรนัด|2|2021-06-30",
            "--action",
            f"ส่งตัวอย่าง|{w.shared_phone}|2021-06-30",
        ],
        1,
        "สมศรี",
    ),
    "actions done with an id that names none": Case(
        "actions done", lambda w: ["actions", "done", "zzzz"], 1, "zzzz"
    ),
    "actions done with a prefix that names several": Case(
        "actions done",
        lambda w: ["actions", "done", w.action_prefix],
        1,
        lambda w: f"actions start with '{w.action_prefix}'",
    ),
    # -- exports -----------------------------------------------------------------------------
    "export attendance below a file": Case(
        "export",
        lambda w: [
            "export",
            "attendance",
            "--format",
            "csv",
            "--out",
            w.under_blocked("attendance.csv"),
        ],
        1,
        "not-a-folder",
    ),
    "export attendance of a day that cannot be read": Case(
        "export",
        lambda w: ["export", "attendance", "--format", "csv", "--day", "32/13/2564"],
        1,
        "32/13/2564",
    ),
    "certificates below a file": Case(
        "certificates",
        lambda w: ["certificates", "--out", w.under_blocked("certificates.pdf")],
        1,
        "not-a-folder",
    ),
    "certificates with a rule of 150%": Case(
        "certificates",
        lambda w: ["certificates", "--out", str(w.tmp / "c.pdf"), "--rule", "150%"],
        1,
        "150%",
    ),
    # -- sync --------------------------------------------------------------------------------
    "sync export below a file": Case(
        "sync export",
        lambda w: ["sync", "export", "--out", w.under_blocked("desk-a.bundle")],
        1,
        "not-a-folder",
    ),
    "sync import of another event's bundle": Case(
        "sync import",
        lambda w: ["sync", "import", str(w.other_bundle), "--phrase", w.other_phrase],
        1,
        "but this desk holds",
    ),
    "sync import of a bundle damaged on the stick": Case(
        "sync import", lambda w: ["sync", "import", damaged_bundle(w)], 1, "bundle"
    ),
    "sync push to a server that cannot be reached": Case(
        "sync push",
        lambda w: ["sync", "push", f"http://127.0.0.1:{refused_port()}/kbo", "--timeout", "3"],
        1,
        "Cannot reach the server",
    ),
    "sync pull from a server that cannot be reached": Case(
        "sync pull",
        lambda w: ["sync", "pull", f"http://127.0.0.1:{refused_port()}/kbo", "--timeout", "3"],
        1,
        "Cannot reach the server",
    ),
    "sync both with a server that cannot be reached": Case(
        "sync both",
        lambda w: ["sync", "both", f"http://127.0.0.1:{refused_port()}/kbo", "--timeout", "3"],
        1,
        "Cannot reach the server",
    ),
    "sync configure with an address that is not http": Case(
        "sync configure", lambda w: ["sync", "configure", "ftp://office/kbo"], 1, "ftp://office"
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_a_failing_command_leaves_every_file_of_the_database_byte_for_byte(
    world: World, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    args = case.build(world)
    before = folder_bytes(world.db)
    assert before, "the snapshot must hold the database's files"
    capsys.readouterr()
    assert main(["--db", str(world.db), *args]) == case.exit_code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert case.message(world) in err + out  # `checkin --undo` says it on stdout
    assert folder_bytes(world.db) == before


def test_init_refused_on_a_new_path_leaves_no_database_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new" / "event.json"
    assert (
        main(
            [
                "--db",
                str(db),
                "init",
                "--name",
                "งาน",
                "--days",
                "2021-06-07",
                "--sessions",
                "13:00-12:00",
            ]
        )
        == 1
    )
    assert "13:00-12:00" in capsys.readouterr().err
    assert not db.parent.exists() or list(db.parent.iterdir()) == []


def test_a_restore_onto_a_full_disk_moves_nothing_aside(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restored file is written before the event's files are moved: a disk that fills up
    refuses the restore with the event where it was, not moved aside with nothing back."""
    import facilitator.storage.backups as backups

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "stage_bytes", full)
    before = folder_bytes(world.db)
    assert main(["--db", str(world.db), "restore", "latest"]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert folder_bytes(world.db) == before


def test_the_snapshot_sees_a_write(world: World) -> None:
    """The check above is not blind: a command that does write changes the snapshot."""
    before = folder_bytes(world.db)
    assert main(["--db", str(world.db), "event", "set", "office=สำนักงานใหม่"]) == 0
    assert folder_bytes(world.db) != before


# -- joining by a sync: the phrase is written only when the sync is done --------------------


@pytest.fixture
def late_desk(world: World, server: TestServer) -> tuple[Path, str, str]:
    """A desk that pulled the event without its phrase: the key is there only sealed.
    Returns its database, the server's URL and the event's phrase."""
    url = server.url_for(server.new_database(members=[MEMBER[0]]), MEMBER)
    with Desk.open(world.db) as office:
        office.sync.couch(url=url).run()
        phrase = office.events.join_phrase() or ""
    late = world.tmp / "late" / "event.json"
    assert main(["--db", str(late), "--station", "late", "sync", "pull", url]) == 0
    return late, url, phrase


def test_a_wrong_phrase_with_a_pull_is_refused_before_anything_is_written(
    late_desk: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    late, url, _phrase = late_desk
    before = folder_bytes(late)
    capsys.readouterr()
    assert main(["--db", str(late), "sync", "pull", url, "--phrase", WRONG_PHRASE]) == 1
    assert "does not open" in capsys.readouterr().err
    assert folder_bytes(late) == before


def test_the_right_phrase_with_a_server_out_of_reach_writes_nothing_and_joins_later(
    late_desk: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    late, url, phrase = late_desk
    before = folder_bytes(late)
    away = f"http://127.0.0.1:{refused_port()}/kbo"
    capsys.readouterr()
    assert (
        main(["--db", str(late), "sync", "pull", away, "--phrase", phrase, "--timeout", "3"]) == 1
    )
    assert "Cannot reach the server" in capsys.readouterr().err
    assert folder_bytes(late) == before
    assert main(["--db", str(late), "sync", "pull", url, "--phrase", phrase]) == 0
    assert "has joined" in capsys.readouterr().out
    with Desk.open(late) as desk:
        assert desk.event.can_verify and desk.events.join_phrase() == phrase


# -- every command is in the table, or reads only ---------------------------------------------

READS_ONLY = {
    "info",
    "event phrase",  # shows the phrase (a database from before phrases gets one, once)
    "event settings",
    "roster list",
    "attendance",
    "sessions list",
    "sessions show",
    "actions list",
    "verify",
    "sync quarantine",
    "sync status",
    "projector",  # opens the TUI, which has its own tests
}
ALIASES = {"mentoring": "sessions"}


def commands(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    """Every command line's command words: "roster import", "checkin", "sync push", ..."""
    found: set[str] = set()
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            words = f"{prefix}{ALIASES.get(name, name)}"
            inner = commands(sub, words + " ")
            found |= inner or {words}
    return found


def test_every_command_is_either_a_write_with_a_case_here_or_a_read() -> None:
    covered = {case.command.removesuffix(" --undo") for case in CASES.values()}
    covered |= {" ".join(args[:2]) for args, _says in REFUSED_EDITS}  # roster and event edits
    covered |= {"export"}  # each export kind is one command of the registry: one case covers
    every = {c if not c.startswith("export ") else "export" for c in commands(build_parser())}
    assert every - covered - READS_ONLY == set()
    assert "checkin --undo" in {case.command for case in CASES.values()}


def test_mentoring_is_another_name_for_sessions(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(world.db)]
    assert main([*db, "sessions", "list", "--json"]) == 0
    as_sessions = json.loads(capsys.readouterr().out)
    assert main([*db, "mentoring", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == as_sessions
    assert main([*db, "mentoring", "add", "--producer", "2", "--mentor", "45"]) == 0
    assert "Added session" in capsys.readouterr().out
    assert main([*db, "sessions", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(as_sessions) + 1
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "sessions (mentoring)" in capsys.readouterr().out
