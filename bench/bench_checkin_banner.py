"""Scan to banner: how long the person at the desk waits for green, in the running app.

The app runs headless (`App.run_test`) on a real-disk database holding 50 or 5,000 people. Each
sample types one code's letters straight into the App's message queue, as a keyboard-wedge
scanner's keystrokes arrive from the terminal (no `Pilot.press`, which waits ~80 ms for idle
after every key), waits until the field holds the code, then posts Enter and times until the
banner holds the new verdict. That span is the scan path proper: Enter handling, code check,
session pick, the durable check-in write (fsync), and the banner update. A second number times
the whole burst, from the first letter to the banner.

Target: p95 < 50 ms at 5,000 participants.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual import events
from textual.app import App
from textual.keys import _character_to_key

from bench import BenchResult, repeats, scratch_dir, summarise
from facilitator.codes.participant_code import make_code
from facilitator.demo import demo_people
from facilitator.desk import Desk
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.checkin.screen import CheckInScreen

TARGET_P95_MS = 50.0


def _post(app: App[object], key: str, character: str | None) -> None:
    event = events.Key(key, character)
    event.set_sender(app)
    app.post_message(event)


async def _until(condition: Callable[[], bool]) -> None:
    while not condition():
        await asyncio.sleep(0)


def _open_desk(folder: Path, size: int) -> Desk:
    """The demo event, with more made-up people added in one batch up to `size`."""
    desk = Desk.open(folder / "event.json", station="bench")
    desk.create_demo()
    extra = size - len(desk.participants)
    if extra > 0:
        template = demo_people()
        desk.participants.apply_batch(
            [
                replace(template[n % len(template)], id="", last_name=f"ทดสอบ{n}", roster_order=0)
                for n in range(extra)
            ],
            [],
        )
    return desk


async def _measure(size: int, samples: int) -> list[BenchResult]:
    with scratch_dir("bench-checkin-banner-") as folder:
        desk = _open_desk(folder, size)
        event = desk.event
        people = desk.participants.all()
        step = max(1, len(people) // samples)
        codes = [make_code(event.id, event.key, p.id) for p in people[::step][:samples]]
        enter_to_banner: list[float] = []
        burst_to_banner: list[float] = []
        app = FacilitatorApp(desk)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CheckInScreen)
            field, banner = screen.scan_field, screen.banner
            for code in codes:
                before = banner.generation
                burst_start = time.perf_counter()
                for ch in code:
                    _post(app, _character_to_key(ch), ch)
                await _until(lambda code=code: field.value == code)
                enter_start = time.perf_counter()
                _post(app, "enter", "\r")
                await _until(lambda before=before: banner.generation > before)
                done = time.perf_counter()
                enter_to_banner.append(done - enter_start)
                burst_to_banner.append(done - burst_start)
                await pilot.pause()  # let the repaint happen outside the measured span
            verdicts = {str(r.verdict) for r in screen.results}
        checked_in = len(desk.checkins.all_checkins())
        desk.close()
    extra = {"verdicts": ",".join(sorted(verdicts)), "checkins": checked_in}
    return [
        summarise(
            "checkin_banner.enter_to_banner",
            size,
            enter_to_banner,
            target_p95_ms=TARGET_P95_MS,
            **extra,
        ),
        summarise("checkin_banner.burst_to_banner", size, burst_to_banner, keys=len(codes[0]) + 1),
    ]


def run(sizes: list[int]) -> list[BenchResult]:
    """Scan-to-banner times at each roster size."""
    results: list[BenchResult] = []
    for size in sizes:
        results += asyncio.run(_measure(size, min(size, repeats(200, 30))))
    return results


if __name__ == "__main__":
    for result in run([50, 5000]):
        print(result)
