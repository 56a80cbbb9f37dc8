"""A yes/no question for the rare step that cannot be taken back by the next scan.

Never on the scan path: used before undoing someone who is not the last person scanned, or
before removing someone from the roster. "No" has the focus, so an Enter from a scanner burst
(caught anyway by the App) or a hurried key press changes nothing.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from facilitator.i18n import t
from facilitator.screens.keys import localise


class ConfirmDialog(ModalScreen[bool]):
    """The question and Yes / No; answers True for yes, False for no or Escape."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 70; max-width: 95%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmDialog #confirm-question { margin-bottom: 1; }
    ConfirmDialog Horizontal { height: auto; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "no", "confirm.no", id="confirm.no")]

    def __init__(self, question: str, yes: str | None = None) -> None:
        super().__init__()
        localise(self)
        self.question = question
        self.yes_label = yes or t("confirm.yes")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal():
                yield Button(self.yes_label, variant="warning", id="confirm-yes")
                yield Button(t("confirm.no"), variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        self.dismiss(False)
