"""What may come in from another desk: a schema per table, and a quarantine for the rest.

A record from a bundle or from the server was made by another desk, or by someone editing a
file by hand. One check-in with `"at": "yesterday"`, an integer name or an id outside the code
alphabet would otherwise crash every later start of every desk that merged it. So every
incoming record is checked here (after the storage layer's envelope check: id, clock stamps,
size) against what its table's records must look like; one that fails is set aside in the
desk's quarantine (desk-local, never synced) with where it came from and why, shown on the sync
screen and by `facilitator sync quarantine`, and the rest of the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from facilitator.codes.participant_code import CODE_ALPHABET, PARTICIPANT_ID_LENGTH
from facilitator.models import (
    ACTIONS,
    CHECKINS,
    EVENT_TABLE,
    MENTORING,
    NOTE_VERSIONS,
    PARTICIPANTS,
    Role,
    check_star_level,
)
from facilitator.storage.record import Record

QUARANTINE_KEY = "quarantine"
"""Desk-local state: the records set aside, newest last (bounded)."""
KEEP = 500
MAX_AHEAD = timedelta(days=1)
EARLIEST = datetime(2000, 1, 1)
TEXT_LIMIT = 20_000
_ALPHABET = frozenset(CODE_ALPHABET)


@dataclass(frozen=True)
class SetAside:
    """One record kept out of the event, with where it came from and why."""

    table: str
    record_id: str
    source: str
    reason: str
    at: str

    def to_json(self) -> dict[str, str]:
        return {
            "table": self.table,
            "id": self.record_id,
            "source": self.source,
            "reason": self.reason,
            "at": self.at,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SetAside:
        return cls(
            str(data.get("table", "")),
            str(data.get("id", "")),
            str(data.get("source", "")),
            str(data.get("reason", "")),
            str(data.get("at", "")),
        )


Check = Callable[[Record, datetime], str | None]


def _text(record: Record, name: str, required: bool = False) -> str | None:
    value = record.get(name)
    if value is None:
        return f"{name} is missing" if required else None
    if not isinstance(value, str):
        return f"{name} must be text, not {type(value).__name__}"
    if len(value) > TEXT_LIMIT:
        return f"{name} is longer than {TEXT_LIMIT:,} characters"
    if required and not value.strip():
        return f"{name} is empty"
    return None


def _moment(record: Record, name: str, now: datetime, required: bool = False) -> str | None:
    value = record.get(name)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str):
        return f"{name} must be a date and time, not {value!r}"[:200]
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"{name} {value[:40]!r} is not a date and time"
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    if moment > now + MAX_AHEAD or moment < EARLIEST:
        return f"{name} {value[:40]} is not a plausible time"
    return None


def _day(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _ids(record: Record, name: str) -> str | None:
    value = record.get(name, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        return f"{name} must be a list of ids"
    return None


def _participant_id(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) == PARTICIPANT_ID_LENGTH
        and _ALPHABET.issuperset(value)
    )


def _first(*problems: str | None) -> str | None:
    return next((p for p in problems if p), None)


def check_participant(r: Record, now: datetime) -> str | None:
    if not _participant_id(r["id"]):
        return f"id {r['id']!r} is not a participant id (8 letters of the code alphabet)"
    if r.get("deleted"):
        return None
    texts = (
        "title",
        "last_name",
        "nickname",
        "organisation",
        "product",
        "district",
        "phone",
        "note",
        "position",
        "source",
        "product_category",
    )
    return _first(
        _text(r, "first_name", required=True),
        *(_text(r, name) for name in texts),
        None if r.get("role", Role.PRODUCER.value) in {x.value for x in Role} else "unknown role",
        None if check_star_level(r.get("star_level")) else "star level is not 1 to 5",
        None if isinstance(r.get("roster_order", 0), int) else "roster_order must be a number",
        _moment(r, "added_at", now),
    )


def check_checkin(r: Record, now: datetime) -> str | None:
    kind = r.get("kind", "in")
    if kind not in ("in", "void"):
        return f"kind {kind!r} is neither a check-in nor an undo"
    if kind == "void" and not isinstance(r.get("voids"), str):
        return "an undo must name the check-in it undoes"
    return _first(
        None if _participant_id(r.get("participant_id")) else "participant_id is not an id",
        _text(r, "session_id", required=True),
        _moment(r, "at", now, required=True),
        None
        if r.get("method", "scan") in ("scan", "search", "walk_in") or kind == "void"
        else "unknown method",
        None
        if isinstance(r.get("provisional", False), bool)
        else "provisional must be true or false",
    )


def check_event(r: Record, now: datetime) -> str | None:
    if r.get("deleted"):
        return "the event itself may not be removed"
    days = r.get("days", [])
    sessions = r.get("sessions", [])
    if not isinstance(days, list) or not all(_day(d) for d in days):
        return "days must be a list of dates"
    if not isinstance(sessions, list) or not all(
        isinstance(s, dict)
        and _day(s.get("day"))
        and isinstance(s.get("id"), str)
        and isinstance(s.get("start"), str)
        and isinstance(s.get("end"), str)
        for s in sessions
    ):
        return "sessions are malformed"
    targets = r.get("targets", {})
    if not isinstance(targets, dict) or not all(isinstance(v, int) for v in targets.values()):
        return "targets must be numbers by role"
    return _first(_text(r, "name"), _text(r, "venue"), _text(r, "key"))


def check_mentoring(r: Record, now: datetime) -> str | None:
    if r.get("deleted"):
        return None
    return _first(
        _ids(r, "producer_ids"),
        _ids(r, "mentor_ids"),
        _ids(r, "topics"),
        _ids(r, "standards"),
        _ids(r, "products"),
        _moment(r, "started_at", now),
        _moment(r, "ended_at", now),
        None
        if r.get("follow_up", "") in ("", None) or _day(r.get("follow_up"))
        else "follow_up is not a date",
        None if check_star_level(r.get("target_stars")) else "target stars are not 1 to 5",
    )


def check_note(r: Record, now: datetime) -> str | None:
    return _first(
        _text(r, "session_id", required=True),
        _text(r, "field", required=True),
        _text(r, "text"),
        _ids(r, "parents"),
        _moment(r, "at", now),
    )


def check_action(r: Record, now: datetime) -> str | None:
    if r.get("deleted"):
        return None
    return _first(
        _text(r, "session_id", required=True),
        _text(r, "text"),
        _text(r, "owner"),
        None if r.get("due", "") in ("", None) or _day(r.get("due")) else "due is not a date",
        None if isinstance(r.get("done", False), bool) else "done must be true or false",
        _moment(r, "done_at", now),
        _moment(r, "created_at", now),
    )


CHECKS: dict[str, Check] = {
    PARTICIPANTS: check_participant,
    CHECKINS: check_checkin,
    EVENT_TABLE: check_event,
    MENTORING: check_mentoring,
    NOTE_VERSIONS: check_note,
    ACTIONS: check_action,
}


def problem_of(table: str, record: object, now: datetime, envelope: str | None) -> str | None:
    """Why a record may not come in (the envelope's reason first), or None."""
    if envelope is not None:
        return f"envelope: {envelope}"
    assert isinstance(record, dict)
    check = CHECKS.get(table)
    if check is None:
        return f"unknown table {table!r}"
    try:
        return check(record, now)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a shape no check foresaw
        return f"malformed ({type(exc).__name__})"


def admit(
    items: Iterable[tuple[str, Record]],
    now: datetime,
    envelope: Callable[[object], str | None],
    source: str,
) -> tuple[list[tuple[str, Record]], list[SetAside]]:
    """Split incoming records into those that may be merged and those set aside."""
    good: list[tuple[str, Record]] = []
    aside: list[SetAside] = []
    stamp = now.isoformat(timespec="seconds")
    for table, record in items:
        problem = problem_of(table, record, now, envelope(record))
        if problem is None:
            good.append((table, record))
        else:
            rid = record.get("id") if isinstance(record, dict) else None
            aside.append(SetAside(table, str(rid)[:60], source, problem[:300], stamp))
    return good, aside
