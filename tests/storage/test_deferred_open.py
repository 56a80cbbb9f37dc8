"""Opening in two steps: the door answers before a big event is parsed, and loses nothing.

A deferred open reads and checks the file, parses only its small tables and the journal, and
takes writes; the records of the big tables come in by id (`reach`) until `load_rest` parses
the whole file on another thread and `hand_over` puts it in place. These tests make every table
"big" (a few hundred bytes) so the two steps show at the size of a test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.storage import unread
from facilitator.storage.journal import journal_path
from facilitator.storage.store import Changes, Store, StoreError

PEOPLE = [f"P{n:04d}" for n in range(40)]


@pytest.fixture(autouse=True)
def every_table_is_big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unread, "SMALL_TABLE_BYTES", 200)


def folded_event(path: Path) -> None:
    """An event file, folded: people, two check-ins each, and a small settings table."""
    with Store.open(path, station="desk-a") as store:
        store.put("settings", {"name": "งานทดสอบ"}, "event")
        for pid in PEOPLE:
            store.put("people", {"name": f"คนที่ {pid}", "role": "producer"}, pid)
            for session in ("am", "pm"):
                store.put("checkins", {"person": pid, "session": session}, f"{pid}-{session}")
        store.put("people", {"deleted": True}, PEOPLE[-1])


def test_a_deferred_open_holds_the_small_tables_and_reaches_a_person_by_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ev.json"
    folded_event(db)
    monkeypatch.setattr(unread, "SMALL_TABLE_BYTES", 1000)  # settings is small, the rest big
    store = Store.open(db, deferred=True)
    heard: list[Changes] = []
    store.subscribe(heard.append)
    assert store.loading
    assert store.get("settings", "event") is not None
    assert store.get("people", PEOPLE[3]) is None  # not reached yet
    store.reach([PEOPLE[3]])
    assert store.get("people", PEOPLE[3])["name"] == "คนที่ P0003"
    assert {r["id"] for r in store.records("checkins")} == {f"{PEOPLE[3]}-am", f"{PEOPLE[3]}-pm"}
    assert heard[-1].ids("people") == {PEOPLE[3]}
    assert heard[-1].ids("checkins") == {f"{PEOPLE[3]}-am", f"{PEOPLE[3]}-pm"}
    store.reach([PEOPLE[3]])  # once is enough: nothing new, nobody told
    assert len(heard) == 1
    store.close()


def test_writes_while_opening_reach_the_whole_store_and_the_file(tmp_path: Path) -> None:
    db = tmp_path / "ev.json"
    folded_event(db)
    store = Store.open(db, deferred=True)
    store.reach([PEOPLE[0]])
    store.put("checkins", {"person": PEOPLE[0], "session": "eve"}, "early-1")
    whole = store.load_rest()  # on a thread in the app; the door goes on meanwhile
    store.put("checkins", {"person": PEOPLE[1], "session": "eve"}, "early-2")
    heard: list[Changes] = []
    whole.subscribe(heard.append)
    store.hand_over(whole)
    assert not whole.loading
    assert whole.count("people") == len(PEOPLE)
    assert whole.get("checkins", "early-1") is not None
    assert whole.get("checkins", "early-2") is not None
    assert heard[-1].ids("checkins") == {"early-2"}  # the indexes hear what they missed
    assert whole.sequence == store.sequence
    with pytest.raises(StoreError) as refused:
        store.put("checkins", {"person": PEOPLE[2]}, "too-late")
    assert refused.value.code == "handed_over"
    store.close()  # handed over: it holds nothing any more, the whole store does
    whole.put("checkins", {"person": PEOPLE[2], "session": "eve"}, "late-1")
    whole.close()
    with Store.open(db) as again:
        for rid in ("early-1", "early-2", "late-1"):
            assert again.get("checkins", rid) is not None
        assert again.count("checkins") == 2 * len(PEOPLE) + 3


def test_a_change_to_a_record_not_parsed_yet_keeps_what_the_file_holds(tmp_path: Path) -> None:
    db = tmp_path / "ev.json"
    folded_event(db)
    store = Store.open(db, deferred=True)
    store.put("people", {"phone": "0812345678"}, PEOPLE[5])  # never reached by a scan
    store.hand_over(whole := store.load_rest())
    person = whole.get("people", PEOPLE[5])
    assert person["phone"] == "0812345678"
    assert person["name"] == "คนที่ P0005" and person["role"] == "producer"
    whole.close()


def test_closing_while_opening_keeps_the_writes_and_never_writes_part_of_the_file(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ev.json"
    folded_event(db)
    before = db.read_bytes()
    store = Store.open(db, deferred=True)
    store.reach([PEOPLE[0]])
    store.put("checkins", {"person": PEOPLE[0], "session": "eve"}, "early-1")
    store.fold()  # a fold now would write a file of one person: it does nothing
    store.close()  # the power cut, or Ctrl+Q in the first second
    assert db.read_bytes() == before
    assert journal_path(db).stat().st_size > 0
    with Store.open(db) as again:
        assert again.get("checkins", "early-1") is not None
        assert again.count("people") == len(PEOPLE)


@pytest.mark.parametrize(
    ("what", "call"),
    [
        ("merge", lambda s: s.merge([("people", {"id": "x"})])),
        ("backup", lambda s: s.backup("test")),
        ("sync", lambda s: s.changes_since(0)),
        ("bundle", lambda s: list(s.dump())),
    ],
)
def test_what_needs_every_record_waits_until_the_store_is_whole(
    tmp_path: Path, what: str, call: object
) -> None:
    db = tmp_path / "ev.json"
    folded_event(db)
    store = Store.open(db, deferred=True)
    with pytest.raises(StoreError) as refused:
        call(store)  # type: ignore[operator]
    assert refused.value.code == "still_opening"
    assert not store.fold_when_quiet(now=10**9)
    store.close()


def test_a_new_id_while_opening_is_never_one_the_unparsed_tables_hold(tmp_path: Path) -> None:
    db = tmp_path / "ev.json"
    folded_event(db)
    store = Store.open(db, deferred=True)
    offered = iter([PEOPLE[7], "FRESH001"])
    assert store.new_id("people", make=lambda: next(offered)) == "FRESH001"
    store.close()


def test_files_that_need_recovery_open_whole_even_when_deferred(tmp_path: Path) -> None:
    db = tmp_path / "ev.json"
    folded_event(db)
    with journal_path(db).open("ab") as torn:
        torn.write(b'{"unfinished')  # a write cut by the power
    store = Store.open(db, deferred=True)
    assert not store.loading
    assert store.count("people") == len(PEOPLE)
    store.close()


def test_a_database_never_folded_opens_whole(tmp_path: Path) -> None:
    db = tmp_path / "ev.json"
    with Store.open(db) as store:
        store.put("people", {"name": "ยังไม่เคยพับ"}, "only")
    journal_only = Store.open(db, deferred=True)  # closing folded it: now a file
    assert journal_only.loading
    journal_only.close()
    other = tmp_path / "other.json"
    fresh = Store.open(other, deferred=True)  # no file at all
    assert not fresh.loading
    fresh.put("people", {"name": "ใหม่"}, "n1")
    fresh.close()


def test_the_hand_over_keeps_the_clock_even_far_ahead_of_the_wall(tmp_path: Path) -> None:
    """A laptop whose clock went back a day (a flat BIOS battery): its own stamps are ahead.
    The whole store must still take them over, never refuse them as a stranger's."""
    db = tmp_path / "ev.json"
    folded_event(db)
    wall = [4_000_000_000_000]  # far in the future: the stamps written now
    store = Store.open(db, deferred=True, wall_ms=lambda: wall[0])
    whole = store.load_rest()
    early = store.put("checkins", {"person": PEOPLE[0], "session": "eve"}, "ahead-1")
    wall[0] = 1_800_000_000_000  # the clock as it is now: two days earlier than the stamps
    store.hand_over(whole)
    later = whole.put("checkins", {"person": PEOPLE[1], "session": "eve"}, "after-1")
    assert whole.get("checkins", "ahead-1") is not None
    assert later["hlc"] > early["hlc"]  # the clock never goes back
    whole.close()
