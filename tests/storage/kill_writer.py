"""The victim of the kill test: a desk that records check-ins until it is killed with SIGKILL.

Run as `python tests/storage/kill_writer.py DB` it opens the store and puts check-ins forever,
printing each id only after `Store.put` returned, because a printed id is a promise to the test
that the write is on disk. Every `--fold-every` puts it folds the journal into the main file, so
that kills also land in the middle of a fold.

Starting Python and importing the store costs about a tenth of a second, which would make 200
kills take most of a minute. `--zygote` imports once and then forks a fresh writer for each line
read from stdin, reporting `pid N` when it forks and `dead N` once the writer has been reaped,
so the test knows every id the dead writer printed is already in the pipe before that line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from facilitator.storage.store import Store


def say(line: str) -> None:
    """Write one whole line straight to stdout (no buffering that a kill could swallow)."""
    os.write(1, (line + "\n").encode())


def write_forever(db: Path, fold_every: int, backup_every: int = 0) -> None:
    """Put check-ins until killed; print each id once its put has returned."""
    store = Store.open(db, station="kill-desk")
    say("open")
    n = 0
    while True:
        n += 1
        record = store.put("checkins", {"participant": f"P{n:05d}", "note": "ลงทะเบียนแล้ว", "n": n})
        say("id " + record["id"])
        if backup_every and n % backup_every == 0:
            say("backing up")
            store.backup("timer")
            say("backed up")
        elif n % fold_every == 0:
            say("folding")
            store.fold()
            say("folded")


def zygote(db: Path, fold_every: int, backup_every: int = 0) -> None:
    """Fork one writer per stdin line, wait for it to be killed, report its death."""
    for line in sys.stdin:
        if line.strip() == "quit":
            return
        pid = os.fork()
        if pid == 0:
            try:
                write_forever(db, fold_every, backup_every)
            finally:
                os._exit(3)
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"dead {pid} {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--fold-every", type=int, default=7)
    parser.add_argument("--backup-every", type=int, default=0)
    parser.add_argument("--zygote", action="store_true")
    args = parser.parse_args()
    if args.zygote:
        zygote(args.db, args.fold_every, args.backup_every)
    else:
        write_forever(args.db, args.fold_every, args.backup_every)


if __name__ == "__main__":
    main()
