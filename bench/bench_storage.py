"""What one durable check-in costs in the store, next to SQLite doing the same durable write.

The promise to the desk is "a check-in that showed green is on disk". The store keeps it with one
fsync'd journal line; SQLite in WAL mode with synchronous=FULL keeps it with one fsync'd WAL
frame. Both hold the same participants and 10,000 earlier check-ins, write the same JSON row, and
take turns sample by sample, so a noisy disk hurts both alike. The target is a median and a p95
within 3x of SQLite at 50 and at 5,000 participants. Opening (a cold load of the file), folding
the journal into a new generation, and the peak memory of a desk process are measured too.

`python -m bench.bench_storage --rss DB` is the child used for the memory figure: a fresh
process, so the number is what a desk holding that database costs and not what this
benchmark's bookkeeping costs.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import BenchResult, peak_rss_mb, repeats, scratch_dir, summarise, timed
from facilitator.storage import store as store_module
from facilitator.storage.store import Store

EARLIER_CHECKINS = 10_000
STATION = "bench-desk"
BATCH = 1_000

PROVINCES = ["เชียงใหม่", "ขอนแก่น", "สงขลา", "นครราชสีมา", "อุบลราชธานี", "ลำปาง"]
PRODUCTS = ["ผ้าไหมมัดหมี่", "ข้าวหอมมะลิอินทรีย์", "น้ำพริกเผา", "สบู่สมุนไพร", "กาแฟดอยช้าง"]


def participant(i: int, rng: random.Random) -> dict[str, Any]:
    """A roster row the size of a real one: Thai name, phone, group, product."""
    return {
        "code": f"P{i:05d}",
        "name": f"นางสาวสมศรี ทดสอบ{i}",
        "phone": f"08{rng.randrange(10**8):08d}",
        "province": rng.choice(PROVINCES),
        "group": f"วิสาหกิจชุมชนบ้าน{rng.choice(PROVINCES)}",
        "product": rng.choice(PRODUCTS),
        "otop_stars": rng.randint(1, 5),
    }


def checkin(participant_id: str, n: int) -> dict[str, Any]:
    """One check-in fact, as the desk records it when a QR code is scanned."""
    return {
        "participant": participant_id,
        "session": f"S{n % 6 + 1}",
        "at": f"2024-06-01T09:{n // 60 % 60:02d}:{n % 60:02d}+07:00",
        "method": "qr",
        "desk": STATION,
    }


def people(size: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, participant) for the roster, reproducibly."""
    rng = random.Random(size)
    for i in range(size):
        yield f"p{i:05d}", participant(i, rng)


def build(folder: Path, size: int) -> tuple[Store, sqlite3.Connection, list[str]]:
    """Both databases holding the same roster and 10,000 earlier check-ins."""
    roster = list(people(size))
    ids = [pid for pid, _ in roster]
    store = Store.open(folder / "events.json", station=STATION)
    for start in range(0, size, BATCH):
        store.put_many([("participants", row, pid) for pid, row in roster[start : start + BATCH]])
    for start in range(0, EARLIER_CHECKINS, BATCH):
        chunk = range(start, min(start + BATCH, EARLIER_CHECKINS))
        store.put_many([("checkins", checkin(ids[n % size], n), None) for n in chunk])
    store.fold()

    sql = sqlite3.connect(folder / "events.sqlite3")
    sql.execute("PRAGMA journal_mode=WAL")
    sql.execute("PRAGMA synchronous=FULL")
    for table in ("participants", "checkins"):
        sql.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, data TEXT NOT NULL)")
    with sql:
        for table in ("participants", "checkins"):
            sql.executemany(
                f"INSERT INTO {table} VALUES (?, ?)",
                ((r["id"], json.dumps(r, ensure_ascii=False)) for r in store.records(table)),
            )
    sql.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store, sql, ids


def measure_writes(
    store: Store, sql: sqlite3.Connection, ids: list[str], samples: int
) -> tuple[list[float], list[float]]:
    """Seconds per durable check-in, the store and SQLite taking turns."""
    ours: list[float] = []
    theirs: list[float] = []
    n = EARLIER_CHECKINS
    for i in range(samples + 20):
        n += 1
        data = checkin(ids[n % len(ids)], n)
        rid = f"sql-{n}"

        def sql_write(rid: str = rid, data: dict[str, Any] = data) -> None:
            row = {"id": rid, **data, "hlc": store.clock.last, "station": STATION}
            sql.execute(
                "INSERT INTO checkins VALUES (?, ?)", (rid, json.dumps(row, ensure_ascii=False))
            )
            sql.commit()

        # Take turns at going first, so neither always writes right behind the other's fsync.
        if i % 2:
            took_sql = timed(sql_write)
            took = timed(lambda data=data: store.put("checkins", data))
        else:
            took = timed(lambda data=data: store.put("checkins", data))
            took_sql = timed(sql_write)
        if i >= 20:  # the first writes open files and warm caches for both
            ours.append(took)
            theirs.append(took_sql)
    return ours, theirs


