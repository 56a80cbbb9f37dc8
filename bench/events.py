"""The events every bench measures, built one way: a real workshop's shape, at any size.

Shape (the Mukdahan KBO workshop, scaled): two days, four sessions (yesterday and today, so a
scan made now counts for one of today's), 40% OTOP producers, 40% KBO mentors, the rest
officials and lecturers, Thai names with titles and nicknames, phones, districts, the demo's
finished mentoring sessions, and about 97% of the people checked in to every session, so 50
people make about 190 check-ins and 20,000 make about 78,000. The session a scan made now
counts for is the exception: a reserve of people (20 at 50, up to 250) is left out of it, so
that the scans the benches time are real, fresh check-ins that write. Nothing here is a
made-up "10,000 check-ins at 50 people".

`prepared(size)` builds each size once per bench run (in a scratch folder on a real disk) and
`copy_event(built, folder)` hands a bench its own copy: a database closed and folded, with a
`built.json` beside it that child processes read to know the codes, names and sessions.
"""

from __future__ import annotations

import json
import random
import shutil
import uuid
from contextlib import ExitStack
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import scratch_dir

STATION = "bench-desk"
ATTENDANCE = 0.97
BATCH = 5_000
SHOWN = 5
SURNAME_QUERIES = ["ศรีสุข", "ทองดี"]
_cache: dict[int, BuiltEvent] = {}
_stack = ExitStack()


@dataclass(frozen=True)
class Scannable:
    """A person the current session is still waiting for: what the scanner types, who shows."""

    participant_id: str
    code: str
    display_name: str


@dataclass(frozen=True)
class BuiltEvent:
    """An event database on disk and what the benches need to know about it."""

    db: str
    size: int
    people: int
    checkins: int
    sessions: list[str]
    current_session: str
    reserve: list[Scannable]
    searches: dict[str, list[str]]
    """What the participants screen lists first for each query typed so far (the codes of the
    first `SHOWN` people, from the desk's own search; "" is the whole roster)."""
    queries: list[str]
    """What the search benches type, a key at a time: two surnames and one phone number."""

    @property
    def path(self) -> Path:
        return Path(self.db)

    def save(self) -> None:
        data = asdict(self)
        self.path.with_name("built.json").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"
        )

    @classmethod
    def load(cls, db: Path | str) -> BuiltEvent:
        """The description saved beside a database (by `build_event` or `copy_event`)."""
        data = json.loads(Path(db).with_name("built.json").read_text(encoding="utf-8"))
        data["reserve"] = [Scannable(**s) for s in data["reserve"]]
        return cls(**data)


