"""The signing key stays with the desks: a desk joins by the event's phrase, never by reading
the key off the server or a USB stick.

Stories: the office's database holds no secret of a desk (not the key, not the phrase, not a
password); a bundle is sealed whole and refused without the phrase; a desk that pulled the
event without the phrase has the roster but checks nobody in green until it joins; with the
phrase a new desk starts from a bundle or from the server.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from facilitator.checkin.service import Verdict
from facilitator.cli import main
from facilitator.desk import Desk
from facilitator.errors import UserError
from tests.couchdb import MEMBER, TestServer
from tests.demo_desks import code_of, open_demo_desk

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def office(tmp_path: Path) -> Desk:
    """The desk that created the event: it holds the key and shows the phrase."""
    desk = open_demo_desk(tmp_path / "office" / "event.json", station="office")
    yield desk
    desk.close()


def producer_code(desk: Desk, reference: Desk) -> str:
    return code_of(reference, reference.participants.all()[0])


def test_the_server_holds_no_secret_of_the_desk(office: Desk, server: TestServer) -> None:
    name = server.new_database(members=[MEMBER[0]])
    office.sync.couch(url=server.url_for(name, MEMBER)).run()
    dump = json.dumps(server.all_docs(name), ensure_ascii=False)
    assert office.event.key not in dump
    assert (office.events.join_phrase() or "x").replace("-", "") not in dump
    assert MEMBER[1] not in dump
    [event] = [d for d in server.all_docs(name) if d["_id"].startswith("event:")]
    assert "key" not in event and "key_sealed" in event


def test_a_desk_that_pulled_without_the_phrase_verifies_nobody_until_it_joins(
    office: Desk, server: TestServer, tmp_path: Path
) -> None:
    name = server.new_database(members=[MEMBER[0]])
    url = server.url_for(name, MEMBER)
    office.sync.couch(url=url).run()
    badge = code_of(office, office.participants.all()[0])
    with Desk.open(tmp_path / "late" / "event.json", station="late") as late:
        late.sync.couch(url=url).run()
        assert len(late.participants) == len(office.participants)  # the roster came
        assert not late.event.can_verify
        result = late.checkins.scan(badge)
        assert result.verdict is Verdict.UNVERIFIED and result.verdict.colour != "green"
        assert late.checkins.all_checkins() == []
        with pytest.raises(UserError, match="does not open"):
            late.events.join("ACDF-GIKL-OPRS-TVAC-DFGI-KLOP")
        late.events.join(office.events.join_phrase() or "")
        assert late.event.key == office.event.key
        assert late.checkins.scan(badge).verdict is Verdict.CHECKED_IN


def test_a_new_desk_pulls_and_joins_in_one_command(
    office: Desk, server: TestServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = server.new_database(members=[MEMBER[0]])
    url = server.url_for(name, MEMBER)
    office.sync.couch(url=url).run()
    db = tmp_path / "new" / "event.json"
    phrase = office.events.join_phrase() or ""
    assert main(["--db", str(db), "sync", "pull", url, "--phrase", phrase.lower()]) == 0
    assert "has joined" in capsys.readouterr().out
    with Desk.open(db) as new:
        assert new.event.key == office.event.key


def test_a_sealed_bundle_is_refused_without_the_phrase_and_starts_a_desk_with_it(
    office: Desk, tmp_path: Path
) -> None:
    stick = tmp_path / "usb" / "office.bundle"
    office.sync.export_bundle(stick)
    raw = stick.read_text(encoding="utf-8")
    assert office.participants.all()[0].phone.replace("-", "")[-4:] not in raw.replace("-", "")
    assert "บุญ" not in raw and office.event.key not in raw  # nothing personal, no key
    db = tmp_path / "new" / "event.json"
    with Desk.open(db, station="new") as new:
        with pytest.raises(UserError, match="sealed with the event's join phrase"):
            new.sync.import_bundle(stick)
        with pytest.raises(UserError, match="does not open"):
            new.sync.import_bundle(stick, "ACDF-GIKL-OPRS-TVAC-DFGI-KLOP")
        assert not new.events.exists  # a refused bundle wrote nothing
        new.sync.import_bundle(stick, office.events.join_phrase())
        assert new.event.can_verify
        assert new.events.join_phrase() == office.events.join_phrase()
        badge = code_of(new, new.participants.all()[1])
        assert new.checkins.scan(badge).verdict is Verdict.CHECKED_IN


def test_the_phrase_survives_a_scanner_on_the_thai_layout(office: Desk, tmp_path: Path) -> None:
    from facilitator.codes.kedmanee import us_to_thai

    stick = tmp_path / "office.bundle"
    office.sync.export_bundle(stick)
    scanned = us_to_thai((office.events.join_phrase() or "").replace("-", ""))
    with Desk.open(tmp_path / "new.json", station="new") as new:
        assert new.sync.import_bundle(stick, scanned).new > 0


def test_event_phrase_shows_it_with_a_qr(office: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    db = office.path
    office.close()
    assert main(["--db", str(db), "event", "phrase"]) == 0
    out = capsys.readouterr().out
    assert (office.events.join_phrase() in out and "▀" in out) or "█" in out


def test_a_demo_made_today_has_its_phrase_from_the_start(tmp_path: Path) -> None:
    with Desk.open(tmp_path / "d.json") as desk:
        desk.create_demo(date(2021, 6, 7))
        phrase = desk.events.join_phrase()
    with Desk.open(tmp_path / "d.json") as desk:
        assert desk.events.join_phrase() == phrase  # kept, not made again
