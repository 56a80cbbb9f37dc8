"""The roster as the Desk offers it: the directory of people, and importing the offices' files.

`RosterService` is the directory (search, add, correct, remove) plus the two steps of an import
and the one resolver of what a user typed to name a person (`resolve`), so both faces reach
everything about people through `desk.participants`, and every command that takes a person
takes the same REF.

A correction and a removal are each one write: validated whole first (a bad REF or a bad value
writes nothing), then put as one record change that syncs like any other. A removal is a
tombstone; the person's check-ins stay in the history and in the attendance exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from facilitator.clock import Clock
from facilitator.errors import UserError
from facilitator.models import PARTICIPANTS, Event, Participant, Role
from facilitator.records import Records
from facilitator.roster.directory import (
    EDITABLE_FIELDS,
    ParticipantDirectory,
    ParticipantError,
    validate,
)
from facilitator.roster.import_plan import (
    FieldChange,
    ImportPlan,
    apply_import,
    field_changes,
    plan_import,
)
from facilitator.roster.refs import resolve_ref
from facilitator.roster.roster_file import ROLES, parse_role, parse_star_level
from facilitator.thai.text import clean_text, normalize_phone

__all__ = ["FieldChange", "ParticipantEdit", "Removal", "RosterService"]


@dataclass(frozen=True)
class ParticipantEdit:
    """A correction: the person before and after, and each field that changed (old → new)."""

    before: Participant
    after: Participant
    changes: tuple[FieldChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True)
class Removal:
    """Someone taken off the roster, and how many of their check-ins stay in the history."""

    person: Participant
    checkins_kept: int


class RosterService(ParticipantDirectory):
    """Everyone on the roster, and the way in for a district office's file."""

    def __init__(
        self,
        records: Records,
        clock: Clock,
        event: Callable[[], Event],
        checkins_of: Callable[[str], int] = lambda _pid: 0,
    ) -> None:
        super().__init__(records, clock)
        self._event = event
        self._checkins_of = checkins_of

    # -- who a user means ------------------------------------------------------------------

    def resolve(self, ref: str) -> Participant:
        """The person a REF names: roster number, badge code, id or prefix, phone or name.

        Refuses (`RefError`) a REF that names nobody, several people (listing them), or
        someone removed from the roster.
        """
        return resolve_ref(ref, self, self._event())

    # -- correcting and removing -----------------------------------------------------------

    def edit(self, ref: str, **changes: Any) -> ParticipantEdit:
        """Correct someone's details, as typed (a phone in any form, stars as "3", a role
        in Thai or English); only the fields that really change are written and stamped, so
        two desks correcting different fields of one person both keep theirs."""
        person = self.resolve(ref)
        values = clean_values(changes)
        after = replace(person, **values)
        validate(after)
        delta = field_changes(person, values)
        if delta:  # one record change: it lands whole or not at all
            self._records.put(PARTICIPANTS, {c.field: c.new for c in delta}, person.id)
        return ParticipantEdit(person, self.get(person.id) or after, tuple(delta))

    def remove(self, ref: str) -> Removal:
        """Take someone off the roster: a tombstone every desk learns of at the next sync.
        Their check-ins are kept (the signed sheet happened) and marked as a removed person's."""
        person = self.resolve(ref)
        self.remove_id(person.id)
        return Removal(person, self._checkins_of(person.id))

    # -- importing -------------------------------------------------------------------------

    def plan_import(self, path: Path, default_role: str | None = None) -> ImportPlan:
        """Read a CSV or XLSX roster and match every row, writing nothing.

        `default_role` is the role of every row that names none ("these are all officials").
        """
        if not path.exists():
            raise UserError("roster.error.no_file", path=path)
        if default_role is not None and default_role not in ROLES:
            raise ParticipantError(
                "roster.error.unknown_role", role=default_role, roles=", ".join(ROLES)
            )
        plan = plan_import(path, self, default_role)
        if not (plan.new or plan.changed or plan.unchanged or plan.problems or plan.merged):
            raise UserError("roster.error.no_rows", file=path.name)
        return plan

    def apply_import(self, plan: ImportPlan, skip_bad: bool = False) -> None:
        """Write a plan in one durable write after a backup; bad rows refuse it unless skipped."""
        apply_import(plan, self, self._records, skip_bad)


def clean_values(changes: dict[str, Any]) -> dict[str, Any]:
    """Field values as a user typed them, in the form the roster keeps; ParticipantError
    (naming the field) for a field that cannot be changed or a value that cannot be read."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ParticipantError("roster.error.not_editable", fields=", ".join(unknown))
    values: dict[str, Any] = {}
    for name, raw in changes.items():
        if name == "star_level":
            values[name] = _stars(raw)
        elif name == "phone":
            try:
                values[name] = normalize_phone(str(raw or ""))
            except ValueError:
                raise ParticipantError("roster_edit.error.phone", phone=raw) from None
        elif name == "role":
            values[name] = _role(str(raw))
        else:
            values[name] = clean_text(str(raw or ""))
    return values


def _stars(raw: object) -> int | None:
    if raw is None or isinstance(raw, int):
        return raw
    try:
        return parse_star_level(str(raw))
    except ValueError:
        raise ParticipantError("roster.error.stars", stars=raw) from None


def _role(raw: str) -> str:
    text = raw.strip()
    if text.casefold() in ROLES:
        return text.casefold()
    role = parse_role(text)
    if role is None:
        raise ParticipantError(
            "roster.error.unknown_role", role=text, roles=", ".join(r.value for r in Role)
        )
    return role
