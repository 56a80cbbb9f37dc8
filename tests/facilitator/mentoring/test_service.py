"""Mentoring sessions as the facilitator and the reports meet them: notes typed on two desks,
versions that are never lost, follow-up actions, one producer's plan, and the command line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.demo import DEMO_MENTORING
from facilitator.desk import Desk
from facilitator.mentoring.notes import merge_texts
from facilitator.mentoring.service import MentoringError
from facilitator.models import Participant, Role

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

DAY = date(2025, 6, 7)


def at(hhmm: str) -> datetime:
    return datetime.combine(DAY, datetime.strptime(hhmm, "%H:%M").time())


def new_desk(path: Path, station: str) -> Desk:
    desk = Desk.open(path, station=station)
    desk.events.create("KBO มุกดาหาร", "โรงแรม", [DAY, date(2025, 6, 8)])
    return desk


def add_people(desk: Desk) -> tuple[Participant, Participant]:
    producer = desk.participants.add(
        Participant(
            id="PRODUCER1",
            first_name="บัวผัน",
            last_name="ศรีสุข",
            role=Role.PRODUCER.value,
            product="น้ำพริกปลาร้าบอง",
        )
    )
    mentor = desk.participants.add(
        Participant(
            id="MENTOR01",
            title="ดร.",
            first_name="สมศักดิ์",
            last_name="ทองดี",
            role=Role.MENTOR.value,
        )
    )
    return producer, mentor


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    d = new_desk(tmp_path / "desk-a.json", "desk-a")
    add_people(d)
    yield d
    d.close()


def test_a_session_records_who_what_and_how_long(desk: Desk) -> None:
    m = desk.mentoring
    s = m.start_session(["PRODUCER1"], ["MENTOR01"], ["standards", "pricing"], now=at("10:00"))
    assert s.products == ["น้ำพริกปลาร้าบอง"]
    assert s.running
    assert s.elapsed_seconds(at("10:12")) == 12 * 60
    ended = m.end_session(s.id, now=at("10:40"))
    assert not ended.running and ended.elapsed_seconds() == 40 * 60
    assert m.end_session(s.id, now=at("11:00")).ended_at == ended.ended_at
    assert [x.id for x in m.list(producer_id="PRODUCER1")] == [s.id]
    assert m.list(mentor_id="PRODUCER1") == []
    assert [x.id for x in m.list(topic="pricing", day=DAY)] == [s.id]
    assert m.list(topic="packaging") == []
    assert m.list(day="2025-06-08") == []
    assert m.find(s.id[:6]).id == s.id


def test_unknown_people_topics_and_fields_are_refused(desk: Desk) -> None:
    m = desk.mentoring
    with pytest.raises(MentoringError):
        m.start_session(["NOBODY"], ["MENTOR01"])
    with pytest.raises(MentoringError):
        m.start_session(["PRODUCER1"], ["MENTOR01"], ["astrology"])
    s = m.start_session(["PRODUCER1"], ["MENTOR01"])
    with pytest.raises(MentoringError):
        m.save_note(s.id, "gossip", "x")
    with pytest.raises(MentoringError):
        m.update_session(s.id, target_stars=6)


def test_each_save_is_a_version_and_identical_text_is_not_saved_again(desk: Desk) -> None:
    m = desk.mentoring
    s = m.start_session(["PRODUCER1"], ["MENTOR01"], now=at("10:00"))
    first = m.save_note(s.id, "problems", "ยังไม่มี อย.", now=at("10:01"))
    assert first is not None
    assert m.save_note(s.id, "problems", "ยังไม่มี อย.") is None
    second = m.save_note(s.id, "problems", "ยังไม่มี อย.\nครัวในบ้าน", parent=first.id)
    assert second is not None and second.parents == (first.id,)
    assert m.current_text(s.id, "problems") == "ยังไม่มี อย.\nครัวในบ้าน"
    assert [v.text for v in m.history(s.id, "problems")] == [first.text, second.text]
    assert all(v.station == "desk-a" for v in m.history(s.id, "problems"))
    assert m.save_note(s.id, "advice", "") is None
    assert m.current_text(s.id, "advice") == ""


def test_two_desks_typing_the_same_field_keep_both_texts_until_merged(tmp_path: Path) -> None:
    a = new_desk(tmp_path / "a.json", "desk-a")
    add_people(a)
    s = a.mentoring.start_session(["PRODUCER1"], ["MENTOR01"], now=at("10:00"))
    base = a.mentoring.save_note(s.id, "advice", "ยื่น สบ.1 ที่ สสจ.")
    b = Desk.open(tmp_path / "b.json", station="desk-b")
    b.store.merge(a.store.dump())
    assert b.mentoring.current_text(s.id, "advice") == "ยื่น สบ.1 ที่ สสจ."

    # Both desks go on typing before they sync again.
    a.mentoring.save_note(s.id, "advice", "ยื่น สบ.1 ที่ สสจ.\nตรวจค่า aw ก่อน", parent=base.id)
    b.mentoring.save_note(s.id, "advice", "ยื่น สบ.1 ที่ สสจ.\nฉลากต้องมีวันหมดอายุ", parent=base.id)
    a.store.merge(b.store.dump())
    b.store.merge(a.store.dump())

    for desk in (a, b):
        heads = desk.mentoring.heads(s.id, "advice")
        assert sorted(h.station for h in heads) == ["desk-a", "desk-b"]
        shown = desk.mentoring.current_text(s.id, "advice")
        assert "ตรวจค่า aw ก่อน" in shown and "ฉลากต้องมีวันหมดอายุ" in shown
        assert desk.mentoring.conflicts(s.id) == ["advice"]

    merged = a.mentoring.merge_heads(s.id, "advice")
    assert merged is not None and len(merged.parents) == 2
    assert merged.text.splitlines() == [
        "ยื่น สบ.1 ที่ สสจ.",
        "ตรวจค่า aw ก่อน",
        "ฉลากต้องมีวันหมดอายุ",
    ]
    b.store.merge(a.store.dump())
    for desk in (a, b):
        assert [h.id for h in desk.mentoring.heads(s.id, "advice")] == [merged.id]
        assert desk.mentoring.conflicts(s.id) == []
    assert a.mentoring.merge_heads(s.id, "advice") is None
    a.close()
    b.close()


def test_a_merged_text_never_drops_a_line() -> None:
    left = "ก\nข\nค\nง"
    right = "ก\nข2\nค\nจ"
    merged = merge_texts([left, right]).splitlines()
    for line in left.splitlines() + right.splitlines():
        assert line in merged
    assert merged.count("ก") == 1


def test_actions_are_ticked_done_and_listed_by_due_date(desk: Desk) -> None:
    m = desk.mentoring
    s = m.start_session(["PRODUCER1"], ["MENTOR01"])
    late = m.add_action(s.id, "ส่งตัวอย่างตรวจ", "PRODUCER1", date(2025, 7, 1))
    soon = m.add_action(s.id, "นัด สสจ.", "สำนักงานสาธารณสุขจังหวัด", "2025-06-20")
    assert [a.id for a in m.actions(s.id)] == [soon.id, late.id]
    assert m.owner_label(late.owner) == "บัวผัน ศรีสุข"
    assert m.owner_label(soon.owner) == "สำนักงานสาธารณสุขจังหวัด"
    m.set_action_done(soon.id)
    assert [a.id for a in m.actions(open_only=True)] == [late.id]
    assert m.find_action(late.id[:5]).id == late.id
    with pytest.raises(MentoringError):
        m.add_action(s.id, "x", due="next week")


def test_a_producers_plan_gathers_sessions_and_actions(desk: Desk) -> None:
    m = desk.mentoring
    first = m.start_session(["PRODUCER1"], ["MENTOR01"], ["standards"], now=at("09:00"))
    m.update_session(first.id, target_stars=3, follow_up="2025-07-07")
    done = m.add_action(first.id, "แยกห้องผลิต", "PRODUCER1")
    m.set_action_done(done.id)
    second = m.start_session(["PRODUCER1"], ["MENTOR01"], ["pricing"], now=at("13:00"))
    still = m.add_action(second.id, "คิดต้นทุน", "PRODUCER1")
    desk.checkins.check_in("PRODUCER1", now=at("08:40"))
    desk.checkins.check_in("PRODUCER1", now=at("12:55"))
    plan = m.producer_plan("PRODUCER1")
    assert plan.producer is not None and plan.producer.product == "น้ำพริกปลาร้าบอง"
    assert [s.id for s in plan.sessions] == [first.id, second.id]
    assert [a.id for a in plan.open_actions] == [still.id]
    assert [a.id for a in plan.done_actions] == [done.id]
    assert plan.target_stars == 3 and plan.follow_ups == ["2025-07-07"]
    assert [c.at.strftime("%H:%M") for c in plan.attendance] == ["08:40", "12:55"]


def test_the_demo_has_finished_sessions_with_thai_notes_and_actions(tmp_path: Path) -> None:
    desk = Desk.open(tmp_path / "demo.json", station="demo")
    desk.create_demo(DAY)
    sessions = desk.mentoring.list()
    assert len(sessions) == len(DEMO_MENTORING) >= 4
    assert all(s.ended_at and s.day == DAY for s in sessions)
    texts = " ".join(desk.mentoring.current_text(s.id, "advice") for s in sessions)
    for word in ("Shopee", "LINE", "Facebook", "มผช.", "สบ.1"):
        assert word in texts
    assert any("อย." in s.standards for s in sessions)
    actions = desk.mentoring.actions()
    assert len(actions) >= len(sessions)
    assert all(a.owner and a.due for a in actions)
    desk.close()


def run_cli(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--db", str(db), *args])
    return code, capsys.readouterr().out


def test_sessions_can_be_scripted_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.json"
    setup = new_desk(db, "cli")
    add_people(setup)
    setup.close()

    code, out = run_cli(
        db,
        "sessions",
        "add",
        "--producer",
        "PRODUCER1",
        "--mentor",
        "MENTOR0",
        "--topic",
        "standards",
        "--standard",
        "อย.",
        "--problems",
        "ยังไม่มีเลข อย.",
        "--advice",
        "ยื่น สบ.1",
        "--action",
        "แยกห้องผลิต|PRODUCER1|2025-07-01",
        "--action",
        "นัดตรวจ|สสจ.",
        "--json",
        capsys=capsys,
    )
    assert code == 0
    added = json.loads(out)
    assert added["texts"]["problems"] == "ยังไม่มีเลข อย."
    assert added["ended_at"] and added["standards"] == ["อย."]
    assert [a["owner_name"] for a in added["actions"]] == ["บัวผัน ศรีสุข", "สสจ."]

    code, out = run_cli(db, "sessions", "list", "--json", "--producer", "PRODUCER1", capsys=capsys)
    assert [row["id"] for row in json.loads(out)] == [added["id"]]
    code, out = run_cli(db, "sessions", "show", added["id"][:6], capsys=capsys)
    assert "ยื่น สบ.1" in out and "ดร.สมศักดิ์ ทองดี" in out

    code, out = run_cli(db, "actions", "list", "--open", "--json", capsys=capsys)
    open_actions = json.loads(out)
    assert len(open_actions) == 2
    code, out = run_cli(db, "actions", "done", open_actions[0]["id"][:6], capsys=capsys)
    assert code == 0
    code, out = run_cli(db, "actions", "list", "--open", capsys=capsys)
    assert "1 action(s)" in out

    assert main(["--db", str(db), "sessions", "show", "zzz"]) == 1
    assert "no session" in capsys.readouterr().err


def test_a_session_with_producer_and_mentor_swapped_is_refused_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.demo_desks import open_demo_desk

    db = tmp_path / "demo.json"
    setup = open_demo_desk(db)
    people = setup.participants.all()
    setup.participants.add(
        Participant(
            id="GUEST001", first_name="แขก", last_name="ทดสอบ", role=Role.GUEST.value
        )  # neither side
    )
    number = {p.role: str(setup.participants.number(p.id)) for p in reversed(people)}
    guest = str(setup.participants.number("GUEST001"))
    before = len(setup.mentoring.list())
    setup.close()
    producer, mentor, official = number["producer"], number["mentor"], number["official"]

    def add(lang: str, *people: str) -> tuple[int, str]:
        code = main(["--db", str(db), "--lang", lang, "sessions", "add", *people])
        return code, capsys.readouterr().err

    code, err = add("en", "--producer", mentor, "--mentor", producer)
    assert code != 0 and "swap --producer and --mentor?" in err and mentor in err
    code, err = add("th", "--producer", mentor, "--mentor", producer)
    assert code != 0 and "สลับ --producer กับ --mentor" in err
    code, err = add("en", "--producer", official, "--mentor", mentor)
    assert code != 0 and "not as a producer" in err
    code, err = add("en", "--producer", producer, "--mentor", guest)
    assert code != 0 and "not as a mentor" in err
    with Desk.open(db) as desk:
        assert len(desk.mentoring.list()) == before  # nothing written by a refusal
    assert add("en", "--producer", producer, "--mentor", mentor)[0] == 0
    assert add("en", "--producer", producer, "--mentor", official)[0] == 0  # an official advises
