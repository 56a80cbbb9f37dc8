"""The export screen (F8): attendance, the mentoring report or one producer's plan, to a file.

The work runs in a thread worker so the check-in desk keeps answering scans while a 5,000-row
sign-in sheet is drawn; the progress bar follows it. Writing over an existing file needs a yes
in a confirm dialog (the CLI's --force).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.exports.kinds import KINDS, KindOption
from facilitator.exports.opening import open_folder
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest, ExportResult, PicturesResult
from facilitator.i18n import t
from facilitator.labels import day_label
from facilitator.models import Role
from facilitator.screens.area import AreaScreen
from facilitator.screens.exports.settings_dialog import PaperworkSettingsDialog
from facilitator.screens.keys import localise
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader

ALL_DAYS = "all"


def option_id(kind: str, option: KindOption) -> str:
    return f"export-opt-{kind}-{option.name}"


def pictures_folder(out: Path) -> Path:
    """Where the pictures of a document go: beside it, `certificates-2021-06-08-png/`."""
    return out.with_name(f"{out.stem}-png")


class ConfirmOverwrite(ModalScreen[bool]):
    """ "The file exists: replace it?" Yes dismisses True; No or Escape, False."""

    CSS = stylesheet(__file__, "export.tcss")

    BINDINGS = [("escape", "no", "")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        localise(self)
        self.path = path

    def compose(self) -> ComposeResult:
        with Grid(id="export-confirm"):
            yield Label(
                t("export.confirm.overwrite", path=str(self.path)), id="export-confirm-text"
            )
            yield Button(t("export.confirm.yes"), variant="warning", id="export-confirm-yes")
            yield Button(t("export.confirm.no"), variant="primary", id="export-confirm-no")

    @on(Button.Pressed, "#export-confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#export-confirm-no")
    def action_no(self) -> None:
        self.dismiss(False)


class ExportScreen(AreaScreen):
    """Pick what, which format, day and options; see the path; export; open the folder."""

    CSS = stylesheet(__file__, "export.tcss")

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.last: ExportResult | None = None
        self._path_edited = False
        self._refocus_run = False
        self._formats: tuple[str, ...] = KINDS["attendance"].formats

    def compose(self) -> ComposeResult:
        event = self.desk.event
        producers = [
            (p.display_name, p.id)
            for p in self.desk.participants.all()
            if p.role == Role.PRODUCER.value
        ]
        yield DeskHeader()
        # At 80x24 the buttons sit below the fold: the body scrolls, and focus brings them up.
        with VerticalScroll(id="export-body", can_focus=False):
            yield Static(t("export.screen.title"), id="export-title", markup=False)
            with Horizontal(classes="export-row"):
                yield Select(
                    [(t(f"export.what.{k}"), k) for k in KINDS],
                    value="attendance",
                    allow_blank=False,
                    id="export-what",
                )
                yield Select(
                    [(f.upper(), f) for f in KINDS["attendance"].formats],
                    value="xlsx",
                    allow_blank=False,
                    id="export-format",
                )
                yield Select(
                    [(t("export.day.all"), ALL_DAYS)]
                    + [(day_label(d), d.isoformat()) for d in event.days],
                    value=ALL_DAYS,
                    allow_blank=False,
                    id="export-day",
                )
                yield Select(producers, prompt=t("export.producer"), id="export-producer")
            with Horizontal(classes="export-row"):
                yield Checkbox(t("export.opt.gregorian"), id="export-gregorian")
                yield Checkbox(t("export.opt.english"), id="export-english")
                yield Checkbox(t("export.opt.show_phones"), id="export-phones")
            with Horizontal(classes="export-row", id="export-options"):
                for kind in KINDS.values():
                    for option in kind.options:
                        wid = option_id(kind.name, option)
                        if option.form == "flag":
                            yield Checkbox(t(option.label_key), id=wid, classes="export-option")
                        else:
                            yield Input(
                                placeholder=t(option.label_key), id=wid, classes="export-option"
                            )
                yield Checkbox(t("paperwork.tui.pictures"), id="export-pictures")
                yield Button(t("paperwork.tui.settings"), id="export-settings")
            yield Input(id="export-path")
            with Horizontal(classes="export-row"):
                yield Button(t("export.run"), variant="success", id="export-run")
                yield Button(t("export.open_folder"), id="export-open", disabled=True)
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-status", markup=False)
        yield from self.bottom()

    def on_mount(self) -> None:
        self._sync_controls()
        # No bar until something runs: an idle bar pulses as if an export were under way.
        self.query_one("#export-progress", ProgressBar).display = False

    # -- the choices ---------------------------------------------------------------------------

    @property
    def what(self) -> str:
        return str(self.query_one("#export-what", Select).value)

    def _day(self) -> date | None:
        value = self.query_one("#export-day", Select).value
        return (
            None
            if value == ALL_DAYS or self.what != "attendance"
            else date.fromisoformat(str(value))
        )

    def _producer(self) -> str | None:
        value = self.query_one("#export-producer", Select).value
        return str(value) if self.what == "plan" and value != Select.BLANK else None

    def _sync_controls(self) -> None:
        """Show only the choices that apply, and keep the default path in step."""
        fmt_select = self.query_one("#export-format", Select)
        formats = KINDS[self.what].formats
        if formats != self._formats:  # only on a change of "what": set_options posts Changed
            self._formats = formats
            current = fmt_select.value
            with fmt_select.prevent(Select.Changed):
                fmt_select.set_options([(f.upper(), f) for f in formats])
                fmt_select.value = current if current in formats else formats[0]
        self.query_one("#export-day", Select).display = self.what == "attendance"
        self.query_one("#export-producer", Select).display = self.what == "plan"
        self.query_one("#export-phones", Checkbox).display = self.what in ("attendance", "plan")
        fmt = str(fmt_select.value)
        for kind in KINDS.values():
            for option in kind.options:
                widget = self.query_one(f"#{option_id(kind.name, option)}")
                widget.display = kind.name == self.what and option.applies_to(fmt)
        self.query_one("#export-pictures", Checkbox).display = KINDS[self.what].pictures is not None
        if not self._path_edited:
            path = self.desk.exports.default_path(
                self.what, str(fmt_select.value), self._day(), self._producer()
            )
            field = self.query_one("#export-path", Input)
            with field.prevent(Input.Changed):
                field.value = str(path)

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _choice_changed(self) -> None:
        self._sync_controls()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._path_edited = True

    @on(Button.Pressed, "#export-settings")
    def action_paperwork_settings(self) -> None:
        def saved(done: bool | None) -> None:
            if done:
                self._status(t("paperwork.tui.saved"))

        self.app.push_screen(PaperworkSettingsDialog(self.desk), saved)

    def option_values(self) -> dict[str, object]:
        """The shown options of the chosen kind, read as the CLI reads its flags."""
        values: dict[str, object] = {}
        fmt = str(self.query_one("#export-format", Select).value)
        for option in KINDS[self.what].options:
            if not option.applies_to(fmt):
                continue
            wid = f"#{option_id(self.what, option)}"
            if option.form == "flag":
                if self.query_one(wid, Checkbox).value:
                    values[option.name] = True
                continue
            text = self.query_one(wid, Input).value.strip()
            if text:
                values[option.name] = option.read(text)
        return values

    @property
    def with_pictures(self) -> bool:
        box = self.query_one("#export-pictures", Checkbox)
        return KINDS[self.what].pictures is not None and box.value

    def request(self, force: bool = False) -> ExportRequest:
        options = ExportOptions(
            lang="en" if self.query_one("#export-english", Checkbox).value else "th",
            buddhist_era=not self.query_one("#export-gregorian", Checkbox).value,
            show_phones=self.query_one("#export-phones", Checkbox).value,
            day=self._day(),
        )
        return ExportRequest(
            self.what,
            str(self.query_one("#export-format", Select).value),
            Path(self.query_one("#export-path", Input).value.strip()).expanduser(),
            options,
            self._producer(),
            force,
            self.option_values(),
        )

    # -- exporting -------------------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-run")
    def action_export(self) -> None:
        try:
            request = self.request()
        except UserError as exc:
            self._status(str(exc), error=True)
            return
        if self.what == "plan" and request.producer_id is None:
            self._status(t("export.need_producer"), error=True)
            return
        if request.out.exists():

            def answered(yes: bool | None) -> None:
                if yes:
                    self.start(replace(request, force=True))

            self.app.push_screen(ConfirmOverwrite(request.out), answered)
            return
        self.start(request)

    def start(self, request: ExportRequest) -> None:
        run = self.query_one("#export-run", Button)
        self._refocus_run = run.has_focus or self.focused is None
        run.disabled = True  # which takes the focus away from it
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status(t("export.working"))
        self._export(request)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        pictures: PicturesResult | None = None
        try:
            result = self.desk.exports.run(request, progress)
            if self.with_pictures:
                folder = pictures_folder(request.out)
                pictures = self.desk.exports.run_pictures(request, folder, progress)
        except Exception as exc:  # shown, not raised: the desk must keep running
            self.app.call_from_thread(self._finished, None, str(exc))
            return
        self.app.call_from_thread(self._finished, result, "", pictures)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=total, progress=done)

    def _finished(
        self, result: ExportResult | None, error: str, pictures: PicturesResult | None = None
    ) -> None:
        run = self.query_one("#export-run", Button)
        run.disabled = False
        if self._refocus_run and self.focused is None:
            run.focus()  # Enter again exports again (and asks before replacing the file)
        bar = self.query_one("#export-progress", ProgressBar)
        if result is None:
            bar.update(total=1, progress=0)
            self._status(t("export.failed", error=error), error=True)
            return
        bar.update(total=1, progress=1)
        self.last = result
        self.query_one("#export-open", Button).disabled = False
        done = t("export.done", path=str(result.path))
        if pictures is not None:
            count, folder = len(pictures.paths), str(pictures.folder)
            done += "\n" + t("paperwork.cli.cert_pictures", count=count, folder=folder)
        self._status(done)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(text)
        status.set_class(error, "error")

    @on(Button.Pressed, "#export-open")
    def action_open_folder(self) -> None:
        if self.last is None:
            return
        folder = self.last.path.parent
        if not open_folder(folder):
            self._status(t("export.folder_path", path=str(folder)))
