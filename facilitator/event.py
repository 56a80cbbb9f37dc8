"""The event: creating it, editing it, reading it back, and picking the session a scan counts for.

`EventService` holds the event as the database has it now; the Desk tells it when the event
record changed (an edit here, a sync from another desk) and it reads it again then, not before.
An edit keeps the ids of the sessions that remain, because every check-in names its session by
id: a new start time for the morning must not orphan the morning's check-ins.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from facilitator.codes.join_phrase import (
    PHRASE_KEY,
    SEALED_FIELD,
    looks_like_phrase,
    new_join_phrase,
    normalise_phrase,
    open_key,
    show_phrase,
)
from facilitator.codes.participant_code import new_event_key
from facilitator.errors import UserError
from facilitator.event_settings import EventSettings
from facilitator.models import EVENT_TABLE, Event, SessionSlot
from facilitator.records import Records

DEFAULT_SESSIONS: list[tuple[str, str, time, time]] = [
    ("am", "ช่วงเช้า", time(8, 30), time(12, 0)),
    ("pm", "ช่วงบ่าย", time(13, 0), time(16, 30)),
]


@dataclass(frozen=True)
class Joined:
    """A desk that joined the event: it can verify and make badge codes now."""

    event_name: str
    already: bool = False


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


SessionTemplate = tuple[str, str, time, time]
"""One session of every day as `parse_session_spec` reads it: (key, name, start, end)."""


@dataclass(frozen=True)
class EventEdit:
    """An edit of the event: before and after, the fields that changed (old → new), and which
    sessions were kept (same id, so their check-ins still point at them), added and dropped."""

    before: Event
    after: Event
    changes: tuple[tuple[str, str, str], ...]
    kept: tuple[SessionSlot, ...] = ()
    added: tuple[SessionSlot, ...] = ()
    dropped: tuple[SessionSlot, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _templates_of(event: Event) -> list[SessionTemplate]:
    """The sessions of the event's first day, as the template new days are given."""
    first = event.sessions_on(event.days[0]) if event.days else []
    return [(f"s{n}", s.name, s.start, s.end) for n, s in enumerate(first, start=1)]


def _pair_sessions(
    day: date, old: list[SessionSlot], templates: list[SessionTemplate], taken: set[str]
) -> list[tuple[SessionSlot | None, SessionSlot]]:
    """Each new session of `day` with the old one it continues (None: a session of its own).

    A session keeps its id when a new one has its name ("ช่วงเช้า" moved to 08:00), else the
    one in the same place of the day: new times for the morning keep the morning's check-ins,
    and an opening session put before the morning by name does not take the morning's id.
    """
    unpaired = list(old)
    pairs: dict[int, SessionSlot] = {}
    for n, (_key, name, _start, _end) in enumerate(templates):
        same = [s for s in unpaired if s.name == name]
        if len(same) == 1:
            pairs[n] = same[0]
            unpaired.remove(same[0])
    for n in range(len(templates)):
        if n not in pairs and n < len(old) and old[n] in unpaired:
            pairs[n] = old[n]
            unpaired.remove(old[n])
    out: list[tuple[SessionSlot | None, SessionSlot]] = []
    for n, (key, name, start, end) in enumerate(templates):
        before = pairs.get(n)
        if before is not None:
            slot_id = before.id
        else:
            slot_id, extra = f"{day.isoformat()}-{key}", 1
            while slot_id in taken:
                extra += 1
                slot_id = f"{day.isoformat()}-{key}-{extra}"
        taken.add(slot_id)
        out.append((before, SessionSlot(slot_id, day, name, start, end)))
    return out