def reserve_size(size: int) -> int:
    """How many people the current session still waits for when a bench starts."""
    return max(20, min(size // 10, 250))


def roster(size: int, seed: int = 2564) -> list:
    """`size` people shaped like the demo's 50 (which they start with, unchanged)."""
    from facilitator.demo import (
        DISTRICTS,
        FEMALE_FIRST,
        LAST_NAMES,
        MALE_FIRST,
        MENTOR_ORGS,
        NICKNAMES,
        OFFICIAL_ORGS,
        PRODUCTS,
        demo_people,
    )
    from facilitator.models import Participant, Role

    people: list[Participant] = demo_people()[:size]
    rng = random.Random(seed + size)
    roles = [Role.PRODUCER] * 8 + [Role.MENTOR] * 8 + [Role.OFFICIAL] * 3 + [Role.LECTURER]
    for n in range(len(people), size):
        role = rng.choice(roles)
        female = rng.random() < 0.6
        product, category, group = rng.choice(PRODUCTS)
        if role is Role.PRODUCER:
            organisation = group
        elif role is Role.MENTOR:
            organisation = rng.choice(MENTOR_ORGS)
        else:
            organisation = rng.choice(OFFICIAL_ORGS)
        # Surnames of two common parts, so a big fair has many (not 24) family names.
        last = rng.choice(LAST_NAMES) + ("" if rng.random() < 0.5 else rng.choice(LAST_NAMES))
        people.append(
            Participant(
                id="",
                title=rng.choice(["นาง", "นางสาว"]) if female else rng.choice(["นาย", "ดร."]),
                first_name=rng.choice(FEMALE_FIRST if female else MALE_FIRST),
                last_name=last,
                nickname=rng.choice(NICKNAMES),
                role=role.value,
                organisation=organisation,
                product=product if role is Role.PRODUCER else "",
                product_category=category if role is Role.PRODUCER else "",
                star_level=rng.choice([1, 2, 3]) if role is Role.PRODUCER else None,
                district=rng.choice(DISTRICTS),
                phone=f"08{rng.choice('1234569')}-{n // 10000 % 1000:03d}-{n % 10000:04d}",
                roster_order=n + 1,
            )
        )
    return people


def build_event(folder: Path, size: int, now: datetime | None = None) -> BuiltEvent:
    """Write the event of `size` people into `folder/event.json`; see the module docstring."""
    from facilitator.checkin.attendance import CheckIn
    from facilitator.codes.participant_code import make_code
    from facilitator.demo import DEMO_EVENT_NAME, DEMO_VENUE, add_demo_mentoring
    from facilitator.desk import Desk
    from facilitator.models import CHECKINS, Role

    now = now or datetime.now()
    today = now.date()
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "event.json"
    rng = random.Random(size)
    with Desk.open(db, station=STATION) as desk:
        yesterday: date = today - timedelta(days=1)
        event = desk.events.create(
            DEMO_EVENT_NAME,
            DEMO_VENUE,
            [yesterday, today],
            targets={Role.PRODUCER.value: size * 2 // 5, Role.MENTOR.value: size * 2 // 5},
        )
        desk.participants.apply_batch(roster(size), [])
        add_demo_mentoring(desk.participants, desk.mentoring, yesterday)
        people = desk.participants.all()
        current = desk.checkins.current_session(now).session
        assert current is not None, "an event day always has a session to count for"
        reserve = _reserve(people, reserve_size(size), rng)
        waiting = {p.id for p in reserve}
        facts = []
        for slot in event.sessions:
            for p in people:
                if rng.random() > ATTENDANCE or (slot.id == current.id and p.id in waiting):
                    continue
                at = datetime.combine(slot.day, slot.start) + timedelta(
                    seconds=rng.randint(-1800, 5400)
                )
                c = CheckIn(uuid.uuid4().hex, p.id, slot.id, at, STATION, "scan", False)
                facts.append((CHECKINS, c.to_fields(), c.id))
        for start in range(0, len(facts), BATCH):
            desk.store.put_many(facts[start : start + BATCH])
        phone = "".join(ch for ch in people[len(people) // 2].phone if ch.isdigit())
        queries = [*SURNAME_QUERIES, phone]
        built = BuiltEvent(
            db=str(db),
            size=size,
            people=len(people),
            checkins=len(facts),
            sessions=[s.id for s in event.sessions],
            current_session=current.id,
            reserve=[
                Scannable(p.id, make_code(event.id, event.key, p.id), p.display_name)
                for p in reserve
            ],
            searches={},
            queries=queries,
        )
    # A second fold, as a desk that has been in use has had: the journal keeps only what came
    # after the generation before (a freshly built file would replay its whole history).
    # The searches are worked out here, in a desk freshly opened from the file as the TUI opens
    # it: people who tie in the ranking come out in the order the desk loaded them.
    with Desk.open(db, station=STATION) as desk:
        desk.store.set_local("bench_built", now.isoformat(timespec="seconds"))
        built = replace(built, searches=expected_searches(desk, queries))
    built.save()
    return built


def expected_searches(desk: Any, queries: list[str]) -> dict[str, list[str]]:
    """What the participants screen should list first for every prefix of every query."""
    event = desk.event
    searches = {"": [event.code_for(p.id) for p in desk.participants.all()[:SHOWN]]}
    for query in queries:
        for n in range(1, len(query) + 1):
            found = desk.participants.search(query[:n], limit=500)[:SHOWN]
            searches[query[:n]] = [event.code_for(p.id) for p in found]
    return searches


def _reserve(people: list, count: int, rng: random.Random) -> list:
    """`count` people with names no other reserved person shares (so a name on screen is
    unmistakably the one just scanned), in a random order."""
    shuffled = list(people)
    rng.shuffle(shuffled)
    seen: set[str] = set()
    chosen = []
    for p in shuffled:
        if p.display_name in seen:
            continue
        seen.add(p.display_name)
        chosen.append(p)
        if len(chosen) == count:
            break
    return chosen


def prepared(size: int) -> BuiltEvent:
    """The event of `size` people for this run, built the first time it is asked for."""
    if size not in _cache:
        folder = _stack.enter_context(scratch_dir(f"bench-event-{size}-"))
        _cache[size] = build_event(folder, size)
    return _cache[size]


def copy_event(built: BuiltEvent, folder: Path) -> BuiltEvent:
    """A private copy of a built event in `folder`, replacing whatever was there (a copy mixed
    with an older one's journal or generations would not open)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = built.path.parent
    for item in source.iterdir():
        if item.name.endswith(".lock"):
            continue
        if item.is_dir():
            shutil.copytree(item, folder / item.name, dirs_exist_ok=True)
        else:
            shutil.copy2(item, folder / item.name)
    copy = replace(built, db=str(folder / built.path.name))
    copy.save()
    return copy


def discard_all() -> None:
    """Remove every event this run built (the run's end)."""
    _cache.clear()
    _stack.close()
