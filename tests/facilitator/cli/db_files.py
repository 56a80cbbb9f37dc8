"""What "the database is as it was" means in a test: every file of its folder, byte for byte."""

from __future__ import annotations

from pathlib import Path


def folder_bytes(db: Path) -> dict[str, bytes]:
    """Every file in the database's folder (the file, `.prev`, the journal, the lock, the
    backups and anything else a command left there), byte for byte.

    The lock file is compared without its `since=` line: it says when the last command took
    the lock, which every command does; the witness of acknowledged writes in it must not move.
    """
    found: dict[str, bytes] = {}
    for path in sorted(db.parent.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == db.name + ".lock":
            data = b"\n".join(x for x in data.split(b"\n") if not x.startswith(b"since="))
        found[str(path.relative_to(db.parent))] = data
    return found
