"""A correction, a removal and an event edit made at one desk reach the others: through a
bundle on a USB stick and through the office's CouchDB. On the other desk the name is the
corrected one, the new session times hold, and the removed person's badge is refused, while
the check-in they made before the removal still counts on the sign-in sheet."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from facilitator.checkin.service import Verdict
from facilitator.desk import Desk
from facilitator.event import parse_session_spec
from facilitator.exports.attendance import build_attendance
from tests.demo_desks import code_of, demo_clock
from tests.pouchdb import new_database_name

DAY1 = date(2021, 6, 7)
MORNING = datetime.combine(DAY1, time(9, 5))
AFTERNOON = datetime.combine(DAY1, time(13, 20))


def two_desks(tmp_path: Path) -> tuple[Desk, Desk]:
    """Desk A sets the event up; desk B starts from A's bundle."""
    desk_a = Desk.open(tmp_path / "a" / "event.json", station="desk-a", clock=demo_clock(DAY1))
    desk_a.create_demo(DAY1)
    desk_a.sync.export_bundle(tmp_path / "usb" / "setup.bundle")
    desk_b = Desk.open(tmp_path / "b" / "event.json", station="desk-b", clock=demo_clock(DAY1))
    desk_b.sync.import_bundle(tmp_path / "usb" / "setup.bundle", desk_a.events.join_phrase())
    return desk_a, desk_b


def correct_remove_and_edit(desk: Desk) -> tuple[str, str]:
    """At desk A: a misspelt name fixed, a test walk-in removed, the afternoon moved.
    Returns the corrected person's id and the removed person's badge code."""
    fixed = desk.participants.all()[2]
    desk.participants.edit("3", first_name="วีรพงษ์", position="ประธานกลุ่มทอผ้า")
    removed = desk.participants.all()[7]
    code = code_of(desk, removed)
    desk.participants.remove(code)
    desk.events.edit(venue="ห้องประชุมอำเภอ", sessions=parse_session_spec("08:30-12:00,13:00-16:00"))
    return fixed.id, code


def assert_arrived(desk: Desk, fixed_id: str, removed_code: str) -> None:
    person = desk.participants.get(fixed_id)
    assert person is not None and person.first_name == "วีรพงษ์"
    assert person.position == "ประธานกลุ่มทอผ้า"
    assert len(desk.participants) == 49
    assert desk.event.venue == "ห้องประชุมอำเภอ"
    assert desk.event.session(f"{DAY1}-pm").end == time(16, 0)
    refused = desk.checkins.scan(removed_code, now=AFTERNOON)
    assert refused.verdict is Verdict.REMOVED and refused.verdict.exit_code == 23
    assert refused.participant is not None


def test_corrections_travel_in_a_bundle_and_the_morning_checkin_stays(tmp_path: Path) -> None:
    desk_a, desk_b = two_desks(tmp_path)
    try:
        # Before the removal reached desk B, the test person scanned in there.
        doomed_code = code_of(desk_b, desk_b.participants.all()[7])
        assert desk_b.checkins.scan(doomed_code, now=MORNING).verdict is Verdict.CHECKED_IN

        fixed_id, removed_code = correct_remove_and_edit(desk_a)
        assert removed_code == doomed_code
        desk_a.sync.export_bundle(tmp_path / "usb" / "a.bundle")
        desk_b.sync.export_bundle(tmp_path / "usb" / "b.bundle")
        desk_b.sync.import_bundle(tmp_path / "usb" / "a.bundle")
        desk_a.sync.import_bundle(tmp_path / "usb" / "b.bundle")

        for desk in (desk_a, desk_b):
            assert_arrived(desk, fixed_id, removed_code)
            table = build_attendance(desk.sources, DAY1)
            (row,) = [r for r in table.rows if r.code == removed_code]
            assert row.removed and row.participant is not None
            assert row.cells  # the morning's check-in stays on the sheet, marked...
            assert table.count(f"{DAY1}-am") == 0  # ...but no longer makes the total
    finally:
        desk_a.close()
        desk_b.close()


def test_corrections_travel_through_couchdb(tmp_path: Path, pouchdb_server: str) -> None:
    desk_a, desk_b = two_desks(tmp_path)
    url = f"{pouchdb_server}/{new_database_name()}"
    try:
        desk_a.sync.couch(url=url).run()
        desk_b.sync.couch(url=url).run()
        fixed_id, removed_code = correct_remove_and_edit(desk_a)
        report = desk_a.sync.couch(url=url).run()
        assert report.pushed >= 3 and report.waiting == 0
        desk_b.sync.couch(url=url).run()
        assert_arrived(desk_b, fixed_id, removed_code)

        # A desk that joins late, with an empty disk, learns of them too.
        desk_c = Desk.open(tmp_path / "c" / "event.json", station="desk-c", clock=demo_clock(DAY1))
        try:
            desk_c.sync.couch(url=url).run()
            phrase = desk_a.events.join_phrase()
            assert phrase is not None
            desk_c.events.join(phrase)  # the phrase read off desk A's screen
            assert_arrived(desk_c, fixed_id, removed_code)
        finally:
            desk_c.close()
    finally:
        desk_a.close()
        desk_b.close()
