"""The roster: adding, changing, listing and searching participants.

Search is what a facilitator types at the desk when a badge is forgotten: part of a first name,
last name or nickname without the title, a position, an organisation or product, or the last
digits of a phone number. It answers from the first keystroke, in Thai or Latin script, and a
name typed a letter off (วีรพงษ์ for วีระพงษ์) is still found when nothing matches exactly.

People taken off the roster stay known here as removed (their record is a tombstone that
keeps its fields), so a check-in made before the removal still names them and their badge is
refused with a verdict of its own instead of reading as a stranger's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from facilitator.clock import Clock
from facilitator.codes.participant_code import new_participant_id
from facilitator.errors import UserError
from facilitator.models import PARTICIPANTS, Participant, Role, check_star_level
from facilitator.records import Records
from facilitator.roster.likeness import allowed_edits, prefix_distance
from facilitator.roster.roster_file import ParticipantDraft
from facilitator.thai.text import digits_only, phone_digits, search_key, split_title, thai_sort_key

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
class _Haystack:
    names: tuple[str, ...]
    others: tuple[str, ...]
    phone_digits: str
    letters: tuple[frozenset[str], ...] = ()
    """The letters of each name: a cheap first test before a name is compared letter by letter."""


def _haystack(p: Participant) -> _Haystack:
    names = tuple(search_key(x) for x in (p.first_name, p.last_name, p.nickname) if x)
    return _Haystack(
        names=names,
        letters=tuple(frozenset(n) for n in names),
        others=tuple(
            search_key(x) for x in (p.position, p.organisation, p.product, p.district) if x
        ),
        phone_digits=phone_digits(p.phone),
    )


def _name_key(p: Participant) -> tuple[str, str]:
    return search_key(p.first_name), search_key(p.last_name)


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
        self._hay: dict[str, _Haystack] = {}
        self._removed: dict[str, Participant] = {}
        # Look-ups an import makes for every row of a 5,000-row file: by phone and by name.
        self._by_phone: dict[str, set[str]] = {}
        self._by_name: dict[tuple[str, str], set[str]] = {}
        self._sorted: list[Participant] | None = None
        self._numbers: dict[str, int] | None = None
        self.refresh(r["id"] for r in records.records(PARTICIPANTS, include_deleted=True))

    def refresh(self, ids: Iterable[str]) -> None:
        """Re-index these people from the store (added, changed or removed)."""
        with self._lock:
            for pid in ids:
                record = self._records.get(PARTICIPANTS, pid)
                self._unindex(pid)
                if record is None:
                    continue
                try:
                    person = Participant.from_record(record)
                    hay = _haystack(person)
                except (KeyError, TypeError, ValueError, AttributeError):
                    continue  # a record no check let in, from an older desk: never a crash
                if record.get("deleted"):
                    self._removed[pid] = person
                else:
                    self._by_id[pid] = person
                    self._hay[pid] = hay
                    self._by_phone.setdefault(hay.phone_digits, set()).add(pid)
                    self._by_name.setdefault(_name_key(person), set()).add(pid)
            self._sorted = None
            self._numbers = None

    def _unindex(self, pid: str) -> None:
        person = self._by_id.pop(pid, None)
        hay = self._hay.pop(pid, None)
        self._removed.pop(pid, None)
        if person is not None and hay is not None:
            self._by_phone.get(hay.phone_digits, set()).discard(pid)
            self._by_name.get(_name_key(person), set()).discard(pid)

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
            if self._sorted is None:
                self._sorted = sorted(
                    self._by_id.values(),
                    key=lambda p: (p.roster_order or 10**9, p.added_at, p.id),
                )
            return list(self._sorted)

    def number(self, participant_id: str) -> int | None:
        """The person's number in the roster (1 for the first in `all()`), as `roster list`,
        the participants table and the badge pictures print it; None for nobody on it."""
        with self._lock:
            if self._numbers is None:
                self._numbers = {p.id: n for n, p in enumerate(self.all(), start=1)}
            return self._numbers.get(participant_id)

    def at_number(self, number: int) -> Participant | None:
        """The person printed with this roster number, if any."""
        people = self.all()
        return people[number - 1] if 1 <= number <= len(people) else None

    def removed(self, participant_id: str) -> Participant | None:
        """Someone taken off the roster (as they were when removed); None if not removed."""
        return self._removed.get(participant_id)

    def all_removed(self) -> list[Participant]:
        """Everyone taken off the roster, in the order they had on it."""
        return sorted(
            self._removed.values(), key=lambda p: (p.roster_order or 10**9, p.added_at, p.id)
        )

    def people_with_phone(self, phone: str) -> list[Participant]:
        """Everyone whose phone is this number (extensions aside): a household may share one."""
        digits = phone_digits(phone)
        if len(digits) < 9:
            return []
        return self._in_order(self._by_phone.get(digits, ()))

    def _in_order(self, ids: Iterable[str]) -> list[Participant]:
        numbered = [(self.number(pid) or 0, pid) for pid in list(ids)]
        return [self._by_id[pid] for _, pid in sorted(numbered) if pid in self._by_id]

    def find_by_phone(self, phone: str) -> Participant | None:
        found = self.people_with_phone(phone)
        return found[0] if found else None

    def people_named(self, first_name: str, last_name: str) -> list[Participant]:
        """Everyone with this first and last name (titles aside), in roster order."""
        key = (search_key(first_name), search_key(last_name))
        return self._in_order(self._by_name.get(key, ()))

    def find_by_name(self, first_name: str, last_name: str) -> Participant | None:
        found = self.people_named(first_name, last_name)
        return found[0] if found else None

    def already_listed(self, first_name: str, last_name: str, phone: str) -> list[Participant]:
        """Who a new registration may already be: the same phone, or the same first and last
        name, in roster order. A walk-in is often someone on the list who lost their badge."""
        found = self.people_with_phone(phone) if phone else []
        found += [p for p in self.people_named(first_name, last_name) if p not in found]
        return found

    def search(self, query: str, limit: int = 50) -> list[Participant]:
        """People matching every word of `query`, best matches first."""
        _title, rest = split_title(query.strip())
        words = [search_key(w) for w in (rest or query).split() if w.strip()]
        digits = digits_only(query)
        if not words:
            return []
        scored: list[tuple[int, Any, Participant]] = []
        only_digits = digits and digits == "".join(query.split()).replace("-", "")
        for pid, hay in list(self._hay.items()):
            if only_digits and len(digits) >= 3:
                if digits in hay.phone_digits:
                    score = 0 if hay.phone_digits.endswith(digits) else 1
                    scored.append((score, pid, self._by_id[pid]))
                continue
            total = 0
            for word in words:
                best = _word_score(word, hay)
                if best is None:
                    break
                total += best
            else:
                scored.append((total, pid, self._by_id[pid]))
        if not scored and not only_digits:
            scored = self._near_misses(words)
        scored.sort(key=lambda s: (s[0], thai_sort_key(s[2].first_name)))
        return [p for _, _, p in scored[:limit]]

    def _near_misses(self, words: list[str]) -> list[tuple[int, Any, Participant]]:
        """People whose names are each query word give or take a letter or two.

        The fallback when nothing matches exactly, as a prefix or inside a name: every word
        must be near a name or the start of one (so "วีรพง", half typed, finds วีระพงษ์ too). Cheap enough per keystroke for 5,000 people: words too
        short to be a name are never fuzzy, and the bounded distance stops after a few letters.
        """
        limits = [allowed_edits(w) for w in words]
        if not all(limits):
            return []
        wanted = [(word, frozenset(word), limit) for word, limit in zip(words, limits, strict=True)]
        found: list[tuple[int, Any, Participant]] = []
        for pid, hay in list(self._hay.items()):
            total = 0
            for word, letters, limit in wanted:
                best = limit + 1
                for name, has in zip(hay.names, hay.letters, strict=True):
                    # Each letter of the word that the name lacks costs an edit at least.
                    missing = letters - has
                    if missing and sum(word.count(ch) for ch in missing) > limit:
                        continue
                    best = min(best, prefix_distance(word, name, limit))
                if best > limit:
                    break
                total += 3 + best  # after every exact match
            else:
                found.append((total, pid, self._by_id[pid]))
        return found

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
            listed = self.already_listed(person.first_name, person.last_name, person.phone)
            if listed:
                raise AlreadyListed(
                    listed[0], self.number(listed[0].id) or 0, "roster.error.listed"
                )
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


def _word_score(word: str, hay: _Haystack) -> int | None:
    """0 = a name starts with the word, 1 = inside a name, 2 = in organisation/product."""
    if any(n.startswith(word) for n in hay.names):
        return 0
    if any(word in n for n in hay.names):
        return 1
    if any(word in o for o in hay.others):
        return 2
    if word.isdigit() and len(word) >= 3 and word in hay.phone_digits:
        return 2
    return None
