"""Importing the roster the district offices send: plan first, then write everything at once.

Offices correct a file and send it again, so a re-import must find the people it already
brought in, the way the office would: by **phone** first (the number without its extension),
when the name is the same or a slip away from it (two edits: วีระพงษ์ → วีรพงษ์; or the same
first name under a new surname), then by **name**. Such a person is updated in place and keeps
their id and their QR code. Same phone and only the same last name is taken as well, but only
when nothing better claims that person: a household sharing one phone, listed together, stays
two people. A row that matches two people is reported, never guessed; so is a second row that
matches someone an earlier row already matched. Rows that are exactly the same as an earlier
row of the file are merged into it with a note (an office copying a line twice is not a bad
row). Nothing is written unless every row is good, or the user asks to skip the bad ones; a
backup is taken before anything is written.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.models import Participant
from facilitator.records import Records
from facilitator.roster.directory import EDITABLE_FIELDS as DRAFT_FIELDS
from facilitator.roster.directory import ParticipantDirectory
from facilitator.roster.likeness import within
from facilitator.roster.refs import people_lines
from facilitator.roster.roster_file import (
    ParticipantDraft,
    RosterFileError,
    RowProblem,
    parse_roster,
)
from facilitator.thai.text import phone_digits, search_key

EMPTY_SHOWN = "—"


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


@dataclass(frozen=True)
class FieldChange:
    """One field of one person changing: what the preview shows as `field: old → new`."""

    field: str
    old: Any
    new: Any

    def label(self) -> str:
        """The field's name in the interface language."""
        return t(f"roster_edit.field.{self.field}")

    def describe(self) -> str:
        return f"{self.label()}: {shown(self.old)} → {shown(self.new)}"


def shown(value: Any) -> str:
    """A field's value as a preview shows it ("—" for nothing)."""
    return EMPTY_SHOWN if value in ("", None) else str(value)


def field_changes(existing: Participant, values: dict[str, Any]) -> list[FieldChange]:
    """The fields of `values` that differ from what `existing` holds, in roster field order."""
    return [
        FieldChange(name, getattr(existing, name), values[name])
        for name in DRAFT_FIELDS
        if name in values and getattr(existing, name) != values[name]
    ]


@dataclass(frozen=True)
class RowNote:
    """Something the plan did with a row that the user should know, but that is no problem."""

    row_number: int
    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self) -> str:
        return t(self.key, **dict(self.params))


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: who is new, who changes and how, which rows are refused."""

    path: Path
    new: list[tuple[int, Participant]] = field(default_factory=list)
    changed: list[tuple[int, Participant, dict[str, Any]]] = field(default_factory=list)
    unchanged: list[tuple[int, Participant]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    merged: list[RowNote] = field(default_factory=list)
    """Rows exactly the same as an earlier row, merged into it."""
    notes: list[RowNote] = field(default_factory=list)
    """How a row was matched when that is worth a look (by phone and last name only)."""

    def summary(self) -> str:
        """One line: how many people are new, updated, unchanged, and how many rows are bad."""
        return t(
            "roster.summary",
            new=len(self.new),
            changed=len(self.changed),
            unchanged=len(self.unchanged),
            bad=len(self.problems),
        )

    def updates(self) -> list[tuple[int, Participant, list[FieldChange]]]:
        """Each updated row with its changes as `field: old → new`."""
        return [(row, p, field_changes(p, changes)) for row, p, changes in self.changed]


@dataclass(frozen=True)
class PreviewLine:
    """One line of an import's preview: `kind` is new, updated, unchanged, bad, merged, note
    or columns (a screen colours by it); the text is in the interface language."""

    kind: str
    text: str
    row: int | None = None


def row_spans(rows: list[int]) -> str:
    """ "2–5, 8": row numbers as ranges, for the rows an import leaves as they are."""
    spans: list[str] = []
    for n in sorted(rows):
        if spans and spans[-1].split("–")[-1] == str(n - 1):
            spans[-1] = f"{spans[-1].split('–')[0]}–{n}"
        else:
            spans.append(str(n))
    return ", ".join(spans)


def preview_lines(plan: ImportPlan) -> list[PreviewLine]:
    """What `--dry-run` prints and the TUI's import dialog shows: one shared wording."""
    lines = [
        PreviewLine(
            "new",
            t("roster_edit.preview.new", row=row, name=p.display_name, role=role_label(p.role)),
            row,
        )
        for row, p in plan.new
    ]
    lines += [
        PreviewLine(
            "updated",
            t(
                "roster_edit.preview.updated",
                row=row,
                name=p.display_name,
                changes=", ".join(c.describe() for c in changes),
            ),
            row,
        )
        for row, p, changes in plan.updates()
    ]
    if plan.unchanged:
        rows = row_spans([row for row, _ in plan.unchanged])
        lines.append(PreviewLine("unchanged", t("roster_edit.preview.unchanged", rows=rows)))
    lines += [
        PreviewLine(
            "bad", t("roster_edit.preview.bad", row=p.row_number, reason=p.reason), p.row_number
        )
        for p in plan.problems
    ]
    lines += [
        PreviewLine(
            kind, t("roster_edit.preview.note", row=n.row_number, text=n.text()), n.row_number
        )
        for kind, notes in (("merged", plan.merged), ("note", plan.notes))
        for n in notes
    ]
    if plan.unknown_columns:
        columns = ", ".join(plan.unknown_columns)
        lines.append(PreviewLine("columns", t("roster_edit.preview.columns", columns=columns)))
    return lines


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


