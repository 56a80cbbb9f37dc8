"""Backups are taken all day (on a timer, before every import and sync); they must not fill the disk.

The shelf keeps the newest `keep` backups and drops the oldest, even when many are taken within
the same second (a sync right after an import), and the newest is the one offered for restore.
"""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB

from facilitator.storage.backups import BackupShelf, restore_backup
from facilitator.storage.store import Store


def participants_in(backup: Path) -> int:
    copy = TinyDB(backup, access_mode="r")
    try:
        return len(copy.table("participants"))
    finally:
        copy.close()


def test_the_shelf_keeps_only_the_newest_backups(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        store.backups = BackupShelf(db, keep=3)
        for i in range(1, 13):  # more than nine in one second, so "-10" and "-2" both occur
            store.put("participants", {"name": f"ผู้เข้าร่วม {i}"})
            store.backup("before sync")

        kept = store.backups.list()

    assert len(kept) == 3
    assert [participants_in(b) for b in kept] == [12, 11, 10], "newest first, oldest dropped"


def test_the_shelf_keeps_thirty_by_default_and_ignores_other_files(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        store.put("participants", {"name": "สมชาย"})
        for _ in range(33):
            store.backup("timer")
    (tmp_path / "backups" / "notes.json").write_text("{}")

    assert len(BackupShelf(db).list()) == 30
    assert (tmp_path / "backups" / "notes.json").exists()


def test_backups_of_another_database_in_the_same_folder_are_left_alone(tmp_path: Path) -> None:
    with Store.open(tmp_path / "rehearsal.json") as rehearsal:
        rehearsal.put("participants", {"name": "ทดสอบ"})
        rehearsal.backup("timer")
    with Store.open(tmp_path / "events.json") as store:
        store.backups = BackupShelf(store.path, keep=1)
        store.put("participants", {"name": "สมชาย"})
        store.backup("timer")
        store.backup("timer")

    assert len(BackupShelf(tmp_path / "rehearsal.json").list()) == 1
    assert len(BackupShelf(tmp_path / "events.json").list()) == 1


def test_the_newest_backup_restores_the_latest_state(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        for i in range(1, 12):
            store.put("participants", {"name": f"ผู้เข้าร่วม {i}"})
            store.backup("import")
        store.put("participants", {"name": "แถวที่นำเข้าผิด"})

    restore_backup(db, BackupShelf(db).list()[0])

    with Store.open(db) as store:
        assert len(store.records("participants")) == 11
