"""Opening the TUI: the one place where the core imports the Textual face (deferred)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from facilitator.cli.context import CliContext


def run_tui(ctx: CliContext, start_mode: str | None = None, kiosk_pin: str | None = None) -> int:
    """Open the database and run the app until the user quits.

    `start_mode` opens an area other than check-in; `kiosk_pin` opens straight in kiosk mode,
    which only that PIN closes.
    """
    with _collector_asleep():
        desk = ctx.desk()
        desk.event  # noqa: B018 -- no event yet: NoEvent says how to start, before the screen opens
        from facilitator.screens.app import FacilitatorApp

    app = FacilitatorApp(desk, start_mode=start_mode, kiosk_pin=kiosk_pin)
    app.run()
    return app.return_code or 0


@contextmanager
def _collector_asleep() -> Iterator[None]:
    """No garbage collection while the event loads, and what it loaded frozen after.

    Loading a 20,000-person event makes some 400,000 objects that live as long as the app;
    the collector walked all of them again and again while they were made (half a second of
    the launch), and again in the middle of a keystroke later on (a 200-700 ms stall).
    Loading makes no garbage worth collecting, and frozen objects are never walked again;
    what is made afterwards is collected as usual.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()
