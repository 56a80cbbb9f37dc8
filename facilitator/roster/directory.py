"""The roster: adding, changing, listing and searching participants.

Search is what a facilitator types at the desk when a badge is forgotten: part of a first name,
last name or nickname without the title, a position, an organisation or product, or the last
digits of a phone number. It answers from the first keystroke, in Thai or Latin script, and a
name typed a letter off (วีรพงษ์ for วีระพงษ์) is still found when nothing matches exactly.

At a 20,000-person fair the search index (`search_index`) is what opening an event would wait
for, so it is built the first time something asks for it, or by `prepare_search` on a worker
thread once the desk is on screen; a scan never needs it (it looks people up by id).

People taken off the roster stay known here as removed (their record is a tombstone that
keeps its fields), so a check-in made before the removal still names them and their badge is
refused with a verdict of its own instead of reading as a stranger's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from facilitator.clock import Clock
from facilitator.codes.participant_code import new_participant_id
from facilitator.errors import UserError
from facilitator.models import PARTICIPANTS, Participant, Role, check_star_level
from facilitator.records import Records
from facilitator.roster.roster_file import ParticipantDraft
from facilitator.roster.search_index import SearchIndex, indexable, roster_place
from facilitator.thai.text import digits_only, phone_digits, search_key, split_title

#: What the desk may change about a person: exactly what a roster row can fill in.
EDITABLE_FIELDS = tuple(f.name for f in fields(ParticipantDraft))


class ParticipantError(UserError, ValueError):
    """A participant's details cannot be accepted as given."""


class AlreadyListed(ParticipantError):
    """A new person who looks like someone on the roster (the same phone, or the same name).

    `key` picks the advice: the walk-in form offers to check that person in instead or to
    save again; the CLI's `roster add` names its `--anyway`.
    """

    def __init__(self, person: Participant, number: int, key: str) -> None:
        who = f"{person.display_name} {person.phone}".strip()
        super().__init__(key, who=who, number=number)
        self.person = person
        self.number = number


@dataclass(frozen=True)
class Found:
    """What a search found: the best people first, at most the `limit` asked for, and how
    many matched in all (so a screen that shows the first rows can say how many more)."""

    people: tuple[Participant, ...]
    total: int


def validate(p: Participant) -> None:
    """Refuse what no report could use: a nameless person, an unknown role, a bad star level."""
    if not p.first_name.strip():
        raise ParticipantError("roster.error.no_first_name")
    if p.role not in {r.value for r in Role}:
        raise ParticipantError(
            "roster.error.unknown_role", role=p.role, roles=", ".join(r.value for r in Role)
        )
    if not check_star_level(p.star_level):
        raise ParticipantError("roster.error.stars", stars=p.star_level)


