"""The storage layer's messages, provoked for real, read back in the catalogue's words.

Each story makes the storage layer (or the CouchDB client, or the bundle reader) refuse
something the way a desk meets it, then checks the round trip that `facilitator.storage_texts`
promises: the catalogue's English is the storage layer's text, character for character, and
the Thai is Thai (so a changed storage sentence fails here, not silently on a Thai desk).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.i18n import set_language
from facilitator.storage import durable
from facilitator.storage.backups import BackupShelf
from facilitator.storage.bundle import BundleError, make_bundle, read_bundle, write_bundle
from facilitator.storage.couch import CouchError
from facilitator.storage.journal import Journal
from facilitator.storage.store import Store, StoreError
from facilitator.storage_texts import known, storage_text


def refusal(action: Callable[[], object]) -> str:
    """The message of the storage exception `action` raises."""
    with pytest.raises((StoreError, BundleError, CouchError, OSError, Exception)) as raised:
        action()
    return str(raised.value)


def read_back(message: str, key_prefix: str = "") -> str:
    """Check the round trip of one message; return its Thai text."""
    text = known(message)
    assert text is not None, f"no pattern knows: {message!r}"
    assert text.key.startswith(key_prefix)
    set_language("en")
    assert str(text) == message
    set_language("th")
    thai = str(text)
    assert thai != message and any("\u0e00" <= ch <= "\u0e7f" for ch in thai)
    return thai


def open_store(path: Path) -> Store:
    return Store.open(path, station="desk-a")


def test_a_database_open_in_another_window_is_named_with_who_holds_it(tmp_path: Path) -> None:
    db = tmp_path / "event.json"
    with open_store(db):
        thai = read_back(refusal(lambda: open_store(db)), "storage.error.locked")
    assert str(db) in thai and f"หมายเลข {os.getpid()}" in thai


def test_a_folder_given_as_the_database(tmp_path: Path) -> None:
    folder = tmp_path / "event.json"
    folder.mkdir()
    assert str(folder) in read_back(refusal(lambda: open_store(folder)), "storage.error.is_folder")


def test_a_database_inside_a_file(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("hello")
    message = refusal(lambda: open_store(not_a_folder / "event.json"))
    read_back(message, "storage.text.no_folder")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_folder_the_desk_cannot_write_in() -> None:
    """/proc refuses new files even to root, as a CD or a locked USB stick does."""
    thai = read_back(
        refusal(lambda: open_store(Path("/proc/event.json"))), "storage.text.read_only"
    )
    assert "ไม่มีไฟล์หรือโฟลเดอร์นี้" in thai  # the operating system's reason, in Thai too


def test_a_damaged_file_with_and_without_backups(tmp_path: Path) -> None:
    db = tmp_path / "event.json"
    with open_store(db) as store:
        store.put("participants", {"first_name": "บุญเรือง"})
        store.backup("before-import")
    for leftover in tmp_path.glob("event.json*"):
        if leftover.is_file() and leftover.name != "event.json":
            leftover.unlink()
    db.write_text("{ not json")
    thai = read_back(refusal(lambda: open_store(db)), "storage.text.lines")
    assert "ไฟล์ไม่ใช่ JSON ที่ถูกต้อง" in thai and "before-import" in thai and "restore" in thai

    for backup in BackupShelf(db).list():
        backup.unlink()
    assert "ไม่พบไฟล์สำรองใน" in read_back(refusal(lambda: open_store(db)))


def test_a_write_the_disk_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    with open_store(tmp_path / "event.json") as store:
        monkeypatch.setattr(Journal, "append", full)
        thai = read_back(refusal(lambda: store.put("participants", {"a": 1})), "storage.text.save")
        monkeypatch.undo()
    assert "ดิสก์เต็ม" in thai


def test_a_fold_and_a_backup_the_folder_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    store = open_store(tmp_path / "event.json")
    store.put("participants", {"a": 1})
    monkeypatch.setattr(durable, "atomic_write_chunks", refuse)
    read_back(refusal(store.fold), "storage.text.fold")
    read_back(refusal(lambda: store.backup("timer")), "storage.text.backup_not_taken")
    monkeypatch.undo()
    monkeypatch.setattr("facilitator.storage.backups.atomic_write_chunks", refuse)
    read_back(refusal(lambda: store.backup("timer")), "storage.text.backup")
    monkeypatch.undo()
    store.close()


def test_a_backup_that_is_not_there(tmp_path: Path) -> None:
    shelf = BackupShelf(tmp_path / "event.json")
    read_back(refusal(lambda: shelf.resolve("nope.json")), "storage.text.no_backup")


def test_warnings_noted_on_open_and_in_the_background(tmp_path: Path) -> None:
    fold = "could not fold the journal into event.json: " + (
        f"Could not write {tmp_path / 'event.json'} (Permission denied). What was saved is safe "
        "in event.json.journal and is folded in next time the file opens. Check that the folder "
        "is writable and the disk has space."
    )
    assert "ไม่มีสิทธิ์" in read_back(fold, "storage.problem.fold")
    previous = (
        "event.json was damaged; opened the previous generation instead "
        "(event.json: the checksum does not match the content (damaged or edited))"
    )
    assert "ค่าตรวจสอบ" in read_back(previous, "storage.problem.previous")


def test_bundles_that_cannot_be_used(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.json") as store:
        store.put("participants", {"first_name": "บุญเรือง"})
        good = write_bundle(make_bundle(store, "EVENT"), tmp_path / "a.bundle")
    read_back(refusal(lambda: read_bundle(tmp_path / "none.bundle")), "sync.bundle.no_file")
    cut = tmp_path / "cut.bundle"
    cut.write_bytes(good.read_bytes()[:40])
    read_back(refusal(lambda: read_bundle(cut)), "sync.bundle.cut_short")
    other = tmp_path / "other.bundle"
    other.write_text(json.dumps({"format": "something"}))
    read_back(refusal(lambda: read_bundle(other)), "sync.bundle.not_a_bundle")
    edited = tmp_path / "edited.bundle"
    edited.write_text(good.read_text(encoding="utf-8").replace("บุญเรือง", "บุญมา"), "utf-8")
    read_back(refusal(lambda: read_bundle(edited)), "sync.bundle.checksum")


def test_a_message_no_pattern_knows_is_kept_as_it_is() -> None:
    assert known("something new went wrong") is None
    assert storage_text("something new went wrong") == "something new went wrong"
