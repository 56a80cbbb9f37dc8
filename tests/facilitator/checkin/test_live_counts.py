"""The counts the door, the dashboard and the projector read after every scan are kept as facts
arrive, not recounted; whatever happens (scans, undos, people removed or moved to another role,
another desk's check-ins merged in) they must equal a recount of everything from scratch."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.checkin.turnout import arrival_buckets, count_turnout
from facilitator.cli import main
from facilitator.desk import Desk
from facilitator.models import Role
from tests.clock import FakeClock
from tests.demo_desks import open_demo_desk

DAY = date(2021, 6, 7)


def recounted(desk: Desk) -> tuple[object, ...]:
    """Everything the live counts say, worked out again from every stored fact."""
    now = desk.clock.now()
    session = desk.checkins.current_session(now).session
    assert session is not None
    facts = desk.checkins.all_checkins(include_voided=True)
    first: dict[str, datetime] = {}
    for c in sorted(facts, key=lambda c: (c.at, c.id)):
        if c.session_id == session.id and not desk.checkins.is_voided(c.id):
            first.setdefault(c.participant_id, c.at)
    removed = frozenset(p.id for p in desk.participants.all_removed()) & frozenset(first)
    turnout = count_turnout(
        session, frozenset(first), desk.participants.all(), desk.event.targets, removed
    )
    counted_today = [
        at
        for s in desk.event.sessions_on(DAY)
        for at in [
            min(
                (
                    c.at
                    for c in facts
                    if c.session_id == s.id
                    and c.participant_id == pid
                    and not desk.checkins.is_voided(c.id)
                ),
                default=None,
            )
            for pid in {c.participant_id for c in facts}
        ]
        if at is not None
    ]
    start = desk.event.sessions_on(DAY)[0].starts_at()
    return (
        turnout.roles,
        sorted(p.id for p in turnout.missing),
        arrival_buckets(counted_today, DAY, start, now, 15),
    )


def live(desk: Desk) -> tuple[object, ...]:
    now = desk.clock.now()
    counts = desk.checkins.counts(now)
    session = counts.session
    assert session is not None
    missing = sorted(
        p.id for p in desk.participants.all() if desk.checkins.is_missing(p.id, session.id)
    )
    return counts.roles, missing, desk.checkins.arrivals(now, 15)


@pytest.mark.parametrize("seed", range(4))
def test_live_counts_equal_a_recount_whatever_happens(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    clock = FakeClock(datetime(2021, 6, 7, 8, 0))
    here = open_demo_desk(tmp_path / "a.json", station="desk-a", first_day=DAY, clock=clock)
    other = Desk.open(tmp_path / "b.json", station="desk-b", clock=clock)
    phrase = here.events.join_phrase()
    try:
        bundle = tmp_path / "a.bundle"
        here.sync.export_bundle(bundle)
        other.sync.import_bundle(bundle, phrase)  # the same event and roster at both desks
        for _ in range(90):
            clock.advance(minutes=rng.choice([0, 1, 2, 7]))
            desk = rng.choice([here, here, other])
            people = desk.participants.all()
            action = rng.random()
            if action < 0.55 and people:
                desk.checkins.check_in(rng.choice(people).id)
            elif action < 0.7:
                desk.checkins.undo_last()
            elif action < 0.78 and people:
                desk.participants.update(rng.choice(people).id, role=rng.choice(list(Role)).value)
            elif action < 0.83 and len(people) > 5:
                desk.participants.remove(rng.choice(people).id)
            elif action < 0.86:
                desk.participants.add(first_name=f"เดินเข้า{rng.randrange(1000)}", role="producer")
            else:
                out = tmp_path / f"{desk.station}.bundle"
                desk.sync.export_bundle(out)
                (here if desk is other else other).sync.import_bundle(out, phrase)
            for d in (here, other):
                assert live(d) == recounted(d)
        assert here.checkins.counts(clock.now()).here > 0
    finally:
        here.close()
        other.close()


def test_the_per_minute_arrivals_make_the_same_chart_as_the_arrival_times() -> None:
    rng = random.Random(7)
    start = datetime(2021, 6, 7, 8, 30)
    times = [start + timedelta(seconds=rng.randrange(3 * 3600)) for _ in range(300)]
    per_minute = Counter(at.hour * 60 + at.minute for at in times)
    now = datetime(2021, 6, 7, 12, 0)
    for bucket in (5, 10, 15, 30, 60):
        assert arrival_buckets(per_minute, DAY, start, now, bucket) == arrival_buckets(
            times, DAY, start, now, bucket
        )


def test_someone_removed_after_checking_in_is_no_longer_counted_here_or_as_unlisted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = open_demo_desk(tmp_path / "e.json", first_day=DAY)
    clock_now = desk.clock.now()
    person = desk.participants.all()[0]
    desk.checkins.check_in(person.id)
    before = desk.checkins.counts(clock_now)
    desk.participants.remove(person.id)
    after = desk.checkins.counts(clock_now)
    assert after.here == before.here - 1 and after.expected == before.expected - 1
    assert "unlisted" not in [r.role for r in after.roles]
    assert desk.checkins.turnout(clock_now).here == after.here
    path = desk.path
    session = desk.checkins.current_session(clock_now).session
    assert session is not None
    desk.close()
    at = clock_now.strftime("%Y-%m-%dT%H:%M")
    assert main(["--db", str(path), "attendance", "--at", at, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["count"] == after.here  # the command line agrees with the door
    assert person.id not in [c["participant_id"] for c in listed["checkins"]]
    with Desk.open(path, clock=FakeClock(clock_now)) as reopened:  # the same after a restart
        again = reopened.checkins.counts(clock_now)
        assert (again.here, again.expected) == (after.here, after.expected)
        assert "unlisted" not in [r.role for r in again.roles]
