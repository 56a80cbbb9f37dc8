"""Rolling backups in a `backups/` folder beside the database, bounded in number.

Taken on a timer while the app runs and before anything that rewrites a lot at once (an import,
a sync), so that a bad roster file or a wrong bundle can be undone with `facilitator restore`.
A backup is written like the database (a private temporary file, fsync, rename), and the
temporaries a kill leaves behind are swept at the next backup and the next open: each one is a
whole copy of the event, names and phone numbers included. The folder is 0700, the files 0600.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitator.storage.durable import (
    atomic_write_chunks,
    fsync_dir,
    make_private_folder,
    parse_generation,
    stage_bytes,
    stream_private,
)
from facilitator.storage.errors import StoreError
from facilitator.storage.locking import reset_acknowledged

KEEP_BACKUPS = 30


class BackupDamaged(StoreError, ValueError):
    """The backup chosen for a restore is not a valid database; nothing was changed."""

    code = "backup_damaged"


@dataclass
class BackupShelf:
    """The backups of one database file."""

    db_path: Path
    keep: int = KEEP_BACKUPS

    @property
    def folder(self) -> Path:
        return self.db_path.parent / "backups"

    def _stamped(self) -> str:
        """The name pattern of this database's backups (and only this one's: "event" must not
        match the backups of "event-2" in the same folder)."""
        return re.escape(self.db_path.stem) + r"-(\d{8}T\d{6})-.*?(?:-(\d+))?\.json"

    def list(self) -> list[Path]:
        """Backups of this database, newest first."""
        if not self.folder.exists():
            return []
        pattern = re.compile(self._stamped() + "$")
        found: list[tuple[tuple[str, int, int], Path]] = []
        for p in self.folder.glob("*.json"):
            m = pattern.match(p.name)
            if m:
                # By name alone "x.json" would sort after "x-2.json" and "x-10" before "x-2", so
                # backups taken within one second are ordered by the time they were written.
                found.append(((m[1], p.stat().st_mtime_ns, int(m[2] or 1)), p))
        return [p for _, p in sorted(found, key=lambda f: (f[0], f[1].name), reverse=True)]

    def sweep_temporaries(self) -> list[Path]:
        """Delete half-written backups a kill left behind. Call only holding the database lock."""
        if not self.folder.exists():
            return []
        pattern = re.compile(r"\." + self._stamped() + r"\.tmp-.*$")
        swept = []
        for stale in self.folder.iterdir():
            if pattern.match(stale.name):
                stale.unlink(missing_ok=True)
                swept.append(stale)
        return swept

    def take(self, reason: str) -> Path:
        """Copy the current database file into the shelf; drop the oldest beyond `keep`."""
        make_private_folder(self.folder)
        self.sweep_temporaries()
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        safe_reason = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "backup"
        target = self.folder / f"{self.db_path.stem}-{stamp}-{safe_reason}.json"
        n = 1
        while target.exists():
            n += 1
            target = self.folder / f"{self.db_path.stem}-{stamp}-{safe_reason}-{n}.json"
        # Streamed: a backup beside a 20,000-person event held the whole file in memory twice.
        atomic_write_chunks(target, stream_private(self.db_path))
        for old in self.list()[self.keep :]:
            old.unlink(missing_ok=True)
        return target

    def resolve(self, name: str) -> Path:
        """A backup by file name (or path)."""
        candidate = Path(name)
        if not candidate.is_absolute():
            candidate = self.folder / name
        if not candidate.exists():
            raise FileNotFoundError(f"No backup named {name} in {self.folder}")
        return candidate


def restore_backup(db_path: Path, backup: Path) -> Path | None:
    """Put a verified backup in place of the database; the replaced files are kept aside.

    Runs without the database open (the caller holds no Store, only its lock), because the live
    file may be the damaged one. The backup may be any valid generation, the database's own
    `.prev` included. Returns where the replaced database file was moved, if there was one.
    The lock file's witness of acknowledged writes is reset: it described the replaced history.
    """
    payload = backup.read_bytes()
    try:
        parse_generation(payload)  # refuses a damaged backup before touching anything
    except ValueError as exc:
        raise BackupDamaged(
            f"{backup.name} is not a valid event database ({exc}); nothing was changed. "
            "Pick another backup.",
            params={"backup": backup.name, "reason": str(exc)},
        ) from None
    aside = None
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    kept_folder = db_path.parent / "backups"
    # The restored file is whole on disk before anything is moved: a full disk refuses the
    # restore with every file where it was, never with the event moved aside and nothing back.
    staged = stage_bytes(db_path, payload)
    try:
        make_private_folder(kept_folder)
        for suffix in ("", ".prev", ".journal"):
            live = db_path.with_name(db_path.name + suffix)
            if live.exists():
                kept = kept_folder / f"replaced-{stamp}-{live.name}"
                n = 1
                while kept.exists():
                    n += 1
                    kept = kept_folder / f"replaced-{stamp}-{n}-{live.name}"
                shutil.move(live, kept)
                if suffix == "":
                    aside = kept
        os.replace(staged, db_path)
    finally:
        staged.unlink(missing_ok=True)
    fsync_dir(db_path.parent)
    reset_acknowledged(db_path.with_name(db_path.name + ".lock"))
    return aside
