"""One real CouchDB for the whole bench run, and two desks of one event synced through it.

The server is Apache CouchDB 3.4.3 started by `tests/couchdb.py` (from ../shared/couchdb),
once, the first time a bench asks for it, and stopped by `bench.run` at the end (`stop()`).

`two_desks(size)` is what a workshop with two registration desks looks like after its first
sync: desk A and desk B hold copies of the same built event (different stations), A has pushed
everything into a members-only database, B has pulled it, and A has read its own pushes back, so
from here on both pay only for what changes. It is built once per size and run; the sync bench
reports its full push and full pull (they are exactly those first syncs), and the terminal
bench then opens desk A in the TUI while desk B keeps syncing (`bench.second_desk`).
"""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench import scratch_dir
from bench.events import BuiltEvent, copy_event, prepared

if TYPE_CHECKING:
    from tests.couchdb import TestServer

_stack = ExitStack()
_server: TestServer | None = None
_desks: dict[int, TwoDesks] = {}


@dataclass
class TwoDesks:
    """Desk A and desk B of one event, both synced once with `url` (a member's URL)."""

    url: str
    database: str
    a: BuiltEvent
    b: BuiltEvent
    push_s: float
    """A's first sync: everything pushed into the empty database."""
    pull_s: float
    """B's first sync: everything pulled from the server into a desk that had it all."""
    readback_s: float
    """A's second sync: reading its own pushes back once."""
    records: int


def available() -> str | None:
    """None when the real CouchDB can be started here, else why not."""
    from tests.couchdb import COUCHDB_MISSING, COUCHDB_SCRIPT

    return None if COUCHDB_SCRIPT.exists() else COUCHDB_MISSING


def server() -> TestServer:
    """The run's CouchDB, started on first use (tests/ is imported from the repository)."""
    global _server
    if _server is None:
        from tests.couchdb import CouchDBStartError, running_couchdb

        for attempt in range(3):
            try:
                _server = _stack.enter_context(running_couchdb())
                break
            except CouchDBStartError as exc:  # its first seconds can race on `_users`
                if attempt == 2:
                    raise
                print(f"  CouchDB did not start ({str(exc)[:80]}...); again", file=sys.stderr)
    assert _server is not None
    return _server


def member_url(database: str) -> str:
    from tests.couchdb import MEMBER

    return server().url_for(database, MEMBER)


def new_database() -> str:
    """A fresh members-only database on the run's server."""
    from tests.couchdb import MEMBER

    return server().new_database(members=[MEMBER[0]])


def two_desks(size: int) -> TwoDesks:
    """Desk A and desk B of the `size` event, synced once (built on first use)."""
    if size not in _desks:
        _desks[size] = _seed(size)
    return _desks[size]


def _sync_once(db: Path, station: str, url: str) -> tuple[float, int]:
    from facilitator.desk import Desk

    with Desk.open(db, station=station) as desk:
        begin = time.perf_counter()
        report = desk.sync.couch(url, timeout=600).run()
        took = time.perf_counter() - begin
    return took, report.pushed + report.pulled_new + report.pulled_updated


def _seed(size: int) -> TwoDesks:
    built = prepared(size)
    folder = _stack.enter_context(scratch_dir(f"bench-two-desks-{size}-"))
    a = copy_event(built, folder / "desk-a")
    b = copy_event(built, folder / "desk-b")
    database = new_database()
    url = member_url(database)
    print(f"  seeding CouchDB with the {size:,} event (two desks) ...", file=sys.stderr)
    push_s, records = _sync_once(a.path, "desk-a", url)
    pull_s, _ = _sync_once(b.path, "desk-b", url)
    readback_s, _ = _sync_once(a.path, "desk-a", url)
    return TwoDesks(url, database, a, b, push_s, pull_s, readback_s, records)


def forget(size: int) -> None:
    """Drop a size's desks (they have been used up by a bench that changed them)."""
    _desks.pop(size, None)


def stop() -> None:
    """Stop the server and remove the desks (the run's end)."""
    global _server
    _desks.clear()
    _stack.close()
    _server = None
