"""A workshop day end to end: two desks check people in offline, swap bundles, and the office
server, plus a laptop that joins late with an empty disk, all end up with the same record.

Desk A sets up the event; desk B starts from A's bundle. Both scan badges with no network (one
person is even scanned at both desks). They swap bundles over a USB stick, then B finds the
network and pushes; a fresh desk C pulls everything from the server; A syncs last. Every desk
and the server agree, every check-in is there exactly once, and a person scanned at desk A is
"already checked in at desk A" when they show up at desk B or C.
"""

from __future__ import annotations

import json
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.checkin.service import Verdict
from facilitator.cli import main
from facilitator.codes.participant_code import make_code
from facilitator.desk import Desk
from facilitator.models import CHECKINS
from facilitator.sync.service import default_database
from tests.pouchdb import new_database_name


def code_of(desk: Desk, index: int) -> str:
    event = desk.event
    person = desk.participants.all()[index]
    return make_code(event.id, event.key, person.id)


def contents(desk: Desk) -> dict[str, dict]:
    return {f"{table}:{r['id']}": r for table, r in desk.store.dump()}


def keyless(records: dict[str, dict]) -> dict[str, dict]:
    """The records without the event's key: a desk holds it opened, the server only sealed."""
    secret = {"key", "key_sealed"}
    out = {}
    for name, record in records.items():
        if name.startswith("event:"):
            record = {k: v for k, v in record.items() if k not in secret}
            record["clocks"] = {
                k: v for k, v in record.get("clocks", {}).items() if k not in secret
            }
        out[name] = record
    return out


def server_contents(url: str) -> dict[str, dict]:
    with urllib.request.urlopen(f"{url}/_all_docs?include_docs=true&conflicts=true") as answer:
        rows = json.load(answer)["rows"]
    assert not [r for r in rows if r["doc"].get("_conflicts")]
    return {
        r["id"]: {k: v for k, v in r["doc"].items() if not k.startswith("_") and k != "type"}
        for r in rows
        if not r["id"].startswith("_design/")
    }


def test_two_offline_desks_a_server_and_a_late_desk_agree(
    tmp_path: Path, pouchdb_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    desk_a = Desk.open(tmp_path / "a" / "event.json", station="desk-a")
    desk_a.create_demo(date.today())
    desk_a.sync.export_bundle(tmp_path / "usb" / "setup.bundle")
    desk_b = Desk.open(tmp_path / "b" / "event.json", station="desk-b")
    desk_b.sync.import_bundle(tmp_path / "usb" / "setup.bundle", desk_a.events.join_phrase())

    morning = desk_a.event.sessions[0].starts_at() + timedelta(minutes=5)
    later = morning + timedelta(minutes=20)
    # Offline: A scans people 0 and 1, B scans people 2 and 1 (1 walked from one desk to the other).
    for n in (0, 1):
        assert desk_a.checkins.scan(code_of(desk_a, n), now=morning).verdict is Verdict.CHECKED_IN
    for n in (2, 1):
        assert desk_b.checkins.scan(code_of(desk_b, n), now=morning).verdict is Verdict.CHECKED_IN
    made = {r["id"] for d in (desk_a, desk_b) for r in d.store.records(CHECKINS)}
    assert len(made) == 4

    # The USB stick goes both ways.
    desk_a.sync.export_bundle(tmp_path / "usb" / "a.bundle")
    desk_b.sync.export_bundle(tmp_path / "usb" / "b.bundle")
    assert desk_b.sync.import_bundle(tmp_path / "usb" / "a.bundle").new == 2
    assert desk_a.sync.import_bundle(tmp_path / "usb" / "b.bundle").new == 2
    already = desk_b.checkins.scan(code_of(desk_b, 0), now=later)
    assert already.verdict is Verdict.ALREADY
    assert already.checkin is not None and already.checkin.station == "desk-a"

    # B finds the network and pushes; the database name comes from the event.
    url = f"{pouchdb_server}/{new_database_name()}"
    report = desk_b.sync.couch(url=url).run()
    assert (report.pushed, report.waiting) == (len(contents(desk_b)), 0)

    # Desk C joins late with nothing: it names the server database and pulls it all.
    desk_c_path = tmp_path / "c" / "event.json"
    phrase = desk_a.events.join_phrase() or ""
    assert (
        main(["--lang", "en", "--db", str(desk_c_path), "sync", "pull", url, "--phrase", phrase])
        == 0
    )
    assert "Pulled: " in capsys.readouterr().out

    desk_a.sync.couch(url=url).run()
    desk_b.sync.couch(url=url).run()
    desk_c = Desk.open(desk_c_path)
    try:
        assert contents(desk_a) == contents(desk_b) == contents(desk_c)
        assert keyless(contents(desk_a)) == keyless(server_contents(url))
        assert {r["id"] for r in desk_c.store.records(CHECKINS)} == made
        at_c = desk_c.checkins.scan(code_of(desk_c, 0), now=later)
        assert at_c.verdict is Verdict.ALREADY and at_c.checkin.station == "desk-a"
        assert desk_c.station not in {"desk-a", "desk-b"}
    finally:
        desk_c.close()
        desk_a.close()
        desk_b.close()


def test_the_default_server_database_is_named_after_the_event(demo_desk: Desk) -> None:
    name = default_database(demo_desk.event.id)
    assert name.startswith("facilitator-") and name == name.lower()
    assert demo_desk.event.id[:8] in name


def test_credentials_never_reach_the_event_database_or_a_bundle(
    demo_desk: Desk, tmp_path: Path, pouchdb_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("FACILITATOR_COUCH_CONFIG", str(tmp_path / "couch.json"))
    stored = demo_desk.sync.configure("http://office:s3cret@127.0.0.1:5984/workshop")
    assert stored == "http://127.0.0.1:5984/workshop"
    bundle = demo_desk.sync.export_bundle(tmp_path / "x.bundle").path
    demo_desk.store.fold()
    for path in (bundle, demo_desk.store.path):
        assert "s3cret" not in path.read_text(encoding="utf-8")


def test_a_credentials_file_others_can_read_is_refused(
    demo_desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.sync.service import SyncError

    config = tmp_path / "couch.json"
    config.write_text(json.dumps({"user": "office", "password": "s3cret"}))
    monkeypatch.setenv("FACILITATOR_COUCH_CONFIG", str(config))
    monkeypatch.delenv("COUCHDB_USER", raising=False)
    config.chmod(0o644)
    with pytest.raises(SyncError, match="chmod 600"):
        demo_desk.sync.couch("http://127.0.0.1:5984/workshop").target()
    config.chmod(0o600)
    target = demo_desk.sync.couch("http://127.0.0.1:5984/workshop").target()
    assert target.public == "http://127.0.0.1:5984/workshop"
    assert "office:s3cret@" in target.url


def test_scanning_never_waits_for_the_server(demo_desk: Desk) -> None:
    """The scan path has no network call: it works with a dead server configured."""
    demo_desk.sync.couch(url="http://127.0.0.1:9/nowhere")
    now = datetime.combine(demo_desk.event.days[0], demo_desk.event.sessions[0].start)
    result = demo_desk.checkins.scan(code_of(demo_desk, 3), now=now + timedelta(minutes=1))
    assert result.verdict is Verdict.CHECKED_IN
