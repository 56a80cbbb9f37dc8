"""A damaged database file is never opened as an empty one, nor as an older one.

TinyDB's own storage reads a 0-byte file as an empty database, and the next write makes the loss
permanent. Here a damaged main file is rebuilt from the previous generation plus the journal,
which keeps every entry since that generation, so nothing acknowledged is lost (and the store
says what happened in `store.problems`); when that cannot be done, it refuses to open with a
message that names the file, the backups and the `facilitator ... restore` command, and
restoring a backup brings the data back.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB

from facilitator.storage.backups import restore_backup
from facilitator.storage.durable import canonical_checksum, previous_path, serialise
from facilitator.storage.journal import Journal, journal_path
from facilitator.storage.store import Store, StoreError


def torn(raw: bytes) -> bytes:
    """The first half of the file, as if the disk lost the rest."""
    return raw[: len(raw) // 2]


def zeroed(raw: bytes) -> bytes:
    """The file's length, all zero bytes: what some file systems show after a power cut."""
    return b"\0" * len(raw)


def emptied(raw: bytes) -> bytes:
    """A 0-byte file."""
    return b""


def garbage(raw: bytes) -> bytes:
    """Bytes that are not JSON at all."""
    return bytes(range(256)) * 4


def hand_edited(raw: bytes) -> bytes:
    """Still valid JSON, but someone changed a name by hand: the checksum no longer matches."""
    return raw.replace("สมชาย".encode(), "สมหญิง".encode())


DAMAGES: list[Callable[[bytes], bytes]] = [torn, zeroed, emptied, garbage, hand_edited]


def damage(path: Path, how: Callable[[bytes], bytes]) -> bytes:
    """Damage a file in place; returns the damaged bytes."""
    damaged = how(path.read_bytes())
    path.write_bytes(damaged)
    return damaged


def names(store: Store, table: str = "participants") -> list[str]:
    return sorted(r["name"] for r in store.records(table))


def snapshot_as_if_power_failed(db: Path, into: Path) -> Path:
    """Copy what is on disk right now (main file, previous generation, journal) elsewhere.

    The copy is what the next start of the app would find had the power been cut at this point,
    while the original store is still open.
    """
    into.mkdir()
    for path in (db, previous_path(db), journal_path(db)):
        if path.exists():
            shutil.copy2(path, into / path.name)
    return into / db.name


def two_generations(db: Path) -> Path:
    """A database written by two sessions: สมชาย in the previous generation, มาลี added since."""
    with Store.open(db) as store:
        store.put("participants", {"name": "สมชาย"})
    with Store.open(db) as store:
        store.put("participants", {"name": "มาลี"})
    return db


@pytest.mark.parametrize("how", DAMAGES, ids=lambda f: f.__name__)
def test_a_damaged_file_opens_the_previous_generation_and_says_so(
    tmp_path: Path, how: Callable[[bytes], bytes]
) -> None:
    db = two_generations(tmp_path / "events.json")
    damage(db, how)

    with Store.open(db) as store:
        # Yesterday's generation plus today's journal: never an empty or an older database.
        assert names(store) == ["มาลี", "สมชาย"]
        assert any("damaged" in p and "previous generation" in p for p in store.problems)
        assert any("nothing confirmed was lost" in p for p in store.problems)
        assert [n.code for n in store.notices] == ["rebuilt_from_previous"]


def test_the_damaged_file_is_kept_aside_and_the_good_generation_stays_the_fallback(
    tmp_path: Path,
) -> None:
    db = two_generations(tmp_path / "events.json")
    damaged = damage(db, torn)

    with Store.open(db) as store:
        store.put("participants", {"name": "ประยุทธ"})
    # The new generation is whole, and the fallback behind it is the last good one, not the wreck.
    with Store.open(db) as store:
        assert names(store) == ["ประยุทธ", "มาลี", "สมชาย"]
        assert store.problems == []
    previous = TinyDB(previous_path(db), access_mode="r")
    try:
        assert [d["name"] for d in previous.table("participants").all()] == ["สมชาย"]
    finally:
        previous.close()
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert [p.read_bytes() for p in kept] == [damaged]