class ParticipantDirectory:
    """Everyone on the roster, indexed in memory for instant search.

    The index follows the store: the Desk calls `refresh` with the ids a write or a sync
    touched, so keeping it current costs what changed, never a re-read of the roster.
    """

    def __init__(self, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock
        self._lock = threading.RLock()
        self._by_id: dict[str, Participant] = {}
        self._removed: dict[str, Participant] = {}
        self._index: SearchIndex | None = None
        """Built on first use (`_search_index`) or by `prepare_search`; then kept current."""
        self._sorted: list[Participant] | None = None
        self._numbers: dict[str, int] | None = None
        self.refresh(r["id"] for r in records.records(PARTICIPANTS, include_deleted=True))

    def refresh(self, ids: Iterable[str]) -> None:
        """Re-index these people from the store (added, changed or removed).

        A correction that leaves someone's place in the roster alone keeps everyone's number
        and replaces just that person; only an addition, a removal or a new place renumbers.
        """
        with self._lock:
            index = self._index
            renumber = False
            for pid in ids:
                record = self._records.get(PARTICIPANTS, pid)
                before = self._by_id.pop(pid, None)
                self._removed.pop(pid, None)
                if index is not None:
                    index.drop(pid)
                person = _person(record)
                if person is None or (record or {}).get("deleted"):
                    if person is not None:
                        self._removed[pid] = person  # a tombstone keeps its fields
                    renumber = renumber or before is not None
                    continue
                self._by_id[pid] = person
                if index is not None:
                    index.put(person)
                if before is None or roster_place(before) != roster_place(person):
                    renumber = True
                elif self._sorted is not None and self._numbers is not None:
                    self._sorted[self._numbers[pid] - 1] = person
            if renumber:
                self._sorted = None
                self._numbers = None

    @property
    def search_ready(self) -> bool:
        """Whether the search index is built (a search now costs a keystroke, not a build)."""
        return self._index is not None

    def prepare_search(self) -> None:
        """Build the search index now, if nobody has yet: for a worker thread after start-up.

        The slow part runs outside the lock on a copy of the roster, so scans and syncs go on
        meanwhile; whoever changed since the copy is indexed again before the index is used.
        It also stops every few hundred people to hand over the interpreter: a thread that only
        computes keeps it for 5 ms at a time, and a scan, which waits for it after each write
        and each frame, was a third of a second late while a 20,000-person index was built.
        """
        with self._lock:
            if self._index is not None:
                return
            copy = dict(self._by_id)
        index = SearchIndex.build(copy.values(), pause=_hand_over)
        with self._lock:
            if self._index is not None:
                return
            for pid, person in copy.items():
                if self._by_id.get(pid) is not person:
                    index.drop(pid)
            for person in self._by_id.values():
                if copy.get(person.id) is not person:
                    index.put(person)
            self._index = index

    def _search_index(self) -> SearchIndex:
        """The search index, built now from everyone on the roster if it is not yet."""
        with self._lock:
            if self._index is None:
                self._index = SearchIndex.build(self._by_id.values())
            return self._index

    def _new_id(self, taken: set[str]) -> str:
        """A participant id no record (tombstones included) and no pending write uses."""
        while True:
            pid = new_participant_id()
            if pid not in taken and not self._records.has(PARTICIPANTS, pid):
                return pid

    def _now_text(self) -> str:
        return self._clock.now().isoformat(timespec="seconds")

    # -- reading ---------------------------------------------------------------------------

    def get(self, participant_id: str) -> Participant | None:
        return self._by_id.get(participant_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, participant_id: object) -> bool:
        return participant_id in self._by_id

    def all(self) -> list[Participant]:
        """Everyone, in roster order (the order of the office's file, then walk-ins)."""
        with self._lock:
            return list(self._in_roster_order())

    def first(self, count: int) -> list[Participant]:
        """The first `count` people of `all()`, without copying the rest."""
        with self._lock:
            return self._in_roster_order()[:count]

    def _in_roster_order(self) -> list[Participant]:
        if self._sorted is None:
            self._sorted = sorted(self._by_id.values(), key=roster_place)
            self._numbers = {p.id: n for n, p in enumerate(self._sorted, start=1)}
        return self._sorted

    def number(self, participant_id: str) -> int | None:
        """The person's number in the roster (1 for the first in `all()`), as `roster list`,
        the participants table and the badge pictures print it; None for nobody on it."""
        with self._lock:
            self._in_roster_order()
            assert self._numbers is not None  # made with the order
            return self._numbers.get(participant_id)

    def _numbered(self, query: str) -> Participant | None:
        """The person whose roster number `query` is, if any: one or two digits ("22"), or
        "#" and the number ("#122"). Three digits and more are the end of a phone number
        (phone search), unless "#" says otherwise."""
        text = query.strip()
        if text.startswith("#"):
            text = text[1:].strip()
        elif len(text) > 2:
            return None
        if not text.isdigit() or len(text) > 6:
            return None
        people = self._in_roster_order()
        number = int(text)
        return people[number - 1] if 1 <= number <= len(people) else None

    def at_number(self, number: int) -> Participant | None:
        """The person printed with this roster number, if any."""
        people = self.all()
        return people[number - 1] if 1 <= number <= len(people) else None

    def places_ever(self) -> dict[str, int]:
        """Each person's place among everyone ever on the roster, in roster order, the removed
        keeping theirs (1 for the first): numbers a removal never moves.

        Certificates carry these: a certificate is signed with its number, so a removal that
        moved everyone after it up one place would make every certificate printed after it
        disagree with its reprint. A removed person leaves a gap instead.
        """
        with self._lock:
            everyone = [*self._by_id.values(), *self._removed.values()]
        everyone.sort(key=roster_place)
        return {p.id: n for n, p in enumerate(everyone, start=1)}

    def removed(self, participant_id: str) -> Participant | None:
        """Someone taken off the roster (as they were when removed); None if not removed."""
        return self._removed.get(participant_id)

    def all_removed(self) -> list[Participant]:
        """Everyone taken off the roster, in the order they had on it."""
        return sorted(self._removed.values(), key=roster_place)

    def people_with_phone(self, phone: str) -> list[Participant]:
        """Everyone whose phone is this number (extensions aside): a household may share one."""
        digits = phone_digits(phone)
        if len(digits) < 9:
            return []
        return self._in_order(self._search_index().with_phone(digits))

    def _in_order(self, ids: Iterable[str]) -> list[Participant]:
        numbered = [(self.number(pid) or 0, pid) for pid in list(ids)]
        return [self._by_id[pid] for _, pid in sorted(numbered) if pid in self._by_id]

    def find_by_phone(self, phone: str) -> Participant | None:
        found = self.people_with_phone(phone)
        return found[0] if found else None

    def people_named(self, first_name: str, last_name: str) -> list[Participant]:
        """Everyone with this first and last name (titles aside), in roster order."""
        key = (search_key(first_name), search_key(last_name))
        return self._in_order(self._search_index().with_name(key))

    def find_by_name(self, first_name: str, last_name: str) -> Participant | None:
        found = self.people_named(first_name, last_name)
        return found[0] if found else None

    def already_listed(self, first_name: str, last_name: str, phone: str) -> list[Participant]:
        """Who a new registration may already be: the same phone, or the same first and last
        name, in roster order. A walk-in is often someone on the list who lost their badge."""
        found = self.people_with_phone(phone) if phone else []
        found += [p for p in self.people_named(first_name, last_name) if p not in found]
        return found

    def refuse_if_listed(self, person: Participant, key: str) -> None:
        """Raise `AlreadyListed` (worded by `key`) when `person` looks like someone listed."""
        listed = self.already_listed(person.first_name, person.last_name, person.phone)
        if listed:
            raise AlreadyListed(listed[0], self.number(listed[0].id) or 0, key)

    def search(self, query: str, limit: int = 50) -> list[Participant]:
        """People matching every word of `query`, best matches first."""
        return list(self.find(query, limit).people)

    def find(self, query: str, limit: int = 50) -> Found:
        """The best `limit` people for `query`, and how many matched in all.

        Every word must start or be inside a name, or be inside the position, organisation,
        product or district; digits alone (three or more) look in phone numbers, a number
        that ends with them first. When nothing matches, names a letter or two off do.
        """
        _title, rest = split_title(query.strip())
        words = [search_key(w) for w in (rest or query).split() if w.strip()]
        digits = digits_only(query)
        if not words:
            return Found((), 0)
        only_digits = bool(digits) and digits == "".join(query.split()).replace("-", "")
        with self._lock:
            index = self._search_index()
            if only_digits and len(digits) >= 3:
                matches = index.match_phone(digits, limit)
            else:
                matches = index.match(words, limit)
                if not matches.total and not only_digits:
                    matches = index.near_misses(words, limit)
            people = tuple(self._by_id[pid] for pid in matches.ids)
            total = matches.total
            numbered = self._numbered(query)
            if numbered is not None:
                # A roster number ("22", as `roster list`, the badge and the sheet print it)
                # names that person first, before anyone whose name the digits matched.
                if numbered in people:
                    people = (numbered, *(p for p in people if p is not numbered))
                else:
                    counted = matches.total > len(people) and numbered.id in (
                        index.match(words, matches.total).ids  # beyond the limit: asked once
                    )
                    people = (numbered, *people[: max(limit - 1, 0)])
                    total += 0 if counted else 1
            return Found(people, total)

    # -- writing ---------------------------------------------------------------------------

    def add(
        self, p: Participant | None = None, *, despite_listed: bool = True, **details: Any
    ) -> Participant:
        """Register a new person; the id is made here, at capture time, and never changes.

        Without `despite_listed`, someone with the same phone or name is refused
        (`AlreadyListed`, worded for the CLI): a person typed in twice is paid twice.
        """
        person = self.prepare(p, **details)
        if not despite_listed:
            self.refuse_if_listed(person, "roster.error.listed")
        self._records.put(PARTICIPANTS, person.to_fields(), person.id)
        return person

    def prepare(self, p: Participant | None = None, **details: Any) -> Participant:
        """The person `add` would write, checked and given an id, not yet written: for a caller
        that writes them together with something else (a walk-in and their check-in)."""
        person = p or Participant(id="", **details)
        if not person.id:
            person = replace(person, id=self._new_id(set()))
        if self._records.has(PARTICIPANTS, person.id):
            raise ParticipantError("roster.error.id_taken", participant_id=person.id)
        if not person.roster_order:
            person = replace(person, roster_order=len(self._by_id) + 1)
        if not person.added_at:
            person = replace(person, added_at=self._now_text())
        validate(person)
        return person

    def apply_batch(
        self, new_people: list[Participant], changes: list[tuple[str, dict[str, Any]]]
    ) -> None:
        """Add and change many people in one durable write: an import lands whole or not at all."""
        self._records.put_many(self.batch_items(new_people, changes))

    def batch_items(
        self, new_people: list[Participant], changes: list[tuple[str, dict[str, Any]]]
    ) -> list[tuple[str, dict[str, Any], str | None]]:
        """The records `apply_batch` writes, every person checked first (writing nothing), so
        a caller can take a backup between the checks and the write."""
        prepared: list[Participant] = []
        order = len(self._by_id)
        taken: set[str] = set()
        for person in new_people:
            order += 1
            p = replace(
                person,
                id=person.id or self._new_id(taken),
                roster_order=person.roster_order or order,
                added_at=person.added_at or self._now_text(),
            )
            if p.id in taken or self._records.has(PARTICIPANTS, p.id):
                raise ParticipantError("roster.error.id_taken", participant_id=p.id)
            taken.add(p.id)
            validate(p)
            prepared.append(p)
        for pid, fields_changed in changes:
            current = self._by_id.get(pid)
            if current is None:
                raise ParticipantError("roster.error.no_such_id", participant_id=pid)
            validate(replace(current, **fields_changed))
        items: list[tuple[str, dict[str, Any], str | None]] = [
            (PARTICIPANTS, p.to_fields(), p.id) for p in prepared
        ]
        items += [(PARTICIPANTS, ch, pid) for pid, ch in changes]
        return items

    def update(self, participant_id: str, **changes: Any) -> Participant:
        """Change some details; only the changed fields are stamped, so desks merge per field."""
        current = self._by_id.get(participant_id)
        if current is None:
            raise ParticipantError("roster.error.no_such_id", participant_id=participant_id)
        unknown = set(changes) - set(EDITABLE_FIELDS) - {"roster_order", "source"}
        if unknown:
            raise ParticipantError("roster.error.not_editable", fields=", ".join(sorted(unknown)))
        updated = replace(current, **changes)
        validate(updated)
        self._records.put(PARTICIPANTS, changes, participant_id)
        return self._by_id.get(participant_id, updated)

    def remove_id(self, participant_id: str) -> Participant:
        """Take someone off the roster (a tombstone, so other desks learn it too)."""
        person = self._by_id.get(participant_id)
        if person is None:
            raise ParticipantError("roster.error.no_such_id", participant_id=participant_id)
        self._records.delete(PARTICIPANTS, participant_id)
        return person


def _hand_over() -> None:
    time.sleep(0)  # lets a thread waiting for the GIL take it now


def _person(record: dict[str, Any] | None) -> Participant | None:
    """The person a record holds, or None for one no check let in (from an older desk)."""
    if record is None:
        return None
    try:
        person = Participant.from_record(record)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return person if indexable(person) else None
