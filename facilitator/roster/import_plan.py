"""Importing the roster the district offices send: plan first, then write everything at once.

A re-import of an updated file updates people in place (matched by phone, then by name) instead
of duplicating them. Nothing is written unless every row is valid, or the user asks to skip the
bad ones; a backup is taken before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.models import Participant
from facilitator.records import Records
from facilitator.roster.directory import EDITABLE_FIELDS as DRAFT_FIELDS
from facilitator.roster.directory import ParticipantDirectory
from facilitator.roster.roster_file import (
    ParticipantDraft,
    RosterFileError,
    RowProblem,
    parse_roster,
)
from facilitator.thai.text import phone_digits, search_key


class RosterRefused(UserError):
    """The file has bad rows and the user did not ask to skip them."""

    def __init__(self, path: Path, problems: list[RowProblem]) -> None:
        super().__init__("roster.refused", file=path.name, count=len(problems))
        self.problems = problems

    def __str__(self) -> str:
        lines = [super().__str__()]
        lines += [t("roster.refused.row", row=p.row_number, reason=p.reason) for p in self.problems]
        lines.append(t("roster.refused.fix"))
        return "\n".join(lines)


@dataclass
class ImportPlan:
    """What an import would do: who is new, who changes and how, which rows are refused."""

    path: Path
    new: list[tuple[int, Participant]] = field(default_factory=list)
    changed: list[tuple[int, Participant, dict[str, Any]]] = field(default_factory=list)
    unchanged: list[tuple[int, Participant]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: how many people are new, updated, unchanged, and how many rows are bad."""
        return t(
            "roster.summary",
            new=len(self.new),
            changed=len(self.changed),
            unchanged=len(self.unchanged),
            bad=len(self.problems),
        )


def _changes(existing: Participant, draft: ParticipantDraft) -> dict[str, Any]:
    """Fields the file fills in differently; an empty cell never erases what the desk knows."""
    out: dict[str, Any] = {}
    for name in DRAFT_FIELDS:
        value = getattr(draft, name)
        if value in ("", None):
            continue
        if getattr(existing, name) != value:
            out[name] = value
    return out


def _same_first_name(existing: Participant, draft: ParticipantDraft) -> bool:
    """A phone match counts only if the first name agrees too.

    A new surname (marriage) is an update; a different first name with the same number is
    usually a spouse or a relative sharing one phone, and must not overwrite the person on
    file. (A person who changed their first name shows up as new: a duplicate, not a loss.)
    """
    return search_key(existing.first_name) == search_key(draft.first_name)


def plan_import(path: Path, directory: ParticipantDirectory) -> ImportPlan:
    """Read the file and match every row against the roster, without writing."""
    try:
        parsed = parse_roster(path)
    except RosterFileError as exc:
        raise UserError("roster.error.file", detail=exc) from None
    plan = ImportPlan(
        path,
        problems=list(parsed.problems),
        skipped_rows=list(parsed.skipped_rows),
        unknown_columns=list(parsed.unknown_columns),
    )
    # A phone shared by a household or a group's office is normal; the same phone with the same
    # first name is the same person listed twice.
    seen_phones: dict[tuple[str, str], int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for row, draft in parsed.drafts:
        phone = phone_digits(draft.phone)
        name_key = (search_key(draft.first_name), search_key(draft.last_name))
        phone_key = (phone, name_key[0])
        if phone and phone_key in seen_phones:
            other = seen_phones[phone_key]
            plan.problems.append(
                RowProblem(row, "roster.row.same_phone", {"phone": draft.phone, "other": other})
            )
            continue
        if name_key in seen_names:
            other = seen_names[name_key]
            plan.problems.append(RowProblem(row, "roster.row.same_name", {"other": other}))
            continue
        if phone:
            seen_phones[phone_key] = row
        seen_names[name_key] = row
        by_phone = directory.find_by_phone(draft.phone) if phone else None
        if by_phone is not None and not _same_first_name(by_phone, draft):
            by_phone = None  # a shared phone (a household, a group's office): another person
        existing = by_phone or directory.find_by_name(draft.first_name, draft.last_name)
        if existing is None:
            fields_ = {name: getattr(draft, name) for name in DRAFT_FIELDS}
            plan.new.append((row, Participant(id="", source="roster", **fields_)))
        else:
            changes = _changes(existing, draft)
            if changes:
                plan.changed.append((row, existing, changes))
            else:
                plan.unchanged.append((row, existing))
    plan.problems.sort(key=lambda p: p.row_number)
    return plan


def apply_import(
    plan: ImportPlan, directory: ParticipantDirectory, records: Records, skip_bad: bool = False
) -> None:
    """Write the plan in one durable write, after a backup; refuse bad rows unless skipped."""
    if plan.problems and not skip_bad:
        raise RosterRefused(plan.path, plan.problems)
    if not plan.new and not plan.changed:
        return
    records.backup("before-import")
    directory.apply_batch(
        [p for _, p in plan.new], [(p.id, changes) for _, p, changes in plan.changed]
    )
