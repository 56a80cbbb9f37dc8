"""Register someone who is not on the roster, check them in, and hand back their QR.

Why a short form: the queue is waiting. Only what the reports need is asked (name, role, phone,
organisation, product); everything else can be filled in later on the participants screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.models import ROLE_ORDER, Participant, Role
from facilitator.roster.directory import AlreadyListed
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet

if TYPE_CHECKING:
    from facilitator.checkin.service import ScanResult

TEXT_FIELDS = (
    "title",
    "position",
    "first_name",
    "last_name",
    "phone",
    "organisation",
    "product",
)


@dataclass(frozen=True)
class WalkIn:
    """The person just registered and the check-in that came with it."""

    participant: Participant
    result: ScanResult


class WalkInScreen(ModalScreen[WalkIn | None]):
    """The walk-in form; answers a `WalkIn`, or None when cancelled."""

    CSS = stylesheet(__file__, "checkin.tcss")

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "walkin.save",
            id="walkin.save",
            tooltip="walkin.save_tip",
            priority=True,
        ),
        Binding(
            "escape",
            "cancel",
            "walkin.cancel",
            id="walkin.cancel",
            tooltip="walkin.cancel_tip",
        ),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        localise(self)
        self.desk = desk

    def compose(self) -> ComposeResult:
        with Vertical(id="walkin-form"):
            yield Static(t("walkin.title"), id="walkin-title", markup=False)
            with Horizontal(classes="walkin-pair"):
                yield _labelled("walkin.title_field", Input(id="walkin-title-field"))
                yield _labelled("walkin.position", Input(id="walkin-position"))
            with Horizontal(classes="walkin-pair"):
                yield _labelled("walkin.first_name", Input(id="walkin-first_name"))
                yield _labelled("walkin.last_name", Input(id="walkin-last_name"))
            with Horizontal(classes="walkin-pair"):
                roles = [(role_label(r), r.value) for r in ROLE_ORDER]
                role = Select(roles, value=Role.PRODUCER.value, allow_blank=False, id="walkin-role")
                yield _labelled("walkin.role", role)
                yield _labelled("walkin.phone", Input(id="walkin-phone"))
            with Horizontal(classes="walkin-pair"):
                yield _labelled("walkin.organisation", Input(id="walkin-organisation"))
                yield _labelled("walkin.product", Input(id="walkin-product"))
            yield Static(id="walkin-error", markup=False)
            with Horizontal(id="walkin-buttons"):
                yield Button(t("walkin.save"), variant="success", id="walkin-save")
                yield Button("", variant="primary", id="walkin-listed", classes="-hidden")
                yield Button(t("walkin.cancel"), id="walkin-cancel")

    _warned_for: tuple[str, ...] | None = None
    """The details last refused as "already on the list": saved again, they are someone else."""
    _listed: Participant | None = None

    def on_mount(self) -> None:
        self.query_one("#walkin-title-field", Input).focus()

    def _value(self, name: str) -> str:
        widget_id = "walkin-title-field" if name == "title" else f"walkin-{name}"
        return self.query_one(f"#{widget_id}", Input).value.strip()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves down the form, as on a paper form; on the last field it saves."""
        event.stop()
        if event.input.id == "walkin-product":
            self._save(confirmed=False)
        else:
            self.focus_next()

    @on(Button.Pressed, "#walkin-save")
    def action_save(self) -> None:
        """Ctrl+S or the save button: after "already on the list", this one says "it is
        someone else"."""
        self._save(confirmed=True)

    def _save(self, confirmed: bool) -> None:
        """Register and check in. An Enter never confirms a namesake: two quick Enters on
        the last field made a duplicate of someone on the list, checked in. After the
        warning Enter lands on "check in number N instead"; a new person needs the save
        button or Ctrl+S."""
        details = {name: self._value(name) for name in TEXT_FIELDS}
        if not details["first_name"]:
            self._error(t("walkin.need_first_name"))
            self.query_one("#walkin-first_name", Input).focus()
            return
        role = str(self.query_one("#walkin-role", Select).value)
        asked = (role, *details.values())
        try:
            # Saving the same details again after "already on the list" means "someone else".
            person, result = self.desk.checkins.register_walk_in(
                role=role, despite_listed=confirmed and asked == self._warned_for, **details
            )
        except AlreadyListed as listed:
            self._warned_for, self._listed = asked, listed.person
            self._error(str(listed))
            button = self.query_one("#walkin-listed", Button)
            button.label = t("walkin.check_in_listed", number=listed.number)
            button.remove_class("-hidden")
            button.focus()
            return
        except (UserError, ValueError) as problem:
            self._error(str(problem))
            return
        self.dismiss(WalkIn(person, result))

    @on(Button.Pressed, "#walkin-listed")
    def check_in_listed(self) -> None:
        """The walk-in was someone on the list after all: check that person in instead."""
        if self._listed is None:
            return
        result = self.desk.checkins.check_in(self._listed.id, method="search")
        self.dismiss(WalkIn(self._listed, result))

    @on(Button.Pressed, "#walkin-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, text: str) -> None:
        line = self.query_one("#walkin-error", Static)
        line.update(text)
        line.set_class(bool(text), "-shown")


def _labelled(label_key: str, field: Widget) -> Vertical:
    """One field of the form under its label (the catalogue key of its words)."""
    return Vertical(Label(t(label_key), markup=False), field)
