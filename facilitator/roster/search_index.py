"""What each person can be found by, kept in the order search results come in.

Why its own module: at a 20,000-person fair a one-letter query matches nearly everyone, and
sorting every match by its Thai dictionary key on every keystroke took over half a second. Here
each person's search keys and sort key are worked out once, when they are indexed (and again
only when they change), and a search sorts nothing but small numbers:

- who holds a word is found among the distinct names, organisations, products, positions,
  districts and phone numbers (a roster repeats them), one C-level `in` each (`map` and
  `compress`, no Python per person), each knowing who has it; so a word splits the roster into
  tiers at once: a name starts with it, a name holds it, only another field does;
- every person carries a number that follows result order (a label, see `_Labels`), so a tier
  is put in order by sorting integers, and only as many tiers as `limit` needs are.

Result order: best score first (a name starts with the word, then a name holds it, then an
organisation, product, position, district or phone does), then the first name in Thai
dictionary order, then the roster's own order (`roster_place`), the one its numbers follow.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, islice, repeat
from operator import attrgetter, contains
from typing import TypeVar

from facilitator.models import Participant
from facilitator.roster.likeness import allowed_edits, prefix_distance
from facilitator.thai.text import SortKey, phone_digits, search_key, thai_sort_key

#: The fields every person has as text: an import and a badge match by them.
REQUIRED_TEXT = ("first_name", "last_name", "phone")
#: The fields that may be empty (any empty value is skipped), but are text when they are not.
OPTIONAL_TEXT = ("nickname", "position", "organisation", "product", "district")
#: Searched too, after the names: what a roster repeats from person to person.
OTHER_FIELDS = ("position", "organisation", "product", "district")

Rank = tuple[SortKey, tuple[int, str, str]]
"""Where a person stands among equal scores: first name in dictionary order, then their place
in the roster (so people of one name are listed alike on every desk, by roster number)."""

K = TypeVar("K")
V = TypeVar("V")


def roster_place(p: Participant) -> tuple[int, str, str]:
    """Where a person stands in the roster: the office's order, then walk-ins as they came."""
    return (p.roster_order or 10**9, p.added_at, p.id)


def indexable(person: Participant) -> bool:
    """Whether the fields search reads are text (a record from an older desk may not be)."""
    for name in REQUIRED_TEXT:  # loops, not generators: asked of every person at start
        if not isinstance(getattr(person, name), str):
            return False
    for name in OPTIONAL_TEXT:
        value = getattr(person, name)
        if value and not isinstance(value, str):
            return False
    return True


@dataclass(frozen=True)
class IndexEntry:
    """One person as search sees them: keys made once, compared on every keystroke."""

    participant_id: str
    names: tuple[str, ...]
    """First name, last name and nickname as search keys (the empty ones left out)."""
    others: tuple[str, ...]
    """Position, organisation, product and district as search keys (the empty ones left out)."""
    phone_digits: str
    name_key: tuple[str, str]
    """First and last name as search keys: what an import matches a row's name by."""
    rank: Rank


@dataclass(frozen=True)
class Matches:
    """The best `limit` people for a query, best first, and how many matched in all."""

    ids: tuple[str, ...]
    total: int


NO_MATCHES = Matches((), 0)
_rank_of = attrgetter("rank")