def _name_key(first: str, last: str) -> str:
    return search_key(f"{first} {last}")


@dataclass(frozen=True)
class _Match:
    """Who a row may be: `how` is "phone", "name", "surname" (weak) or "new"."""

    how: str
    people: tuple[Participant, ...] = ()


def _match(draft: ParticipantDraft, directory: ParticipantDirectory) -> _Match:
    """The people on the roster this row may be, by the rules in the module docstring."""
    key = _name_key(draft.first_name, draft.last_name)
    first, last = search_key(draft.first_name), search_key(draft.last_name)
    at_phone = directory.people_with_phone(draft.phone) if phone_digits(draft.phone) else []
    exact = [p for p in at_phone if _name_key(p.first_name, p.last_name) == key]
    if exact:
        return _Match("phone", tuple(exact))
    close = [
        p
        for p in at_phone
        if within(_name_key(p.first_name, p.last_name), key) or search_key(p.first_name) == first
    ]
    named = directory.people_named(draft.first_name, draft.last_name)
    if close:
        # The phone points at one person, the exact name at another: two candidates.
        others = [p for p in named if p not in close]
        return _Match("phone", tuple(close + others))
    if named:
        return _Match("name", tuple(named))
    surname = [p for p in at_phone if last and search_key(p.last_name) == last]
    if surname:
        return _Match("surname", tuple(surname))
    return _Match("new")


