"""The room's rules without a screen: scanners without Enter, the kiosk's PIN and phone digits,
the count in short, the arrivals in quarter hours and the after-lunch call list."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from facilitator.checkin.burst import (
    IDLE_SUBMIT_SECONDS,
    SUFFIX_WAIT_SECONDS,
    BurstDetector,
)
from facilitator.checkin.kiosk import (
    FREE_TRIES,
    KioskError,
    KioskLock,
    check_pin,
    masked_name,
    phone_ending,
)
from facilitator.checkin.turnout import arrival_buckets
from facilitator.desk import Desk
from facilitator.models import Participant, Role
from tests.clock import FakeClock
from tests.demo_desks import code_of, open_demo_desk

pytestmark = pytest.mark.usefixtures("english")

DAY = date(2021, 6, 7)
GAP = 0.005  # a scanner's keys


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    opened = open_demo_desk(tmp_path / "ev.json", first_day=DAY)
    yield opened  # type: ignore[misc]
    opened.close()


def typed(detector: BurstDetector, text: str, start: float = 100.0) -> float:
    """Feed `text` at scanner speed; the time of the last key."""
    at = start
    for n, ch in enumerate(text):
        at = start + n * GAP
        detector.key(ch, at)
    return at


# -- scanners that send no Enter ---------------------------------------------------------------


def test_a_whole_genuine_code_that_goes_quiet_is_a_scan_and_its_late_enter_is_not_another(
    desk: Desk,
) -> None:
    code = code_of(desk, desk.participants.all()[0])
    detector = BurstDetector()
    last = typed(detector, code)
    read = detector.idle(last + IDLE_SUBMIT_SECONDS, desk.checkins.is_valid_code)
    assert read is not None and read.complete and read.raw == code
    assert detector.late_suffix(last + IDLE_SUBMIT_SECONDS + 0.2)  # dropped, once
    assert not detector.late_suffix(last + IDLE_SUBMIT_SECONDS + 0.3)


def test_half_a_code_or_a_forged_one_is_only_reported_never_submitted(desk: Desk) -> None:
    code = code_of(desk, desk.participants.all()[1])
    detector = BurstDetector()
    last = typed(detector, code[:11])
    read = detector.idle(last + IDLE_SUBMIT_SECONDS, desk.checkins.is_valid_code)
    assert read is not None and not read.complete
    assert not detector.late_suffix(last + 0.3)  # its Enter, if any, is an ordinary Enter

    forged = code[:-1] + ("A" if code[-1] != "A" else "C")
    last = typed(detector, forged, start=200.0)
    read = detector.idle(last + IDLE_SUBMIT_SECONDS, desk.checkins.is_valid_code)
    assert read is not None and not read.complete


def test_an_enter_just_after_the_idle_gap_still_ends_the_scan_it_belongs_to(desk: Desk) -> None:
    code = code_of(desk, desk.participants.all()[2])
    detector = BurstDetector()
    last = typed(detector, code)
    burst = detector.submit(last + IDLE_SUBMIT_SECONDS * 0.97)
    assert burst is not None and burst.raw == code
    last = typed(detector, code, start=300.0)
    assert detector.submit(last + SUFFIX_WAIT_SECONDS + 0.1) is None  # a person's Enter


def test_a_person_typing_is_no_burst_even_when_they_pause() -> None:
    detector = BurstDetector()
    for n, ch in enumerate("ACDFGIKLOPRSTVACDFG"):
        detector.key(ch, 100 + n * 0.2)
    assert detector.idle(110.0, lambda raw: True) is None


# -- the kiosk's PIN ------------------------------------------------------------------------------


def test_a_pin_is_four_to_eight_digits_thai_digits_too() -> None:
    assert check_pin("๑๒๓๔") == "1234"
    for bad in ("123", "123456789", "12a4", ""):
        with pytest.raises(KioskError, match="4 to 8 digits"):
            check_pin(bad)


def test_wrong_pins_are_refused_and_after_a_few_each_try_waits_longer() -> None:
    clock = FakeClock(datetime(2021, 6, 7, 9, 0))
    lock = KioskLock("2468", clock)
    for n in range(1, FREE_TRIES):
        answer = lock.try_unlock("0000")
        assert not answer.opened and answer.failures == n and answer.wait_seconds == 0
    third = lock.try_unlock("1111")
    assert not third.opened and third.wait_seconds == 5
    too_soon = lock.try_unlock("2468")  # the right PIN, but too soon: not even compared
    assert not too_soon.opened and too_soon.refused_unheard
    clock.advance(5)
    fourth = lock.try_unlock("9999")
    assert fourth.wait_seconds == 10  # twice as long each time
    clock.advance(10)
    assert lock.try_unlock("2468").opened
    assert lock.failures == 0


# -- no badge: the phone's last four digits ---------------------------------------------------


def test_a_surname_is_masked_to_its_first_letter_with_its_marks() -> None:
    person = Participant(id="x", first_name="สมหมาย", last_name="บุญเรือง")
    assert masked_name(person) == "สมหมาย บ***"
    assert masked_name(Participant(id="y", first_name="ชื่น", last_name="ชื่นใจ")) == "ชื่น ช***"
    assert masked_name(Participant(id="z", first_name="ใจ", last_name="เรืองศรี")) == "ใจ เร***"


def test_only_four_digits_are_a_phone_ending() -> None:
    assert phone_ending("5678") == "5678"
    assert phone_ending("๕๖๗๘") == "5678"
    assert phone_ending("ACDF") is None


def add_with_phone(desk: Desk, first: str, last: str, phone: str) -> Participant:
    return desk.participants.add(first_name=first, last_name=last, phone=phone, role=Role.PRODUCER)


def test_up_to_three_people_sharing_the_digits_are_offered_masked_more_go_to_the_desk(
    desk: Desk,
) -> None:
    add_with_phone(desk, "สมหมาย", "บุญเรือง", "081-111-9090")
    add_with_phone(desk, "สมใจ", "ดีงาม", "082-222-9090")
    match = desk.checkins.by_phone_ending("9090")
    assert sorted(c.shown for c in match.candidates) == ["สมหมาย บ***", "สมใจ ด***"]
    assert not match.too_many
    add_with_phone(desk, "มานะ", "ขยัน", "083-333-9090")
    add_with_phone(desk, "มานี", "ใจดี", "084-444-9090")
    crowded = desk.checkins.by_phone_ending("9090")
    assert crowded.too_many and crowded.candidates == ()
    assert desk.checkins.by_phone_ending("0000").candidates == ()


# -- numbers for the room ---------------------------------------------------------------------------


def test_the_count_in_short_gives_everyone_and_each_role(desk: Desk) -> None:
    producers = [p for p in desk.participants.all() if p.role == Role.PRODUCER]
    for p in producers[:3]:
        desk.checkins.check_in(p.id)
    short = desk.checkins.turnout().in_short()
    assert short.startswith("Here 3 / 50 · OTOP 3/20 · KBO 0/20")


def test_arrivals_come_in_quarter_hours_that_start_on_the_clock() -> None:
    times = [datetime(2021, 6, 7, 8, 31), datetime(2021, 6, 7, 8, 44), datetime(2021, 6, 7, 9, 2)]
    chart = arrival_buckets(
        times, DAY, datetime(2021, 6, 7, 8, 30), datetime(2021, 6, 7, 9, 10), 15
    )
    assert chart.counts == [2, 0, 1]
    assert [f"{chart.bucket_start(n):%H:%M}" for n in range(3)] == ["08:30", "08:45", "09:00"]
    assert chart.total == 3
    with pytest.raises(ValueError):
        arrival_buckets(times, DAY, times[0], times[-1], 7)


def test_after_lunch_the_call_list_is_who_came_in_the_morning_and_is_not_back(
    desk: Desk,
) -> None:
    people = desk.participants.all()
    morning = datetime.combine(DAY, time(9, 0))
    for p in people[:5]:
        desk.checkins.check_in(p.id, now=morning)
    assert desk.checkins.left_early(morning).people == []  # nothing earlier than the morning
    afternoon = datetime.combine(DAY, time(13, 40))
    for p in people[:2]:
        desk.checkins.check_in(p.id, now=afternoon)
    left = desk.checkins.left_early(afternoon)
    assert [p.id for p in left.people] == [p.id for p in people[2:5]]
    assert left.session is not None and [s.id for s in left.earlier] != []
