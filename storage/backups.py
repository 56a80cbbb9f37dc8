"""Rolling backups in a `backups/` folder beside the database, bounded in number.

Taken on a timer while the app runs and before anything that rewrites a lot at once (an import,
a sync), so that a bad roster file or a wrong bundle can be undone with `facilitator restore`.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitator.storage.durable import atomic_write_bytes, parse_generation

KEEP_BACKUPS = 30


@dataclass
class BackupShelf:
    """The backups of one database file."""

    db_path: Path
    keep: int = KEEP_BACKUPS

    @property
    def folder(self) -> Path:
        return self.db_path.parent / "backups"

    def list(self) -> list[Path]:
        """Backups of this database, newest first."""
        if not self.folder.exists():
            return []
        pattern = re.compile(re.escape(self.db_path.stem) + r"-(\d{8}T\d{6})-.*?(?:-(\d+))?\.json$")
        found: list[tuple[tuple[str, int, int], Path]] = []
        for p in self.folder.glob("*.json"):
            m = pattern.match(p.name)
            if m:
                # By name alone "x.json" would sort after "x-2.json" and "x-10" before "x-2", so
                # backups taken within one second are ordered by the time they were written.
                found.append(((m[1], p.stat().st_mtime_ns, int(m[2] or 1)), p))
        return [p for _, p in sorted(found, key=lambda f: (f[0], f[1].name), reverse=True)]

    def take(self, reason: str) -> Path:
        """Copy the current database file into the shelf; drop the oldest beyond `keep`."""
        self.folder.mkdir(mode=0o700, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        safe_reason = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "backup"
        target = self.folder / f"{self.db_path.stem}-{stamp}-{safe_reason}.json"
        n = 1
        while target.exists():
            n += 1
            target = self.folder / f"{self.db_path.stem}-{stamp}-{safe_reason}-{n}.json"
        atomic_write_bytes(target, self.db_path.read_bytes())
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

    Runs without the database open (the caller holds no Store), because the live file may be
    the damaged one. Returns where the replaced database file was moved, if there was one.
    """
    parse_generation(backup.read_bytes())  # refuses a damaged backup before touching anything
    aside = None
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    for suffix in ("", ".prev", ".journal"):
        live = db_path.with_name(db_path.name + suffix)
        if live.exists():
            kept = db_path.parent / "backups" / f"replaced-{stamp}-{live.name}"
            kept.parent.mkdir(mode=0o700, exist_ok=True)
            shutil.move(live, kept)
            if suffix == "":
                aside = kept
    atomic_write_bytes(db_path, backup.read_bytes())
    os.chmod(db_path, 0o600)
    return aside
