"""Ask before taking someone off the roster, naming them and what is kept.

A removal reaches every desk at the next sync and their badge is refused from then on, so the
question names the person (and their roster number) and says that the check-ins they already
made stay in the history. The cancel button has the focus: Enter alone never removes anyone.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from facilitator.i18n import t
from facilitator.models import Participant
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet


class ConfirmRemove(ModalScreen[bool]):
    """True when the user confirmed the removal of `person`."""

    CSS = stylesheet(__file__, "roster_dialogs.tcss")

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "roster_edit.key.cancel",
            id="confirm_remove.cancel",
            tooltip="roster_edit.key.cancel_tip",
        ),
    ]

    def __init__(self, person: Participant, number: int | None, checkins: int) -> None:
        super().__init__(classes="roster-dialog")
        localise(self)
        self.person = person
        self.number = number
        self.checkins = checkins

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-remove", classes="roster-dialog-box"):
            yield Static(
                t(
                    "roster_edit.remove.question",
                    number=self.number or "",
                    name=self.person.display_name,
                ),
                classes="roster-dialog-title",
                markup=False,
            )
            yield Static(t("roster_edit.remove.detail", count=self.checkins), markup=False)
            with Horizontal(classes="roster-dialog-buttons"):
                yield Button(t("roster_edit.remove.yes"), variant="error", id="remove-yes")
                yield Button(t("roster_edit.form.cancel"), id="remove-no")

    def on_mount(self) -> None:
        self.query_one("#remove-no", Button).focus()

    @on(Button.Pressed, "#remove-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#remove-no")
    def action_cancel(self) -> None:
        self.dismiss(False)
