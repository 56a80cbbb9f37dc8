"""Import a roster file from the participants screen: type the path, see the preview, confirm.

The office sends a late or corrected file mid-morning; closing the door screen to run
`facilitator roster import` would leave the queue waiting. So the same two steps run here:
`plan_import` (read and match every row, writing nothing) shows the very preview `--dry-run`
prints (new, updated `field: old → new`, unchanged, bad rows by row number), and only the
confirmation writes, in one durable write after a backup.

Reading an XLSX of 5,000 rows takes seconds, so both steps run in thread workers that only
post messages back: a scanner's burst is still caught by the App and checked in meanwhile,
and the table follows the import through the desk's change event like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.models import ROLE_ORDER
from facilitator.roster.import_plan import ImportPlan, preview_lines
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet

LINE_STYLES = {
    "new": "green",
    "updated": "yellow",
    "unchanged": "dim",
    "bad": "bold red",
    "merged": "cyan",
    "note": "cyan",
    "columns": "dim",
}


@dataclass(frozen=True)
class Imported:
    """What the dialog imported, for the screen's notification."""

    path: Path
    new: int
    updated: int


class ImportDialog(ModalScreen[Imported | None]):
    """Path in, preview, then import on confirmation; None when closed without importing."""

    CSS = stylesheet(__file__, "roster_dialogs.tcss")

    BINDINGS = [
        Binding(
            "ctrl+s",
            "import",
            "roster_edit.key.import_now",
            id="import_dialog.import",
            tooltip="roster_edit.key.import_now_tip",
            priority=True,
        ),
        Binding(
            "escape",
            "cancel",
            "roster_edit.key.cancel",
            id="import_dialog.cancel",
            tooltip="roster_edit.key.cancel_tip",
        ),
    ]

    @dataclass
    class Planned(Message):
        """The worker read and matched the file (or could not: `error`)."""

        plan: ImportPlan | None
        error: str = ""

    @dataclass
    class Done(Message):
        """The worker wrote the plan (or could not: `error`)."""

        imported: Imported | None
        error: str = ""

    def __init__(self, desk: Desk, path: str = "") -> None:
        super().__init__(classes="roster-dialog")
        localise(self)
        self.desk = desk
        self._initial = path
        self.plan: ImportPlan | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog", classes="roster-dialog-box"):
            yield Static(t("roster_edit.import_dialog.title"), classes="roster-dialog-title")
            yield Label(t("roster_edit.import_dialog.path"))
            yield Input(self._initial, id="import-path")
            with Horizontal(id="import-options"):
                yield Select(
                    [(role_label(r), r.value) for r in ROLE_ORDER],
                    prompt=t("roster_edit.import_dialog.role_from_file"),
                    id="import-role",
                )
                yield Checkbox(t("roster_edit.import_dialog.skip_bad"), id="import-skip-bad")
            with VerticalScroll(id="import-preview-box"):
                yield Static(t("roster_edit.import_dialog.hint"), id="import-preview")
            yield Static(id="import-status", markup=False)
            with Horizontal(classes="roster-dialog-buttons"):
                yield Button(t("roster_edit.import_dialog.preview"), id="import-preview-button")
                yield Button(
                    t("roster_edit.import_dialog.import"),
                    variant="success",
                    id="import-go",
                    disabled=True,
                )
                yield Button(t("roster_edit.form.cancel"), id="import-cancel")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    # -- reading the file (a worker) -------------------------------------------------------

    def _role(self) -> str | None:
        value = self.query_one("#import-role", Select).value
        return value if isinstance(value, str) else None

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-preview-button")
    @on(Select.Changed, "#import-role")
    def preview(self) -> None:
        text = self.query_one("#import-path", Input).value.strip()
        if not text or self.busy:
            return
        self.plan = None
        self.query_one("#import-go", Button).disabled = True
        self._status(t("roster_edit.import_dialog.reading"))
        self.busy = True
        self._plan(Path(text).expanduser(), self._role())

    @work(thread=True, exit_on_error=False, group="roster-import")
    def _plan(self, path: Path, role: str | None) -> None:
        try:
            plan = self.desk.participants.plan_import(path, default_role=role)
        except UserError as problem:
            self.post_message(self.Planned(None, str(problem)))
            return
        self.post_message(self.Planned(plan))

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        self.busy = False
        if message.plan is None:
            self._show(Text(message.error, style="bold red"))
            self._status("")
            return
        plan = self.plan = message.plan
        text = Text()
        for line in preview_lines(plan):
            text.append(line.text + "\n", style=LINE_STYLES.get(line.kind, ""))
        text.append(plan.summary(), style="bold")
        self._show(text)
        writes = bool(plan.new or plan.changed)
        self.query_one("#import-go", Button).disabled = not writes
        if not writes:
            self._status(t("roster_edit.import_dialog.nothing"))
        elif plan.problems:
            self._status(t("roster_edit.import_dialog.has_bad", count=len(plan.problems)))
        else:
            self._status(t("roster_edit.import_dialog.ready"))

    # -- writing it (a worker) -------------------------------------------------------------

    @on(Button.Pressed, "#import-go")
    def action_import(self) -> None:
        plan = self.plan
        if plan is None or self.busy or not (plan.new or plan.changed):
            return
        skip_bad = self.query_one("#import-skip-bad", Checkbox).value
        if plan.problems and not skip_bad:
            self._status(t("roster_edit.import_dialog.has_bad", count=len(plan.problems)))
            return
        self.busy = True
        self._status(t("roster_edit.import_dialog.writing"))
        self._apply(plan, skip_bad)

    @work(thread=True, exit_on_error=False, group="roster-import")
    def _apply(self, plan: ImportPlan, skip_bad: bool) -> None:
        try:
            self.desk.participants.apply_import(plan, skip_bad=skip_bad)
        except UserError as problem:
            self.post_message(self.Done(None, str(problem)))
            return
        self.post_message(self.Done(Imported(plan.path, len(plan.new), len(plan.changed))))

    @on(Done)
    def _done(self, message: Done) -> None:
        self.busy = False
        if message.imported is None:
            self._status(message.error)
            return
        self.dismiss(message.imported)

    # -- small things ----------------------------------------------------------------------

    def _show(self, text: Text) -> None:
        self.query_one("#import-preview", Static).update(text)

    def _status(self, text: str) -> None:
        self.query_one("#import-status", Static).update(text)

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
