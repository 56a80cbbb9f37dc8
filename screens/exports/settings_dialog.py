"""The paperwork settings dialog of the export screen: office, signers, rules and rates.

The same texts `facilitator event set` and `facilitator event rates` take (`ชื่อ|ตำแหน่ง`,
`300/day`), written through the same service (`desk.events.settings`), so both faces refuse the
same mistakes with the same words. Rates are shown for one role at a time: pick the role, type
the three amounts, save.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.event_settings import PAY_KINDS, SETTING_KEYS
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.models import Role
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet

TEXT_SETTINGS = [k for k in SETTING_KEYS if k != "certificate_date"]


class PaperworkSettingsDialog(ModalScreen[bool]):
    """Edit the event's paperwork settings; dismisses True once saved, False on Escape."""

    CSS = stylesheet(__file__, "export.tcss")
    BINDINGS = [("escape", "cancel", "")]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        localise(self)
        self.desk = desk
        self._typed: dict[str, dict[str, str]] = {}
        """Rates typed for each role picked so far, all saved together."""
        self._shown = Role.PRODUCER.value

    def compose(self) -> ComposeResult:
        current = self.desk.events.settings.current.shown()
        with VerticalScroll(id="paperwork-dialog"):
            yield Static(t("paperwork.tui.title"), id="paperwork-title")
            for key in TEXT_SETTINGS:
                with Horizontal(classes="paperwork-row"):
                    yield Label(t(f"paperwork.setting.{key}"), classes="paperwork-label")
                    yield Input(
                        current[key], id=f"setting-{key}", placeholder=t(f"paperwork.hint.{key}")
                    )
            with Horizontal(classes="paperwork-row"):
                yield Label(t("paperwork.tui.rates_for"), classes="paperwork-label")
                yield Select(
                    [(role_label(r.value), r.value) for r in Role],
                    value=Role.PRODUCER.value,
                    allow_blank=False,
                    id="rates-role",
                )
            for kind in PAY_KINDS:
                with Horizontal(classes="paperwork-row"):
                    yield Label(t(f"paperwork.kind.{kind}"), classes="paperwork-label")
                    yield Input(id=f"rate-{kind}", placeholder=t("paperwork.hint.rate"))
            yield Static("", id="paperwork-status")
            with Horizontal(classes="paperwork-row"):
                yield Button(t("paperwork.tui.save"), variant="success", id="paperwork-save")
                yield Button(t("export.confirm.no"), id="paperwork-cancel")

    def on_mount(self) -> None:
        self._show_rates()

    @property
    def role(self) -> str:
        return str(self.query_one("#rates-role", Select).value)

    def _typed_rates(self) -> dict[str, str]:
        return {k: self.query_one(f"#rate-{k}", Input).value for k in PAY_KINDS}

    def _show_rates(self) -> None:
        self._shown = self.role
        typed = self._typed.get(self.role)
        rates = self.desk.events.settings.current.rates.get(self.role, {})
        for kind in PAY_KINDS:
            rate = rates.get(kind)
            shown = typed[kind] if typed is not None else (rate.shown() if rate else "")
            self.query_one(f"#rate-{kind}", Input).value = shown

    @on(Select.Changed, "#rates-role")
    def _role_changed(self) -> None:
        self._typed[self._shown] = self._typed_rates()
        self._show_rates()

    @on(Button.Pressed, "#paperwork-save")
    def save(self) -> None:
        settings = {k: self.query_one(f"#setting-{k}", Input).value for k in TEXT_SETTINGS}
        self._typed[self._shown] = self._typed_rates()
        try:
            self.desk.events.settings.update(settings)
            for role, rates in self._typed.items():
                self.desk.events.settings.set_rates(role, rates)
        except UserError as exc:
            status = self.query_one("#paperwork-status", Static)
            status.update(str(exc))
            status.add_class("error")
            return
        self.dismiss(True)

    @on(Button.Pressed, "#paperwork-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
