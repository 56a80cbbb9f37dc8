"""Pick the session check-ins count for, by hand: a modal, because it is never on the scan path.

Why it exists: the clock picks the session on its own, but a workshop that runs late, a day
that was added at short notice, or a day with no sessions at all need a person to decide.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitator.i18n import t
from facilitator.labels import day_label
from facilitator.models import Event
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet
from facilitator.screens.widgets.plain import literal

AUTOMATIC = ""
"""The picker's answer for "back to picking by the clock"."""


class SessionPicker(ModalScreen[str | None]):
    """Answers a session id, `AUTOMATIC`, or None when cancelled."""

    CSS = stylesheet(__file__, "checkin.tcss")

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "walkin.cancel",
            id="session_picker.cancel",
            tooltip="walkin.cancel_tip",
        ),
    ]

    def __init__(self, event: Event, current: str | None) -> None:
        super().__init__()
        localise(self)
        self.event = event
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="session-picker"):
            yield Static(t("scan.picker_title"), id="session-picker-title", markup=False)
            options = [Option(t("scan.picker_auto"), id="auto")]
            for s in sorted(self.event.sessions, key=lambda s: (s.day, s.start)):
                label = f"{day_label(s.day)}  {s.name} {s.start:%H:%M}–{s.end:%H:%M}"
                options.append(Option(literal(label), id=s.id))
            yield OptionList(*options, id="session-picker-list")
            yield Static(t("scan.picker_hint"), id="session-picker-hint", markup=False)

    def on_mount(self) -> None:
        picker = self.query_one("#session-picker-list", OptionList)
        if self.current:
            try:
                picker.highlighted = picker.get_option_index(self.current)
            except Exception:
                picker.highlighted = 0
        else:
            picker.highlighted = 0
        picker.focus()

    @on(OptionList.OptionSelected, "#session-picker-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss(AUTOMATIC if chosen == "auto" else chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
