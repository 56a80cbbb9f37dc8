"""Check-in facts and the in-memory book that answers "is this person in?" in constant time.

Why facts and not a flag on the participant: two desks check people in while the wifi is down,
and their work must merge without conflicts. A check-in is therefore an immutable record in the
`checkins` table (merge policy "append"); undoing one is a second fact of kind "void" naming it.
Nothing is ever edited or deleted, so any two desks that have seen the same facts agree on who
is in, whatever order the facts arrived in.

The book keeps three indexes (by id, by session then participant, and the voided ids) so the
scan path never walks the table, even at 5,000 people and 10,000 check-ins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

KIND_IN = "in"
KIND_VOID = "void"
METHODS = ("scan", "search", "walk_in")


@dataclass(frozen=True)
class CheckIn:
    """One person arriving for one session, as recorded by one desk."""

    id: str
    participant_id: str
    session_id: str
    at: datetime
    station: str
    method: str
    provisional: bool

    def to_fields(self) -> dict[str, Any]:
        """The stored fields (the station travels in the record envelope)."""
        return {
            "kind": KIND_IN,
            "participant_id": self.participant_id,
            "session_id": self.session_id,
            "at": self.at.isoformat(timespec="seconds"),
            "method": self.method,
            "provisional": self.provisional,
        }

    def to_json(self) -> dict[str, Any]:
        """The check-in as other programs read it (CLI --json, the JSON export)."""
        return {
            "id": self.id,
            "participant_id": self.participant_id,
            "session_id": self.session_id,
            "at": self.at.isoformat(timespec="seconds"),
            "station": self.station,
            "method": self.method,
            "provisional": self.provisional,
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> CheckIn:
        return cls(
            id=r["id"],
            participant_id=r["participant_id"],
            session_id=r["session_id"],
            at=datetime.fromisoformat(r["at"]),
            station=r.get("station", ""),
            method=r.get("method", "scan"),
            provisional=bool(r.get("provisional", False)),
        )


def void_fields(checkin: CheckIn, at: datetime) -> dict[str, Any]:
    """The fact that undoes `checkin`; it repeats who and which session so reports can read it."""
    return {
        "kind": KIND_VOID,
        "voids": checkin.id,
        "participant_id": checkin.participant_id,
        "session_id": checkin.session_id,
        "at": at.isoformat(timespec="seconds"),
    }


def local_naive(moment: datetime) -> datetime:
    """Desk time as stored: local wall-clock time to the second (the sign-in sheet's time)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


class AttendanceBook:
    """Every check-in fact known to this desk, indexed for the scan path."""

    def __init__(self, station: str) -> None:
        self.station = station
        self._by_id: dict[str, CheckIn] = {}
        self._by_session: dict[str, dict[str, list[CheckIn]]] = {}
        self._voided: set[str] = set()
        self._mine: list[str] = []  # this desk's check-ins in the order they were made

    def load(self, records: Iterable[dict[str, Any]]) -> None:
        """Rebuild from stored records (in any order: a void may arrive before its check-in)."""
        self._by_id.clear()
        self._by_session.clear()
        self._voided.clear()
        mine: list[tuple[str, str]] = []
        for r in records:
            if r.get("kind", KIND_IN) == KIND_VOID:
                self._voided.add(r["voids"])
                continue
            checkin = CheckIn.from_record(r)
            self.add(checkin, own=False)
            if checkin.station == self.station:
                mine.append((r.get("hlc", ""), checkin.id))
        self._mine = [cid for _, cid in sorted(mine)]

    def add(self, checkin: CheckIn, own: bool = True) -> None:
        """Index a check-in (already written to the store)."""
        self._by_id[checkin.id] = checkin
        entries = self._by_session.setdefault(checkin.session_id, {}).setdefault(
            checkin.participant_id, []
        )
        entries.append(checkin)
        if len(entries) > 1:
            entries.sort(key=lambda c: (c.at, c.id))
        if own:
            self._mine.append(checkin.id)

    def mark_voided(self, checkin_id: str) -> None:
        self._voided.add(checkin_id)

    def take(self, record: dict[str, Any]) -> None:
        """Index one stored fact (a check-in or a void), once; a repeat changes nothing."""
        if record.get("kind", KIND_IN) == KIND_VOID:
            self._voided.add(record["voids"])
            return
        if record["id"] in self._by_id:
            return
        checkin = CheckIn.from_record(record)
        self.add(checkin, own=checkin.station == self.station)

    # -- questions ---------------------------------------------------------------------------

    def get(self, checkin_id: str) -> CheckIn | None:
        return self._by_id.get(checkin_id)

    def is_voided(self, checkin_id: str) -> bool:
        return checkin_id in self._voided

    def counted(self, participant_id: str, session_id: str) -> CheckIn | None:
        """The check-in that counts: the earliest one not voided."""
        entries = self._by_session.get(session_id, {}).get(participant_id, ())
        return next((c for c in entries if c.id not in self._voided), None)

    def session(self, session_id: str) -> list[CheckIn]:
        """Counted check-ins of one session, earliest arrival first."""
        counted = (self.counted(pid, session_id) for pid in self._by_session.get(session_id, {}))
        return sorted((c for c in counted if c is not None), key=lambda c: (c.at, c.id))

    def sessions_of(self, participant_id: str) -> list[str]:
        """The sessions a person counts as present in (a removal says how many it keeps)."""
        return [sid for sid in self._by_session if self.counted(participant_id, sid) is not None]

    def latest_own(self) -> CheckIn | None:
        """This desk's most recent check-in that is not voided yet."""
        for checkin_id in reversed(self._mine):
            if checkin_id not in self._voided:
                return self._by_id[checkin_id]
        return None

    def all(self, include_voided: bool = False) -> list[CheckIn]:
        chosen = (c for c in self._by_id.values() if include_voided or c.id not in self._voided)
        return sorted(chosen, key=lambda c: (c.at, c.id))

    def __len__(self) -> int:
        return len(self._by_id)
