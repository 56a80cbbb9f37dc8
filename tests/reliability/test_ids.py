"""Ids are unique by construction: a collision is retried, never an overwrite.

Issue 13: a 100,000-row import stored 99,993 people, and a forced collision overwrote an existing
person, so their badge checked in someone else. `Store.new_id` checks the table (tombstones
included) and the batch being built; record ids are 128 random bits.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from facilitator.storage import record
from facilitator.storage.errors import StoreError
from facilitator.storage.record import ID_BYTES, new_id
from facilitator.storage.store import Store
from tests.reliability.damage import Clock


def test_a_colliding_id_is_retried_against_the_table_and_the_batch(tmp_path: Path) -> None:
    with Store.open(tmp_path / "event.json", wall_ms=Clock()) as store:
        taken = store.put("participants", {"name": "สมชาย"}, "KKKKKKKK")["id"]
        store.delete("participants", "LLLLLLLL")  # a tombstone still owns its id
        made = iter(["KKKKKKKK", "LLLLLLLL", "MMMMMMMM", "MMMMMMMM", "NNNNNNNN"])

        first = store.new_id("participants", make=made.__next__)
        second = store.new_id("participants", make=made.__next__, taken={first})

    assert taken == "KKKKKKKK"
    assert (first, second) == ("MMMMMMMM", "NNNNNNNN")


def test_a_batch_never_gives_two_records_one_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Force the random source to repeat itself, the way a short id space eventually does.
    repeats = itertools.chain(["aa", "aa", "aa", "bb", "bb", "cc"], itertools.repeat("dd"))
    with Store.open(tmp_path / "event.json", wall_ms=Clock()) as store:
        existing = store.put("participants", {"name": "สมชาย"}, "aa")
        monkeypatch.setattr(record.secrets, "token_hex", lambda _n: next(repeats))
        batch = store.put_many([("participants", {"name": f"คนที่ {i}"}, None) for i in range(3)])

        assert [r["id"] for r in batch] == ["bb", "cc", "dd"]
        assert store.get("participants", "aa") == existing
        assert len(store.records("participants")) == 4


def test_an_id_space_that_is_full_is_an_error_not_an_overwrite(tmp_path: Path) -> None:
    with Store.open(tmp_path / "event.json", wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"}, "only")
        with pytest.raises(StoreError) as full:
            store.new_id("participants", make=lambda: "only")
    assert full.value.code == "ids_exhausted"
    assert full.value.params["table"] == "participants"


def test_record_ids_are_long_enough_for_a_hundred_thousand_people() -> None:
    ids = [new_id() for _ in range(100_000)]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids[:100])
    # Birthday bound: n^2 / 2^(bits+1) for n = 100,000 and 128 bits.
    assert 100_000**2 / 2 ** (ID_BYTES * 8 + 1) < 1e-28
