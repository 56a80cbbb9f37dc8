"""One process per database, enforced by a lock the operating system holds for us.

`fcntl.flock` is released by the kernel when the holder dies, even after `kill -9`, so a stale
lock file is simply taken over. The file's text says who holds it, for the refusal message. It
is opened with O_NOFOLLOW: a symlink planted at `<db>.lock` must not make this desk lock, and
write into, some other file. (The store resolves the database's own path before it gets here,
so a symlink to the database and the database itself share one lock.)

The lock file is also the store's *witness*: after every journal write is on disk, the store
writes that write's sequence number here (`acknowledge`, one pwrite, no fsync). Damage that cuts
whole lines off the journal, or deletes it, leaves a journal that looks complete; the witness
remembers that more was acknowledged, so the loss is refused with a message instead of opening
silently without those writes. Because it is written only after the journal's fsync returned,
it can lag behind the journal after a power cut, never run ahead of it: it never cries wolf.
"""

from __future__ import annotations

import errno
import fcntl
import os
import socket
import stat
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitator.storage.errors import DatabaseLocked, StoreError

__all__ = ["DatabaseLock", "DatabaseLocked", "read_acknowledged", "reset_acknowledged"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_MARK_KEY = "acknowledged="


def _mark_text(sequence: int) -> bytes:
    digits = f"{sequence:020d}"
    return f"{digits} {zlib.crc32(digits.encode()):08x}".encode()


def _read_mark(raw: bytes) -> int | None:
    """The witnessed sequence in a lock file's text, or None when absent or garbled."""
    text = raw.decode("ascii", errors="replace")
    at = text.find(_MARK_KEY)
    if at < 0:
        return None
    value = text[at + len(_MARK_KEY) :].split("\n", 1)[0].strip()
    digits = value.partition(" ")[0]
    if len(digits) != 20 or not digits.isdigit() or _mark_text(int(digits)).decode() != value:
        return None
    return int(digits)


def _open_lock_file(path: Path) -> int:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _unsafe(path) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _unsafe(path)
    return fd


def _unsafe(path: Path) -> StoreError:
    return StoreError(
        f"{path} is a symbolic link or not a plain file, so it is not used as the lock of "
        "the database (someone may be trying to redirect the event's files). Remove it, then "
        "open the database again.",
        code="lock_unsafe",
        params={"path": str(path)},
    )


@dataclass
class DatabaseLock:
    """An exclusive lock on `<db>.lock`, held for as long as the database is open."""

    path: Path
    _fd: int | None = None
    remembered: int | None = None
    """The sequence the previous holder witnessed as acknowledged (None: no witness)."""
    _mark_offset: int = 0

    def acquire(self) -> None:
        """Take the lock or raise DatabaseLocked naming the holder."""
        fd = _open_lock_file(self.path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fields = _read_holder(fd)
            os.close(fd)
            holder = _describe(fields)
            db = self.path.with_suffix("")
            raise DatabaseLocked(
                f"{db} is already open {holder}. "
                "Close the other facilitator window first, or use another --db file.",
                params={
                    "path": str(db),
                    "pid": fields.get("pid", "?"),
                    "host": fields.get("host", "?"),
                    "since": fields.get("since", "?"),
                },
            ) from None
        self.remembered = _read_mark(os.pread(fd, 4096, 0))
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        text = f"pid={os.getpid()}\nhost={socket.gethostname()}\nsince={now}\n{_MARK_KEY}"
        self._mark_offset = len(text.encode())
        payload = text.encode() + _mark_text(self.remembered or 0) + b"\n"
        # Written over the old text, then cut: at no moment is the witness missing.
        os.pwrite(fd, payload, 0)
        os.ftruncate(fd, len(payload))
        self._fd = fd

    def acknowledge(self, sequence: int) -> None:
        """Witness that every write up to `sequence` is on disk (call after the fsync)."""
        if self._fd is not None:
            os.pwrite(self._fd, _mark_text(sequence), self._mark_offset)

    def release(self) -> None:
        """Let go of the lock (the kernel does this too when the process dies)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def read_acknowledged(lock_path: Path) -> int | None:
    """The witnessed sequence in a lock file, without taking the lock (None: no witness)."""
    try:
        fd = os.open(lock_path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    except OSError:
        return None
    try:
        return _read_mark(os.pread(fd, 4096, 0))
    finally:
        os.close(fd)


def reset_acknowledged(lock_path: Path) -> None:
    """Forget the witnessed sequence: after a restore the old one describes another history."""
    try:
        fd = os.open(lock_path, os.O_RDWR | _NOFOLLOW | _CLOEXEC)
    except OSError:
        return
    try:
        raw = os.pread(fd, 4096, 0)
        at = raw.find(_MARK_KEY.encode())
        if at >= 0:
            os.pwrite(fd, _mark_text(0), at + len(_MARK_KEY))
    finally:
        os.close(fd)


def _read_holder(fd: int) -> dict[str, str]:
    raw = os.pread(fd, 4096, 0).decode(errors="replace")
    return dict(line.split("=", 1) for line in raw.splitlines() if "=" in line)


def _describe(fields: dict[str, str]) -> str:
    if "pid" not in fields and "host" not in fields:
        return "by another process"
    return (
        f"by PID {fields.get('pid', '?')} on {fields.get('host', '?')} "
        f"since {fields.get('since', '?')}"
    )
