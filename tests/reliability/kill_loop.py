"""The SIGKILL loop: a desk writing, folding and taking backups, killed for real over and over.

The writer is `tests/storage/kill_writer.py`: a zygote imports the store once and forks one
writer per round; each writer prints an id only after `Store.put` returned, so every printed id
is a promise. Here the writer also takes a backup every few writes, so kills land in the middle
of folds and of backups. Every `check_every` rounds, and at the end, the event is opened as the
next start of the app would: every acknowledged id must be there, the open must not be refused,
no temporary file may be left once it is open, and every file must be private.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store

WRITER = Path(__file__).resolve().parents[1] / "storage" / "kill_writer.py"


@dataclass
class KillReport:
    """What the killed writers acknowledged, where the kills landed, and what was found."""

    kills: int = 0
    acknowledged: list[str] = field(default_factory=list)
    during_fold: int = 0
    during_backup: int = 0
    checks: int = 0
    lost: int = 0
    refused: int = 0
    leftovers: int = 0
    not_private: int = 0
    problems: list[str] = field(default_factory=list)

    def merge(self, other: KillReport) -> None:
        for name in (
            "kills",
            "during_fold",
            "during_backup",
            "checks",
            "lost",
            "refused",
            "leftovers",
            "not_private",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.acknowledged += other.acknowledged
        self.problems += other.problems[: max(0, 10 - len(self.problems))]

    def book(self, lines: list[str]) -> None:
        self.kills += 1
        self.acknowledged += [line[3:] for line in lines if line.startswith("id ")]
        if lines and lines[-1] == "folding":
            self.during_fold += 1
        elif lines and lines[-1] == "backing up":
            self.during_backup += 1


def _temporaries(folder: Path) -> list[Path]:
    found = [p for p in folder.iterdir() if p.name.startswith(".")]
    backups = folder / "backups"
    if backups.exists():
        found += [p for p in backups.iterdir() if p.name.startswith(".")]
    return found


def check(db: Path, report: KillReport) -> None:
    """Open the event as the next start would and book what is wrong, if anything."""
    report.checks += 1
    try:
        store = Store.open(db)
    except StoreError as exc:
        report.refused += 1
        report.problems.append(f"refused after a kill: {exc}")
        return
    try:
        ids = {r["id"] for r in store.records("checkins")}
        missing = [i for i in report.acknowledged if i not in ids]
        report.lost = len(missing)
        if missing:
            report.problems.append(f"{len(missing)} acknowledged check-ins lost: {missing[:3]}")
        leftovers = _temporaries(db.parent)
        report.leftovers += len(leftovers)
        if leftovers:
            report.problems.append(f"left behind: {[p.name for p in leftovers]}")
    finally:
        store.close()
    private = [db, db.with_name(db.name + ".prev"), db.with_name(db.name + ".journal")]
    private += list((db.parent / "backups").glob("*.json"))
    wrong = [p for p in private if p.exists() and stat.S_IMODE(p.stat().st_mode) != 0o600]
    report.not_private += len(wrong)


def kill_loop(
    db: Path,
    kills: int,
    seed: int,
    fold_every: int = 5,
    backup_every: int = 7,
    check_every: int = 25,
    max_sleep: float = 0.06,
) -> KillReport:
    """Kill a writer of `db` `kills` times at random moments; check as it goes and at the end."""
    report = KillReport()
    rng = random.Random(seed)
    zygote = subprocess.Popen(
        [
            sys.executable,
            str(WRITER),
            str(db),
            "--zygote",
            "--fold-every",
            str(fold_every),
            "--backup-every",
            str(backup_every),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert zygote.stdin and zygote.stdout
    try:
        for round_no in range(1, kills + 1):
            zygote.stdin.write("go\n")
            zygote.stdin.flush()
            lines: list[str] = []
            # The writer may speak before the zygote has said its pid, on a busy machine.
            while not (line := zygote.stdout.readline().strip()).startswith("pid "):
                if not line:
                    raise RuntimeError("the zygote died")
                lines.append(line)
            pid = int(line.split()[1])
            time.sleep(rng.uniform(0, max_sleep))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            while not (line := zygote.stdout.readline().strip()).startswith("dead "):
                if not line:
                    raise RuntimeError("the zygote died")
                lines.append(line)
            if line.split()[2] != str(signal.SIGKILL):
                report.problems.append(f"writer {pid} ended by itself: {lines[-3:]}")
            report.book(lines)
            if round_no % check_every == 0:
                check(db, report)
        zygote.stdin.write("quit\n")
        zygote.stdin.flush()
        zygote.wait(timeout=10)
    finally:
        zygote.kill()
        zygote.wait()
    check(db, report)
    return report
