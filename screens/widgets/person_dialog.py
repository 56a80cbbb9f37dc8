"""A small modal that finds a person with the shared search: Escape closes it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.desk import Desk
from facilitator.screens.keys import localise
from facilitator.screens.widgets.person_search import PersonChosen, PersonSearch

ResultType = TypeVar("ResultType")


class PersonDialog(ModalScreen[ResultType | None], Generic[ResultType]):
    """Prompt + person search; subclasses decide what a chosen person means (`chosen`)."""

    # Its own look, wherever it is opened from (a shared dialog, not any one area's).
    DEFAULT_CSS = """
    PersonDialog {
        align: center middle;
    }
    PersonDialog .person-dialog-box {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: thick $accent;
        background: $surface;
    }
    PersonDialog .person-dialog-prompt {
        text-style: bold;
        margin-bottom: 1;
    }
    """

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "mentoring.pick_cancel",
            id="person_dialog.cancel",
            tooltip="mentoring.pick_cancel_tip",
        ),
    ]

    def __init__(self, desk: Desk, prompt: str, roles: Collection[str] | None = None) -> None:
        super().__init__(classes="person-dialog")
        localise(self)
        self.desk = desk
        self._prompt = prompt
        self._roles = roles

    def compose(self) -> ComposeResult:
        with Vertical(classes="person-dialog-box"):
            yield Static(self._prompt, classes="person-dialog-prompt", markup=False)
            yield PersonSearch(self.desk.participants, roles=self._roles)

    def on_mount(self) -> None:
        self.query_one(PersonSearch).focus_query()

    def set_prompt(self, text: str) -> None:
        self.query_one(".person-dialog-prompt", Static).update(text)

    @on(PersonChosen)
    def _chosen(self, event: PersonChosen) -> None:
        event.stop()
        self.chosen(event)

    def chosen(self, event: PersonChosen) -> None:
        """Called with the person picked; the default closes with them."""
        self.dismiss(event.participant)  # type: ignore[arg-type]

    @on(PersonSearch.Cancelled)
    def _cancelled(self, event: PersonSearch.Cancelled) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
