"""Scan-to-verdict through `CheckInService.scan`, at a village workshop and at a provincial fair.

Why: the scanner types a code and Enter; the facilitator looks up at once. Anything above a few
milliseconds starts to queue behind a fast line of people, so the target is p95 < 5 ms at
5,000 participants with 10,000 earlier check-ins. Every timed scan is a fresh code (a real
check-in, so the durable journal append with its fsync is included), typed as a Kedmanee
keyboard would type it with the scanner's Enter, so the repair path is paid too.

Also measured: a repeat scan (ALREADY, no write) and rebuilding the indexes after a sync
(`reload`), which the TUI does while people wait.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bench import BenchResult, repeats, scratch_dir, summarise, timed
from facilitator.checkin.attendance import CheckIn
from facilitator.checkin.service import Verdict
from facilitator.codes.kedmanee import us_to_thai
from facilitator.codes.known_events import REGISTRY_ENV
from facilitator.codes.participant_code import make_code
from facilitator.desk import Desk
from facilitator.models import CHECKINS, Participant, Role
from facilitator.storage.store import FOLD_AFTER_ENTRIES

FIRST_DAY = date(2021, 6, 7)
DAYS = 6  # 12 sessions: two hold the earlier check-ins, the rest take the timed scans
EARLIER_PER_PERSON = 2  # 5,000 people -> 10,000 check-ins already in the book
FIRST_NAMES = ["สมชาย", "ปิ่นฟ้า", "บัวผัน", "ธนพล", "ศรีสุดา", "กิตติศักดิ์", "อุไรวรรณ", "สุริยา"]
LAST_NAMES = ["ฝั่งน้ำ", "ยิ่งเจริญ", "ศรีสุข", "พรหมวงศ์", "คำแสน", "ไชยมงคล", "ภูมิพันธ์"]


@contextmanager
def _private_registry(folder: Path) -> Iterator[None]:
    """Keep the bench's events out of this user's list of known events."""
    before = os.environ.get(REGISTRY_ENV)
    os.environ[REGISTRY_ENV] = str(folder / "known-events.json")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(REGISTRY_ENV, None)
        else:
            os.environ[REGISTRY_ENV] = before


def _people(size: int, rng: random.Random) -> list[Participant]:
    roles = [Role.PRODUCER, Role.PRODUCER, Role.MENTOR, Role.OFFICIAL]
    return [
        Participant(
            id="",
            title=rng.choice(["นาย", "นาง", "นางสาว"]),
            first_name=f"{rng.choice(FIRST_NAMES)}{n}",
            last_name=rng.choice(LAST_NAMES),
            role=rng.choice(roles).value,
            phone=f"08{rng.randint(1, 9)}-{rng.randint(0, 999):03d}-{rng.randint(0, 9999):04d}",
            product=f"ผลิตภัณฑ์ {n}",
        )
        for n in range(size)
    ]


def _build(folder: Path, size: int) -> Desk:
    """A database with `size` people and 2 x `size` earlier check-ins (day 1, both sessions)."""
    rng = random.Random(size)
    desk = Desk.open(folder / "event.json", station="bench")
    days = [FIRST_DAY + timedelta(days=n) for n in range(DAYS)]
    event = desk.events.create("Bench workshop", "", days)
    desk.participants.apply_batch(_people(size, rng), [])
    earlier = []
    for person in desk.participants.all():
        for slot in event.sessions[:EARLIER_PER_PERSON]:
            moment = datetime.combine(slot.day, slot.start) + timedelta(minutes=rng.randint(0, 90))
            fields = CheckIn("", person.id, slot.id, moment, "bench", "scan", False).to_fields()
            earlier.append((CHECKINS, fields, None))
    desk.store.put_many(earlier)
    desk.store.fold()
    return desk


def _measure(size: int, folder: Path) -> list[BenchResult]:
    desk = _build(folder, size)
    try:
        service = desk.checkins
        event = desk.event
        people = desk.participants.all()
        typed = [us_to_thai(make_code(event.id, event.key, p.id)) + "\n" for p in people]
        fresh_sessions = event.sessions[EARLIER_PER_PERSON:]
        wanted = min(repeats(1000, 200), len(people) * len(fresh_sessions))

        samples: list[float] = []
        verdicts: set[Verdict] = set()
        for n in range(wanted):
            slot = fresh_sessions[n // len(people)]
            service.session_override = slot.id
            now = datetime.combine(slot.day, time(9, 0))
            raw = typed[n % len(people)]
            samples.append(
                timed(lambda raw=raw, now=now: verdicts.add(service.scan(raw, now).verdict))
            )
        assert verdicts == {Verdict.CHECKED_IN}, verdicts

        repeat_samples = []
        for n in range(min(wanted, len(people))):
            raw = typed[n]
            repeat_samples.append(timed(lambda raw=raw: service.scan(raw, now)))

        reload_samples = [timed(service.reload) for _ in range(repeats(20, 5))]

        # Every FOLD_AFTER_ENTRIES-th write starts a fold of the journal into the main file on
        # a background thread; the scan itself does not wait for it (scan_fresh's max shows it).
        fold_samples = []
        for _ in range(repeats(5, 3)):
            service.undo_last()  # one small durable write, so there is something to fold
            fold_samples.append(timed(desk.store.fold))
        existing = size * EARLIER_PER_PERSON
        return [
            summarise(
                "checkin.scan_fresh",
                size,
                samples,
                checkins_before=existing,
                max=max(samples) * 1000,
                fold_every=FOLD_AFTER_ENTRIES,
            ),
            summarise("checkin.scan_already", size, repeat_samples, checkins_before=existing),
            summarise("checkin.reload", size, reload_samples, checkins=len(service.all_checkins())),
            summarise("checkin.fold (background)", size, fold_samples, every=FOLD_AFTER_ENTRIES),
        ]
    finally:
        desk.close()


def run(sizes: list[int]) -> list[BenchResult]:
    results: list[BenchResult] = []
    for size in sizes:
        with scratch_dir("bench-checkin-") as folder, _private_registry(folder):
            results += _measure(size, folder)
    return results


if __name__ == "__main__":
    for r in run([50, 5000]):
        print(r)
