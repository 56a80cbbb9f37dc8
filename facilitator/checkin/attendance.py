"""Check-in facts and the in-memory book that answers "is this person in?" in constant time.

Why facts and not a flag on the participant: two desks check people in while the wifi is down,
and their work must merge without conflicts. A check-in is therefore an immutable record in the
`checkins` table (merge policy "append"); undoing one is a second fact of kind "void" naming it.
Nothing is ever edited or deleted, so any two desks that have seen the same facts agree on who
is in, whatever order the facts arrived in.

The book keeps its indexes (by id, by session then participant, the voided ids, who counts in
each session, arrivals per minute) so neither the scan path nor a count walks the table, even
at 20,000 people and 80,000 check-ins.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

KIND_IN = "in"
KIND_VOID = "void"
METHODS = ("scan", "search", "walk_in")


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One person arriving for one session, as recorded by one desk (slots: 80,000 of them
    are held at a big event, and a dict per instance was a quarter of their memory)."""

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
    def from_record(cls, r: dict[str, Any], moments: dict[str, datetime] | None = None) -> CheckIn:
        """The check-in a stored record holds; `moments` (a load's memo of times already
        parsed) shares one datetime between the many check-ins of one second."""
        text = r["at"]
        at = moments.get(text) if moments is not None and type(text) is str else None
        if at is None:
            at = datetime.fromisoformat(text)
            if moments is not None:
                moments[text] = at
        return cls(
            r["id"],
            r["participant_id"],
            r["session_id"],
            at,
            r.get("station", ""),
            r.get("method", "scan"),
            bool(r.get("provisional", False)),
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


def _minute(at: datetime) -> int:
    return at.hour * 60 + at.minute


def _arrival(checkin: CheckIn) -> tuple[datetime, str]:
    """The order check-ins of one person and session are kept in: who came first counts."""
    return checkin.at, checkin.id


class AttendanceBook:
    """Every check-in fact known to this desk, indexed for the scan path.

    Besides the facts it keeps who *counts* in each session (their earliest check-in not
    voided) and how many arrived in each minute of each day, both updated per fact: the
    running count, the dashboard and the projector ask after every scan, and at 20,000 people
    a recount over every check-in would cost more than the scan itself. `on_counted(session,
    participant, counts)` hears each change of who counts (the desk's role tallies follow it).
    """

    def __init__(
        self, station: str, on_counted: Callable[[str, str, bool], None] | None = None
    ) -> None:
        self.station = station
        self._by_id: dict[str, CheckIn] = {}
        self._by_session: dict[str, dict[str, list[CheckIn]]] = {}
        self._voided: set[str] = set()
        self._mine: list[str] = []  # this desk's check-ins in the order they were made
        self._counted: dict[str, dict[str, CheckIn]] = {}
        self._minutes: dict[date, Counter[int]] = {}
        self._on_counted = on_counted

    def load(self, records: Iterable[dict[str, Any]]) -> None:
        """Rebuild from stored records (in any order: a void may arrive before its check-in).

        Everything is indexed first, then who counts is settled once per person and session
        (what `_recount` would conclude from an empty book, without its per-fact bookkeeping):
        at 80,000 check-ins the incremental path was most of the desk's start.
        """
        self._by_id.clear()
        self._by_session.clear()
        self._voided.clear()
        self._counted.clear()
        self._minutes.clear()
        by_id, by_session, voided = self._by_id, self._by_session, self._voided
        mine: list[tuple[str, str]] = []
        moments: dict[str, datetime] = {}
        for r in records:
            if r.get("kind", KIND_IN) == KIND_VOID:
                if isinstance(r.get("voids"), str):
                    voided.add(r["voids"])
                continue
            try:
                checkin = CheckIn.from_record(r, moments)
            except (KeyError, TypeError, ValueError):
                continue  # a malformed fact (from before the door checked them) counts nothing
            by_id[checkin.id] = checkin
            people = by_session.get(checkin.session_id)
            if people is None:
                people = by_session[checkin.session_id] = {}
            entries = people.get(checkin.participant_id)
            if entries is None:
                people[checkin.participant_id] = [checkin]
            else:
                entries.append(checkin)
            if checkin.station == self.station:
                mine.append((r.get("hlc", ""), checkin.id))
        minutes = self._minutes
        on_counted = self._on_counted
        for session_id, people in by_session.items():  # sorted once, not per insert
            counted = self._counted[session_id] = {}
            for participant_id, entries in people.items():
                if len(entries) > 1:
                    entries.sort(key=_arrival)
                now = next((c for c in entries if c.id not in voided), None)
                if now is None:
                    continue
                day = minutes.get(now.at.date())
                if day is None:
                    day = minutes[now.at.date()] = Counter()
                day[_minute(now.at)] += 1
                counted[participant_id] = now
                if on_counted is not None:
                    on_counted(session_id, participant_id, True)
        self._mine = [cid for _, cid in sorted(mine)]

    def add(self, checkin: CheckIn, own: bool = True) -> None:
        """Index a check-in (already written to the store).

        Inserted in place (a binary search): re-sorting per insert made 40,000 duplicate
        check-ins of one person take minutes.
        """
        self._by_id[checkin.id] = checkin
        entries = self._by_session.setdefault(checkin.session_id, {}).setdefault(
            checkin.participant_id, []
        )
        bisect.insort(entries, checkin, key=_arrival)
        if own:
            self._mine.append(checkin.id)
        self._recount(checkin.participant_id, checkin.session_id)

    def mark_voided(self, checkin_id: str) -> None:
        if checkin_id in self._voided:
            return
        self._voided.add(checkin_id)
        checkin = self._by_id.get(checkin_id)
        if checkin is not None:
            self._recount(checkin.participant_id, checkin.session_id)

    def take(self, record: dict[str, Any]) -> None:
        """Index one stored fact (a check-in or a void), once; a repeat changes nothing."""
        if record.get("kind", KIND_IN) == KIND_VOID:
            if isinstance(record.get("voids"), str):
                self.mark_voided(record["voids"])
            return
        if record["id"] in self._by_id:
            return
        try:
            checkin = CheckIn.from_record(record)
        except (KeyError, TypeError, ValueError):
            return
        self.add(checkin, own=checkin.station == self.station)

    def _recount(self, participant_id: str, session_id: str) -> None:
        """Who counts for this person and session now, and the minute tallies with it."""
        entries = self._by_session.get(session_id, {}).get(participant_id, ())
        now = next((c for c in entries if c.id not in self._voided), None)
        counted = self._counted.setdefault(session_id, {})
        before = counted.get(participant_id)
        if before is now:
            return
        if before is not None:
            minutes = self._minutes[before.at.date()]
            minutes[_minute(before.at)] -= 1
            if not minutes[_minute(before.at)]:
                del minutes[_minute(before.at)]
            del counted[participant_id]
        if now is not None:
            self._minutes.setdefault(now.at.date(), Counter())[_minute(now.at)] += 1
            counted[participant_id] = now
        if self._on_counted is not None and (before is None) != (now is None):
            self._on_counted(session_id, participant_id, now is not None)

    # -- questions ---------------------------------------------------------------------------

    def get(self, checkin_id: str) -> CheckIn | None:
        return self._by_id.get(checkin_id)

    def is_voided(self, checkin_id: str) -> bool:
        return checkin_id in self._voided

    def counted(self, participant_id: str, session_id: str) -> CheckIn | None:
        """The check-in that counts: the earliest one not voided."""
        return self._counted.get(session_id, {}).get(participant_id)

    def session(self, session_id: str) -> list[CheckIn]:
        """Counted check-ins of one session, earliest arrival first."""
        return sorted(self._counted.get(session_id, {}).values(), key=_arrival)

    def present(self, session_id: str) -> frozenset[str]:
        """Who counts as present in one session."""
        return frozenset(self._counted.get(session_id, ()))

    def count(self, session_id: str) -> int:
        return len(self._counted.get(session_id, ()))

    def arrivals_by_minute(self, day: date) -> Counter[int]:
        """How many of the people who count arrived in each minute of `day` (minute of day)."""
        return Counter(self._minutes.get(day, {}))

    def sessions_of(self, participant_id: str) -> list[str]:
        """The sessions a person counts as present in (a removal says how many it keeps)."""
        return [sid for sid, people in self._counted.items() if participant_id in people]

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
