"""Putting a file the user asked for on disk: whole or not at all, private, never over theirs.

One place for every document the app writes (exports, badge sheets and pictures, the list of
known events): a temporary file beside the target, fsynced, mode 0600 (they hold names, phone
numbers and valid check-in codes), then renamed into place, so a crash or a full disk never
leaves half a file under the real name.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from facilitator.errors import UserError
from facilitator.storage.durable import fsync_dir
from facilitator.storage_texts import os_reason

FILE_MODE = 0o600


class OutputExists(UserError, FileExistsError):
    """The target file is already there and overwriting was not asked for."""

    exit_code = 3

    def __init__(self, path: Path) -> None:
        super().__init__("files.error.exists", path=path)
        self.path = path


FOLDER_MODE = 0o700


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) readable by its owner only; an existing one is kept.

    A folder that cannot be made (a file in the way, a read-only stick) is the user's to fix:
    a UserError naming it, so a job can check its folders before it writes anything.
    """
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            "files.error.no_folder", folder=folder, reason=os_reason(exc.strerror)
        ) from None


def sweep_leftovers(out: Path) -> None:
    """Remove temporaries of `out` that a killed write left behind (they hold whole documents)."""
    for stale in out.parent.glob(f".{glob.escape(out.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


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
        raise UserError("files.error.is_folder", path=out, example=out / "export")
    make_folder(out.parent)
    refuse_existing(out, force)
    sweep_leftovers(out)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise UserError(
            "files.error.cannot_write", folder=out.parent, reason=os_reason(exc.strerror)
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


def save_beside_then_rename(out: Path, save: Callable[[Path], object]) -> None:
    """Have `save` write a temporary file beside `out` (owner-only), then rename it into place.

    For writers that stream to a path themselves (fpdf2, Pillow): a crash never leaves half a
    PDF or picture under the real name. The temporary name is unique per call, so parallel
    picture workers never collide.
    """
    sweep_leftovers(out)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise UserError(
            "files.error.cannot_write", folder=out.parent, reason=os_reason(exc.strerror)
        ) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _place_without_overwrite(tmp: Path, out: Path) -> None:
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise OutputExists(out) from None
    except OSError:
        refuse_existing(out, force=False)
        os.replace(tmp, out)
