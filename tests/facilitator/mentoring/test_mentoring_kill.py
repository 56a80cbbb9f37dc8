"""The desk laptop dies mid-session: whatever the notes autosave acknowledged is there afterwards.

A child process saves a mentoring note, one line more each time, in a loop, printing each version's id once
`save_note` has returned, and is killed with SIGKILL at a random moment, again and again. On the
next start every printed version is in the history, and the current text holds the last
acknowledged line (or a later one whose acknowledgement the kill swallowed).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from facilitator.desk import Desk
from facilitator.models import Participant, Role

WRITER = Path(__file__).with_name("mentoring_kill_writer.py")
KILLS = 8


def prepare(db: Path) -> str:
    """An event, a producer, a mentor and one running session; returns the session id."""
    with Desk.open(db, station="setup") as desk:
        desk.events.create("KBO", "", [date.today()])
        desk.participants.add(
            Participant(id="P1", first_name="ทองใบ", role=Role.PRODUCER.value, product="กาแฟ")
        )
        desk.participants.add(Participant(id="M1", first_name="ศุภชัย", role=Role.MENTOR.value))
        return desk.mentoring.start_session(["P1"], ["M1"], ["marketing_online"]).id


def run_and_kill(db: Path, session_id: str, run: int, rng: random.Random) -> list[str]:
    """Start a writer, let it type for a moment, kill it; the version ids it acknowledged."""
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), session_id, str(run)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "open"
    time.sleep(rng.uniform(0.01, 0.25))
    child.send_signal(signal.SIGKILL)
    child.wait()
    lines = child.stdout.read().splitlines()
    child.stdout.close()
    return [line.split()[1] for line in lines if line.startswith("saved ")]


def test_notes_acknowledged_before_a_kill_are_all_there_after_restart(tmp_path: Path) -> None:
    db = tmp_path / "event.json"
    session_id = prepare(db)
    rng = random.Random(5)
    acknowledged: list[str] = []
    for run in range(1, KILLS + 1):
        saved = run_and_kill(db, session_id, run, rng)
        acknowledged += saved
        with Desk.open(db, station="check") as desk:
            history = {v.id: v for v in desk.mentoring.history(session_id, "notes")}
            missing = [v for v in acknowledged if v not in history]
            assert not missing, f"run {run}: {len(missing)} acknowledged saves were lost"
            heads = desk.mentoring.heads(session_id, "notes")
            assert len(heads) == 1, "one desk typing alone never makes two heads"
            if saved:
                last_line = history[saved[-1]].text.splitlines()[-1]
                assert last_line in heads[0].text
    assert len(acknowledged) > KILLS, "the writer should have saved many times"
    with Desk.open(db, station="check") as desk:
        versions = desk.mentoring.history(session_id, "notes")
        known = {v.id for v in versions}
        for v in versions[1:]:
            assert len(v.parents) == 1 and v.parents[0] in known, "every save names its parent"
