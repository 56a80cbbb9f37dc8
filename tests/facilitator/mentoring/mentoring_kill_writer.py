"""The victim of the mentoring kill test: a facilitator typing notes until the power goes.

Run as `python tests/facilitator/mentoring_kill_writer.py DB SESSION_ID RUN` it opens the desk and
saves the session's free notes over and over, each time with one more line, the way the editor's
autosave does. It prints `saved TEXT-ID` only after `save_note` returned, because a printed line
is a promise to the test that this text is on disk.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from facilitator.desk import Desk


def say(line: str) -> None:
    """One whole line straight to stdout, so a kill cannot swallow half of it."""
    os.write(1, (line + "\n").encode())


def main() -> None:
    db, session_id, run = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    desk = Desk.open(db, station=f"kill-{run}")
    say("open")
    mentoring = desk.mentoring
    text = mentoring.current_text(session_id, "notes")
    n = 0
    while True:
        n += 1
        line = f"รอบ {run} บรรทัด {n}: ผู้ประกอบการเล่าว่ายอดขายออนไลน์เพิ่มขึ้น"
        text = "\n".join([*text.splitlines()[-19:], line])  # an editor keeps a page, not a book
        version = mentoring.save_note(session_id, "notes", text)
        assert version is not None
        say(f"saved {version.id}")


if __name__ == "__main__":
    main()
