"""Putting an export on disk: whole or not at all, private, and never over someone's file.

Why so careful for a report: the office opens the XLSX straight from the `exports/` folder,
possibly while a second export runs, and a laptop may lose power at the desk. So a file is
written beside its target under a temporary name, flushed to the disk, then renamed into place;
a reader sees the old file or the new one, never half of one. The file is 0600 because it holds
names and (maybe) phone numbers of citizens. And an existing file is left alone unless the user
said `--force` (the TUI asks first): an exported sign-in sheet may already have been edited by
hand, and silently replacing it would lose that work.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from facilitator.errors import UserError
from facilitator.storage.durable import fsync_dir

FILE_MODE = 0o600


class OutputExists(UserError, FileExistsError):
    """The target file is already there and overwriting was not asked for."""

    exit_code = 3

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} already exists; use --force to replace it, or choose another --out"
        )
        self.path = path


def refuse_existing(out: Path, force: bool) -> None:
    """Fail early (before the work of building the file) if `out` exists and `force` is off."""
    if out.exists() and not force:
        raise OutputExists(out)


def write_atomic(out: Path, data: bytes, force: bool = False) -> Path:
    """Write `data` to `out` atomically with mode 0600; refuse an existing file unless `force`.

    Without `force` the final step is a hard link, which fails if the name appeared meanwhile
    (another export raced us); on a filesystem without hard links we fall back to a rename
    after checking again.
    """
    out = Path(out)
    if out.is_dir():
        raise UserError(f"{out} is a folder; give --out a file name, e.g. {out / 'export'}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {out.parent} ({exc.strerror})") from None
    refuse_existing(out, force)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise UserError(
            f"cannot write in {out.parent} ({exc.strerror}); choose another --out folder"
        ) from None
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, out)
        else:
            _place_without_overwrite(tmp, out)
        with contextlib.suppress(OSError):  # some filesystems (FAT sticks) cannot
            fsync_dir(out.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _place_without_overwrite(tmp: Path, out: Path) -> None:
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise OutputExists(out) from None
    except OSError:
        refuse_existing(out, force=False)
        os.replace(tmp, out)
