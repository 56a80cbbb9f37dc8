"""The attendance table every attendance format is drawn from, so their numbers cannot differ.

Who counts is decided once, by the check-in service (`CheckInService.attendance`): the earliest
check-in of a person in a session that no void fact undid. This module only arranges that into
rows (people in roster order) and columns (sessions in time order) and counts. A check-in made
for someone this desk does not know yet (a walk-in registered at another desk before the sync)
is *provisional*: it counts, and gets a row of its own under the person's id, so the total on
the sign-in sheet equals the total on the desk's screen. Someone taken off the roster after
checking in keeps their check-ins too: a row of their own on the days they came, marked removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from facilitator.checkin.attendance import CheckIn
from facilitator.errors import UserError
from facilitator.exports.sources import ExportSources
from facilitator.labels import day_label
from facilitator.models import ROLE_ORDER, Event, Participant, SessionSlot

PROVISIONAL_MARK = "*"
UNKNOWN_ROLE = ""  # the role of a person known only by the id in their code


@dataclass(frozen=True)
class AttendanceRow:
    """One person and, per session id, the check-in that counts (absent: no entry)."""

    number: int
    participant_id: str
    participant: Participant | None  # None: known only from a provisional check-in
    code: str
    cells: dict[str, CheckIn]
    removed: bool = False
    """Taken off the roster after checking in: the check-ins stay, the row says so."""

    @property
    def on_roster(self) -> bool:
        """Whether the person is on the roster now: known to this desk and not removed."""
        return self.participant is not None and not self.removed

    @property
    def role(self) -> str:
        return self.participant.role if self.participant else UNKNOWN_ROLE

    @property
    def name(self) -> str:
        return self.participant.display_name if self.participant else ""

    @property
    def organisation(self) -> str:
        p = self.participant
        if p is None:
            return ""
        return p.organisation or p.product

    @property
    def position(self) -> str:
        """ตำแหน่ง as the office wrote it ("" when the roster gave none)."""
        return self.participant.position if self.participant else ""

    def shown_name(self, text: Callable[..., str]) -> str:
        """The name as a sheet prints it, in the export's language (`text` is its catalogue):
        marked for a removed person, the id for one this desk does not know yet."""
        if self.participant is None:
            return text("export.unknown_person", id=self.participant_id)
        if self.removed:
            return text("roster_edit.export.removed_name", name=self.name)
        return self.name

    @property
    def phone(self) -> str:
        return self.participant.phone if self.participant else ""

    def checkin(self, session_id: str) -> CheckIn | None:
        return self.cells.get(session_id)

    def time_text(self, session_id: str) -> str:
        """ "09:12", "09:12*" for a provisional check-in, "" when absent."""
        c = self.cells.get(session_id)
        if c is None:
            return ""
        return f"{c.at:%H:%M}{PROVISIONAL_MARK if c.provisional else ''}"

    def attended_count(self, session_ids: list[str] | None = None) -> int:
        return sum(1 for sid in (session_ids or self.cells) if sid in self.cells)


@dataclass
class AttendanceTable:
    """Rows × sessions, plus every check-in fact (voided ones too) for the JSON export."""

    event: Event
    sessions: list[SessionSlot]
    rows: list[AttendanceRow]
    facts: list[CheckIn] = field(default_factory=list)
    voided: set[str] = field(default_factory=set)

    @property
    def days(self) -> list[date]:
        return sorted({s.day for s in self.sessions})

    def sessions_on(self, day: date) -> list[SessionSlot]:
        return [s for s in self.sessions if s.day == day]

    def count(self, session_id: str) -> int:
        """People counted present in the session. Someone taken off the roster is not: their
        row stays on the sheet, marked, but a mistaken walk-in or a namesake removed later
        must not make a total (the sheet's, the report's, its chart's) one higher than the
        table of groups beside it."""
        return sum(1 for r in self.rows if session_id in r.cells and not r.removed)

    def provisional_count(self, session_id: str) -> int:
        return sum(
            1
            for r in self.rows
            if (c := r.cells.get(session_id)) and c.provisional and not r.removed
        )

    def has_provisional(self, session_ids: Iterable[str] | None = None) -> bool:
        """Whether any check-in in these sessions (all by default) is provisional: only then
        does a sheet print the legend that explains the star."""
        ids = [s.id for s in self.sessions] if session_ids is None else list(session_ids)
        return any(self.provisional_count(sid) for sid in ids)

    def count_by_role(self, session_id: str) -> Counter[str]:
        """`count` by role (the removed left out the same way)."""
        return Counter(r.role for r in self.rows if session_id in r.cells and not r.removed)

    def roles(self) -> list[str]:
        """Roles present on the roster or in the check-ins, in the usual order; unknown last."""
        present = {r.role for r in self.rows}
        ordered = [role.value for role in ROLE_ORDER if role.value in present]
        return ordered + ([UNKNOWN_ROLE] if UNKNOWN_ROLE in present else [])

    def rows_on(self, day: date) -> list[AttendanceRow]:
        """Everyone on the roster, plus provisional and removed people who came that day."""
        ids = {s.id for s in self.sessions_on(day)}
        return [r for r in self.rows if r.on_roster or ids & r.cells.keys()]


def _code(event: Event, participant_id: str) -> str:
    """The person's check-in code; "" for an id no code could carry (an old or foreign id)."""
    try:
        return event.code_for(participant_id)
    except ValueError:
        return ""


def build_attendance(sources: ExportSources, day: date | None = None) -> AttendanceTable:
    """The table for the whole event, or for one day's sessions."""
    event = sources.events.current
    sessions = sorted(
        (s for s in event.sessions if day is None or s.day == day),
        key=lambda s: (s.day, s.start),
    )
    if day is not None and not sessions:
        known = ", ".join(day_label(d) for d in event.days)
        raise UserError("export.error.no_sessions_on", day=day_label(day), days=known)
    service = sources.checkins
    counted: dict[str, dict[str, CheckIn]] = {}
    for slot in sessions:
        for c in service.attendance(slot.id):
            counted.setdefault(c.participant_id, {})[slot.id] = c
    people = sources.roster.all()
    known_ids = {p.id for p in people}
    strangers = sorted(
        (pid for pid in counted if pid not in known_ids),
        key=lambda pid: (min(c.at for c in counted[pid].values()), pid),
    )
    rows: list[AttendanceRow] = []
    for n, (pid, person) in enumerate(
        [(p.id, p) for p in people] + [(pid, None) for pid in strangers], start=1
    ):
        code = _code(event, pid)
        removed = sources.roster.removed(pid) if person is None else None
        rows.append(
            AttendanceRow(
                n, pid, person or removed, code, counted.get(pid, {}), removed is not None
            )
        )
    session_ids = {s.id for s in sessions}
    facts = [c for c in service.all_checkins(include_voided=True) if c.session_id in session_ids]
    voided = {c.id for c in facts if service.is_voided(c.id)}
    return AttendanceTable(event, sessions, rows, facts, voided)
