"""Time on the UI thread: what the screens do with one change, in the App itself (Pilot).

The facilitator App runs headless (`App.run_test`, 120x35) on a copy of the built event. The
screens' handlers are wrapped, for this process only, in a timer (the wrappers call the real
handlers; nothing in `screens/` changes), so each figure is the time the UI thread really spent
in them:

- dashboard update after one check-in: a reserved person scanned while the dashboard (F4)
  is up; the time in `DashboardScreen.desk_changed` for that change (each scan is undone
  afterwards, untimed, so the next one is a real arrival too).
- one-record pull, UI update: a check-in another desk made for the current session, merged by
  a worker thread as the live sync does (`store.merge` in `asyncio.to_thread`); the time the
  UI thread spends on the change: the App's `DataChanged` handler and every screen's
  `desk_changed` that the signal then calls, with the dashboard up and with the check-in
  screen up.
- switch to the dashboard: `switch_mode("dashboard")` until the App is idle again.

There is no floor beside these but themselves at 50 people: the goal is ≤ 10 ms whatever the
size, because one change should cost what it costs at a 50-person workshop.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import BenchResult, beside, repeats, scratch_dir, summarise
from bench.bench_desk import FreshScans, merge_one, pulled_records
from bench.events import BuiltEvent, copy_event, prepared

SIZE = (120, 35)


class Timings:
    """Seconds spent in wrapped handlers, by name."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}
        self._undo: list[Callable[[], None]] = []

    def wrap(self, owner: type, method: str, name: str, also: str | None = None) -> None:
        original = owner.__dict__[method]

        def timed(this: Any, *args: Any, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return original(this, *args, **kwargs)
            finally:
                took = time.perf_counter() - begin
                for key in {name, also or name}:
                    self.samples.setdefault(key, []).append(took)

        timed.__name__ = original.__name__
        setattr(owner, method, timed)
        self._undo.append(lambda: setattr(owner, method, original))

    def take(self, name: str) -> list[float]:
        return self.samples.pop(name, [])

    def restore(self) -> None:
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()


async def _measure(built: BuiltEvent, folder: Path) -> dict[str, list[float]]:
    from facilitator.desk import Desk
    from facilitator.screens.app import FacilitatorApp
    from facilitator.screens.area import AreaScreen
    from facilitator.screens.dashboard.screen import DashboardScreen

    timings = Timings()
    # Every screen's handler (a signal calls them after the App's own handler returns, through
    # `call_next`), and the App's: together, what one change costs the UI thread.
    for screen in _subclasses(AreaScreen):
        if "desk_changed" in screen.__dict__:
            name = "dashboard" if screen is DashboardScreen else "ui"
            timings.wrap(screen, "desk_changed", name, also="ui")
    timings.wrap(FacilitatorApp, "on_data_changed", "ui")
    count = repeats(30, 8)
    pairs = pulled_records(folder, built, 2 * count)
    out: dict[str, list[float]] = {"dashboard": [], "pull_dashboard": [], "pull_checkin": []}
    try:
        with Desk.open(built.db, station="desk-a") as desk:
            app = FacilitatorApp(desk)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                begin = time.perf_counter()
                app.switch_mode("dashboard")
                await pilot.pause()
                out["switch"] = [time.perf_counter() - begin]
                scans = FreshScans(desk, built)  # each scan undone after, so each one counts
                for _ in range(count):
                    timings.samples.clear()
                    scans.one()
                    await pilot.pause()
                    out["dashboard"].append(sum(timings.take("dashboard")))
                    await pilot.pause()  # the undo's change, not timed
                for n, (arrived, undone) in enumerate(pairs):
                    if n == count:
                        app.switch_mode("checkin")
                        await pilot.pause()
                    timings.samples.clear()
                    await _pull(desk, arrived, 2 * n)
                    await pilot.pause()
                    key = "pull_dashboard" if n < count else "pull_checkin"
                    out[key].append(sum(timings.take("ui")))
                    await _pull(desk, undone, 2 * n + 1)
                    await pilot.pause()
    finally:
        timings.restore()
    return out


def _subclasses(cls: type) -> list[type]:
    found = [cls]
    for sub in cls.__subclasses__():
        found += _subclasses(sub)
    return found


async def _pull(desk: Any, record: dict[str, Any], n: int) -> None:
    """Merge one record on a worker thread, as the live sync's worker does."""
    await asyncio.to_thread(merge_one, desk, record, n)


def run(sizes: list[int]) -> list[BenchResult]:
    results: list[BenchResult] = []
    floors: dict[str, BenchResult] = {}
    names = {
        "dashboard": "dashboard update after one check-in",
        "pull_dashboard": "one-record pull: UI update, dashboard up",
        "pull_checkin": "one-record pull: UI update, check-in screen up",
        "switch": "switch to the dashboard (Pilot)",
    }
    for size in sizes:
        print(f"  UI thread at {size:,} ...", file=sys.stderr, flush=True)
        with scratch_dir("bench-ui-") as folder:
            built = copy_event(prepared(size), folder / "event")
            got = asyncio.run(_measure(built, folder))
        for key, name in names.items():
            samples = got.get(key) or []
            if not samples:
                continue
            result = summarise(name, size, samples)
            floor = floors.setdefault(
                key,
                BenchResult(f"{name} at {size:,}", size, "ms", result.median, result.p95),
            )
            results.append(beside(result, floor))
    return results
