"""Correct one person in place: a form prefilled with what the roster holds.

Why a dialog over the table rather than a screen of its own: the facilitator fixes a misspelt
name between two people at the desk and wants the table, and the scan path, right back. Enter
in any field (or Ctrl+S) saves, Escape closes; a value the roster cannot take (a phone that is
no Thai number, stars 9, no first name) is said in the dialog and nothing is written. The
correction goes through `desk.participants.edit`, the same call as `facilitator roster edit`,
and the table hears of it through the desk's change event like any other change.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.models import ROLE_ORDER, Participant
from facilitator.roster.service import ParticipantEdit
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet

#: The fields the form shows, in the order of a paper form; role is a choice, the rest text.
TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "first_name",
    "last_name",
    "nickname",
    "position",
    "organisation",
    "product",
    "star_level",
    "district",
    "phone",
)


def field_text(person: Participant, name: str) -> str:
    value = getattr(person, name)
    return "" if value is None else str(value)


class PersonForm(ModalScreen[ParticipantEdit | None]):
    """The correction form for `person`; answers the edit made, or None when closed."""

    CSS = stylesheet(__file__, "roster_dialogs.tcss")

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "roster_edit.key.save",
            id="person_form.save",
            tooltip="roster_edit.key.save_tip",
            priority=True,
        ),
        Binding(
            "escape",
            "cancel",
            "roster_edit.key.cancel",
            id="person_form.cancel",
            tooltip="roster_edit.key.cancel_tip",
        ),
    ]

    def __init__(self, desk: Desk, person: Participant) -> None:
        super().__init__(classes="roster-dialog")
        localise(self)
        self.desk = desk
        self.person = person

    def compose(self) -> ComposeResult:
        number = self.desk.participants.number(self.person.id)
        with Vertical(id="person-form", classes="roster-dialog-box"):
            yield Static(
                t("roster_edit.form.title", number=number or "", name=self.person.display_name),
                classes="roster-dialog-title",
                markup=False,
            )
            with Grid(id="person-form-grid"):
                for name in TEXT_FIELDS[:4]:
                    yield from self._field(name)
                yield Label(t("roster_edit.field.role"))
                yield Select(
                    [(role_label(r), r.value) for r in ROLE_ORDER],
                    value=self.person.role,
                    allow_blank=False,
                    id="person-role",
                )
                for name in TEXT_FIELDS[4:]:
                    yield from self._field(name)
            yield Static(id="person-form-error", markup=False)
            with Horizontal(classes="roster-dialog-buttons"):
                yield Button(t("roster_edit.form.save"), variant="success", id="person-save")
                yield Button(t("roster_edit.form.cancel"), id="person-cancel")

    def _field(self, name: str) -> ComposeResult:
        yield Label(t(f"roster_edit.field.{name}"))
        yield Input(field_text(self.person, name), id=f"person-{name}")

    def on_mount(self) -> None:
        self.query_one("#person-first_name", Input).focus()

    def values(self) -> dict[str, str]:
        """What the form holds now, field by field (the role as its value)."""
        values = {name: self.query_one(f"#person-{name}", Input).value for name in TEXT_FIELDS}
        values["role"] = str(self.query_one("#person-role", Select).value)
        return values

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#person-save")
    def action_save(self) -> None:
        """Only what the user changed is sent; the service writes the fields that differ."""
        changed = {
            name: value
            for name, value in self.values().items()
            if value != field_text(self.person, name)
        }
        if not changed:
            self.dismiss(None)
            return
        try:
            edit = self.desk.participants.edit(self.person.id, **changed)
        except UserError as problem:
            self.query_one("#person-form-error", Static).update(str(problem))
            return
        self.dismiss(edit)

    @on(Button.Pressed, "#person-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
