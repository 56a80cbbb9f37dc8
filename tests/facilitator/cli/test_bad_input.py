"""Bad input from the command line: a clear message on stderr, a non-zero exit, nothing lost.

Each test is a small story of a facilitator doing something wrong (or of the laptop doing
something wrong to them) and what they should see.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.codes.participant_code import make_code
from facilitator.desk import Desk

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "event.json"
    with Desk.open(db, station="desk-a") as desk:
        desk.create_demo(date(2021, 6, 7))
    return db


def people(db: Path) -> list[dict[str, object]]:
    with Desk.open(db) as desk:
        return [p.to_fields() for p in desk.participants.all()]


# -- the database file ---------------------------------------------------------------------


def test_db_path_that_is_a_folder_says_to_name_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "event.json"
    folder.mkdir()
    assert run(folder, "info") == 1
    err = capsys.readouterr().err
    assert "is a folder, not a database file" in err
    assert "Traceback" not in err


def test_db_inside_a_file_instead_of_a_folder_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("hello")
    assert run(not_a_folder / "event.json", "info") == 1
    assert "Cannot create the folder" in capsys.readouterr().err
    assert not_a_folder.read_text() == "hello"


def test_a_json_file_that_is_not_ours_is_named_as_such_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "other.json"
    foreign.write_text('{"_default": {"1": {"a": 1}}}')
    assert run(foreign, "info") == 1
    assert "not a facilitator event database" in capsys.readouterr().err
    assert foreign.read_text() == '{"_default": {"1": {"a": 1}}}'


def test_a_folder_that_turned_read_only_keeps_the_checkin_and_warns(
    demo_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fold on close cannot write: the check-in is safe in the journal, no traceback."""
    from facilitator.storage import durable

    def refuse(*_a: object, **_k: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    with Desk.open(demo_db) as desk:
        code = make_code(desk.event.id, desk.event.key, desk.participants.all()[0].id)
    monkeypatch.setattr(durable, "atomic_write_chunks", refuse)
    assert run(demo_db, "checkin", code, "--session", "2021-06-07-am") == 0
    err = capsys.readouterr().err
    assert "warning: Could not write" in err and "journal" in err
    monkeypatch.undo()
    with Desk.open(demo_db) as desk:
        assert len(desk.checkins.attendance("2021-06-07-am")) == 1


def test_import_into_a_folder_that_cannot_be_written_writes_nothing(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from facilitator.storage import durable

    roster = tmp_path / "roster.csv"
    roster.write_text("ชื่อ-สกุล,เบอร์โทร,ผลิตภัณฑ์\nนายใหม่ มาก่อน,0811112222,ผ้าไหม\n")
    with Desk.open(demo_db):
        pass  # fold everything first, so the import's backup is the first write

    real = durable.atomic_write_chunks

    def refuse(*_a: object, **_k: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(durable, "atomic_write_chunks", refuse)
    monkeypatch.setattr("facilitator.storage.backups.atomic_write_chunks", refuse)
    rc = run(demo_db, "roster", "import", str(roster))
    monkeypatch.setattr(durable, "atomic_write_chunks", real)
    assert rc == 1
    assert "Operation not permitted" in capsys.readouterr().err
    assert len(people(demo_db)) == 50


# -- writing exports and bundles -------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["sync", "export", "--out", "{db}"],
        ["sync", "export", "--out", "{db}.journal"],
        ["export", "attendance", "--format", "csv", "--out", "{db}", "--force"],
    ],
)
def test_an_export_aimed_at_the_database_itself_is_refused_and_the_event_survives(
    demo_db: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo like `sync export --out event.json` must not replace the event with a bundle."""
    before = demo_db.read_bytes()
    assert run(demo_db, *[part.format(db=demo_db) for part in command]) == 1
    assert "is this event's database" in capsys.readouterr().err
    assert demo_db.read_bytes() == before
    assert len(people(demo_db)) == 50


# -- CouchDB addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://[::1", "http://admin:secret@127.0.0.1:99999/db", "http://admin:secret@h:abc/db"]
)
@pytest.mark.parametrize("action", ["push", "configure"])
def test_a_mistyped_server_address_is_refused_without_showing_the_password(
    demo_db: Path, url: str, action: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(demo_db, "sync", action, url) == 1
    err = capsys.readouterr().err
    assert url.split("@")[-1].split("/")[0] in err
    assert "secret" not in err and "Traceback" not in err


def test_an_export_onto_a_folder_says_so_even_with_force(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "attendance.csv"
    folder.mkdir()
    args = ["export", "attendance", "--format", "csv", "--out", str(folder), "--force"]
    assert run(demo_db, *args) == 1
    assert "is a folder" in capsys.readouterr().err
    assert folder.is_dir()


def test_opening_the_app_on_an_empty_database_says_how_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`facilitator` alone on a fresh laptop: a message and exit 1, not a crashed screen."""
    monkeypatch.delenv("FACILITATOR_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "holds no event yet" in err and "facilitator init" in err


def test_badges_onto_a_folder_named_like_a_pdf_are_refused_before_rendering(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "badges.pdf"
    folder.mkdir()
    assert run(demo_db, "badges", "--out", str(folder), "--force") == 1
    assert "is a folder" in capsys.readouterr().err


# -- roster files ---------------------------------------------------------------------------


def test_a_spouse_sharing_a_phone_is_added_and_does_not_rename_the_person_on_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Households share one phone: the office's list gives the wife the husband's number."""
    with Desk.open(demo_db) as desk:
        husband = desk.participants.all()[0]
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "ชื่อ-สกุล,เบอร์โทร,ผลิตภัณฑ์\n"
        f"นางสมศรี {husband.last_name},{husband.phone},ผ้าไหม\n"
        f"{husband.title}{husband.first_name} {husband.last_name},{husband.phone},ผ้าไหม\n"
    )
    assert run(demo_db, "roster", "import", str(roster), "--skip-bad") == 0
    after = people(demo_db)
    assert len(after) == 51
    assert after[0]["first_name"] == husband.first_name
    assert any(p["first_name"] == "สมศรี" for p in after)


def test_a_roster_with_only_the_header_row_is_not_reported_as_imported(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("ชื่อ-สกุล,เบอร์โทร,ผลิตภัณฑ์\n")
    assert run(demo_db, "roster", "import", str(roster)) == 1
    captured = capsys.readouterr()
    assert "no participant rows" in captured.err
    assert "Imported" not in captured.out
