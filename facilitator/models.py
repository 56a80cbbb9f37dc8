"""The domain records: plain dataclasses that both the CLI and the TUI hold.

Each class knows how to become a stored record's fields and back; the envelope (id, clock,
station, tombstone) is the storage layer's business.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time
from enum import StrEnum
from functools import cache
from typing import Any, Self

from facilitator.codes.certificate_code import make_certificate_code
from facilitator.codes.participant_code import make_code
from facilitator.thai.text import join_full_name

# Table names, with how each merges across desks (see storage.merge).
EVENT_TABLE = "event"
PARTICIPANTS = "participants"
CHECKINS = "checkins"
MENTORING = "mentoring"
NOTE_VERSIONS = "note_versions"
ACTIONS = "actions"
TABLE_POLICIES: dict[str, Any] = {
    EVENT_TABLE: "lww",
    PARTICIPANTS: "lww",
    CHECKINS: "append",
    MENTORING: "lww",
    NOTE_VERSIONS: "append",
    ACTIONS: "lww",
}


class Role(StrEnum):
    """Why a person is in the room; drives badges, targets and the reports' grouping."""

    PRODUCER = "producer"
    MENTOR = "mentor"
    OFFICIAL = "official"
    LECTURER = "lecturer"
    GUEST = "guest"
    STAFF = "staff"


ROLE_ORDER = list(Role)
STAR_LEVELS = range(1, 6)


def check_star_level(stars: object) -> bool:
    """Whether `stars` is an OTOP star level (1 to 5), or not given at all."""
    if stars is None or stars == "":
        return True
    try:
        return int(stars) in STAR_LEVELS  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class SessionSlot:
    """One attendance session of one day (the morning or afternoon of the sign-in sheet)."""

    id: str
    day: date
    name: str
    start: time
    end: time

    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start)

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "name": self.name,
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
        }

    @classmethod
    def from_dict(cls, d: dict[str, str]) -> SessionSlot:
        return cls(
            d["id"],
            date.fromisoformat(d["day"]),
            d["name"],
            time.fromisoformat(d["start"]),
            time.fromisoformat(d["end"]),
        )


class KeyMissing(ValueError):
    """A badge code was asked of a desk that has not joined the event (no signing key)."""


@dataclass
class Event:
    """The workshop: where, when, its sessions, and the secret key that signs its codes."""

    id: str
    name: str
    venue: str
    days: list[date]
    sessions: list[SessionSlot]
    key: str
    targets: dict[str, int] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    """The office's paperwork settings (office, signers, rates, rules): see event_settings."""

    def sessions_on(self, day: date) -> list[SessionSlot]:
        return sorted((s for s in self.sessions if s.day == day), key=lambda s: s.start)

    def session(self, session_id: str) -> SessionSlot | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    @property
    def can_verify(self) -> bool:
        """Whether this desk holds the signing key (a desk that synced the event but has not
        joined it with the phrase holds the roster, not the key)."""
        return bool(self.key)

    def code_for(self, participant_id: str) -> str:
        """The check-in code printed on this person's badge, signed with the event's key."""
        if not self.key:
            raise KeyMissing(participant_id)
        return make_code(self.id, self.key, participant_id)

    def certificate_code_for(self, participant_id: str, number: int) -> str:
        """The code in the QR of certificate `number`, signed with the event's key under its
        own domain: it never checks anyone in, and a badge code is never a certificate."""
        return make_certificate_code(self.id, self.key, participant_id, number)

    def to_fields(self) -> dict[str, Any]:
        fields_ = {
            "name": self.name,
            "venue": self.venue,
            "days": [d.isoformat() for d in self.days],
            "sessions": [s.to_dict() for s in self.sessions],
            "targets": dict(self.targets),
            "settings": dict(self.settings),
        }
        if self.key:  # a desk without the key never writes an empty one over the real one
            fields_["key"] = self.key
        return fields_

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> Event:
        return cls(
            id=r["id"],
            name=r["name"],
            venue=r.get("venue", ""),
            days=[date.fromisoformat(d) for d in r.get("days", [])],
            sessions=[SessionSlot.from_dict(s) for s in r.get("sessions", [])],
            key=str(r.get("key", "")),
            targets=dict(r.get("targets", {})),
            settings=dict(r.get("settings", {})),
        )


@dataclass(slots=True)
class Participant:
    """A person on the roster (or registered at the desk as a walk-in; slots: 20,000 of them
    are held at a big event)."""

    id: str
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    nickname: str = ""
    role: str = Role.PRODUCER.value
    position: str = ""
    """ตำแหน่ง as the office writes it (ประธานกลุ่ม, พัฒนาการจังหวัด); the role is the category."""
    organisation: str = ""
    product: str = ""
    product_category: str = ""
    star_level: int | None = None
    district: str = ""
    phone: str = ""
    note: str = ""
    source: str = "roster"
    added_at: str = ""
    roster_order: int = 0

    @property
    def name(self) -> str:
        """First and last name, without the title."""
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        """The name as printed: the title joined to the first name, as Thai forms write it."""
        return join_full_name(self.title, self.first_name, self.last_name)

    @property
    def affiliation(self) -> str:
        """What to print under the name: the product for a producer, else the organisation."""
        if self.role == Role.PRODUCER and self.product:
            return self.product
        return self.organisation or self.product

    def to_fields(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("id")
        return data

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> Self:
        names = _field_names(cls)
        return cls(**{k: v for k, v in r.items() if k in names})


@cache
def _field_names(cls: type) -> frozenset[str]:
    """A dataclass's field names, found once: `fields()` per record was a fifth of the time
    the roster of a 20,000-person event took to load."""
    return frozenset(f.name for f in fields(cls))
