"""How long the office waits for an export: attendance XLSX and the sign-in sheet PDF.

The event has two days of two sessions (four sessions) and the given number of participants;
about 85% of them are checked in to each session (a few provisional, a few undone), written as
check-in facts straight into the store so that building the event is not what is measured.
Each sample is a whole export as the CLI runs it: build the attendance table from the desk,
render the format, write the file atomically. The target is under 15 s at 5,000 participants
for both formats. The CSV and JSON exports are timed too, for comparison.
"""

from __future__ import annotations

import random
import time as clock
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bench import BenchResult, repeats, scratch_dir, summarise
from facilitator.checkin.attendance import CheckIn, void_fields
from facilitator.codes.participant_code import new_participant_id
from facilitator.demo import DEMO_VENUE, demo_people
from facilitator.desk import Desk
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from facilitator.models import CHECKINS, Participant, Role

FIRST_DAY = date(2021, 6, 7)
TARGET_S = 15.0
FORMATS = ("xlsx", "pdf", "csv", "json")


def roster(size: int) -> list[Participant]:
    """`size` people with demo-like Thai names, each one distinct (numbered last names)."""
    base = demo_people()
    people = []
    for i in range(size):
        p = base[i % len(base)]
        people.append(
            Participant(
                id="",
                title=p.title,
                first_name=p.first_name,
                last_name=f"{p.last_name}{i // len(base) or ''}",
                role=p.role,
                organisation=p.organisation or p.product,
                product=p.product,
                phone=f"08{i % 10}-{i // 10 % 1000:03d}-{i % 10000:04d}",
                roster_order=i + 1,
            )
        )
    return people


def build(folder: Path, size: int) -> Desk:
    """A desk holding the event, `size` people and their check-ins over four sessions."""
    desk = Desk.open(folder / "event.json", station="bench-desk")
    desk.events.create(
        f"งานทดสอบการส่งออก {size} คน",
        DEMO_VENUE,
        [FIRST_DAY, FIRST_DAY + timedelta(days=1)],
        targets={Role.PRODUCER.value: size // 2, Role.MENTOR.value: size // 3},
    )
    desk.participants.apply_batch(roster(size), [])
    rng = random.Random(size)
    facts = []
    for slot in desk.event.sessions:
        for p in desk.participants.all():
            if rng.random() > 0.85:
                continue
            at = datetime.combine(slot.day, slot.start) + timedelta(seconds=rng.randint(0, 5400))
            c = CheckIn(uuid.uuid4().hex, p.id, slot.id, at, "bench-desk", "scan", False)
            facts.append((CHECKINS, c.to_fields(), c.id))
            if rng.random() < 0.01:
                facts.append((CHECKINS, void_fields(c, at + timedelta(minutes=1)), None))
        stranger = CheckIn(
            uuid.uuid4().hex,
            new_participant_id(),
            slot.id,
            datetime.combine(slot.day, time(9)),
            "bench-desk",
            "scan",
            True,
        )
        facts.append((CHECKINS, stranger.to_fields(), stranger.id))
    for start in range(0, len(facts), 1000):
        desk.store.put_many(facts[start : start + 1000])
    return desk


def run(sizes: list[int]) -> list[BenchResult]:
    results: list[BenchResult] = []
    with scratch_dir("exports") as folder:
        for size in sizes:
            desk = build(folder / str(size), size)
            try:
                for fmt in FORMATS:
                    samples = []
                    for n in range(repeats(3 if size > 1000 else 10, 1 if size > 1000 else 3)):
                        out = folder / str(size) / f"attendance-{n}.{fmt}"
                        request = ExportRequest("attendance", fmt, out, ExportOptions())
                        begin = clock.perf_counter()
                        desk.exports.run(request)
                        samples.append(clock.perf_counter() - begin)
                    kb = out.stat().st_size / 1024
                    result = summarise(f"export attendance {fmt}", size, samples, file_kb=kb)
                    if fmt in ("xlsx", "pdf"):
                        result.extra["ok"] = max(samples) < TARGET_S
                    results.append(result)
            finally:
                desk.close()
    return results