class SearchIndex:
    """Everyone's search keys in result order, changed one person at a time.

    Not thread-safe on its own: the directory that owns it holds its lock around every call.
    """

    def __init__(self) -> None:
        self._entries: dict[str, IndexEntry] = {}
        self._labels = _Labels()
        self._named: dict[str, set[str]] = {}
        """Each name (first, last or nick) and who has it."""
        self._texts: dict[str, set[str]] = {}
        """Each text of the other fields (an organisation, a district...) and who has it."""
        self._by_phone: dict[str, set[str]] = {}
        self._by_name: dict[tuple[str, str], set[str]] = {}

    @classmethod
    def build(
        cls, people: Iterable[Participant], pause: Callable[[], None] | None = None
    ) -> SearchIndex:
        """An index of `people`, ranked once. `pause` is called every few hundred people:
        a build on a worker thread gives the UI thread its turn there (see `prepare_search`)."""
        index = cls()
        # Names, districts and organisations repeat across a roster: each is keyed once.
        key = _memo(search_key)
        sort_key = _memo(thai_sort_key)
        entries = [index._entry(p, key, sort_key) for p in _pausing(people, pause)]
        entries.sort(key=_rank_of)
        index._labels.extend([(e.rank, e.participant_id) for e in _pausing(entries, pause)])
        for entry in _pausing(entries, pause):
            index._add(entry)
        return index

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, participant_id: str) -> IndexEntry | None:
        return self._entries.get(participant_id)

    # -- changing ----------------------------------------------------------------------------

    def put(self, person: Participant) -> None:
        """Index `person` afresh (new or changed)."""
        self.drop(person.id)
        entry = self._entry(person, search_key, thai_sort_key)
        self._labels.insert(entry.rank, person.id)
        self._add(entry)

    def drop(self, participant_id: str) -> None:
        """Forget this person (removed, or about to be indexed again)."""
        entry = self._entries.pop(participant_id, None)
        if entry is None:
            return
        self._labels.remove(entry.rank, participant_id)
        for name in entry.names:
            _discard(self._named, name, participant_id)
        for text in entry.others:
            _discard(self._texts, text, participant_id)
        _discard(self._by_phone, entry.phone_digits, participant_id)
        _discard(self._by_name, entry.name_key, participant_id)

    def _entry(
        self,
        p: Participant,
        key: Callable[[str], str],
        sort_key: Callable[[str], SortKey],
    ) -> IndexEntry:
        return IndexEntry(
            participant_id=p.id,
            names=tuple(key(x) for x in (p.first_name, p.last_name, p.nickname) if x),
            others=tuple(key(x) for x in (getattr(p, f) for f in OTHER_FIELDS) if x),
            phone_digits=phone_digits(p.phone),
            name_key=(key(p.first_name), key(p.last_name)),
            rank=(sort_key(p.first_name), roster_place(p)),
        )

    def _add(self, entry: IndexEntry) -> None:
        pid = entry.participant_id
        self._entries[pid] = entry
        for name in entry.names:
            self._named.setdefault(name, set()).add(pid)
        for text in entry.others:
            self._texts.setdefault(text, set()).add(pid)
        self._by_phone.setdefault(entry.phone_digits, set()).add(pid)
        self._by_name.setdefault(entry.name_key, set()).add(pid)

    # -- looking up --------------------------------------------------------------------------

    def with_phone(self, digits: str) -> set[str]:
        """Who has exactly this phone number (its digits, extension aside)."""
        return set(self._by_phone.get(digits, ()))

    def with_name(self, name_key: tuple[str, str]) -> set[str]:
        """Who has exactly this first and last name (as search keys)."""
        return set(self._by_name.get(name_key, ()))

    def match(self, words: list[str], limit: int) -> Matches:
        """People with every word in a name or another field, the best `limit` first."""
        times = Counter(words)
        if len(times) == 1:  # one word: its tiers do not overlap, and need no union
            tiers = self._tiers(words[0])
            return self._first(tiers, limit, sum(map(len, tiers)))
        tiers_of: dict[str, tuple[set[str], set[str], set[str]]] = {}
        found: set[str] | None = None
        for word in sorted(times, key=len, reverse=True):  # the rarest word first
            tiers_of[word] = self._tiers(word)
            holding = set().union(*tiers_of[word])
            found = holding if found is None else found & holding
            if not found:
                return NO_MATCHES
        assert found is not None  # `words` is never empty
        by_total: dict[int, set[str]] = {}
        for pid in found:
            total = sum(n * _tier_of(pid, tiers_of[word]) for word, n in times.items())
            by_total.setdefault(total, set()).add(pid)
        return self._first([by_total[t] for t in sorted(by_total)], limit, len(found))

    def match_phone(self, digits: str, limit: int) -> Matches:
        """People whose phone holds these digits; a number that ends with them first."""
        ending: set[str] = set()
        inside: set[str] = set()
        for phone, people in _holding(self._by_phone, digits):
            (ending if phone.endswith(digits) else inside).update(people)
        return self._first((ending, inside), limit, len(ending) + len(inside))

    def _tiers(self, word: str) -> tuple[set[str], set[str], set[str]]:
        """Who has a name that starts with `word`; who has it inside a name (and not at the
        start of another); who has it only elsewhere (another field, or the phone if the
        word is three digits or more)."""
        starting: set[str] = set()
        inside: set[str] = set()
        for name, people in _holding(self._named, word):
            (starting if name.startswith(word) else inside).update(people)
        inside -= starting
        elsewhere = set().union(*(people for _, people in _holding(self._texts, word)))
        if word.isdigit() and len(word) >= 3:
            elsewhere.update(*(people for _, people in _holding(self._by_phone, word)))
        elsewhere -= starting
        elsewhere -= inside
        return starting, inside, elsewhere

    def _first(self, tiers: Iterable[set[str]], limit: int, total: int) -> Matches:
        """The first `limit` people of `tiers` (best first), each tier in rank order."""
        chosen: list[str] = []
        for tier in tiers:
            if len(chosen) >= limit:
                break
            chosen.extend(islice(self._labels.in_order(tier), limit - len(chosen)))
        return Matches(tuple(chosen), total)

    def near_misses(self, words: list[str], limit: int) -> Matches:
        """People whose names are each word give or take a letter or two.

        The fallback when nothing matches exactly: every word must be near a name or the start
        of one (so "วีรพง", half typed, finds วีระพงษ์ too). Each distinct name on the roster
        is compared once, however many people share it; words too short to be a name are never
        fuzzy, and the bounded distance stops after a few letters.
        """
        limits = [allowed_edits(w) for w in words]
        if not all(limits):
            return NO_MATCHES
        totals: dict[str, int] = {}
        for n, (word, most) in enumerate(zip(words, limits, strict=True)):
            nearest = self._nearest(word, most)
            if n == 0:
                totals = {pid: 3 + edits for pid, edits in nearest.items()}  # after every exact
            else:
                totals = {
                    pid: total + 3 + nearest[pid] for pid, total in totals.items() if pid in nearest
                }
            if not totals:
                return NO_MATCHES
        label = self._labels.of
        best = heapq.nsmallest(limit, totals, key=lambda pid: (totals[pid], label(pid)))
        return Matches(tuple(best), len(totals))

    def _nearest(self, word: str, most: int) -> dict[str, int]:
        """Everyone with a name within `most` edits of `word` (or of its start): the fewest."""
        letters = frozenset(word)
        shortest = len(word) - most
        nearest: dict[str, int] = {}
        for name, people in self._named.items():
            if len(name) < shortest:
                continue
            # Each letter of the word that the name lacks costs an edit at least.
            missing = letters.difference(name)
            if missing and sum(word.count(ch) for ch in missing) > most:
                continue
            edits = prefix_distance(word, name, most)
            if edits > most:
                continue
            for pid in people:
                if edits < nearest.get(pid, most + 1):
                    nearest[pid] = edits
        return nearest