def plan_import(
    path: Path, directory: ParticipantDirectory, default_role: str | None = None
) -> ImportPlan:
    """Read the file and match every row against the roster, without writing."""
    try:
        parsed = parse_roster(path, default_role=default_role)
    except RosterFileError as exc:
        raise UserError("roster.error.file", detail=exc) from None
    problems = list(parsed.problems)
    merged: list[RowNote] = []
    notes: list[RowNote] = []

    # Inside the file: exact copies merge; the same person twice with different details is a
    # problem. A phone shared by a household or a group's office is normal; the same phone
    # with the same first name is the same person listed twice.
    rows: list[tuple[int, ParticipantDraft]] = []
    copies: dict[tuple[Any, ...], int] = {}
    seen_phones: dict[tuple[str, str], int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for row, draft in parsed.drafts:
        whole = astuple(draft)
        if whole in copies:
            merged.append(RowNote(row, "roster_edit.import.merged", (("into", copies[whole]),)))
            continue
        copies[whole] = row
        phone = phone_digits(draft.phone)
        name_key = (search_key(draft.first_name), search_key(draft.last_name))
        phone_key = (phone, name_key[0])
        if phone and phone_key in seen_phones:
            other = seen_phones[phone_key]
            problems.append(
                RowProblem(row, "roster.row.same_phone", {"phone": draft.phone, "other": other})
            )
            continue
        if name_key in seen_names:
            other = seen_names[name_key]
            problems.append(RowProblem(row, "roster.row.same_name", {"other": other}))
            continue
        if phone:
            seen_phones[phone_key] = row
        seen_names[name_key] = row
        rows.append((row, draft))

    # Against the roster: firm matches claim their person first, in file order; a weak one
    # (same phone, same last name only) takes a person nobody else claimed.
    matches = {row: _match(draft, directory) for row, draft in rows}
    claimed: dict[str, int] = {}
    chosen: dict[int, Participant | None] = {}
    for row, _draft in rows:
        m = matches[row]
        if m.how in ("new", "surname"):
            continue
        if len(m.people) > 1:
            problems.append(
                RowProblem(
                    row,
                    "roster_edit.import.ambiguous",
                    {
                        "count": len(m.people),
                        "people": people_lines(m.people, directory).strip(),
                    },
                )
            )
            continue
        person = m.people[0]
        if person.id in claimed:
            problems.append(
                RowProblem(
                    row,
                    "roster_edit.import.claimed",
                    {"name": person.display_name, "row": claimed[person.id]},
                )
            )
            continue
        claimed[person.id] = row
        chosen[row] = person
    weak: dict[str, list[int]] = {}
    for row, _draft in rows:
        m = matches[row]
        if m.how == "surname" and len(m.people) == 1 and m.people[0].id not in claimed:
            weak.setdefault(m.people[0].id, []).append(row)
    for pid, wanting in weak.items():
        if len(wanting) == 1:  # two rows of one household at that phone: both are new people
            row = wanting[0]
            chosen[row] = matches[row].people[0]
            claimed[pid] = row
            notes.append(
                RowNote(row, "roster_edit.import.by_surname", (("name", chosen[row].display_name),))
            )

    new: list[tuple[int, Participant]] = []
    changed: list[tuple[int, Participant, dict[str, Any]]] = []
    unchanged: list[tuple[int, Participant]] = []
    refused = {p.row_number for p in problems}
    removed = {_name_key(p.first_name, p.last_name): p for p in directory.all_removed()}
    for row, draft in rows:
        if row in refused:
            continue
        existing = chosen.get(row)
        if existing is None:
            fields_ = {name: getattr(draft, name) for name in DRAFT_FIELDS}
            new.append((row, Participant(id="", source="roster", **fields_)))
            if gone := removed.get(_name_key(draft.first_name, draft.last_name)):
                # Back on the office's list after a removal: a new badge; the old one stays refused.
                notes.append(
                    RowNote(row, "roster_edit.import.was_removed", (("name", gone.display_name),))
                )
        elif changes := _changes(existing, draft):
            changed.append((row, existing, changes))
        else:
            unchanged.append((row, existing))
    problems.sort(key=lambda p: p.row_number)
    return ImportPlan(
        path,
        new=new,
        changed=changed,
        unchanged=unchanged,
        problems=problems,
        skipped_rows=list(parsed.skipped_rows),
        unknown_columns=list(parsed.unknown_columns),
        merged=merged,
        notes=notes,
    )


def apply_import(
    plan: ImportPlan, directory: ParticipantDirectory, records: Records, skip_bad: bool = False
) -> None:
    """Write the plan in one durable write, after a backup; refuse bad rows unless skipped."""
    if plan.problems and not skip_bad:
        raise RosterRefused(plan.path, plan.problems)
    if not plan.new and not plan.changed:
        return
    items = directory.batch_items(  # every row checked before the backup and the write
        [p for _, p in plan.new], [(p.id, changes) for _, p, changes in plan.changed]
    )
    records.backup("before-import")
    records.put_many(items)
