"""One process per database, enforced by a lock the operating system holds for us.

`fcntl.flock` is released by the kernel when the holder dies, even after `kill -9`, so a stale
lock file is simply taken over. The file's text says who holds it, for the refusal message.
"""

from __future__ import annotations

import fcntl
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


class DatabaseLocked(Exception):
    """Another live process has the database open."""


@dataclass
class DatabaseLock:
    """An exclusive lock on `<db>.lock`, held for as long as the database is open."""

    path: Path
    _fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise DatabaseLocked naming the holder."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise DatabaseLocked(
                f"{self.path.with_suffix('')} is already open {holder}. "
                "Close the other facilitator window first, or use another --db file."
            ) from None
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        text = f"pid={os.getpid()}\nhost={socket.gethostname()}\nsince={now}\n"
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock (the kernel does this too when the process dies)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _read_holder(fd: int) -> str:
    raw = os.pread(fd, 4096, 0).decode(errors="replace")
    fields = dict(line.split("=", 1) for line in raw.splitlines() if "=" in line)
    if not fields:
        return "by another process"
    return (
        f"by PID {fields.get('pid', '?')} on {fields.get('host', '?')} "
        f"since {fields.get('since', '?')}"
    )