@pytest.mark.parametrize("how", DAMAGES, ids=lambda f: f.__name__)
def test_with_no_good_generation_left_the_store_refuses_and_says_how_to_restore(
    tmp_path: Path, how: Callable[[bytes], bytes]
) -> None:
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        store.put("participants", {"name": "สมชาย"})
        backup = store.backup("before import")
    damaged = damage(db, how)
    journal_path(db).unlink()  # with it, the journal alone would rebuild the event
    assert not previous_path(db).exists()

    with pytest.raises(StoreError) as refused:
        Store.open(db)

    message = str(refused.value)
    assert str(db) in message
    assert backup.name in message
    assert f"facilitator --db {db} restore {backup.name}" in message
    assert db.read_bytes() == damaged, "the damaged file must be left as it was"

    restore_backup(db, backup)
    with Store.open(db) as store:
        assert names(store) == ["สมชาย"]


def test_with_no_backups_either_the_message_says_where_it_looked(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        store.put("participants", {"name": "สมชาย"})
    damage(db, emptied)
    journal_path(db).unlink()

    with pytest.raises(StoreError, match=r"No backups were found in .*backups"):
        Store.open(db)


def test_restoring_a_backup_undoes_a_bad_import_and_keeps_the_replaced_file(
    tmp_path: Path,
) -> None:
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        store.put("participants", {"name": "สมชาย"})
        backup = store.backup("before import")
        for i in range(3):
            store.put("participants", {"name": f"แถวผิด {i}"})

    replaced = restore_backup(db, backup)

    with Store.open(db) as store:
        assert names(store) == ["สมชาย"]
    assert replaced is not None and replaced.exists()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_torn_journal_tail_is_cut_off_and_earlier_check_ins_are_kept(tmp_path: Path) -> None:
    db = tmp_path / "live" / "events.json"
    store = Store.open(db)
    try:
        for code in ("A001", "A002", "A003"):
            store.put("checkins", {"participant": code})
        crashed = snapshot_as_if_power_failed(db, tmp_path / "after-crash")
    finally:
        store.close()
    journal = journal_path(crashed)
    lines = journal.read_bytes().splitlines(keepends=True)
    # The power went out in the middle of writing the third check-in.
    journal.write_bytes(b"".join(lines[:-1]) + lines[-1][:40])

    with Store.open(crashed) as store:
        assert [r["participant"] for r in store.records("checkins")] == ["A001", "A002"]
        assert any("unfinished" in p for p in store.problems)
        store.put("checkins", {"participant": "A004"})
    with Store.open(crashed) as store:
        assert [r["participant"] for r in store.records("checkins")] == ["A001", "A002", "A004"]
        assert store.problems == []


def test_an_acknowledged_write_is_on_disk_before_any_fold(tmp_path: Path) -> None:
    db = tmp_path / "live" / "events.json"
    store = Store.open(db)
    try:
        store.put("checkins", {"participant": "A001"})
        crashed = snapshot_as_if_power_failed(db, tmp_path / "after-crash")
    finally:
        store.close()

    with Store.open(crashed) as store:
        assert [r["participant"] for r in store.records("checkins")] == ["A001"]


def test_thai_is_stored_as_readable_utf8_json_that_plain_tinydb_opens(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        somchai = store.put("participants", {"name": "สมชาย ใจดี", "product": "ผ้าไหมมัดหมี่"})
        store.put("checkins", {"participant": somchai["id"], "note": "มาถึงแล้ว"})
        journal_text = journal_path(db).read_text(encoding="utf-8")
        stored = {name: store.records(name, include_deleted=True) for name in store.table_names()}

    text = db.read_text(encoding="utf-8")
    assert "สมชาย ใจดี" in text and "ผ้าไหมมัดหมี่" in text
    assert "\\u0e" not in text.lower()
    assert "มาถึงแล้ว" in journal_text and "\\u0e" not in journal_text.lower()

    inspected = TinyDB(db)
    try:
        for name, records in stored.items():
            assert inspected.table(name).all() == records
    finally:
        inspected.close()


def test_the_database_and_its_journal_are_readable_only_by_their_owner(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    old_umask = os.umask(0o022)
    try:
        store = Store.open(db)
        store.put("participants", {"name": "สมชาย", "phone": "0812345678"})
        assert stat.S_IMODE(journal_path(db).stat().st_mode) == 0o600
        store.close()
        with Store.open(db) as store:
            store.put("participants", {"name": "มาลี", "phone": "0898765432"})
            backup = store.backup("daily")
    finally:
        os.umask(old_umask)

    for path in (db, previous_path(db), journal_path(db), backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_file_written_by_the_previous_release_opens_and_is_rewritten_streamed(
    tmp_path: Path,
) -> None:
    """Format 2 (one canonical-JSON checksum of everything) opens; the next fold writes format 3,
    whose header closes the file and whose checksum was made while the file was written."""
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        somchai = store.put("participants", {"name": "สมชาย ใจดี"})
    data = json.loads(db.read_text(encoding="utf-8"))
    header = {**data.pop("_storage")["1"], "format": 2}
    header.pop("checksum")
    header["checksum"] = canonical_checksum(data, header)
    db.write_bytes(serialise(data, header))

    with Store.open(db) as store:
        assert store.problems == []
        assert store.get("participants", somchai["id"])["name"] == "สมชาย ใจดี"
        store.put("participants", {"name": "สมหญิง รักไทย"})

    last_line = db.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    assert last_line.startswith(b'"_storage": ') and b'"format": 3' in last_line
    with Store.open(db) as store:
        assert sorted(r["name"] for r in store.records("participants")) == [
            "สมชาย ใจดี",
            "สมหญิง รักไทย",
        ]


def test_entries_already_in_the_main_file_are_only_skimmed_and_a_fallback_reads_them_whole(
    tmp_path: Path,
) -> None:
    """Opening a big event does not decode the import it folded in already; if the main file
    is damaged, the same entries are read whole to rebuild it from the previous generation."""
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        store.put_many([("participants", {"name": f"คนที่ {i}"}, None) for i in range(50)])
        store.fold()
        store.put("checkins", {"participant": "A001"})
    main_generation = json.loads(db.read_bytes().rsplit(b"\n", 2)[-2][12:-1])["1"]["generation"]

    journal = Journal(journal_path(db))
    whole, skimmed = journal.scan(), journal.scan(skim_below=main_generation)
    assert [(e.generation, e.seq) for e in skimmed.entries] == [
        (e.generation, e.seq) for e in whole.entries
    ]
    assert any(e.skimmed and not e.ops for e in skimmed.entries)
    assert all(e.ops for e in skimmed.entries if e.generation >= main_generation)

    db.write_bytes(hand_edited(db.read_bytes()).replace("คนที่ 7".encode(), "คนที่ 8".encode()))
    with Store.open(db) as store:
        assert store.notices[0].code == "rebuilt_from_previous"
        assert len(store.records("participants")) == 50
        assert len(store.records("checkins")) == 1


def test_a_quiet_journal_is_folded_so_a_copy_of_the_main_file_alone_is_whole(
    tmp_path: Path,
) -> None:
    # Lunch break: someone copies event.json (without its journal) to a USB stick.
    path = tmp_path / "desk" / "event.json"
    path.parent.mkdir()
    store = Store.open(path, station="desk-a")
    try:
        store.put("checkins", {"who": "สมชาย"}, "c1")
        busy = time.monotonic()
        assert not store.fold_when_quiet(now=busy)  # a write a moment ago: the door is busy
        assert store.fold_when_quiet(now=busy + 60)
        assert store._fold_thread is not None
        store._fold_thread.join(10)
        assert not store.fold_when_quiet(now=busy + 120)  # nothing new to fold
        usb = tmp_path / "usb" / "event.json"
        usb.parent.mkdir()
        shutil.copyfile(path, usb)
    finally:
        store.close()
    copy = Store.open(usb, station="office")
    try:
        assert copy.get("checkins", "c1")["who"] == "สมชาย"
    finally:
        copy.close()


def test_a_file_is_read_piece_by_piece_exactly_as_json_reads_it_whole(tmp_path: Path) -> None:
    """The streamed reading (a megabyte at a time, repeated values shared) gives the very
    tables `json.loads` gives, and a layout it does not know is read whole, with the same
    result or the same refusal."""
    from facilitator.storage import durable

    path = tmp_path / "event.json"
    with Store.open(path) as store:
        for n in range(300):
            store.put("people", {"name": f"คน {n}", "role": "producer", "n": n, "x": [1, {}]})
        store.put("empty_then_gone", {"a": 1})
        store.delete("empty_then_gone", store.records("empty_then_gone")[0]["id"])
    raw = path.read_bytes()
    whole = json.loads(raw.decode("utf-8"))
    streamed = durable._parse_streamed(raw)
    assert streamed == whole and list(streamed) == list(whole)
    people = list(streamed["people"].values())
    assert people[0]["role"] is people[1]["role"]  # one copy of a repeated value
    old_chunk = durable._PARSE_CHUNK
    durable._PARSE_CHUNK = 64  # many small pieces: every cut falls between two documents
    try:
        assert durable._parse_streamed(raw) == whole
    finally:
        durable._PARSE_CHUNK = old_chunk
    pretty = json.dumps(whole, indent=2, ensure_ascii=False).encode()
    assert durable._parse_streamed(pretty) is None
    tables, _ = durable.parse_generation(raw)
    assert "_storage" not in tables and tables == {
        k: v for k, v in whole.items() if k != "_storage"
    }
    cut = raw.index(b'\n"2": ')
    torn = raw[:cut] + b"{" + raw[cut:]
    assert durable._parse_streamed(torn) is None
    with pytest.raises(ValueError, match="not valid JSON"):
        durable.parse_generation(torn)


def test_a_fold_keeps_the_journal_lines_as_written_without_encoding_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trim after a fold runs under the lock a scan's write waits for: it copies the lines
    `append` wrote instead of encoding thousands of entries again."""
    import facilitator.storage.journal as journal_module

    path = tmp_path / "event.json"
    with Store.open(path, station="desk-a") as store:
        for n in range(3):
            store.put("checkins", {"who": "สมชาย", "n": n}, f"c{n}")
        store.fold()
        store.put("checkins", {"who": "สมหญิง"}, "c9")
        before = journal_path(path).read_bytes()

        def never(entry: object) -> bytes:
            raise AssertionError("an entry this journal wrote was encoded again")

        monkeypatch.setattr(journal_module, "_encode", never)
        store.fold()
        after = journal_path(path).read_bytes()
        assert after and before.endswith(after)  # the lines since `.prev`, byte for byte
        assert "สมหญิง".encode() in after
        monkeypatch.undo()
    with Store.open(path, station="desk-a") as again:
        assert again.get("checkins", "c9")["who"] == "สมหญิง"
        assert again.get("checkins", "c2")["n"] == 2


def test_a_fold_on_a_background_thread_writes_what_one_on_the_main_thread_would(
    tmp_path: Path,
) -> None:
    """The background fold is paced and hands the interpreter over sooner; the file it writes
    is the same, and the switch interval is put back afterwards."""
    import sys
    import threading

    interval = sys.getswitchinterval()
    written = []
    for where in ("main", "background"):
        path = tmp_path / where / "event.json"
        path.parent.mkdir()
        with Store.open(path, station="desk-a", wall_ms=lambda: 1_700_000_000_000) as store:
            for n in range(450):
                store.put("checkins", {"who": "สมชาย", "n": n}, f"c{n:04d}")
            if where == "main":
                store.fold()
            else:
                folding = threading.Thread(target=store.fold)
                folding.start()
                folding.join(30)
            written.append(path.read_bytes())
    assert sys.getswitchinterval() == interval
    assert written[0] == written[1]
