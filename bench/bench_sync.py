"""Sync against the real CouchDB: how far a desk's push and pull are from what the server allows.

The worst case of a workshop day is a provincial fair, 5,000 or 20,000 people with two check-ins
each, pushed by a desk that was offline all day and pulled by a laptop that joins late with
nothing. Each is measured beside its floor, the same documents moved in one request (one
`_bulk_docs` of every document, one `_changes` of every document): the ratio is what our
batching, merging, checkpoints and durable writes cost on top of the server's own limit, and it
does not depend on how fast this machine is. CouchDB 3.4 digests one huge `_bulk_docs` more
slowly than batches of 500, so the push is also shown beside plain batches of the same
documents (our batching without our reads, merges and checkpoints). The third figure is the one a desk pays all day:
one new check-in synced at 20,000 people, beside one `_bulk_docs` of one document; it must not
grow with the event (compare it at 5,000).

Runs against the real Apache CouchDB 3.4.3 of ../shared/couchdb (started for the run and
stopped after), as an ordinary member of a members-only database. Sizes below 1,000 say nothing
about sync, so they are skipped, and 20,000 is always measured.
"""

from __future__ import annotations

import base64
import http.client
import json
import statistics
import sys
from pathlib import Path

from bench import BenchResult, percentile, repeats, scratch_dir, timed
from facilitator.models import CHECKINS, PARTICIPANTS, TABLE_POLICIES
from facilitator.storage.couch import CouchClient
from facilitator.storage.couch_sync import BATCH_SIZE, CouchSync, document_of, public_url
from facilitator.storage.store import Store
from tests.couchdb import (
    COUCHDB_MISSING,
    COUCHDB_SCRIPT,
    MEMBER,
    TestServer,
    running_couchdb,
)

TARGET = 20_000


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
                "district": "เมืองมุกดาหาร",
            },
            f"p{n:05d}",
        )
        for n in range(people)
    )
    store.put_many(
        (
            CHECKINS,
            {"participant_id": f"p{n % people:05d}", "session_id": f"s{n // people}"},
            None,
        )
        for n in range(2 * people)
    )
    return 3 * people


def _engine(store: Store, server: TestServer, db: str) -> CouchSync:
    url = server.url_for(db, MEMBER)
    return CouchSync(store, CouchClient(url, timeout=600), key=public_url(url), deadline=None)


def _read_whole_feed(server: TestServer, db: str) -> int:
    """The pull's floor: every document in one `_changes` request, decoded."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    try:
        headers = {"Authorization": _basic(server.admin)}
        connection.request("GET", f"/{db}/_changes?include_docs=true", headers=headers)
        return len(json.loads(connection.getresponse().read())["results"])
    finally:
        connection.close()


def _write_in_batches(client: CouchClient, docs: list[dict[str, object]]) -> None:
    """Our batching without our work: the same documents, `BATCH_SIZE` per `_bulk_docs`."""
    for start in range(0, len(docs), BATCH_SIZE):
        client.bulk_docs(docs[start : start + BATCH_SIZE])


def _basic(user: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(":".join(user).encode()).decode()


def _ratio(
    name: str, size: int, ours: list[float], floor: list[float], **extra: object
) -> BenchResult:
    ratios = [o / f for o, f in zip(ours, floor, strict=True)]
    return BenchResult(
        name,
        size,
        "x",
        statistics.median(ratios),
        percentile(ratios, 95),
        {
            "ours_ms": statistics.median(ours) * 1000,
            "floor_ms": statistics.median(floor) * 1000,
            "n": len(ratios),
            **extra,
        },
    )


def run(sizes: list[int]) -> list[BenchResult]:
    if not COUCHDB_SCRIPT.exists():
        print(f"bench_sync skipped: {COUCHDB_MISSING}", file=sys.stderr)
        return []
    results: list[BenchResult] = []
    measured = sorted({s for s in sizes if s >= 1000} | {TARGET})
    with running_couchdb() as server, scratch_dir("bench-sync-") as folder:
        for size in measured:
            results += _measure(server, folder, size)
    return results


def _measure(server: TestServer, folder: Path, size: int) -> list[BenchResult]:
    source = Store.open(folder / f"src-{size}" / "event.json", "desk-a", TABLE_POLICIES)
    records = _fill(source, size)
    docs = [document_of(table, record) for table, record in source.dump()]
    push_s, push_floor, push_batched, pull_s, pull_floor = [], [], [], [], []
    inc_s, inc_floor = [], []
    for attempt in range(repeats(3, 1)):
        floor_db = server.new_database()
        floor_client = CouchClient(server.url_for(floor_db), timeout=600, max_body=2**31)
        push_floor.append(timed(lambda: floor_client.bulk_docs(docs)))  # noqa: B023
        batched_db = server.new_database()
        batched = CouchClient(server.url_for(batched_db), timeout=600)
        push_batched.append(timed(lambda: _write_in_batches(batched, docs)))  # noqa: B023
        server.delete_database(batched_db)
        pull_floor.append(timed(lambda: _read_whole_feed(server, floor_db)))  # noqa: B023

        db = server.new_database(members=[MEMBER[0]])
        engine = _engine(source, server, db)
        push_s.append(timed(engine.push))
        path = folder / f"dst-{size}-{attempt}" / "event.json"
        with Store.open(path, "desk-c", TABLE_POLICIES) as target:
            pull_s.append(timed(_engine(target, server, db).pull))
            assert target.count(CHECKINS) == source.count(CHECKINS)
        engine.sync()  # reads its own pushes back once; from here on a desk's day is steady
        for n in range(repeats(5, 3)):
            source.put(CHECKINS, {"participant_id": "p00001", "session_id": f"late{n}"})
            inc_s.append(timed(engine.sync))
            one = [{"_id": f"one-{attempt}-{n}", "type": CHECKINS, "session_id": "late"}]
            inc_floor.append(timed(lambda: floor_client.bulk_docs(one)))  # noqa: B023
        server.delete_database(floor_db)
        server.delete_database(db)
    source.close()
    return [
        _ratio("sync: full push / one _bulk_docs", size, push_s, push_floor, records=records),
        _ratio(
            "sync: full push / plain _bulk_docs batches",
            size,
            push_s,
            push_batched,
            records=records,
        ),
        _ratio("sync: full pull / one _changes", size, pull_s, pull_floor, records=records),
        _ratio("sync: one new check-in / one-doc _bulk_docs", size, inc_s, inc_floor),
    ]
