"""Opening the TUI: the one place where the core imports the Textual face (deferred)."""

from __future__ import annotations

from facilitator.cli.context import CliContext


def run_tui(ctx: CliContext, start_mode: str | None = None, kiosk_pin: str | None = None) -> int:
    """Open the database and run the app until the user quits.

    `start_mode` opens an area other than check-in; `kiosk_pin` opens straight in kiosk mode,
    which only that PIN closes.
    """
    desk = ctx.desk()
    desk.event  # noqa: B018 -- no event yet: NoEvent says how to start, before the screen opens
    from facilitator.screens.app import FacilitatorApp

    app = FacilitatorApp(desk, start_mode=start_mode, kiosk_pin=kiosk_pin)
    app.run()
    return app.return_code or 0
