"""A desk laptop loses power, or the app is killed, at any moment of a busy check-in morning.

The promise: whatever `Store.put` acknowledged is there after the crash, and the database always
opens again, with the store and with plain TinyDB. The writer is killed with SIGKILL hundreds of
times at random moments, some of them in the middle of a fold of the journal into the main file.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tinydb import TinyDB

from facilitator.storage.store import Store

WRITER = Path(__file__).with_name("kill_writer.py")
KILLS_IN_ZYGOTE = 200
KILLS_OF_FRESH_PROCESSES = 10


@dataclass
class KillLog:
    """What the killed writers acknowledged, and where the kills landed."""

    acknowledged: list[str] = field(default_factory=list)
    kills: int = 0
    during_fold: int = 0
    before_open: int = 0

    def read_victim(self, lines: list[str]) -> None:
        """Book one killed writer's output: its ids, and what it was doing when it died."""
        self.kills += 1
        self.acknowledged += [line[3:] for line in lines if line.startswith("id ")]
        if "open" not in lines:
            self.before_open += 1
        elif lines[-1] == "folding":
            self.during_fold += 1


def assert_everything_acknowledged_is_there(db: Path, log: KillLog) -> None:
    """Open the store as the next run of the app would, and look for every acknowledged id."""
    store = Store.open(db)
    try:
        ids = {r["id"] for r in store.records("checkins")}
        missing = [i for i in log.acknowledged if i not in ids]
        assert not missing, f"{len(missing)} acknowledged check-ins were lost: {missing[:3]}"
    finally:
        store.close()


def test_killing_the_writer_hundreds_of_times_loses_nothing_it_acknowledged(
    tmp_path: Path,
) -> None:
    db = tmp_path / "events.json"
    log = KillLog()
    rng = random.Random(20240601)
    started = time.monotonic()

    zygote = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), "--zygote", "--fold-every", "5"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert zygote.stdin and zygote.stdout
    try:
        for round_no in range(1, KILLS_IN_ZYGOTE + 1):
            zygote.stdin.write("go\n")
            zygote.stdin.flush()
            lines: list[str] = []
            # The writer may speak before the zygote has said its pid, on a busy machine.
            while not (line := zygote.stdout.readline().strip()).startswith("pid "):
                assert line, "the zygote died"
                lines.append(line)
            pid = int(line.split()[1])
            time.sleep(rng.uniform(0, 0.06))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            while not (line := zygote.stdout.readline().strip()).startswith("dead "):
                assert line, "the zygote died"
                lines.append(line)
            assert line.split()[2] != "768", f"writer {pid} exited by itself: {lines[-3:]}"
            log.read_victim(lines)
            if round_no % 25 == 0:
                assert_everything_acknowledged_is_there(db, log)
        zygote.stdin.write("quit\n")
        zygote.stdin.flush()
        zygote.wait(timeout=10)
    finally:
        zygote.kill()

    for _ in range(KILLS_OF_FRESH_PROCESSES):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), "--fold-every", "5"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout
        first = writer.stdout.readline().strip()
        assert first == "open", first
        time.sleep(rng.uniform(0, 0.03))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate(timeout=10)
        log.read_victim([first, *rest.split("\n")[:-1]])

    assert log.kills == KILLS_IN_ZYGOTE + KILLS_OF_FRESH_PROCESSES
    assert log.during_fold >= 10, f"only {log.during_fold} kills landed during a fold"
    assert log.before_open < log.kills / 2
    assert (
        len(log.acknowledged) > 150
    )  # enough acknowledged writes to mean something, even on a busy machine
    assert_everything_acknowledged_is_there(db, log)

    # After a clean close the journal is folded in, and plain TinyDB sees every check-in.
    inspected = TinyDB(db)
    try:
        ids = {doc["id"] for doc in inspected.table("checkins").all()}
    finally:
        inspected.close()
    assert set(log.acknowledged) <= ids
    assert time.monotonic() - started < 60


def test_the_next_open_sweeps_away_what_a_crash_during_a_fold_left_behind(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    with Store.open(db) as store:
        store.put("checkins", {"participant": "P00001"})
    # A writer killed between writing its temporary copy and renaming it leaves these behind.
    half_written = [tmp_path / ".events.json.tmp-4242", tmp_path / ".events.json.journal.tmp-4242"]
    for leftover in half_written:
        leftover.write_bytes(b'{"_storage": {"1": {"gen')
    (tmp_path / ".events.json.prev-4242").write_bytes(db.read_bytes())

    with Store.open(db) as store:
        assert [r["participant"] for r in store.records("checkins")] == ["P00001"]

    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
