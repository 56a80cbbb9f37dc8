"""Poison records never brick a desk: they are set aside at the door, with where from and why.

The red team's cases: a check-in with `"at": "yesterday"`, an integer name, an id outside the
code alphabet, `"hlc": "abc"`, a clock stamp from the far future, in a bundle and from the
server. Before, each one crashed `checkin`, `attendance` and the TUI on every start.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.desk import Desk
from facilitator.models import CHECKINS, PARTICIPANTS
from facilitator.storage.bundle import make_bundle, write_bundle
from tests.couchdb import MEMBER, TestServer
from tests.demo_desks import code_of, open_demo_desk

pytestmark = pytest.mark.usefixtures("english")

GOOD_STAMP_SUFFIX = "@desk-x"


def poisons(desk: Desk) -> list[tuple[str, dict]]:
    """Records another desk (or a hand edit) might send, each wrong in one way."""
    someone = desk.participants.all()[0].id
    session = desk.event.sessions[0].id
    stamp = desk.store.clock.now()
    base = {"hlc": stamp, "station": "desk-x"}
    return [
        (
            CHECKINS,
            {
                **base,
                "id": "c1" + "0" * 30,
                "kind": "in",
                "participant_id": someone,
                "session_id": session,
                "at": "yesterday",
                "method": "scan",
            },
        ),
        (PARTICIPANTS, {**base, "id": "ACDFGIKL", "first_name": 42, "role": "producer"}),
        (PARTICIPANTS, {**base, "id": "xyz!", "first_name": "สมชาย"}),
        (PARTICIPANTS, {**base, "id": "CDFGIKLO", "first_name": "สมศรี", "hlc": "abc"}),
        (
            PARTICIPANTS,
            {**base, "id": "DFGIKLOP", "first_name": "สมใจ", "hlc": "9999999999999.99999"},
        ),
    ]


def test_a_bundle_with_poison_records_merges_the_rest_and_keeps_them_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = open_demo_desk(tmp_path / "a.json", station="desk-a")
    stick = tmp_path / "a.bundle"
    bundle = make_bundle(source.store, source.event.id)
    for table, record in poisons(source):
        bundle.tables.setdefault(table, []).append(record)
    phrase = source.events.join_phrase() or ""
    write_bundle(bundle, stick, passphrase=phrase.replace("-", ""))
    source.close()

    db = tmp_path / "b.json"
    with Desk.open(db, station="desk-b") as desk:
        result = desk.sync.import_bundle(stick, phrase)
        assert result.set_aside == 5
        assert len(desk.participants) == 50  # the good records all came in
        kept = desk.sync.quarantine()
        assert {x.record_id[:8] for x in kept} >= {"ACDFGIKL", "xyz!", "CDFGIKLO", "DFGIKLOP"}
        assert all("a.bundle" in x.source for x in kept)
        assert any("yesterday" in x.reason for x in kept)
        badge = code_of(desk, desk.participants.all()[0])
    # Every command and a fresh start still work.
    assert main(["--db", str(db), "attendance", "--json"]) == 0
    assert main(["--db", str(db), "checkin", badge]) == 0
    assert main(["--db", str(db), "sync", "quarantine"]) == 0
    out = capsys.readouterr().out
    assert "5 record(s) set aside" in out and "from bundle a.bundle" in out
    assert not re.search(r"\d{4}-\d\d-\d\dT", out), "when, as a person reads it, not ISO"


def test_poison_from_the_server_is_set_aside_and_left_there(
    tmp_path: Path, server: TestServer
) -> None:
    office = open_demo_desk(tmp_path / "office.json", station="office")
    name = server.new_database(members=[MEMBER[0]])
    url = server.url_for(name, MEMBER)
    office.sync.couch(url=url).run()
    for table, record in poisons(office):
        doc = {"_id": f"{table}:{record['id']}", "type": table, **record}
        status, body = server.call("POST", f"/{name}", doc)
        assert status in (201, 202) or "xyz!" in json.dumps(doc), body
    phrase = office.events.join_phrase() or ""
    with Desk.open(tmp_path / "late.json", station="late") as late:
        late.events.remember_phrase(phrase)
        report = late.sync.couch(url=url).run()
        assert report.skipped
        assert len(late.participants) == 50
        reasons = " ".join(x.reason for x in late.sync.quarantine())
        assert "yesterday" in reasons and "first_name" in reasons
        assert late.checkins.attendance(late.event.sessions[0].id) == []
    office.close()
