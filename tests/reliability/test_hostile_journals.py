"""A journal written by someone else: valid CRCs around entries of the wrong shape.

A CRC catches a disk's bit flip, not a hand that recomputes it. Whatever a complete journal line
holds, opening the event either works or is refused with `journal_damaged`, never a traceback,
and the files are left as they were.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import pytest

from facilitator.storage.errors import CorruptDatabase
from facilitator.storage.journal import journal_path
from facilitator.storage.store import Store
from tests.reliability.damage import Clock


def line(entry: Any) -> bytes:
    """A journal line around `entry`, with a CRC that matches it."""
    body = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    return f'{{"crc":{zlib.crc32(body.encode())},"e":{body}}}\n'.encode()


def event_with(tmp_path: Path, *extra: bytes) -> Path:
    """An event with one person, its journal followed by `extra` lines."""
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
    with journal_path(db).open("ab") as journal:
        for raw in extra:
            journal.write(raw)
    return db


def record(**fields: Any) -> dict[str, Any]:
    return {"id": "a1", "name": "มาลี", "hlc": "1717207300000.00000", "station": "x", **fields}


GOOD = {"g": 1, "ops": [["participants", record()]], "local": {}, "s": 3}

HOSTILE = {
    "generation as text": {**GOOD, "g": "1"},
    "negative generation": {**GOOD, "g": -1},
    "generation true": {**GOOD, "g": True},
    "sequence as a float": {**GOOD, "s": 1.5},
    "ops an object": {**GOOD, "ops": {"participants": record()}},
    "op without a record": {**GOOD, "ops": [["participants"]]},
    "table a number": {**GOOD, "ops": [[7, record()]]},
    "record a string": {**GOOD, "ops": [["participants", "record"]]},
    "id a number": {**GOOD, "ops": [["participants", record(id=5)]]},
    "record without id": {**GOOD, "ops": [["participants", {"name": "x"}]]},
    "local a list": {**GOOD, "local": ["station"]},
}


@pytest.mark.parametrize("entry", HOSTILE.values(), ids=HOSTILE.keys())
def test_an_entry_of_the_wrong_shape_is_refused_never_a_traceback(
    tmp_path: Path, entry: dict[str, Any]
) -> None:
    db = event_with(tmp_path, line(entry))
    before = journal_path(db).read_bytes()

    with pytest.raises(CorruptDatabase) as refused:
        Store.open(db, wall_ms=Clock())

    assert refused.value.code == "journal_damaged"
    assert refused.value.params["reason"].startswith("not a journal entry")
    assert journal_path(db).read_bytes() == before


@pytest.mark.parametrize(
    "raw",
    [
        b"not json at all\n",
        b"\xff\xfe\xfa garbage bytes\n",
        b"[" * 100_000 + b"\n",
        b"\n",
        b'["crc", "e"]\n',
        b'{"crc": "1", "e": {}}\n',
        b'{"crc": 1, "e": {"g": 1, "ops": [], "x": 1e999}}\n',
        b"\0" * 600 + b"\n",
    ],
    ids=["text", "not-utf8", "nested", "empty", "list", "crc-text", "infinity", "zeros"],
)
def test_a_complete_line_that_is_not_an_entry_is_refused_and_left_alone(
    tmp_path: Path, raw: bytes
) -> None:
    db = event_with(tmp_path, raw, line(GOOD))  # a good entry after it must not be skipped to
    before = journal_path(db).read_bytes()

    with pytest.raises(CorruptDatabase) as refused:
        Store.open(db, wall_ms=Clock())

    assert refused.value.code == "journal_damaged"
    assert refused.value.params["line"] == 3
    assert journal_path(db).read_bytes() == before


@pytest.mark.parametrize("stamp", ["abc", "9999999999999.99999", 12, None])
def test_a_poisoned_clock_stamp_in_the_journal_does_not_poison_the_clock(
    tmp_path: Path, stamp: object
) -> None:
    db = event_with(tmp_path, line({**GOOD, "ops": [["participants", record(hlc=stamp)]]}))

    with Store.open(db, wall_ms=Clock()) as store:
        assert {r["name"] for r in store.records("participants")} == {"สมชาย", "มาลี"}
        if stamp is not None:
            assert "implausible_stamps" in {n.code for n in store.notices}
        later = store.put("participants", {"name": "ประยุทธ"})
    assert later["hlc"] < "2"  # a real stamp of this desk's clock, not year 2286


def test_a_desk_local_setting_of_the_wrong_shape_is_not_a_traceback(tmp_path: Path) -> None:
    db = event_with(tmp_path, line({**GOOD, "ops": [["_local", {"id": "station"}]]}))

    with Store.open(db, station="desk-b", wall_ms=Clock()) as store:
        assert store.station == "desk-b"


def test_an_entry_writing_the_storage_header_table_cannot_replace_the_header(
    tmp_path: Path,
) -> None:
    db = event_with(tmp_path, line({**GOOD, "ops": [["_storage", {"id": "1", "x": 1}]]}))

    with Store.open(db, wall_ms=Clock()):
        pass
    with Store.open(db, wall_ms=Clock()) as store:
        assert store.notices == []
        assert {r["name"] for r in store.records("participants")} == {"สมชาย"}


def test_a_very_long_valid_entry_is_read_back(tmp_path: Path) -> None:
    long_note = "บันทึก" * 200_000
    db = event_with(
        tmp_path, line({**GOOD, "ops": [["participants", record(note=long_note)]], "s": 3})
    )

    with Store.open(db, wall_ms=Clock()) as store:
        assert store.get("participants", "a1")["note"] == long_note