class _Labels:
    """A number for each person that grows with their rank, kept without renumbering everyone.

    Sorting the people a search found by their ranks (tuples of tuples) would cost what the
    index is here to save; sorting their labels (small integers) is a C loop. Labels start
    `_GAP` apart, someone who arrives between two others takes the number halfway, and only
    when two neighbours have no number left between them is everyone numbered afresh (after
    about twenty arrivals at one spot: a cost spread over them, not paid per change).
    """

    _GAP = 1 << 20

    def __init__(self) -> None:
        self._ranks: list[Rank] = []
        self._numbers: list[int] = []
        self._label: dict[str, int] = {}
        self._who: dict[int, str] = {}

    def extend(self, ranked: list[tuple[Rank, str]]) -> None:
        """Number people who rank after everyone so far (in rank order already)."""
        start = self._numbers[-1] if self._numbers else 0
        for n, (rank, pid) in enumerate(ranked, start=1):
            self._put(len(self._ranks), rank, pid, start + n * self._GAP)

    def insert(self, rank: Rank, pid: str) -> None:
        at = bisect_left(self._ranks, rank)
        numbers = self._numbers
        low = numbers[at - 1] if at else (numbers[0] if numbers else 0) - 2 * self._GAP
        high = numbers[at] if at < len(numbers) else low + 2 * self._GAP
        if high - low < 2:
            self._renumber()
            self.insert(rank, pid)
            return
        self._put(at, rank, pid, (low + high) // 2)

    def remove(self, rank: Rank, pid: str) -> None:
        at = bisect_left(self._ranks, rank)
        del self._ranks[at], self._numbers[at]
        del self._who[self._label.pop(pid)]

    def of(self, pid: str) -> int:
        return self._label[pid]

    def in_order(self, people: Iterable[str]) -> Iterator[str]:
        """`people` in rank order."""
        return map(self._who.__getitem__, sorted(map(self._label.__getitem__, people)))

    def _put(self, at: int, rank: Rank, pid: str, number: int) -> None:
        self._ranks.insert(at, rank)
        self._numbers.insert(at, number)
        self._label[pid] = number
        self._who[number] = pid

    def _renumber(self) -> None:
        ranked = [(rank, self._who[n]) for rank, n in zip(self._ranks, self._numbers, strict=True)]
        self._ranks, self._numbers = [], []
        self._label.clear()
        self._who.clear()
        self.extend(ranked)


def _pausing(items: Iterable[K], pause: Callable[[], None] | None, every: int = 250) -> Iterator[K]:
    """`items`, calling `pause` after every `every` of them."""
    for n, item in enumerate(items, start=1):
        if pause is not None and n % every == 0:
            pause()
        yield item


def _holding(index: dict[str, set[str]], word: str) -> Iterator[tuple[str, set[str]]]:
    """The keys of `index` that contain `word`, with who is under each: one C-level pass."""
    return compress(index.items(), map(contains, index, repeat(word)))


def _tier_of(pid: str, tiers: tuple[set[str], set[str], set[str]]) -> int:
    """0 = a name starts with the word, 1 = a name holds it, 2 = another field does."""
    starting, inside, _elsewhere = tiers
    return 0 if pid in starting else 1 if pid in inside else 2


def _memo(make: Callable[[K], V]) -> Callable[[K], V]:
    """`make`, remembering each answer: for building an index, where values repeat."""
    cache: dict[K, V] = {}

    def remembered(key: K) -> V:
        value = cache.get(key)
        if value is None:
            value = cache[key] = make(key)
        return value

    return remembered


def _discard(index: dict[K, set[str]], key: K, participant_id: str) -> None:
    people = index.get(key)
    if people is not None:
        people.discard(participant_id)
        if not people:
            del index[key]
