"""What every area's screen has: the desk, labelled keys, the sync bar, and change events.

An area screen hears of changed records through the App's `data_changed` signal (`desk_changed`)
instead of polling, composes its own sync bar above the footer, and gets its key labels in the
language of the moment it is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen

from facilitator.desk import Desk, DeskChange
from facilitator.screens.keys import localise
from facilitator.screens.widgets.key_footer import KeyFooter
from facilitator.screens.widgets.sync_bar import SyncBar

if TYPE_CHECKING:
    from textual.signal import Signal


class AreaScreen(Screen[None]):
    """A top-level area (a mode) or a full screen pushed inside one."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        localise(self)

    def on_mount(self) -> None:
        signal: Signal[DeskChange] | None = getattr(self.app, "data_changed", None)
        if signal is not None:
            signal.subscribe(self, self.desk_changed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the event opens (`Desk.loading`), an area's own actions wait: a walk-in, an
        import or an export would see only part of the roster. Only scans go on meanwhile."""
        if self.desk.loading:
            return False
        return super().check_action(action, parameters)

    def desk_changed(self, change: DeskChange) -> None:
        """Records changed (on this desk or another): redraw what shows them. Default: nothing."""

    def bottom(self) -> ComposeResult:
        """The sync bar and the footer, at the bottom of every area."""
        yield SyncBar()
        yield KeyFooter()
