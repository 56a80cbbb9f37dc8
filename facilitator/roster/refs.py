"""Which person a user means: REF is whatever a user can see of them.

Why one resolver: every command that takes a person (`roster edit/remove`, `--producer`,
`--mentor`, an action's owner, `badges --person`, `export sessions --producer`) used to want
the 8-letter id that nothing prints. A user has in front of them the number `roster list`
prints, the badge (its code, scanned or typed, in any case, through the Thai keyboard layout),
the id in a JSON export, or the person's phone. All of those work, tried in this order:

1. a **badge code** of this event (19 letters; `read_code` repairs Kedmanee and Caps Lock);
2. a **roster number** (up to five digits: the number `roster list` prints);
3. a **phone** (nine or more digits, any dashes or spaces, an extension ignored);
4. a **participant id** (8 letters, also garbled by the Thai layout), or a unique prefix of
   one (three letters or more, typed in Latin letters);
5. a **full name** (first and last name, with or without the title), else one name alone
   (the first name, the last name or the nickname) when one person has it.

A REF that matches nobody, or more than one person (a household's phone, two people of one
name, a short id prefix), is refused with a message that lists what matched, so the user can
pick by number instead. Nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from facilitator.codes.participant_code import CodeKind, read_code
from facilitator.codes.scan_repair import looks_thai, repair_scan
from facilitator.errors import UserError
from facilitator.models import Event, Participant
from facilitator.roster.directory import ParticipantDirectory
from facilitator.thai.text import (
    digits_only,
    search_key,
    split_extension,
    split_title,
    thai_digits_to_arabic,
)

MAX_NUMBER_DIGITS = 5
MIN_PHONE_DIGITS = 8  # a landline whose leading 0 Excel ate has eight
MIN_ID_PREFIX = 3
LISTED = 8  # people named in an "ambiguous" message; the rest are counted
_PHONE_TEXT = re.compile(r"[0-9\s\-.()+]+")
_ID_TEXT = re.compile(r"[A-Z0-9]+")


class RefError(UserError, ValueError):
    """A REF that names nobody, or more than one person; the message says what matched."""


class RefRemoved(RefError):
    """A REF that names someone taken off the roster."""

    def __init__(self, ref: str, person: Participant) -> None:
        super().__init__("roster_edit.error.ref_removed", ref=ref, name=person.display_name)
        self.person = person


def resolve_ref(ref: str, directory: ParticipantDirectory, event: Event) -> Participant:
    """The one person `ref` names on this roster (see the module's rules)."""
    text = ref.strip()
    if not text:
        raise RefError("roster_edit.error.ref_empty")
    for rule in (_by_code, _by_number, _by_phone, _by_id, _by_name):
        found = rule(text, directory, event)
        if found is not None:
            return _one(text, found, directory)
    raise RefError("roster_edit.error.ref_unknown", ref=text)


def _one(ref: str, found: list[Participant], directory: ParticipantDirectory) -> Participant:
    if not found:
        raise RefError("roster_edit.error.ref_unknown", ref=ref)
    if len(found) == 1:
        person = found[0]
        if directory.removed(person.id) is not None and person.id not in directory:
            raise RefRemoved(ref, person)
        return person
    raise RefError(
        "roster_edit.error.ref_ambiguous",
        ref=ref,
        count=len(found),
        people=people_lines(found, directory),
    )


def people_lines(people: Iterable[Participant], directory: ParticipantDirectory) -> str:
    """Matched people, one per line with the roster number to pick them by."""
    people = list(people)
    lines = [
        f"  {directory.number(p.id) or '-':>4}  {p.display_name}"
        + (f"  ({p.affiliation})" if p.affiliation else "")
        for p in people[:LISTED]
    ]
    if len(people) > LISTED:
        lines.append(f"  … +{len(people) - LISTED}")
    return "\n".join(lines)


def _known(pid: str, directory: ParticipantDirectory) -> Participant | None:
    return directory.get(pid) or directory.removed(pid)


# -- the rules: None = "not this kind of REF", a list = what it matched ---------------------


def _by_code(text: str, directory: ParticipantDirectory, event: Event) -> list[Participant] | None:
    reading = read_code(text, event.id, event.key)
    if reading.kind is CodeKind.NOT_A_CODE:
        return None
    if reading.kind is CodeKind.OTHER_EVENT:
        raise RefError("roster_edit.error.ref_other_event", ref=text)
    if reading.kind is CodeKind.FORGED:
        raise RefError("roster_edit.error.ref_forged", ref=text)
    person = _known(reading.participant_id or "", directory)
    if person is None:
        raise RefError("roster_edit.error.ref_not_here", ref=text)
    return [person]


def _by_number(
    text: str, directory: ParticipantDirectory, event: Event
) -> list[Participant] | None:
    arabic = thai_digits_to_arabic(text)
    if not arabic.isdigit() or len(arabic) > MAX_NUMBER_DIGITS:
        return None
    person = directory.at_number(int(arabic))
    if person is None:
        raise RefError("roster_edit.error.ref_no_number", ref=text, count=len(directory))
    return [person]


def _by_phone(text: str, directory: ParticipantDirectory, event: Event) -> list[Participant] | None:
    number, _extension = split_extension(thai_digits_to_arabic(text))
    if not _PHONE_TEXT.fullmatch(number.strip() or "x"):
        return None
    if len(digits_only(number)) < MIN_PHONE_DIGITS:
        return None
    return directory.people_with_phone(number)


def _by_id(text: str, directory: ParticipantDirectory, event: Event) -> list[Participant] | None:
    for exact in (text, text.upper(), repair_scan(text)):
        if person := _known(exact, directory):
            return [person]
    prefix = text.upper()
    if looks_thai(text) or not _ID_TEXT.fullmatch(prefix) or len(prefix) < MIN_ID_PREFIX:
        return None  # Thai text that maps onto code letters is a name, not an id prefix
    found = [p for p in directory.all() if p.id.startswith(prefix)]
    return found or None


def _by_name(text: str, directory: ParticipantDirectory, event: Event) -> list[Participant] | None:
    _title, rest = split_title(text)
    wanted = search_key(" ".join((rest or text).split()))
    found = [
        p
        for p in directory.all()
        if wanted in (search_key(p.name), search_key(" ".join(p.display_name.split())))
    ]
    if not found:
        # One name alone, as people are called at the door: "บุญเรือง", "มณีวงศ์", a nickname.
        # Two people sharing it make the REF ambiguous, which `_one` reports with both.
        found = [
            p
            for p in directory.all()
            if wanted
            in (search_key(p.first_name), search_key(p.last_name), search_key(p.nickname or ""))
        ]
    return found or None