def measure_folds(store: Store, ids: list[str], samples: int) -> list[float]:
    """Seconds to fold one pending write into a new generation of the whole file."""
    took = []
    for i in range(samples):
        store.put("checkins", checkin(ids[i % len(ids)], i))
        took.append(timed(store.fold))
    return took


def measure_puts_during_fold(store: Store, ids: list[str], rounds: int) -> list[float]:
    """Seconds of the writes made while a background fold runs: the one that starts it and
    the next 20, which share the machine with the fold's serialising and fsync."""
    took = []
    n = 0
    for _ in range(rounds):
        store.fold()
        for _ in range(store_module.FOLD_AFTER_ENTRIES - 1):
            store.put("checkins", checkin(ids[n % len(ids)], n))
            n += 1
        for _ in range(21):
            took.append(timed(lambda n=n: store.put("checkins", checkin(ids[n % len(ids)], n))))
            n += 1
        store.fold()  # waits for the background fold to finish
    return took


def measure_opens(db: Path, samples: int) -> list[float]:
    """Seconds for `Store.open` of a closed database: read, verify, replay the journal."""
    took = []
    for _ in range(samples):
        begin = time.perf_counter()
        store = Store.open(db, station=STATION)
        took.append(time.perf_counter() - begin)
        store.close()
    return took


def desk_peak_rss(db: Path | None) -> float:
    """Peak RSS of a fresh process that opens `db` and records 100 check-ins (None: no db)."""
    command = [sys.executable, "-m", "bench.bench_storage", "--rss", str(db or "")]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=_repo())
    return float(out.stdout.strip())


def _repo() -> Path:
    return Path(__file__).resolve().parents[1]


def run(sizes: list[int]) -> list[BenchResult]:
    """Put, open, fold and memory at each size; see the module docstring."""
    results: list[BenchResult] = []
    baseline_rss = desk_peak_rss(None)
    for size in sizes:
        with scratch_dir("bench-storage-") as folder:
            store, sql, ids = build(folder, size)
            try:
                ours, theirs = measure_writes(store, sql, ids, repeats(400, 40))
                folds = measure_folds(store, ids, repeats(10, 3))
                during_fold = measure_puts_during_fold(store, ids, repeats(3, 1))
            finally:
                store.close()
                sql.close()
            opens = measure_opens(folder / "events.json", repeats(10, 3))
            rss = desk_peak_rss(folder / "events.json")
            file_mb = (folder / "events.json").stat().st_size / 1e6

        put = summarise("storage.put (durable check-in)", size, ours)
        lite = summarise("sqlite WAL FULL insert+commit", size, theirs)
        fold = summarise("storage.fold", size, folds, file_mb=round(file_mb, 2))
        # Every FOLD_AFTER_ENTRIES-th put starts a fold on a background thread.
        racing = summarise("storage.put during a background fold", size, during_fold)
        put.extra.update(
            vs_sqlite_median=put.median / lite.median,
            vs_sqlite_p95=put.p95 / lite.p95,
            target="<=3x",
            ok=put.median <= 3 * lite.median and put.p95 <= 3 * lite.p95,
            worst_put_during_fold_ms=max(during_fold) * 1000,
        )
        ratio = BenchResult(
            "storage.put / sqlite ratio",
            size,
            "x",
            put.median / lite.median,
            put.p95 / lite.p95,
            {"target": "<=3x"},
        )
        results += [
            put,
            racing,
            lite,
            ratio,
            summarise("storage.open (cold load)", size, opens, file_mb=round(file_mb, 2)),
            fold,
            BenchResult(
                "storage peak RSS (desk process)",
                size,
                "MB",
                rss,
                rss,
                {"python_and_imports_mb": round(baseline_rss, 1)},
            ),
        ]
    return results


def _rss_child(db: str) -> None:
    """Open `db` (if given), record 100 check-ins, close, and print this process's peak RSS."""
    if db:
        store = Store.open(db, station=STATION)
        someone = store.records("participants")[0]["id"]
        for n in range(100):
            store.put("checkins", checkin(someone, n))
        store.close()
    print(f"{peak_rss_mb():.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rss", metavar="DB", required=True)
    _rss_child(parser.parse_args().rss)
