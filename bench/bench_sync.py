"""Sync against the real CouchDB: how far a desk's push and pull are from what the server allows.

Two desks of one built event (`bench.couch.two_desks`: desk A and desk B, copies of the same
file) meet on one members-only database of the real Apache CouchDB 3.4.3. Each figure is shown
beside its floor, the same documents moved in one plain HTTP request, so the ratio is what our
batching, merging, checkpoints and durable writes cost on top of the server itself:

- full push: desk A's first sync, everything into the empty database. Floor: one `_bulk_docs`
  of every document into another empty database.
- full pull: desk B's first sync, everything from the server into a desk that already holds it
  (a desk joining a synced event). Floor: one `_changes?include_docs=true` of the whole feed.
- one new check-in pushed: desk A checks one person in and syncs (the live sync's everyday
  run: pull, then push). Floor: one `_bulk_docs` of one document.
- one new check-in pulled: desk B checks one person in and pushes; desk A's next sync brings
  it. Floor: one `_changes` from the previous sequence, returning that one document.

The everyday figures must not grow with the event: compare them across sizes. Sizes below
1,000 say little about sync, so the full run measures 5,000 and 20,000 (`--quick`, its
biggest size).
"""

from __future__ import annotations

import base64
import http.client
import json
import sys
import time
from typing import Any

from bench import BenchResult, beside, failed, repeats, summarise, timed

SMALLEST = 1000


def _request(method: str, path: str, body: Any = None) -> Any:
    """One plain request as the server's admin: the floor has no client of ours in it."""
    from bench.couch import server

    admin = server()
    connection = http.client.HTTPConnection("127.0.0.1", admin.port, timeout=600)
    try:
        token = base64.b64encode(":".join(admin.admin).encode()).decode()
        headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        connection.request(method, path, body=data, headers=headers)
        answer = connection.getresponse()
        payload = answer.read()
        if answer.status >= 300:
            raise RuntimeError(f"{method} {path}: {answer.status} {payload[:200]!r}")
        return json.loads(payload)
    finally:
        connection.close()


def _last_seq(database: str) -> str:
    return str(_request("GET", f"/{database}/_changes?descending=true&limit=1")["last_seq"])


def _ratio_result(
    name: str, size: int, ours: list[float], floor: list[float], **extra: Any
) -> BenchResult:
    result = summarise(name, size, ours, **extra)
    return beside(result, summarise(f"floor: {name}", size, floor))


def measure(size: int) -> list[BenchResult]:
    from bench.couch import new_database, server, two_desks
    from facilitator.desk import Desk
    from facilitator.storage.couch_sync import document_of

    desks = two_desks(size)
    admin = server()
    # Floors of the first syncs: the same documents in one request each way.
    with Desk.open(desks.a.db, station="desk-a") as desk:
        docs = [document_of(table, record) for table, record in desk.store.dump()]
    floor_db = new_database()
    body = {"docs": docs}
    push_floor = timed(lambda: _request("POST", f"/{floor_db}/_bulk_docs", body))
    pull_floor = timed(lambda: _request("GET", f"/{floor_db}/_changes?include_docs=true"))
    admin.delete_database(floor_db)
    docs.clear()

    pushed, pushed_floor, pulled, pulled_floor = [], [], [], []
    reserved = {s.participant_id for s in desks.a.reserve}
    with (
        Desk.open(desks.a.db, station="desk-a") as desk_a,
        Desk.open(desks.b.db, station="desk-b") as desk_b,
    ):
        sync_a = desk_a.sync.couch(desks.url)
        sync_b = desk_b.sync.couch(desks.url)
        present = desk_a.checkins.present(desks.a.current_session)
        waiting = [
            p.id for p in desk_a.participants.all() if p.id not in present and p.id not in reserved
        ]
        sync_a.run()
        sync_b.run()  # both steady before the everyday figures
        one_db = new_database()
        for n in range(min(repeats(5, 3), len(waiting) // 2)):
            desk_a.checkins.check_in(waiting.pop(), method="search")
            pushed.append(timed(sync_a.run))
            one = {"docs": [{"_id": f"one-{n}", "type": "checkins", "session_id": "late"}]}
            pushed_floor.append(
                timed(lambda one=one: _request("POST", f"/{one_db}/_bulk_docs", one))
            )
            since = _last_seq(desks.database)
            desk_b.checkins.check_in(waiting.pop(), method="search")
            sync_b.run()
            pulled.append(timed(sync_a.run))
            path = f"/{desks.database}/_changes?include_docs=true&since={since}"
            pulled_floor.append(timed(lambda path=path: _request("GET", path)))
        admin.delete_database(one_db)
    records = desks.records
    results = [
        _ratio_result("sync: full push", size, [desks.push_s], [push_floor], records=records),
        _ratio_result("sync: full pull", size, [desks.pull_s], [pull_floor], records=records),
    ]
    results[1].extra["read_own_back_s"] = round(desks.readback_s, 2)
    if pushed:
        results += [
            _ratio_result("sync: one new check-in pushed", size, pushed, pushed_floor),
            _ratio_result("sync: one new check-in pulled", size, pulled, pulled_floor),
        ]
    return results


def run(sizes: list[int]) -> list[BenchResult]:
    from bench.couch import available

    why = available()
    if why is not None:
        print(f"bench_sync skipped: {why}", file=sys.stderr)
        return [failed("sync: full push", max(sizes), "ms", why)]
    measured = [s for s in sizes if s >= SMALLEST] or [max(sizes)]
    results: list[BenchResult] = []
    for size in measured:
        print(f"  sync at {size:,} ...", file=sys.stderr, flush=True)
        begin = time.perf_counter()
        results += measure(size)
        print(f"  sync at {size:,} took {time.perf_counter() - begin:.0f} s", file=sys.stderr)
    return results
