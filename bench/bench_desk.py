"""The desk's services in one process, no terminal: scan, search, turnout, a pulled record, folds.

Each size opens its own copy of the built event (`bench.events`) as the TUI would
(`Desk.open`) and times the calls the faces make:

- scan → verdict: `desk.checkins.scan(code)` of a reserved person, a real check-in with its
  fsync'd journal line; each is undone afterwards (not timed) so the next round of the reserve
  checks in afresh. One scan every 10 ms, as a fast queue would never manage.
- scans during a fold: the same scans while another thread runs `store.fold()` over and over
  (a fold of the whole event into a new generation, as every 2,000 writes do); only scans that
  overlapped a fold count. Floor: the scans outside one. Goal: p95 ≤ 2x.
- search: `desk.participants.search(prefix)` for every prefix the terminal bench types.
- turnout: `desk.checkins.turnout(now)`, the count the check-in and dashboard screens show.
- one-record pull: what the sync worker does with a page of one check-in another desk made for
  the current session, `store.merge([record], local=checkpoint)`: the durable merge, the Desk's
  index update for the record and its change event (no UI is attached here; `bench_ui` times
  the screens' part). Each is followed by the other desk's undo (not timed), so the next one
  is a real arrival again.
  Floor: the same at 50 people, since a pull of one check-in should cost what it costs there.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import BenchResult, beside, repeats, scratch_dir, summarise, timed
from bench.events import BuiltEvent, copy_event, prepared

SPACING_S = 0.01
STATION = "desk-a"


class FreshScans:
    """Scans of the reserve that always check in: each check-in is undone after it is timed."""

    def __init__(self, desk: Any, built: BuiltEvent) -> None:
        self.desk = desk
        self.codes = [s.code for s in built.reserve]
        self.n = 0
        self.verdicts: set[str] = set()

    def one(self) -> tuple[float, float]:
        """(start, seconds) of one timed scan."""
        code = self.codes[self.n % len(self.codes)]
        self.n += 1
        begin = time.perf_counter()
        result = self.desk.checkins.scan(code)
        took = time.perf_counter() - begin
        self.verdicts.add(str(result.verdict))
        if result.checkin is not None and str(result.verdict) == "checked_in":
            self.desk.checkins.void(result.checkin.id)
        return begin, took


def scans_outside(scans: FreshScans, count: int) -> list[float]:
    scans.desk.store.fold()  # nothing pending: no background fold starts during these
    took = []
    for _ in range(count):
        begin, seconds = scans.one()
        took.append(seconds)
        _sleep_until(begin + SPACING_S)
    return took


def scans_during_folds(scans: FreshScans, count: int, max_s: float) -> tuple[list[float], int]:
    """Scans that overlapped a forced fold, and how many folds ran."""
    store = scans.desk.store
    folds: list[tuple[float, float]] = []
    going = threading.Event()
    going.set()

    def fold_again_and_again() -> None:
        while going.is_set():
            begin = time.perf_counter()
            store.fold()
            folds.append((begin, time.perf_counter()))

    folder = threading.Thread(target=fold_again_and_again, name="bench-fold", daemon=True)
    samples: list[tuple[float, float]] = []
    deadline = time.perf_counter() + max_s
    folder.start()
    try:
        while time.perf_counter() < deadline:
            begin, seconds = scans.one()
            samples.append((begin, seconds))
            if sum(1 for s in samples if _overlaps(s, folds)) >= count:
                break
            _sleep_until(begin + SPACING_S)
    finally:
        going.clear()
        folder.join()
    during = [seconds for s in samples if _overlaps(s, folds) for seconds in [s[1]]]
    return during, len(folds)


def _overlaps(sample: tuple[float, float], folds: list[tuple[float, float]]) -> bool:
    begin, seconds = sample
    end = begin + seconds
    return any(start < end and begin < stop for start, stop in folds)


def _sleep_until(moment: float) -> None:
    left = moment - time.perf_counter()
    if left > 0:
        time.sleep(left)


def pulled_records(
    folder: Path, built: BuiltEvent, count: int
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Check-ins another desk (a store of its own, station desk-b) made for the current session,
    each with the fact that undoes it: merging the pair leaves the person still waiting, so every
    timed pull is a real arrival however small the event."""
    from facilitator.checkin.attendance import CheckIn, void_fields
    from facilitator.models import TABLE_POLICIES
    from facilitator.storage.store import Store

    pairs = []
    with Store.open(folder / "desk-b.json", station="desk-b", policies=TABLE_POLICIES) as other:
        for n in range(count):
            person = built.reserve[n % len(built.reserve)]
            now = datetime.now().replace(microsecond=0)
            fact = CheckIn("", person.participant_id, built.current_session, now, "desk-b",
                           "scan", False)  # fmt: skip
            arrived = other.put("checkins", fact.to_fields())
            undo = void_fields(CheckIn.from_record(arrived), now)
            pairs.append((arrived, other.put("checkins", undo)))
    return pairs


def merge_one(desk: Any, record: dict[str, Any], n: int) -> None:
    """What the sync worker does with a page of one record: one durable merge with the
    checkpoint; the Desk's indexes and listeners follow inside it."""
    desk.store.merge([("checkins", record)], local={"bench_checkpoint": n})


def measure(size: int, folder: Path) -> dict[str, Any]:
    from facilitator.desk import Desk

    built = copy_event(prepared(size), folder / "event")
    count = repeats(200, 40)
    with Desk.open(built.db, station=STATION) as desk:
        scans = FreshScans(desk, built)
        for _ in range(10):
            scans.one()  # warm caches, the journal's file descriptor
        outside = scans_outside(scans, count)
        during, folds = scans_during_folds(scans, count, max_s=60 if size >= 5000 else 20)
        search = [
            timed(lambda q=query[:n]: desk.participants.search(q, limit=500))
            for _ in range(3)
            for query in built.queries
            for n in range(1, len(query) + 1)
        ]
        turnout = [timed(desk.checkins.turnout) for _ in range(repeats(20, 5))]
        pulled = []
        for n, (arrived, undone) in enumerate(pulled_records(folder, built, repeats(50, 10))):
            pulled.append(timed(lambda r=arrived, n=n: merge_one(desk, r, 2 * n)))
            merge_one(desk, undone, 2 * n + 1)
        verdicts = scans.verdicts
    return {
        "outside": outside,
        "during": during,
        "folds": folds,
        "search": search,
        "turnout": turnout,
        "pulled": pulled,
        "verdicts": ",".join(sorted(verdicts)),
        "checkins": built.checkins,
    }


def run(sizes: list[int]) -> list[BenchResult]:
    results: list[BenchResult] = []
    pull_floor: BenchResult | None = None
    for size in sizes:
        print(f"  desk services at {size:,} ...", file=sys.stderr, flush=True)
        with scratch_dir("bench-desk-") as folder:
            got = measure(size, folder)
        outside = summarise(
            "scan → verdict (in process)",
            size,
            got["outside"],
            verdicts=got["verdicts"],
            checkins_before=got["checkins"],
        )
        during = summarise("scan during a fold", size, got["during"], folds=got["folds"])
        pulled = summarise("one-record pull: merge + index", size, got["pulled"])
        if pull_floor is None:
            pull_floor = BenchResult(
                "one-record pull at the smallest size", size, "ms", pulled.median, pulled.p95
            )
        results += [
            outside,
            beside(during, outside),
            summarise("search (service)", size, got["search"]),
            summarise("turnout (service)", size, got["turnout"]),
            beside(pulled, pull_floor),
        ]
    return results
