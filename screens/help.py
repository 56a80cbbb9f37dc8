"""F1: the keys of the area in front, in the interface language.

A scanner never sends F1, so help can never be opened by a badge. The list is read from the
bindings active on the screen behind (its own, its focused widget's and the App's), so it is
always the keys that work right there.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.screens.keys import localise

MACHINE_KEYS = frozenset({"scan.submit_lf"})
"""Binding ids of keys a scanner sends by itself (listed nowhere a person reads keys)."""


class HelpScreen(ModalScreen[None]):
    """A list of key and what it does; Escape, F1 or Enter closes it."""

    CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 72; max-width: 95%; height: auto; max-height: 90%;
                border: round $accent; background: $panel; padding: 1 2; }
    #help-title { text-style: bold; color: $accent; margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape,f1,enter", "dismiss_help", "help.close_key", id="help.close"),
    ]

    def __init__(self, behind: Screen, area: str) -> None:
        super().__init__()
        self.behind = behind
        self.area = area
        localise(self)

    def lines(self) -> list[tuple[str, str]]:
        """(key, what it does) for the app's own bindings active behind (the ones with an id:
        Textual's editing keys of a text field are left out), with the longer tip if any. Keys
        that a machine sends, not a person (the scanner's LF), are in `MACHINE_KEYS` and left out
        too: nobody at the desk presses them."""
        seen: set[str] = set()
        rows: list[tuple[str, str]] = []
        for key_name, active in self.behind.active_bindings.items():
            binding = active.binding
            label = binding.tooltip or binding.description
            if not binding.id or binding.id in MACHINE_KEYS or not label or binding.action in seen:
                continue
            seen.add(binding.action)
            rows.append((self.app.get_key_display(binding) or key_name, label))
        return rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            title = t("help.title", area=self.area)
            yield Static(title, id="help-title", markup=False)
            text = "\n".join(f"{keys:>12}  {label}" for keys, label in self.lines())
            yield Static(text or t("help.none"), id="help-keys", markup=False)
            yield Static(t("help.close"), id="help-footer", markup=False)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