class EventService:
    """The one event this database holds, kept current as it changes."""

    def __init__(
        self, records: Records, checkins_in: Callable[[str], int] = lambda _sid: 0
    ) -> None:
        self._records = records
        self._current: Event | None = None
        self._checkins_in = checkins_in
        self._offered: str | None = None
        """A phrase given for a sync that is to bring or open the event (see `offer_phrase`)."""
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
        self._records.put_many(
            [(EVENT_TABLE, event.to_fields(), event.id)], local={PHRASE_KEY: new_join_phrase()}
        )
        return event

    # -- the join phrase: how other desks get the signing key ----------------------------------

    def join_phrase(self) -> str | None:
        """This desk's copy of the event's join phrase; a desk that created the event before
        phrases existed makes one now (it holds the key, so it may)."""
        if self._offered is not None:
            return show_phrase(self._offered)
        phrase = self._records.local(PHRASE_KEY)
        if isinstance(phrase, str) and looks_like_phrase(phrase):
            return show_phrase(phrase)
        if phrase is None and self.exists and self.current.can_verify and self._sealed() is None:
            phrase = new_join_phrase()
            self._records.set_local(PHRASE_KEY, phrase)
            return phrase
        return None

    def remember_phrase(self, phrase: str) -> None:
        """Keep a phrase given before a pull, so the sealed key opens as it arrives."""
        if not looks_like_phrase(phrase):
            raise EventError("event.error.phrase_shape")
        self._records.set_local(PHRASE_KEY, show_phrase(phrase))

    def offer_phrase(self, phrase: str) -> None:
        """Hold a phrase given with a sync that is to bring the event (or open its key), in
        memory only: `join_phrase` answers with it, so the sealed key opens as the event
        arrives, and `keep_offered_phrase` writes it once the sync is done. A sync that fails
        (no server, no network) so leaves the desk's files as they were.

        Refused, writing nothing, when the phrase is not 24 letters, or when this desk already
        holds the sealed key and the phrase does not open it.
        """
        if not looks_like_phrase(phrase):
            raise EventError("event.error.phrase_shape")
        letters = normalise_phrase(phrase)
        sealed = self._sealed()
        if sealed is not None and open_key(self.current.id, sealed, letters) is None:
            raise EventError("event.error.phrase_wrong")
        self._offered = letters

    def keep_offered_phrase(self) -> Joined | None:
        """Write the phrase `offer_phrase` held, now that the sync is done: the event joined
        (its key opened and kept), or None when no event came. Refused when the event came
        sealed under another phrase; what the sync brought stays (the roster, unverifiable
        until the desk joins)."""
        letters, self._offered = self._offered, None
        if letters is None or not self.exists:
            return None
        event = self.current
        if event.can_verify and self._sealed() is None:  # the key came opened by this phrase
            self._records.set_local(PHRASE_KEY, show_phrase(letters))
            return Joined(event.name)
        return self.join(letters)

    def _sealed(self) -> object | None:
        records = self._records.records(EVENT_TABLE)
        return records[0].get(SEALED_FIELD) if records else None

    def join(self, phrase: str) -> Joined:
        """Take the signing key out of its sealed box with the phrase, and keep the phrase.

        Refused (EventError, nothing written) when the phrase is not 24 letters, when this desk
        has no sealed key to open (sync first), or when the phrase does not open it.
        """
        if not looks_like_phrase(phrase):
            raise EventError("event.error.phrase_shape")
        letters = normalise_phrase(phrase)
        event = self.current
        sealed = self._sealed()
        if event.can_verify and sealed is None:
            if self.join_phrase() != show_phrase(letters):
                raise EventError("event.error.phrase_wrong")
            return Joined(event.name, already=True)
        if sealed is None:
            raise EventError("event.error.nothing_to_join")
        key = open_key(event.id, sealed, letters)
        if key is None:
            raise EventError("event.error.phrase_wrong")
        already = event.key == key
        self._records.put_many(
            [] if already else [(EVENT_TABLE, {"key": key}, event.id)],
            local={PHRASE_KEY: show_phrase(letters)},
        )
        return Joined(event.name, already=already)

    def edit(
        self,
        name: str | None = None,
        venue: str | None = None,
        days: list[date] | None = None,
        sessions: list[SessionTemplate] | None = None,
    ) -> EventEdit:
        """Change the event's name, venue, days or the sessions of every day, in one write.

        Days and sessions that remain keep their session ids, so the check-ins already made
        still count where they were made; new days get the sessions of the first day (or the
        new `sessions`). Dropping a session that holds check-ins is refused, saying how many,
        and nothing is written: move those people by hand first, or keep the session.
        """
        event = self.current
        new_name = event.name if name is None else name.strip()
        new_venue = event.venue if venue is None else venue.strip()
        if not new_name:
            raise EventError("event.error.no_name")
        new_days = event.days if days is None else sorted(set(days))
        if not new_days:
            raise EventError("event.error.no_days")
        templates = sessions if sessions is not None else _templates_of(event)
        if not templates:
            raise EventError("event.error.no_sessions")

        taken = {s.id for s in event.sessions}
        kept: list[SessionSlot] = []
        added: list[SessionSlot] = []
        slots: list[SessionSlot] = []
        for day in new_days:
            if sessions is None and day in event.days:
                today = event.sessions_on(day)  # an untouched day keeps its sessions as they are
                slots += today
                kept += today
                continue
            for before, after in _pair_sessions(day, event.sessions_on(day), templates, taken):
                slots.append(after)
                (kept if before is not None else added).append(after)
        kept_ids = {s.id for s in kept}
        dropped = [s for s in event.sessions if s.id not in kept_ids]
        busy = [(s, n) for s in dropped if (n := self._checkins_in(s.id))]
        if busy:
            raise EventError(
                "roster_edit.error.session_has_checkins",
                count=sum(n for _, n in busy),
                sessions="\n".join(
                    f"  {slot.name} {slot.day.isoformat()} ({slot.id}): {n}" for slot, n in busy
                ),
            )

        after = replace(
            event,
            name=new_name,
            venue=new_venue,
            days=list(new_days),
            sessions=sorted(slots, key=lambda s: (s.day, s.start, s.id)),
        )
        changes: list[tuple[str, str, str]] = []
        if after.name != event.name:
            changes.append(("name", event.name, after.name))
        if after.venue != event.venue:
            changes.append(("venue", event.venue, after.venue))
        if after.days != event.days:
            changes.append(("days", _days_text(event.days), _days_text(after.days)))
        if [s.to_dict() for s in after.sessions] != [s.to_dict() for s in event.sessions]:
            changes.append(("sessions", _sessions_text(event), _sessions_text(after)))
        if changes:
            fields = {k: v for k, v in after.to_fields().items() if k in _EDITED}
            self._records.put(EVENT_TABLE, fields, event.id)
        return EventEdit(event, after, tuple(changes), tuple(kept), tuple(added), tuple(dropped))

    def session(self, session_id: str) -> SessionSlot:
        """A session of the event by id; EventError listing the real ones otherwise."""
        chosen = self.current.session(session_id)
        if chosen is None:
            ids = ", ".join(s.id for s in self.current.sessions)
            raise EventError("event.error.no_such_session", session=session_id, ids=ids)
        return chosen


_EDITED = frozenset({"name", "venue", "days", "sessions"})
"""The event fields an edit writes (the key and the targets are never touched)."""


def _days_text(days: list[date]) -> str:
    return ", ".join(d.isoformat() for d in days)


def _sessions_text(event: Event) -> str:
    """ "ช่วงเช้า 08:30-12:00, ช่วงบ่าย 13:00-16:30" when every day has the same sessions, else
    each day's, after its date and apart by ";"."""
    per_day = {
        day: ", ".join(f"{s.name} {s.start:%H:%M}-{s.end:%H:%M}" for s in event.sessions_on(day))
        for day in event.days
    }
    if len(set(per_day.values())) == 1:
        return next(iter(per_day.values()))
    return "; ".join(f"{day.isoformat()}: {text}" for day, text in per_day.items())


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
