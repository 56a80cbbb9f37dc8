"""Textual's own words in the interface language: the command palette and the header.

Textual writes a few texts of its own in English: the palette's placeholder ("Search for
commands…", "Search for themes…"), the palette's keys ("Exit the command palette"), the ctrl+p
key in the footer ("palette"), the header icon's tooltip ("Open the command palette") and the
palette's "No matches found". Most have a documented way in, used here: `CommandPalette` takes a
`placeholder`; a subclass may declare BINDINGS for the same keys and actions (Textual merges a
class's bindings over its base's); an App that binds `command_palette` itself gets no binding
added by Textual (`App.BINDINGS`, see `PALETTE_BINDING`); a widget's tooltip is a plain attribute.
"No matches found" is written inside a private method, `_start_no_matches_countdown`, which
`DeskCommandPalette` overrides with the same behaviour (Textual is pinned below 8.3, and
`tests/screens/test_thai_interface.py` waits for the line in Thai, so an upgrade that renames the
method fails there).
"""

from __future__ import annotations

from typing import ClassVar

from rich.align import Align
from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.widgets import Header
from textual.widgets._header import HeaderIcon
from textual.widgets.option_list import Option

from facilitator.i18n import t
from facilitator.screens.keys import localise

PALETTE_BINDING = Binding(
    App.COMMAND_PALETTE_BINDING,
    "command_palette",
    "palette.key.open",
    id="app.palette",
    tooltip="palette.key.open_tip",
    show=False,
    priority=True,
)
"""The App's ctrl+p, with a catalogue label (Textual adds an English one when none is bound)."""


class DeskCommandPalette(CommandPalette):
    """Textual's command palette with its placeholder and keys in the interface language."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+end, shift+end", "command_list('last')", "palette.key.last", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "palette.key.first", show=False),
        Binding("down", "cursor_down", "palette.key.down", show=False),
        Binding("escape", "escape", "palette.key.escape"),
        Binding("pagedown", "command_list('page_down')", "palette.key.page_down", show=False),
        Binding("pageup", "command_list('page_up')", "palette.key.page_up", show=False),
        Binding("up", "command_list('cursor_up')", "palette.key.up", show=False),
    ]

    def __init__(
        self,
        providers: ProviderSource | None = None,
        *,
        placeholder: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(providers, placeholder=placeholder or t("palette.placeholder"), id=id)
        localise(self)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's countdown to the "no matches" line, the line in the interface language."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:  # browsing, not searching: nothing to say
                self._list_visible = False
                return
            self.query_one(CommandList).add_option(
                Option(
                    Align.center(Text(t("palette.no_matches"), style="not bold")),
                    disabled=True,
                    id=self._NO_MATCHES,
                )
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class DeskHeader(Header):
    """Textual's Header whose icon's tooltip speaks the interface language."""

    def on_mount(self) -> None:
        # HeaderIcon writes its English tooltip in its own on_mount; ours runs after it.
        self.call_after_refresh(self._localise_icon)

    def _localise_icon(self) -> None:
        for icon in self.query(HeaderIcon):
            if not icon.disabled:
                icon.tooltip = t("palette.key.open_tip")
