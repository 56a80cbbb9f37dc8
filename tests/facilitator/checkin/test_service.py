"""The registration desk's check-in service, told as what happens at the desk.

Every test runs on a real database file in tmp_path holding the demo event (two days from
7 June 2021, morning 08:30-12:00 and afternoon 13:00-16:30, 50 people).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.checkin.service import CheckInError, CheckInService, Verdict
from facilitator.codes.kedmanee import us_to_thai
from facilitator.codes.known_events import registry_path
from facilitator.codes.participant_code import (
    CODE_ALPHABET,
    event_tag,
    make_code,
    new_participant_id,
)
from facilitator.desk import Desk
from facilitator.models import CHECKINS, EVENT_TABLE, PARTICIPANTS, Participant
from facilitator.roster.directory import ParticipantError
from tests.demo_desks import code_of, open_demo_desk, open_other_event

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

DAY1 = date(2021, 6, 7)
DAY2 = date(2021, 6, 8)
NO_EVENT_DAY = date(2021, 6, 20)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm))


MORNING = at(DAY1, 9, 12)
AFTERNOON = at(DAY1, 14, 0)


@pytest.fixture(autouse=True)
def thai_afterwards() -> Iterator[None]:
    """Each test speaks Thai afterwards (tests/conftest.py keeps user folders private)."""
    yield
    i18n.set_language("th")


def open_demo(folder: Path, station: str = "desk-a", first_day: date = DAY1) -> Desk:
    return open_demo_desk(folder / "event.json", station, first_day)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = open_demo(tmp_path / "a")
    yield d
    d.close()


def somchai(desk: Desk) -> Participant:
    return desk.participants.all()[0]


# -- the verdicts ----------------------------------------------------------------------------


def test_a_badge_scanned_in_the_morning_checks_the_person_in(desk: Desk) -> None:
    person = somchai(desk)
    result = desk.checkins.scan(code_of(desk, person) + "\n", now=MORNING)

    assert result.verdict is Verdict.CHECKED_IN
    assert result.verdict.colour == "green" and result.verdict.exit_code == 0
    assert not result.verdict.rings_bell
    assert result.participant == person and result.participant_id == person.id
    assert result.session is not None and result.session.id == f"{DAY1}-am"
    assert result.checkin is not None and result.checkin.at == MORNING
    assert result.checkin.station == "desk-a" and result.checkin.method == "scan"
    assert not result.checkin.provisional
    i18n.set_language("en")
    line = result.message()
    assert person.display_name in line and "OTOP producer" in line and person.product in line
    assert "ช่วงเช้า 07/06" in line

    stored = desk.store.get(CHECKINS, result.checkin.id)
    assert stored is not None
    assert stored["kind"] == "in" and stored["participant_id"] == person.id
    assert stored["session_id"] == f"{DAY1}-am" and stored["at"] == "2021-06-07T09:12:00"
    assert stored["method"] == "scan" and stored["provisional"] is False


def test_twice_in_the_morning_counts_once_and_says_when_and_where(desk: Desk) -> None:
    code = code_of(desk, somchai(desk))
    first = desk.checkins.scan(code, now=MORNING)
    again = desk.checkins.scan(code, now=at(DAY1, 10, 45))

    assert again.verdict is Verdict.ALREADY and again.verdict.colour == "amber"
    assert again.checkin == first.checkin
    i18n.set_language("en")
    assert "09:12" in again.message() and "desk-a" in again.message()
    assert len(desk.checkins.attendance(f"{DAY1}-am")) == 1
    assert len(desk.store.records(CHECKINS)) == 1


def test_morning_and_afternoon_count_twice(desk: Desk) -> None:
    code = code_of(desk, somchai(desk))
    assert desk.checkins.scan(code, now=MORNING).verdict is Verdict.CHECKED_IN
    assert desk.checkins.scan(code, now=AFTERNOON).verdict is Verdict.CHECKED_IN
    assert len(desk.checkins.attendance(f"{DAY1}-am")) == 1
    assert len(desk.checkins.attendance(f"{DAY1}-pm")) == 1
    assert desk.checkins.scan(code, now=at(DAY2, 9)).verdict is Verdict.CHECKED_IN


@pytest.mark.parametrize(
    ("moment", "session"),
    [
        (at(DAY1, 7, 50), f"{DAY1}-am"),  # early arrivals count for the morning
        (at(DAY1, 12, 30), f"{DAY1}-pm"),  # back from lunch: the afternoon
        (at(DAY1, 18, 0), f"{DAY1}-pm"),  # after the last session: the last one
        (at(DAY2, 16, 0), f"{DAY2}-pm"),
    ],
)
def test_between_sessions_a_scan_counts_for_the_next_and_late_ones_for_the_last(
    desk: Desk, moment: datetime, session: str
) -> None:
    result = desk.checkins.scan(code_of(desk, somchai(desk)), now=moment)
    assert result.verdict is Verdict.CHECKED_IN
    assert result.session is not None and result.session.id == session


def test_on_a_day_without_sessions_the_desk_must_pick_one(desk: Desk) -> None:
    code = code_of(desk, somchai(desk))
    stray = desk.checkins.scan(code, now=at(NO_EVENT_DAY, 9))
    assert stray.verdict is Verdict.NO_SESSION and stray.verdict.exit_code == 12
    assert stray.participant == somchai(desk)  # the screen can still say who it is
    assert stray.checkin is None and desk.store.records(CHECKINS) == []
    assert desk.checkins.current_session(at(NO_EVENT_DAY, 9)).reason == "no_sessions_today"

    desk.checkins.session_override = f"{DAY2}-am"
    chosen = desk.checkins.scan(code, now=at(NO_EVENT_DAY, 9))
    assert chosen.verdict is Verdict.CHECKED_IN
    assert chosen.checkin is not None and chosen.checkin.session_id == f"{DAY2}-am"


def test_every_badge_reads_right_through_thai_layout_caps_lock_and_enter(desk: Desk) -> None:
    for person in desk.participants.all():
        code = code_of(desk, person)
        typed = [
            us_to_thai(code),  # Kedmanee, scanner pressing Shift for capitals
            us_to_thai(code.lower()),  # Kedmanee with Caps Lock: the other key level
            code.lower(),  # US layout with Caps Lock
            us_to_thai(code) + "\n",
            us_to_thai(code.lower()) + "\r\n",
        ]
        for raw in typed:
            result = desk.checkins.scan(raw, now=MORNING)
            assert result.verdict in (Verdict.CHECKED_IN, Verdict.ALREADY), raw
            assert result.participant_id == person.id and result.cleaned == code
    assert len(desk.checkins.attendance(f"{DAY1}-am")) == len(desk.participants) == 50


def test_a_thousand_well_shaped_forgeries_are_all_refused(desk: Desk) -> None:
    rng = random.Random(7)
    tag = event_tag(desk.event.id)
    real_ids = [p.id for p in desk.participants.all()]
    for n in range(1000):
        pid = rng.choice(real_ids) if n % 2 else "".join(rng.choices(CODE_ALPHABET, k=8))
        forged = tag + pid + "".join(rng.choices(CODE_ALPHABET, k=8))
        result = desk.checkins.scan(forged, now=MORNING)
        assert result.verdict is Verdict.FORGED, forged
        assert result.participant is None and result.participant_id is None
    assert desk.store.records(CHECKINS) == []
    assert Verdict.FORGED.rings_bell and Verdict.FORGED.exit_code == 21


def test_what_is_not_a_code_is_shown_as_it_arrived(desk: Desk) -> None:
    result = desk.checkins.scan("https://example.org/?q=1\t", now=MORNING)
    assert result.verdict is Verdict.NOT_A_CODE and result.verdict.exit_code == 22
    i18n.set_language("en")
    assert repr("https://example.org/?q=1\t") in result.message()
    assert desk.checkins.scan("", now=MORNING).verdict is Verdict.NOT_A_CODE


def test_a_badge_of_another_event_on_this_laptop_is_named(desk: Desk, tmp_path: Path) -> None:
    with open_other_event(tmp_path / "b", desk, station="desk-b", first_day=DAY1) as other:
        other.store.put(EVENT_TABLE, {"name": "KBO นครพนม รุ่น 2"}, other.event.id)
        assert other.event.name == "KBO นครพนม รุ่น 2"  # opening it is what makes it known
        stray = code_of(other, somchai(other))

    result = desk.checkins.scan(stray, now=MORNING)
    assert result.verdict is Verdict.OTHER_EVENT and result.verdict.rings_bell
    assert result.other_event == "KBO นครพนม รุ่น 2"
    assert "KBO นครพนม รุ่น 2" in result.message()
    assert registry_path().is_relative_to(tmp_path)


def test_a_badge_of_an_event_never_opened_here_is_named_by_its_tag(desk: Desk) -> None:
    stray = make_code("some-other-event-id", "k" * 64, new_participant_id())
    result = desk.checkins.scan(stray, now=MORNING)
    assert result.verdict is Verdict.OTHER_EVENT
    assert result.other_event is not None
    assert event_tag("some-other-event-id") in result.other_event


# -- undo --------------------------------------------------------------------------------------


def test_undo_voids_the_last_check_in_and_the_person_can_check_in_again(desk: Desk) -> None:
    code = code_of(desk, somchai(desk))
    first = desk.checkins.scan(code, now=MORNING)
    before = dict(desk.store.get(CHECKINS, first.checkin.id))

    undone = desk.checkins.undo_last()
    assert undone == first.checkin
    assert desk.checkins.attendance(f"{DAY1}-am") == []
    assert somchai(desk).id not in {
        c.participant_id for c in desk.checkins.attendance(f"{DAY1}-am")
    }

    again = desk.checkins.scan(code, now=at(DAY1, 9, 30))
    assert again.verdict is Verdict.CHECKED_IN and again.checkin.id != first.checkin.id
    assert desk.checkins.attendance(f"{DAY1}-am") == [again.checkin]

    records = desk.store.records(CHECKINS)
    assert [r["kind"] for r in records] == ["in", "void", "in"]
    assert records[1]["voids"] == first.checkin.id
    assert desk.store.get(CHECKINS, first.checkin.id) == before  # never edited
    assert desk.checkins.all_checkins() == [again.checkin]
    assert len(desk.checkins.all_checkins(include_voided=True)) == 2


def test_undo_with_nothing_to_undo_and_voiding_twice(desk: Desk) -> None:
    assert desk.checkins.undo_last() is None
    first = desk.checkins.scan(code_of(desk, somchai(desk)), now=MORNING)
    desk.checkins.void(first.checkin.id)
    with pytest.raises(CheckInError, match="already undone"):
        desk.checkins.void(first.checkin.id)
    with pytest.raises(CheckInError, match="no check-in"):
        desk.checkins.void("nope")
    assert desk.checkins.undo_last() is None


def test_undo_only_takes_back_this_desks_own_check_ins(tmp_path: Path) -> None:
    with open_demo(tmp_path / "a", station="desk-a") as a:
        b = Desk.open(tmp_path / "b" / "event.json", station="desk-b")
        b.store.merge(a.store.dump())
        people = a.participants.all()
        a.checkins.scan(code_of(a, people[0]), now=MORNING)
        b.checkins.scan(code_of(b, people[1]), now=at(DAY1, 9, 20))
        a.store.merge(b.store.dump())
        assert len(a.checkins.attendance(f"{DAY1}-am")) == 2
        undone = a.checkins.undo_last()
        assert undone is not None and undone.participant_id == people[0].id
        assert a.checkins.undo_last() is None
        b.close()


# -- provisional, sync and reopening -------------------------------------------------------------


def test_a_person_registered_at_another_desk_is_checked_in_provisionally(tmp_path: Path) -> None:
    with open_demo(tmp_path / "a", station="desk-a") as a:
        b = Desk.open(tmp_path / "b" / "event.json", station="desk-b")
        b.store.merge(a.store.dump())  # desk B got the event and roster before the wifi went
        walk_in, _ = b.checkins.register_walk_in(
            title="นาง", first_name="บัวผัน", last_name="คำแสน", role="producer", now=at(DAY1, 9, 40)
        )

        result = a.checkins.scan(code_of(a, walk_in.id), now=at(DAY1, 10))
        assert result.verdict is Verdict.PROVISIONAL and result.verdict.exit_code == 11
        assert result.participant is None and result.participant_id == walk_in.id
        assert result.checkin is not None and result.checkin.provisional
        i18n.set_language("en")
        assert walk_in.id in result.message()
        assert a.checkins.attendance(f"{DAY1}-am")[0].participant_id == walk_in.id

        a.store.merge(b.store.dump())  # the wifi is back
        again = a.checkins.scan(code_of(a, walk_in.id), now=at(DAY1, 11))
        assert again.verdict is Verdict.ALREADY and again.participant == walk_in
        (counted,) = a.checkins.attendance(f"{DAY1}-am")  # one person, counted once:
        assert counted.station == "desk-b" and not counted.provisional  # B's earlier walk-in
        b.close()


def test_two_desks_offline_checking_in_one_person_count_once_after_sync(tmp_path: Path) -> None:
    with open_demo(tmp_path / "a", station="desk-a") as a:
        b = Desk.open(tmp_path / "b" / "event.json", station="desk-b")
        b.store.merge(a.store.dump())
        person = a.participants.all()[3]
        a.checkins.scan(code_of(a, person), now=at(DAY1, 9, 5))
        b.checkins.scan(code_of(b, person), now=at(DAY1, 9, 1))
        a.store.merge(b.store.dump())
        counted = a.checkins.attendance(f"{DAY1}-am")
        assert len(counted) == 1 and counted[0].station == "desk-b"  # the earlier arrival
        assert len(a.checkins.all_checkins()) == 2
        b.close()


def test_check_ins_and_undos_survive_closing_the_database(tmp_path: Path) -> None:
    desk = open_demo(tmp_path)
    people = desk.participants.all()
    desk.checkins.scan(code_of(desk, people[0]), now=MORNING)
    desk.checkins.scan(code_of(desk, people[1]), now=at(DAY1, 9, 15))
    desk.checkins.undo_last()
    desk.checkins.scan(code_of(desk, people[2]), now=AFTERNOON)
    desk.close()

    with open_demo(tmp_path) as reopened:
        service = reopened.checkins
        assert [c.participant_id for c in service.attendance(f"{DAY1}-am")] == [people[0].id]
        assert [c.participant_id for c in service.attendance(f"{DAY1}-pm")] == [people[2].id]
        again = service.scan(code_of(reopened, people[0]), now=at(DAY1, 11))
        assert again.verdict is Verdict.ALREADY and again.checkin.at == MORNING
        assert service.undo_last().participant_id == people[2].id  # order survives too


# -- search, walk-ins and "here since" -----------------------------------------------------------


def test_a_forgotten_badge_is_checked_in_from_search(desk: Desk) -> None:
    person = desk.participants.search(somchai(desk).first_name)[0]
    result = desk.checkins.check_in(person.id, now=MORNING)
    assert result.verdict is Verdict.CHECKED_IN and result.checkin.method == "search"
    assert desk.checkins.check_in(person.id, now=MORNING).verdict is Verdict.ALREADY
    with pytest.raises(CheckInError):
        desk.checkins.check_in("AAAAAAAA", now=MORNING)
    with pytest.raises(CheckInError, match="method"):
        desk.checkins.check_in(person.id, method="telepathy", now=AFTERNOON)


def test_a_walk_in_is_registered_and_checked_in_at_once(desk: Desk) -> None:
    person, result = desk.checkins.register_walk_in(
        title="นาย",
        first_name="สมหมาย",
        last_name="ทองดี",
        role="official",
        phone="0812345678",
        organisation="สำนักงานพัฒนาชุมชนอำเภอดงหลวง",
        now=AFTERNOON,
    )
    assert person.source == "walk_in" and person.phone == "081-234-5678"
    assert desk.participants.get(person.id) == person
    assert desk.store.get(PARTICIPANTS, person.id) is not None
    assert result.verdict is Verdict.CHECKED_IN and result.checkin.method == "walk_in"
    assert result.participant == person
    with pytest.raises(ParticipantError):
        desk.checkins.register_walk_in(
            title="", first_name="x", last_name="", role="producer", phone="12"
        )


def test_search_results_can_say_here_since(desk: Desk) -> None:
    early, late, absent = desk.participants.all()[:3]
    desk.checkins.scan(code_of(desk, early), now=MORNING)
    desk.checkins.scan(code_of(desk, early), now=AFTERNOON)
    desk.checkins.scan(code_of(desk, late), now=at(DAY1, 13, 40))
    assert desk.checkins.here_since(early.id, DAY1) == MORNING
    assert desk.checkins.here_since(late.id, DAY1) == at(DAY1, 13, 40)
    assert desk.checkins.here_since(absent.id, DAY1) is None
    assert desk.checkins.here_since(early.id, DAY2) is None


def test_the_session_override_is_shown_and_used(desk: Desk) -> None:
    service: CheckInService = desk.checkins
    assert service.current_session(MORNING).reason == "open"
    service.session_override = f"{DAY2}-pm"
    pick = service.current_session(MORNING)
    assert pick.reason == "override" and pick.session.id == f"{DAY2}-pm"


def test_every_verdict_has_a_colour_an_exit_code_and_text_in_both_languages() -> None:
    assert {v.colour for v in Verdict} == {"green", "amber", "red"}
    assert len({v.exit_code for v in Verdict}) == len(Verdict)
    assert {v for v in Verdict if v.rings_bell} == {
        Verdict.OTHER_EVENT,
        Verdict.FORGED,
        Verdict.NOT_A_CODE,
        Verdict.REMOVED,
    }
    assert all(20 <= v.exit_code < 30 for v in Verdict if v.colour == "red")
    for lang in i18n.LANGUAGES:
        for v in Verdict:
            texts = i18n.catalogue()[f"verdict.{v.value}"]
            assert texts[lang].strip()


def test_a_walk_in_and_their_check_in_are_one_durable_write(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A power cut between two writes would leave someone registered but not counted (and the
    # desk's own undo would not know them): the person and the check-in land in one entry.
    from facilitator.storage.journal import Journal, JournalEntry

    written: list[JournalEntry] = []
    real_append = Journal.append

    def recording(journal: Journal, entry: JournalEntry) -> None:
        written.append(entry)
        real_append(journal, entry)

    monkeypatch.setattr(Journal, "append", recording)
    person, result = desk.checkins.register_walk_in(
        title="นาง", first_name="บัวผัน", last_name="คำแสน", role="producer", now=AFTERNOON
    )
    assert result.verdict is Verdict.CHECKED_IN
    (entry,) = written
    assert sorted(table for table, _ in entry.ops) == [CHECKINS, PARTICIPANTS]
    assert desk.participants.get(person.id) == person
    assert [c.participant_id for c in desk.checkins.attendance(f"{DAY1}-pm")] == [person.id]
