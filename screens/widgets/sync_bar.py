"""The one-line sync state above the footer of every area: last sync, waiting, offline, error.

Each screen composes its own bar; the bar watches the App's `sync_line`, so no one mounts
widgets into another screen's layout.
"""

from __future__ import annotations

from textual.widgets import Static


class SyncBar(Static):
    """Last sync, records waiting, offline or error: always in sight at the desk."""

    # The same on every screen, so it styles itself (it stands alone in every area).
    DEFAULT_CSS = """
    SyncBar {
        dock: bottom;
        height: 1;
        margin-bottom: 1; /* above the key footer, which docks to the same edge */
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="sync-bar", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "sync_line", self._show, init=True)

    def _show(self, line: str) -> None:
        self.update(line)
