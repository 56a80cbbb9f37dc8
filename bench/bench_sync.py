"""Sync: how long a desk takes to push its whole event to CouchDB, and a new desk to pull it.

The worst case of a workshop day: a provincial fair with 5,000 people and two check-ins each
(about 15,000 records), pushed by a desk that was offline all day, then pulled by a laptop that
joins late with nothing. Runs against the same in-memory CouchDB-compatible server as the tests
(tests/node/server.js over loopback), so it measures our client and the store, not a disk-bound
CouchDB; a real server on a LAN adds its own latency per batch.
"""

from __future__ import annotations

from pathlib import Path

from bench import BenchResult, repeats, scratch_dir, summarise, timed
from facilitator.models import CHECKINS, PARTICIPANTS, TABLE_POLICIES
from facilitator.storage.couch import CouchClient
from facilitator.storage.couch_sync import CouchSync, public_url
from facilitator.storage.store import Store
from tests.pouchdb import new_database_name, running_pouchdb


def _fill(store: Store, people: int) -> int:
    """A roster and two check-ins per person, written the way desks write them (in batches)."""
    store.put_many(
        (
            PARTICIPANTS,
            {
                "title": "นาง",
                "first_name": f"สมศรี{n}",
                "last_name": "ใจดี",
                "role": "producer",
                "product": "ผ้าไหมมัดหมี่",
                "phone": f"08{n:08d}",
                "district": "เมือง",
            },
            f"p{n:05d}",
        )
        for n in range(people)
    )
    store.put_many(
        (CHECKINS, {"participant": f"p{n % people:05d}", "session": f"s{n // people}"}, None)
        for n in range(2 * people)
    )
    return 3 * people


def _engine(store: Store, url: str) -> CouchSync:
    return CouchSync(store, CouchClient(url, timeout=120), key=public_url(url))


def run(sizes: list[int]) -> list[BenchResult]:
    results: list[BenchResult] = []
    with running_pouchdb() as server, scratch_dir("bench-sync-") as folder:
        for size in sizes:
            source = Store.open(folder / f"src-{size}" / "event.json", "desk-a", TABLE_POLICIES)
            records = _fill(source, size)
            push_s: list[float] = []
            pull_s: list[float] = []
            for attempt in range(repeats(3, 1)):
                url = server.database_url(new_database_name())
                engine = _engine(source, url)
                engine.client.ensure_database()
                push_s.append(timed(engine.push))
                target_path = Path(folder / f"dst-{size}-{attempt}" / "event.json")
                with Store.open(target_path, "desk-c", TABLE_POLICIES) as target:
                    pull_s.append(timed(_engine(target, url).pull))
                    assert target.count(CHECKINS) == 2 * size
            source.close()
            results.append(summarise("sync: full push", size, push_s, records=records))
            results.append(summarise("sync: full pull", size, pull_s, records=records))
    return results
