"""Two windows on one database would overwrite each other's check-ins, so the second is refused.

The lock is an OS lock (`flock`) on `<db>.lock`: the kernel lets go of it when the holder dies,
even after `kill -9`, so a laptop that crashed never leaves the desk locked out.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.storage.locking import DatabaseLocked
from facilitator.storage.store import Store

REPO = Path(__file__).resolve().parents[2]

HOLD_OPEN = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from facilitator.storage.store import Store
    store = Store.open(sys.argv[1])
    store.put("checkins", {"participant": "A001"})
    print("open", flush=True)
    time.sleep(60)
    """
)

TRY_OPEN = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from facilitator.storage.store import Store
    try:
        Store.open(sys.argv[1]).close()
    except Exception as exc:
        print(exc)
        sys.exit(1)
    print("opened")
    """
)


@pytest.fixture
def first_window(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another facilitator process with the database open."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(tmp_path / "events.json"), str(REPO)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout and holder.stdout.readline().strip() == "open"
    yield holder
    holder.kill()
    holder.wait()


def test_a_second_window_is_refused_and_told_who_holds_the_database(
    tmp_path: Path, first_window: subprocess.Popen[str]
) -> None:
    db = tmp_path / "events.json"

    with pytest.raises(DatabaseLocked) as refused:
        Store.open(db)

    message = str(refused.value)
    assert f"already open by PID {first_window.pid} on {socket.gethostname()} since" in message
    assert str(db) in message


def test_a_second_process_is_refused_too(
    tmp_path: Path, first_window: subprocess.Popen[str]
) -> None:
    second = subprocess.run(
        [sys.executable, "-c", TRY_OPEN, str(tmp_path / "events.json"), str(REPO)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert second.returncode == 1
    assert f"already open by PID {first_window.pid}" in second.stdout


def test_after_the_holder_is_killed_the_stale_lock_is_taken_over(
    tmp_path: Path, first_window: subprocess.Popen[str]
) -> None:
    db = tmp_path / "events.json"
    first_window.send_signal(signal.SIGKILL)
    first_window.wait()
    assert (tmp_path / "events.json.lock").exists(), "the lock file is left behind, stale"

    with Store.open(db) as store:
        assert [r["participant"] for r in store.records("checkins")] == ["A001"]
        holder_text = (tmp_path / "events.json.lock").read_text()
        assert f"pid={os.getpid()}" in holder_text


def test_the_same_process_cannot_open_the_database_twice(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    with Store.open(db), pytest.raises(DatabaseLocked, match="already open by PID"):
        Store.open(db)
    # Closing releases the lock for the next window.
    Store.open(db).close()
