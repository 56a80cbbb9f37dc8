"""A big fair's search: the first rows are exactly the first rows of the whole sorted list.

Search keeps everyone in result order and stops early instead of sorting every match, so these
tests hold it to the slow, obvious answer: score every person on the roster, sort them all by
score and Thai dictionary order, take the first few. They also change people one at a time (a
correction, a walk-in, a removal, many people given the same name) and check the index follows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.checkin.service import Verdict
from facilitator.desk import Desk
from facilitator.models import Participant
from facilitator.roster.likeness import allowed_edits, prefix_distance
from facilitator.roster.search_index import SearchIndex
from facilitator.thai.text import digits_only, phone_digits, search_key, split_title, thai_sort_key
from tests.demo_desks import code_of, open_demo_desk
from tests.facilitator.roster.fair_roster import open_fair


def brute_force(desk: Desk, query: str) -> list[str]:
    """Everyone who matches, all of them sorted (score, Thai dictionary order of the first
    name, roster number): what the first rows must be the start of."""
    _title, rest = split_title(query.strip())
    words = [search_key(w) for w in (rest or query).split()]
    digits = digits_only(query)
    phone_only = digits and digits == "".join(query.split()).replace("-", "") and len(digits) >= 3
    people = desk.participants.all()
    found = []
    for p in people:
        names = [search_key(x) for x in (p.first_name, p.last_name, p.nickname) if x]
        others = [search_key(x) for x in (p.position, p.organisation, p.product, p.district) if x]
        phone = phone_digits(p.phone)
        if phone_only:
            if digits in phone:
                found.append((0 if phone.endswith(digits) else 1, p))
            continue
        scores = [word_score(w, names, others, phone) for w in words]
        if None not in scores:
            found.append((sum(s for s in scores if s is not None), p))
    if not found and not phone_only:
        found = near_misses(people, words)
    number = desk.participants.number
    found.sort(key=lambda s: (s[0], thai_sort_key(s[1].first_name), number(s[1].id)))
    return [p.id for _, p in found]


def word_score(word: str, names: list[str], others: list[str], phone: str) -> int | None:
    if any(n.startswith(word) for n in names):
        return 0
    if any(word in n for n in names):
        return 1
    if any(word in o for o in others) or (word.isdigit() and len(word) >= 3 and word in phone):
        return 2
    return None


def near_misses(people: list[Participant], words: list[str]) -> list[tuple[int, Participant]]:
    limits = [allowed_edits(w) for w in words]
    if not all(limits):
        return []
    found = []
    for p in people:
        names = [search_key(x) for x in (p.first_name, p.last_name, p.nickname) if x]
        edits = [
            min((prefix_distance(w, n, most) for n in names), default=most + 1)
            for w, most in zip(words, limits, strict=True)
        ]
        if all(e <= most for e, most in zip(edits, limits, strict=True)):
            found.append((sum(3 + e for e in edits), p))
    return found


def queries(people: list[Participant], rng: random.Random) -> Iterator[str]:
    """What a desk types: a letter, the start of a name, two words, digits, a typo."""
    yield from ["ส", "ก", "เ", "สม", "นาง สม", "กลุ่ม", "081", "ดอน", "ซซซซซซ"]
    for p in rng.sample(people, 12):
        yield p.first_name[:1]
        yield p.last_name[:2]
        yield p.last_name[:4]
        yield f"{p.first_name[:2]} {p.last_name[:2]}"
        yield phone_digits(p.phone)[-4:]
        yield p.last_name[:3] + p.last_name[4:]  # a letter dropped: near misses


@pytest.fixture
def fair(tmp_path: Path) -> Iterator[Desk]:
    """A desk with 800 people: enough that the first rows are a small part of the matches."""
    desk = open_fair(tmp_path / "fair.json", 800)
    yield desk
    desk.close()


def assert_first_rows_are_the_sorted_list(desk: Desk, query: str) -> None:
    everything = brute_force(desk, query)
    for limit in (1, 7, 40, 1000):
        found = desk.participants.find(query, limit)
        assert [p.id for p in found.people] == everything[:limit], (query, limit)
        assert found.total == len(everything), query


def test_the_first_rows_of_a_search_are_the_first_of_the_whole_sorted_list(fair: Desk) -> None:
    rng = random.Random(7)
    for query in queries(fair.participants.all(), rng):
        assert_first_rows_are_the_sorted_list(fair, query)


def test_people_who_tie_come_in_roster_order_on_a_freshly_opened_desk(fair: Desk) -> None:
    # Two desks (or the bench and the screen) opened on one file must list ties alike.
    found = fair.participants.search("สมชาย", limit=1000)
    same_name = [p for p in found if p.first_name == "สมชาย"]
    numbers = [fair.participants.number(p.id) or 0 for p in same_name]
    assert len(same_name) > 10 and numbers == sorted(numbers)


def test_a_correction_moves_the_person_to_their_new_place(fair: Desk) -> None:
    roster = fair.participants
    person = next(p for p in roster.all() if p.first_name == "สมศรี")
    assert person.id in [p.id for p in roster.search("สมศรี", limit=1000)]
    roster.edit(person.id, first_name="กนกวรรณ", last_name="กกกกก")
    assert roster.search("กนกวรรณ กกกกก", limit=5)[0].id == person.id
    assert person.id not in [p.id for p in roster.search("สมศรี", limit=1000)]
    entry = roster._search_index().entry(person.id)
    assert entry is not None and entry.rank[0] == thai_sort_key("กนกวรรณ")
    assert "กกกกก" in entry.names
    for query in ("ก", "กน", "ส", "สม"):
        assert_first_rows_are_the_sorted_list(fair, query)


def test_walk_ins_removals_and_many_renamed_keep_the_order(fair: Desk) -> None:
    roster = fair.participants
    people = roster.all()
    for p in people[:5]:
        roster.remove_id(p.id)
    for n in range(5):
        roster.add(first_name="บุญมี", last_name=f"ใหม่{n}", phone=f"089-000-000{n}")
    # Forty people renamed alike all land at one spot in the order: the index must make room.
    for p in people[100:140]:
        roster.edit(p.id, first_name="บุญมี")
    for query in ("บุญ", "บุญมี", "บ", "ใหม่", "0890000", "สม"):
        assert_first_rows_are_the_sorted_list(fair, query)
    assert roster.find("บุญมี", 1000).total == len(brute_force(fair, "บุญมี")) > 40


def test_a_scan_gets_its_verdict_before_the_search_index_exists(tmp_path: Path) -> None:
    desk = open_demo_desk(tmp_path / "ev.json")
    desk.close()
    desk = Desk.open(tmp_path / "ev.json")
    try:
        person = desk.participants.all()[5]
        assert not desk.participants.search_ready
        assert desk.checkins.scan(code_of(desk, person)).verdict is Verdict.CHECKED_IN
        assert not desk.participants.search_ready  # the door never waited for it
        desk.participants.prepare_search()
        assert desk.participants.search_ready
        assert desk.participants.search(person.first_name)[0].first_name == person.first_name
    finally:
        desk.close()


def test_a_correction_made_while_the_index_is_built_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = open_demo_desk(tmp_path / "ev.json")
    desk.close()
    desk = Desk.open(tmp_path / "ev.json")
    roster = desk.participants
    person = roster.all()[3]
    build = SearchIndex.build

    def build_while_a_sync_corrects(people: object, pause: object = None) -> SearchIndex:
        index = build(people, pause)  # from the roster as it was when the build began
        roster.update(person.id, first_name="ปรีดา")  # meanwhile, on the sync's thread
        return index

    monkeypatch.setattr(SearchIndex, "build", build_while_a_sync_corrects)
    try:
        roster.prepare_search()
        monkeypatch.undo()
        assert [p.id for p in roster.search("ปรีดา")] == [person.id]
        assert person.id not in [p.id for p in roster.search(person.first_name, limit=100)]
    finally:
        desk.close()


def test_a_roster_number_finds_that_person_first(fair: Desk) -> None:
    roster = fair.participants
    twenty_second, hundred_and_third = roster.all()[21], roster.all()[102]
    assert roster.search("22", limit=5)[0].id == twenty_second.id  # as printed on the sheet
    assert roster.search("#103", limit=5)[0].id == hundred_and_third.id
    # Three digits without "#" stay the end of a phone number, as before.
    ending = hundred_and_third.phone.replace("-", "")[-3:]
    by_phone = roster.search(ending, limit=5)
    assert by_phone and by_phone[0].phone.replace("-", "").endswith(ending)
    assert hundred_and_third.id in [p.id for p in roster.search(ending, limit=1000)]
    found = roster.find("22", limit=5)
    assert found.total == len({p.id for p in roster.search("22", limit=1000)})
