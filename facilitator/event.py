"""The event: creating it, reading it back, and picking the session a scan counts for.

`EventService` holds the event as the database has it now; the Desk tells it when the event
record changed (an edit here, a sync from another desk) and it reads it again then, not before.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from facilitator.codes.participant_code import new_event_key
from facilitator.errors import UserError
from facilitator.event_settings import EventSettings
from facilitator.models import EVENT_TABLE, Event, SessionSlot
from facilitator.records import Records

DEFAULT_SESSIONS: list[tuple[str, str, time, time]] = [
    ("am", "ช่วงเช้า", time(8, 30), time(12, 0)),
    ("pm", "ช่วงบ่าย", time(13, 0), time(16, 30)),
]


class NoEvent(UserError):
    """The database holds no event yet."""


class EventError(UserError, ValueError):
    """An event that cannot be created or changed as asked."""


def parse_session_spec(spec: str) -> list[tuple[str, str, time, time]]:
    """Parse "08:30-12:00,13:00-16:30" (optionally "ช่วงเช้า=08:30-12:00") into session templates."""
    templates: list[tuple[str, str, time, time]] = []
    for n, part in enumerate(p.strip() for p in spec.split(",") if p.strip()):
        name, _, span = part.rpartition("=")
        start_text, sep, end_text = span.partition("-")
        if not sep:
            raise EventError("event.error.session_form", part=part)
        try:
            start, end = (
                time.fromisoformat(start_text.strip()),
                time.fromisoformat(end_text.strip()),
            )
        except ValueError:
            raise EventError("event.error.session_times", part=part) from None
        if end <= start:
            raise EventError("event.error.session_backwards", part=part)
        default_name = DEFAULT_SESSIONS[n][1] if n < len(DEFAULT_SESSIONS) else f"ช่วงที่ {n + 1}"
        templates.append((f"s{n + 1}", name.strip() or default_name, start, end))
    if not templates:
        raise EventError("event.error.no_sessions")
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


class EventService:
    """The one event this database holds, kept current as it changes."""

    def __init__(self, records: Records) -> None:
        self._records = records
        self._current: Event | None = None
        self.settings = EventSettings(records, lambda: self.current)
        """The office's paperwork settings kept in the event record (office, signers, rates)."""

    @property
    def exists(self) -> bool:
        return bool(self._records.records(EVENT_TABLE))

    @property
    def current(self) -> Event:
        """The event; NoEvent (saying how to create one) when the database holds none yet."""
        if self._current is None:
            records = self._records.records(EVENT_TABLE)
            if not records:
                raise NoEvent("event.error.none", db=self._records.path)
            self._current = Event.from_record(records[0])
        return self._current

    def changed(self) -> None:
        """The event record changed (here or on another desk): read it again when next asked."""
        self._current = None

    def create(
        self,
        name: str,
        venue: str,
        days: list[date],
        templates: list[tuple[str, str, time, time]] | None = None,
        targets: dict[str, int] | None = None,
    ) -> Event:
        """Write a new event into an empty database."""
        if self.exists:
            raise EventError("event.error.exists", db=self._records.path)
        if not name.strip():
            raise EventError("event.error.no_name")
        if not days:
            raise EventError("event.error.no_days")
        event = Event(
            id=uuid.uuid4().hex,
            name=name.strip(),
            venue=venue.strip(),
            days=sorted(set(days)),
            sessions=build_sessions(sorted(set(days)), templates),
            key=new_event_key(),
            targets=targets or {},
        )
        self._records.put(EVENT_TABLE, event.to_fields(), event.id)
        return event

    def session(self, session_id: str) -> SessionSlot:
        """A session of the event by id; EventError listing the real ones otherwise."""
        chosen = self.current.session(session_id)
        if chosen is None:
            ids = ", ".join(s.id for s in self.current.sessions)
            raise EventError("event.error.no_such_session", session=session_id, ids=ids)
        return chosen


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


def next_session_change(event: Event, now: datetime) -> datetime | None:
    """The next moment the session a scan counts for may change: a start or end still to come."""
    moments = sorted(
        moment
        for slot in event.sessions
        for moment in (slot.starts_at(), datetime.combine(slot.day, slot.end))
        if moment > now
    )
    return moments[0] if moments else None
