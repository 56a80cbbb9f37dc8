"""What one durable check-in costs in the store, beside SQLite and beside the disk itself.

The promise to the desk is "a check-in that showed green is on disk". The store keeps it with
one fsync'd journal line. Two floors, measured in the same run on the same disk:
- SQLite with `journal_mode=WAL`, `synchronous=FULL`: one INSERT of the same JSON row into a
  table already holding the same event, then COMMIT (one fsync'd WAL frame);
- a raw `write` + `fdatasync` of exactly the bytes the store's journal grew by, appended to a
  file of its own: what no database can beat.
The three take turns sample by sample (and rotate which goes first), so disk noise hits all
alike. The goal is the store within 3x of SQLite, median and p95.

Also here: `Store.open` of the closed event (read, verify, replay), a fold of one pending write
into a new generation, and the peak memory of a desk process (`python -m bench.bench_storage
--rss DB`: a fresh process that opens the desk, checks 100 people in and closes it, reporting
its own VmHWM; beside it the same process that only imports the desk).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from bench import (
    BenchResult,
    beside,
    own_peak_mb,
    repeats,
    run_child,
    scratch_dir,
    summarise,
    timed,
)
from bench.events import BuiltEvent, copy_event, prepared

STATION = "bench-desk"
WARM_UP = 20


def _sqlite_twin(folder: Path, store: Any) -> sqlite3.Connection:
    """SQLite in WAL/FULL holding the same records, one JSON row each."""
    sql = sqlite3.connect(folder / "event.sqlite3")
    sql.execute("PRAGMA journal_mode=WAL")
    sql.execute("PRAGMA synchronous=FULL")
    tables = [t for t in store.table_names() if not t.startswith("_")]
    for table in tables:
        sql.execute(f'CREATE TABLE "{table}" (id TEXT PRIMARY KEY, data TEXT NOT NULL)')
    with sql:
        for table in tables:
            sql.executemany(
                f'INSERT INTO "{table}" VALUES (?, ?)',
                ((r["id"], json.dumps(r, ensure_ascii=False)) for r in store.records(table)),
            )
    sql.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sql


def _checkin(built: BuiltEvent, n: int) -> dict[str, Any]:
    """A check-in fact shaped like the desk's (see facilitator.checkin.attendance)."""
    person = built.reserve[n % len(built.reserve)]
    return {
        "kind": "in",
        "participant_id": person.participant_id,
        "session_id": built.sessions[n % len(built.sessions)],
        "at": f"2021-06-08T09:{n // 60 % 60:02d}:{n % 60:02d}",
        "method": "scan",
        "provisional": False,
    }


