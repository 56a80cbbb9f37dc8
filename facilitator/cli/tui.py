"""Opening the TUI: the one place where the core imports the Textual face (deferred)."""

from __future__ import annotations

from facilitator.cli.context import CliContext


def run_tui(ctx: CliContext) -> int:
    """Open the database and run the app until the user quits."""
    desk = ctx.desk()
    desk.event  # noqa: B018 -- no event yet: NoEvent says how to start, before the screen opens
    from facilitator.screens.app import FacilitatorApp

    app = FacilitatorApp(desk)
    app.run()
    return app.return_code or 0
