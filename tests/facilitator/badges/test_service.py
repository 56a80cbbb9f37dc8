"""The office prints badges for the workshop and sends each person their QR by LINE.

Every printed QR is read back the way the desk will read it on the day: the PDF is rasterised
with pdftoppm, each badge's QR decoded with zxing-cpp, and the decoded text handed to the
check-in desk's own `scan`, which must check that very person in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from facilitator import i18n
from facilitator.badges.service import BadgeError, Selection
from facilitator.badges.sheet import BADGES_PER_PAGE
from facilitator.checkin.service import Verdict
from facilitator.cli import main
from facilitator.codes.qr_image import decode_qr_image
from facilitator.desk import Desk
from facilitator.roster.refs import RefError
from facilitator.thai.dates import format_date_range
from tests.demo_desks import code_of
from tests.facilitator.badges.test_render import rasterise, slot_crop

REPO = Path(__file__).resolve().parents[3]


def during_first_session(desk: Desk) -> datetime:
    first = desk.event.sessions_on(desk.event.days[0])[0]
    return first.starts_at() + timedelta(minutes=5)


def assert_scans_in(desk: Desk, decoded: str, person_id: str) -> None:
    result = desk.checkins.scan(decoded, now=during_first_session(desk))
    assert result.verdict in (Verdict.CHECKED_IN, Verdict.ALREADY), result
    assert result.participant is not None and result.participant.id == person_id


def add_walk_in(desk: Desk, first_name: str, added: datetime) -> str:
    person = desk.participants.add(
        title="นาย",
        first_name=first_name,
        last_name="มาหน้างาน",
        role="guest",
        source="walk_in",
        added_at=added.isoformat(timespec="seconds"),
    )
    return person.id


# -- every QR scans back in ---------------------------------------------------------------------


def test_every_badge_on_the_sheet_checks_its_person_in(demo_desk: Desk, tmp_path: Path) -> None:
    service = demo_desk.badges
    people = service.select(Selection())
    run = service.write(people, pdf=tmp_path / "badges.pdf")
    pages = rasterise(run.pdf, tmp_path)
    assert run.pages == len(pages) == -(-len(people) // BADGES_PER_PAGE)
    for index, person in enumerate(people):
        page, slot = divmod(index, BADGES_PER_PAGE)
        decoded = decode_qr_image(slot_crop(pages[page], slot))
        assert decoded == [code_of(demo_desk, person.id)]
        assert_scans_in(demo_desk, decoded[0], person.id)


def test_every_line_picture_checks_its_person_in(demo_desk: Desk, tmp_path: Path) -> None:
    service = demo_desk.badges
    people = service.select(Selection())
    run = service.write(people, png_dir=tmp_path / "line")
    assert len(run.pngs) == len(people) == 50
    for path, person in zip(run.pngs, people, strict=True):
        with Image.open(path) as picture:
            decoded = decode_qr_image(picture)
        assert decoded == [code_of(demo_desk, person.id)], path.name
        assert_scans_in(demo_desk, decoded[0], person.id)


# -- what a badge says ----------------------------------------------------------------------------


def test_badges_speak_thai_even_when_the_desk_speaks_english(demo_desk: Desk) -> None:
    i18n.set_language("en")
    try:
        person = next(p for p in demo_desk.participants.all() if p.role == "mentor")
        [data] = demo_desk.badges.badge_data([person])
    finally:
        i18n.set_language("th")
    days = demo_desk.event.days
    assert data.role_label == "กรรมการ KBO"
    assert data.event_dates == format_date_range(days[0], days[-1])
    assert str(days[0].year + 543) in data.event_dates
    assert data.affiliation == person.affiliation
    assert data.event_name == demo_desk.event.name


def test_badges_keep_roster_order(demo_desk: Desk) -> None:
    service = demo_desk.badges
    people = service.select(Selection())
    data = service.badge_data(people)
    assert sorted(data, key=lambda b: b.sort_key) == data
    assert [b.code for b in data] == [code_of(demo_desk, p.id) for p in people]


# -- choosing who -------------------------------------------------------------------------------


def test_one_role_only(demo_desk: Desk) -> None:
    mentors = demo_desk.badges.select(Selection(role="mentor"))
    assert mentors and {p.role for p in mentors} == {"mentor"}
    assert len(mentors) == sum(p.role == "mentor" for p in demo_desk.participants.all())


def test_new_means_not_printed_at_this_desk_yet(demo_desk: Desk, tmp_path: Path) -> None:
    service = demo_desk.badges
    service.write(service.select(Selection()), pdf=tmp_path / "first.pdf")
    assert service.select(Selection(new_only=True)) == []

    late = add_walk_in(demo_desk, "มาสาย", demo_desk.clock.now())
    assert [p.id for p in service.select(Selection(new_only=True))] == [late]
    service.write(service.select(Selection(new_only=True)), pdf=tmp_path / "second.pdf")
    assert service.select(Selection(new_only=True)) == []


def test_the_printed_record_survives_reopening_the_database(tmp_path: Path) -> None:

    db = tmp_path / "event.json"
    with Desk.open(db, station="office") as desk:
        desk.create_demo(date.today())
        service = desk.badges
        first = desk.participants.all()[0]
        service.write([first], pdf=tmp_path / "one.pdf")
    with Desk.open(db, station="office") as desk:
        new = desk.badges.select(Selection(new_only=True))
        assert first.id not in {p.id for p in new} and len(new) == 49


def test_one_person_by_code_as_scanned_or_typed(demo_desk: Desk) -> None:
    service = demo_desk.badges
    person = demo_desk.participants.all()[7]
    code = code_of(demo_desk, person.id)
    for given in (code, code.lower(), f"  {code} ", person.id):
        assert service.select(Selection(people=(given,))) == [person]


def test_an_unknown_person_is_refused_by_name(demo_desk: Desk) -> None:
    with pytest.raises(RefError, match="NOSUCHPERSON"):
        demo_desk.badges.select(Selection(people=("NOSUCHPERSON",)))


def test_walk_ins_today_leaves_out_yesterdays_and_the_roster(demo_desk: Desk) -> None:
    today = add_walk_in(demo_desk, "วันนี้", demo_desk.clock.now())
    add_walk_in(demo_desk, "เมื่อวาน", demo_desk.clock.now() - timedelta(days=1))
    picked = demo_desk.badges.select(Selection(walk_ins_today=True))
    assert [p.id for p in picked] == [today]


def test_a_registered_walk_in_is_among_todays(demo_desk: Desk) -> None:
    person, _ = demo_desk.checkins.register_walk_in(
        title="นาง", first_name="มาลี", last_name="ดีใจ", role="guest"
    )
    picked = demo_desk.badges.select(Selection(walk_ins_today=True))
    assert [p.id for p in picked] == [person.id]


# -- files ----------------------------------------------------------------------------------------


def test_an_existing_pdf_is_not_overwritten_without_force(demo_desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "badges.pdf"
    out.write_bytes(b"the sheet someone is printing")
    service = demo_desk.badges
    people = service.select(Selection(role="mentor"))
    with pytest.raises(BadgeError, match="--force"):
        service.write(people, pdf=out)
    assert out.read_bytes() == b"the sheet someone is printing"
    assert service.printed() == {}
    service.write(people, pdf=out, force=True)
    assert out.read_bytes().startswith(b"%PDF")


def test_tui_files_get_fresh_names_beside_the_database(demo_desk: Desk) -> None:
    service = demo_desk.badges
    now = datetime(2021, 6, 7, 9, 0)
    first = service.fresh_pdf_path("all", now)
    assert first.parent == demo_desk.store.path.parent / "badges"
    first.parent.mkdir()
    first.write_bytes(b"%PDF")
    assert service.fresh_pdf_path("all", now) != first


# -- the command line -----------------------------------------------------------------------------


@pytest.fixture
def db(demo_desk: Desk) -> Path:
    path = demo_desk.store.path
    demo_desk.close()
    return path


def run_cli(db: Path, *args: str) -> int:
    return main(["--db", str(db), "--lang", "en", "badges", *args])


def test_cli_writes_the_sheet_and_the_pictures(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(db, "--out", str(tmp_path / "b.pdf"), "--png", str(tmp_path / "png")) == 0
    out, err = capsys.readouterr()
    assert "50 badge(s) on 7 page(s)" in out and "50 picture(s)" in out
    assert len(list((tmp_path / "png").glob("*.png"))) == 50
    # Not a terminal: a few plain progress lines, ending at 100 badges (PDF + PNGs).
    lines = err.strip().splitlines()
    assert 1 < len(lines) <= 4 and lines[-1] == "badges: 100/100"


def test_cli_refuses_to_overwrite_and_new_prints_nobody_twice(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "b.pdf"
    assert run_cli(db, "--out", str(sheet), "--role", "mentor") == 0
    assert run_cli(db, "--out", str(sheet)) == 1
    assert "--force" in capsys.readouterr().err
    assert run_cli(db, "--out", str(sheet), "--new", "--force") == 0
    assert run_cli(db, "--out", str(tmp_path / "c.pdf"), "--new") == 0
    assert "Nobody matches" in capsys.readouterr().out
    assert not (tmp_path / "c.pdf").exists()


def test_cli_one_person_by_code(db: Path, tmp_path: Path) -> None:
    with Desk.open(db) as desk:
        person = desk.participants.all()[3]
        code = code_of(desk, person.id)
    assert run_cli(db, "--out", str(tmp_path / "one.pdf"), "--person", code.lower()) == 0
    with Desk.open(db) as desk:
        assert list(desk.badges.printed()) == [person.id]


def test_cli_needs_an_output_and_a_known_person(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(db) == 2
    assert run_cli(db, "--out", str(tmp_path / "x.pdf"), "--person", "NOBODY") == 1
    assert "NOBODY" in capsys.readouterr().err


def test_cli_without_thai_shaping_says_so_and_writes_nothing(db: Path, tmp_path: Path) -> None:
    """A machine without uharfbuzz: a clear message and exit 3, no traceback, no PDF."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "uharfbuzz.py").write_text("raise ImportError('uharfbuzz is not installed here')\n")
    env = {**os.environ, "PYTHONPATH": f"{shadow}{os.pathsep}{REPO}"}
    out = tmp_path / "b.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "--db", str(db), "badges", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "uharfbuzz" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