def measure_writes(
    built: BuiltEvent, folder: Path, samples: int
) -> tuple[list[float], list[float], list[float]]:
    """Seconds per durable check-in: the store, SQLite WAL FULL, raw write+fdatasync."""
    from facilitator.models import TABLE_POLICIES
    from facilitator.storage.store import Store

    store = Store.open(built.path, station=STATION, policies=TABLE_POLICIES)
    sql = _sqlite_twin(folder, store)
    journal = built.path.with_name(built.path.name + ".journal")
    raw_fd = os.open(folder / "raw.bin", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    ours: list[float] = []
    theirs: list[float] = []
    raw: list[float] = []
    payload = b""
    try:
        for i in range(samples + WARM_UP):
            data = _checkin(built, i)

            def store_write(data: dict[str, Any] = data) -> None:
                store.put("checkins", data)

            def sql_write(i: int = i, data: dict[str, Any] = data) -> None:
                row = {"id": f"sql-{i}", **data, "hlc": store.clock.last, "station": STATION}
                sql.execute(
                    "INSERT INTO checkins VALUES (?, ?)",
                    (row["id"], json.dumps(row, ensure_ascii=False)),
                )
                sql.commit()

            def raw_write(payload: bytes = payload) -> None:
                os.write(raw_fd, payload)
                os.fdatasync(raw_fd)

            before = journal.stat().st_size if journal.exists() else 0
            took: dict[str, float] = {}
            order = [("store", store_write), ("sql", sql_write), ("raw", raw_write)]
            shift = i % 3
            for name, action in order[shift:] + order[:shift]:
                if name == "raw" and not payload:
                    continue  # the first round learns how many bytes a journal line is
                took[name] = timed(action)
            grown = journal.stat().st_size - before
            if grown > 0:
                payload = b"x" * (grown - 1) + b"\n"
            if i >= WARM_UP and "raw" in took:
                ours.append(took["store"])
                theirs.append(took["sql"])
                raw.append(took["raw"])
    finally:
        os.close(raw_fd)
        sql.close()
        store.close()
    return ours, theirs, raw


def measure_opens(db: Path, samples: int) -> list[float]:
    """Seconds for `Store.open` of the closed event: lock, read, verify, replay the journal."""
    from facilitator.models import TABLE_POLICIES
    from facilitator.storage.store import Store

    took = []
    for _ in range(samples):
        begin = time.perf_counter()
        store = Store.open(db, station=STATION, policies=TABLE_POLICIES)
        took.append(time.perf_counter() - begin)
        store.close()
    return took


def measure_folds(built: BuiltEvent, samples: int) -> list[float]:
    """Seconds to fold one pending write into a new generation of the whole file."""
    from facilitator.models import TABLE_POLICIES
    from facilitator.storage.store import Store

    took = []
    with Store.open(built.path, station=STATION, policies=TABLE_POLICIES) as store:
        for i in range(samples):
            store.put("checkins", _checkin(built, i))
            took.append(timed(store.fold))
    return took


def run(sizes: list[int]) -> list[BenchResult]:
    """Durable write against its floors, open, fold and a desk's memory at each size."""
    results: list[BenchResult] = []
    imports_only = run_child("bench.bench_storage", "--rss", "")
    baseline = BenchResult(
        "python + the desk's imports (VmHWM)", 0, "MB", imports_only["mb"], imports_only["mb"]
    )
    results.append(baseline)
    for size in sizes:
        with scratch_dir("bench-storage-") as folder:
            built = copy_event(prepared(size), folder / "event")
            ours, theirs, raw = measure_writes(built, folder, repeats(400, 60))
            big = size >= 5000
            opens = measure_opens(built.path, repeats(3 if big else 10, 2))
            folds = measure_folds(built, repeats(3 if big else 10, 2))
            desk = run_child("bench.bench_storage", "--rss", built.db)
            file_mb = built.path.stat().st_size / 1e6

        put = summarise("durable check-in (Store.put)", size, ours)
        lite = summarise("SQLite WAL FULL insert+commit", size, theirs)
        floor = summarise("raw write+fdatasync, same bytes", size, raw)
        beside(put, lite).extra.update(
            raw_median=floor.median,
            raw_p95=floor.p95,
            ratio_raw_median=put.median / floor.median,
            ratio_raw_p95=put.p95 / floor.p95,
        )
        results += [
            put,
            lite,
            floor,
            summarise("Store.open (event on disk)", size, opens, file_mb=round(file_mb, 1)),
            summarise("fold (one write into a new generation)", size, folds),
            beside(
                BenchResult(
                    "desk process peak memory (VmHWM)",
                    size,
                    "MB",
                    desk["mb"],
                    desk["mb"],
                    {"seconds": round(desk["seconds"], 2)},
                ),
                baseline,
            ),
        ]
    return results


def _rss_child(db: str) -> None:
    """Open the desk (if given), check 100 reserved people in, close; print own VmHWM."""
    from facilitator.desk import Desk

    begin = time.perf_counter()
    if db:
        built = BuiltEvent.load(db)
        with Desk.open(db, station=STATION) as desk:
            for n in range(100):
                desk.checkins.scan(built.reserve[n % len(built.reserve)].code)
    print(json.dumps({"mb": own_peak_mb(), "seconds": time.perf_counter() - begin}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rss", metavar="DB", required=True)
    _rss_child(parser.parse_args().rss)
    sys.exit(0)
