"""Symlink attacks and file modes: one lock per event, nothing written through a planted link.

Issue 13: a symlink to the database took a different lock, so two writers both succeeded and the
event split in two; temporary files had predictable names opened without O_EXCL/O_NOFOLLOW, so a
planted symlink made a fold overwrite its target with the whole database; folders followed the
umask (0777 under umask 000); backup temporaries left by a kill were never swept.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.storage.backups import BackupShelf
from facilitator.storage.durable import previous_path
from facilitator.storage.errors import DatabaseLocked, StoreError
from facilitator.storage.journal import journal_path
from facilitator.storage.store import Store
from tests.reliability.damage import Clock

VICTIM_TEXT = b"the owner's own file, which a fold must never overwrite\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    target = tmp_path / "elsewhere" / "victim.txt"
    target.parent.mkdir()
    target.write_bytes(VICTIM_TEXT)
    return target


def test_a_symlink_to_the_database_takes_the_same_lock(tmp_path: Path) -> None:
    real = tmp_path / "event.json"
    link = tmp_path / "shortcut.json"
    link.symlink_to(real)
    folder_link = tmp_path / "via-folder"
    folder_link.symlink_to(tmp_path, target_is_directory=True)

    with Store.open(real, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
        for other in (link, folder_link / "event.json"):
            with pytest.raises(DatabaseLocked):
                Store.open(other, wall_ms=Clock())
    with Store.open(link, wall_ms=Clock()) as store:
        assert store.path == real.resolve()
        assert [r["name"] for r in store.records("participants")] == ["สมชาย"]
        with pytest.raises(DatabaseLocked):
            Store.open(real, wall_ms=Clock())


def plant_links(folder: Path, victim: Path) -> list[Path]:
    """Symlinks at every name the first version would have used for its temporaries."""
    planted = []
    for pid in range(os.getpid() - 3, os.getpid() + 4):
        for name in (
            f".event.json.tmp-{pid}",
            f".event.json.prev-{pid}",
            f".event.json.journal.tmp-{pid}",
        ):
            link = folder / name
            link.symlink_to(victim)
            planted.append(link)
    return planted


def test_links_planted_at_temporary_names_are_never_written_through(
    tmp_path: Path, victim: Path
) -> None:
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
    planted = plant_links(tmp_path, victim)

    with Store.open(db, wall_ms=Clock()) as store:
        for i in range(3):
            store.put("participants", {"name": f"มาลี {i}"})
            store.fold()
        store.backup("timer")

    assert victim.read_bytes() == VICTIM_TEXT
    assert not any(p.is_symlink() for p in planted), "the sweep removes the planted links"


def test_a_link_planted_as_prev_is_replaced_not_followed(tmp_path: Path, victim: Path) -> None:
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
    previous_path(db).symlink_to(victim)

    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "มาลี"})

    assert victim.read_bytes() == VICTIM_TEXT
    assert not previous_path(db).is_symlink()


def test_a_lock_file_that_is_a_symlink_is_refused(tmp_path: Path, victim: Path) -> None:
    db = tmp_path / "event.json"
    (tmp_path / "event.json.lock").symlink_to(victim)

    with pytest.raises(StoreError) as refused:
        Store.open(db, wall_ms=Clock())

    assert refused.value.code == "lock_unsafe"
    assert victim.read_bytes() == VICTIM_TEXT


def test_a_journal_that_is_a_symlink_is_refused(tmp_path: Path, victim: Path) -> None:
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
    journal_path(db).unlink()
    journal_path(db).symlink_to(victim)

    with pytest.raises(StoreError) as refused:
        Store.open(db, wall_ms=Clock())

    assert refused.value.code == "journal_unreadable"
    assert victim.read_bytes() == VICTIM_TEXT


def test_under_umask_000_folders_are_0700_and_files_0600(tmp_path: Path, umask_000: None) -> None:
    db = tmp_path / "a" / "b" / "c" / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย", "phone": "0812345678"})
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "มาลี", "phone": "0898765432"})
        backup = store.backup("daily")

    for folder in (tmp_path / "a", tmp_path / "a" / "b", db.parent, backup.parent):
        assert mode(folder) == 0o700, folder
    for path in (db, previous_path(db), journal_path(db), backup, db.with_name("event.json.lock")):
        assert mode(path) == 0o600, path.name


def test_files_left_readable_by_an_older_version_are_made_private(tmp_path: Path) -> None:
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "มาลี"})
    for path in (db, previous_path(db), journal_path(db)):
        path.chmod(0o644)

    with Store.open(db, wall_ms=Clock()):
        for path in (db, previous_path(db), journal_path(db)):
            assert mode(path) == 0o600, path.name


def test_temporaries_a_kill_left_behind_are_swept_including_backup_ones(tmp_path: Path) -> None:
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
        store.backup("timer")
    backups = tmp_path / "backups"
    leftovers = [
        tmp_path / ".event.json.tmp-8f3a9c2d1e0b4a67",
        tmp_path / ".event.json.prev-0011223344556677",
        tmp_path / ".event.json.journal.tmp-deadbeefdeadbeef",
        backups / ".event-20240601T090000-timer.json.tmp-aabbccddeeff0011",
        backups / ".event-20240601T090000-before-sync-2.json.tmp-4242",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b'{"_storage": {"1": {"gen')
    # Another event's backup in the same folder, mid-write by its own desk: not ours to sweep.
    theirs = backups / ".event-2-20240601T090000-timer.json.tmp-1234"
    theirs.write_bytes(b"in progress")

    with Store.open(db, wall_ms=Clock()):
        pass

    assert [p for p in leftovers if p.exists()] == []
    assert theirs.exists()
    assert len(BackupShelf(db).list()) == 1
