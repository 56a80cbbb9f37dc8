"""Opening the TUI: the one place where the core imports the Textual face (deferred)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from facilitator.cli.context import CliContext
from facilitator.desk import Desk


def run_tui(ctx: CliContext, start_mode: str | None = None, kiosk_pin: str | None = None) -> int:
    """Open the database and run the app until the user quits.

    `start_mode` opens an area other than check-in; `kiosk_pin` opens straight in kiosk mode,
    which only that PIN closes.
    """
    with _collector_asleep():
        # At the door (no other area asked for) the desk opens before the event is parsed,
        # and the app makes it whole on a thread: the first scan need not wait for 20,000
        # people to load. Reading and hashing the file lets go of the interpreter, so it
        # runs beside the interface's imports.
        opening = _DeskOpening(ctx, door_first=start_mode is None and kiosk_pin is None)
        try:
            from facilitator.screens.app import FacilitatorApp
        finally:
            desk = opening.desk()

    app = FacilitatorApp(desk, start_mode=start_mode, kiosk_pin=kiosk_pin)
    app.run()
    return app.return_code or 0


class _DeskOpening:
    """`ctx.desk()` (and its event) on a thread, from now until `desk()` is asked for."""

    def __init__(self, ctx: CliContext, door_first: bool) -> None:
        self._ctx = ctx
        self._door_first = door_first
        self._desk: Desk | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._open, name="desk-open", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            desk = self._ctx.desk(door_first=self._door_first)
            desk.event  # noqa: B018 -- no event yet: NoEvent says how to start, before any screen
            self._desk = desk
        except BaseException as exc:  # raised again on the thread that asks
            self._error = exc

    def desk(self) -> Desk:
        """The open desk, or what opening it raised (a locked file, no event yet)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._desk is not None
        return self._desk


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
