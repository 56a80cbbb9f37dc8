"""Creating the event, reading it back, and picking the session a scan counts for."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from facilitator.codes.participant_code import new_event_key
from facilitator.models import EVENT_TABLE, Event, SessionSlot
from facilitator.storage.store import Store

DEFAULT_SESSIONS: list[tuple[str, str, time, time]] = [
    ("am", "ช่วงเช้า", time(8, 30), time(12, 0)),
    ("pm", "ช่วงบ่าย", time(13, 0), time(16, 30)),
]


class NoEvent(Exception):
    """The database holds no event yet."""


def parse_session_spec(spec: str) -> list[tuple[str, str, time, time]]:
    """Parse "08:30-12:00,13:00-16:30" (optionally "ช่วงเช้า=08:30-12:00") into session templates."""
    templates: list[tuple[str, str, time, time]] = []
    for n, part in enumerate(p.strip() for p in spec.split(",") if p.strip()):
        name, _, span = part.rpartition("=")
        start_text, sep, end_text = span.partition("-")
        if not sep:
            raise ValueError(f"session {part!r}: write it as HH:MM-HH:MM")
        try:
            start, end = (
                time.fromisoformat(start_text.strip()),
                time.fromisoformat(end_text.strip()),
            )
        except ValueError:
            raise ValueError(f"session {part!r}: times must look like 08:30-12:00") from None
        if end <= start:
            raise ValueError(f"session {part!r}: it ends before it starts")
        default_name = DEFAULT_SESSIONS[n][1] if n < len(DEFAULT_SESSIONS) else f"ช่วงที่ {n + 1}"
        templates.append((f"s{n + 1}", name.strip() or default_name, start, end))
    if not templates:
        raise ValueError("give at least one session, e.g. 08:30-12:00,13:00-16:30")
    return templates


def build_sessions(
    days: list[date], templates: list[tuple[str, str, time, time]] | None = None
) -> list[SessionSlot]:
    """The same sessions on every day."""
    chosen = templates or DEFAULT_SESSIONS
    return [
        SessionSlot(f"{day.isoformat()}-{key}", day, name, start, end)
        for day in days
        for key, name, start, end in chosen
    ]


def create_event(
    store: Store,
    name: str,
    venue: str,
    days: list[date],
    templates: list[tuple[str, str, time, time]] | None = None,
    targets: dict[str, int] | None = None,
) -> Event:
    """Write a new event into an empty database."""
    if store.records(EVENT_TABLE):
        raise ValueError(f"{store.path} already holds an event; use another --db file")
    if not name.strip():
        raise ValueError("the event needs a name")
    if not days:
        raise ValueError("the event needs at least one day")
    event = Event(
        id=uuid.uuid4().hex,
        name=name.strip(),
        venue=venue.strip(),
        days=sorted(set(days)),
        sessions=build_sessions(sorted(set(days)), templates),
        key=new_event_key(),
        targets=targets or {},
    )
    store.put(EVENT_TABLE, event.to_fields(), event.id)
    return event


def load_event(store: Store) -> Event:
    """The event this database holds."""
    records = store.records(EVENT_TABLE)
    if not records:
        raise NoEvent(
            f"{store.path} holds no event yet. Create one with "
            "`facilitator init --name ... --days ...` or try `facilitator demo`."
        )
    return Event.from_record(records[0])


@dataclass(frozen=True)
class SessionPick:
    """The session a check-in counts for right now, and why."""

    session: SessionSlot | None
    reason: str  # "open", "next", "last", "override", "no_sessions_today"


def pick_session(event: Event, now: datetime, override: str | None = None) -> SessionPick:
    """The session in progress; between sessions the next one; after the last, the last one.

    A person scanned after lunch counts for the afternoon. On a day with no sessions there is
    no guess: the desk must pick one (`override`).
    """
    if override:
        chosen = event.session(override)
        if chosen is not None:
            return SessionPick(chosen, "override")
    today = event.sessions_on(now.date())
    if not today:
        return SessionPick(None, "no_sessions_today")
    clock = now.time()
    for slot in today:
        if slot.start <= clock < slot.end:
            return SessionPick(slot, "open")
        if clock < slot.start:
            return SessionPick(slot, "next")
    return SessionPick(today[-1], "last")
