"""Write the README's pictures of the room: the check-in desk, the projector view, the kiosk.

`make screenshots` runs this: a demo event in a temporary folder at 09:20 of its first day, a
morning of arrivals, then each screen saved as SVG by Textual (`App.save_screenshot`) and
turned into PNG by `rsvg-convert` (Debian's librsvg2-bin; the Thai glyphs come from
fonts-thai-tlwg). The pictures show fictional people only.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from facilitator.desk import Desk
from facilitator.models import Role
from facilitator.screens.app import FacilitatorApp

FIRST_DAY = date(2021, 6, 7)
SHOTS = {"checkin": (100, 30), "projector": (120, 36), "kiosk": (100, 30)}


class StillClock:
    """A clock that says what the script says (the pictures must not depend on the hour)."""

    def __init__(self, now: datetime) -> None:
        self._now = now
        self._monotonic = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def wall_ms(self) -> int:
        return int(self._now.timestamp() * 1000)

    def set(self, now: datetime) -> None:
        self._monotonic += max(0.0, (now - self._now).total_seconds())
        self._now = now


def morning(desk: Desk, clock: StillClock) -> None:
    """A queue from 08:05 to 09:15: most producers and mentors, a few officials."""
    people = desk.participants.all()
    producers = [p for p in people if p.role == Role.PRODUCER][:15]
    mentors = [p for p in people if p.role == Role.MENTOR][:13]
    others = [p for p in people if p.role not in (Role.PRODUCER, Role.MENTOR)][:5]
    arrivals = producers + mentors + others
    start = datetime.combine(FIRST_DAY, time(8, 5))
    for n, person in enumerate(arrivals):
        # The queue peaks around 08:25-08:40, then trickles.
        minutes = n * 1.1 if n < 25 else 27 + (n - 25) * 5
        clock.set(start + timedelta(minutes=minutes))
        desk.checkins.check_in(person.id, method="scan")
    clock.set(datetime.combine(FIRST_DAY, time(9, 20)))


async def shoot(folder: Path) -> list[Path]:
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        clock = StillClock(datetime.combine(FIRST_DAY, time(8, 0)))
        desk = Desk.open(Path(tmp) / "demo.json", station="desk-a", clock=clock)
        desk.create_demo(FIRST_DAY)
        morning(desk, clock)
        late = [p for p in desk.participants.all() if p.role == Role.PRODUCER][16]
        try:
            for name, size in SHOTS.items():
                app = FacilitatorApp(desk)
                async with app.run_test(size=size) as pilot:
                    await pilot.pause()
                    if name == "checkin":
                        screen = app.screen
                        screen.take_scan(desk.badges.code_of(late))  # type: ignore[attr-defined]
                    elif name == "projector":
                        await pilot.press("f6")
                    else:
                        app.enter_kiosk("2468")
                        await pilot.pause()
                        nxt = [p for p in desk.participants.all() if p.role == Role.MENTOR][14]
                        app.screen.take_scan(desk.badges.code_of(nxt))  # type: ignore[attr-defined]
                    await pilot.pause(0.3)
                    svg = folder / f"room-{name}.svg"
                    app.save_screenshot(svg.name, path=str(folder))
                    written.append(svg)
        finally:
            desk.close()
    return written


def to_png(svg: Path) -> Path:
    png = svg.with_suffix(".png")
    subprocess.run(["rsvg-convert", "--zoom", "1", str(svg), "-o", str(png)], check=True)
    return png


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    folder.mkdir(parents=True, exist_ok=True)
    svgs = asyncio.run(shoot(folder))
    if shutil.which("rsvg-convert") is None:
        print("rsvg-convert not found: run `make screenshots` (it installs librsvg2-bin)")
        return 1
    for svg in svgs:
        print(to_png(svg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
