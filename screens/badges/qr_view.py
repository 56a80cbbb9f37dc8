"""A participant's QR code drawn with Unicode half blocks, big enough to photograph.

Why on screen: a walk-in has no printed badge yet, and a person who lost theirs can take a
photo of this with their phone and show it at the next session's scanner.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.codes.qr_image import qr_terminal_lines
from facilitator.i18n import t
from facilitator.models import Participant
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet


class QrScreen(ModalScreen[None]):
    """Shows one person's name, QR and code until Escape or Enter."""

    CSS = stylesheet(__file__, "badges.tcss")

    BINDINGS = [
        Binding("escape,enter", "close", "scan.close", id="qr.close", tooltip="scan.close_tip"),
    ]

    def __init__(self, participant: Participant, code: str) -> None:
        super().__init__()
        localise(self)
        self.participant = participant
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical(id="qr-box"):
            yield Static(
                t("scan.qr_title", name=self.participant.display_name), id="qr-title", markup=False
            )
            # Light modules are ink and the widget is drawn white on black (see checkin.tcss),
            # so the phone sees dark modules on a light field whatever the terminal's theme.
            with Center():  # the box's own align-horizontal leaves an auto-width Static left
                yield Static("\n".join(qr_terminal_lines(self.code)), id="qr-code")
            yield Static(self.code, id="qr-text", markup=False)
            yield Static(t("scan.qr_hint"), id="qr-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
