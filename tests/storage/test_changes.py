"""The store says what changed: subscribers hear each write, a sync asks what changed since."""

from __future__ import annotations

from pathlib import Path

from facilitator.storage.store import Changes, Store


def test_a_write_tells_subscribers_which_records_it_touched(tmp_path: Path) -> None:
    heard: list[Changes] = []
    with Store.open(tmp_path / "db.json", station="a") as store:
        store.subscribe(heard.append)
        first = store.put("people", {"name": "สมหมาย"})
        store.put_many([("people", {"name": "บุญเรือง"}, None), ("checkins", {"at": "x"}, None)])
    assert heard[0].ids("people") == {first["id"]}
    assert set(heard[1].tables) == {"people", "checkins"}
    assert heard[0].sequence < heard[1].sequence


def test_a_write_that_changes_nothing_tells_nobody(tmp_path: Path) -> None:
    heard: list[Changes] = []
    with Store.open(tmp_path / "db.json", station="a") as store:
        record = store.put("people", {"name": "สมหมาย"})
        store.subscribe(heard.append)
        store.put("people", {"name": "สมหมาย"}, record["id"])
        store.merge([("people", record)])
    assert heard == []


def test_a_subscriber_may_write_from_inside_the_callback(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.json", station="a") as store:

        def echo(changes: Changes) -> None:
            if "people" in changes.tables:
                store.put("audit", {"saw": sorted(changes.ids("people"))})

        store.subscribe(echo)
        store.put("people", {"name": "สมหมาย"})
        assert len(store.records("audit")) == 1


def test_unsubscribed_hears_nothing_more(tmp_path: Path) -> None:
    heard: list[Changes] = []
    with Store.open(tmp_path / "db.json", station="a") as store:
        stop = store.subscribe(heard.append)
        store.put("people", {"name": "a"})
        stop()
        store.put("people", {"name": "b"})
    assert len(heard) == 1


def test_changes_since_gives_only_what_changed_after_the_checkpoint(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.json", station="a") as store:
        a = store.put("people", {"name": "a"})
        store.put("people", {"name": "b"})
        checkpoint = store.sequence
        c = store.put("people", {"name": "c"})
        a2 = store.put("people", {"name": "a, corrected"}, a["id"])
        changed = store.changes_since(checkpoint)
        assert [r["id"] for _, r in changed] == [c["id"], a2["id"]]
        assert changed[-1][1]["name"] == "a, corrected"
        assert store.changes_since(store.sequence) == []


def test_the_sequence_survives_a_fold_and_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with Store.open(db, station="a") as store:
        store.put("people", {"name": "a"})
        checkpoint = store.sequence
        b = store.put("people", {"name": "b"})
        store.fold()
        c = store.put("people", {"name": "c"})  # in the journal only
    with Store.open(db, station="a") as store:
        assert [r["id"] for _, r in store.changes_since(checkpoint)] == [b["id"], c["id"]]
        before = store.sequence
        store.put("people", {"name": "d"})
        assert store.sequence > before


def test_merged_records_are_changes_too(tmp_path: Path) -> None:
    with (
        Store.open(tmp_path / "a.json", station="a") as a,
        Store.open(tmp_path / "b.json", station="b") as b,
    ):
        record = a.put("people", {"name": "from a"})
        checkpoint = b.sequence
        heard: list[Changes] = []
        b.subscribe(heard.append)
        b.merge([("people", record)])
        assert heard[0].ids("people") == {record["id"]}
        assert [r["id"] for _, r in b.changes_since(checkpoint)] == [record["id"]]
