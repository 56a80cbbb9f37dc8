"""The sync screen (F7): which server, how it is going, sync now, and bundles for offline desks.

Everything slow runs in thread workers (the app's live-sync worker for the server, one here for
bundle files); results come back as messages, and what a merge brought reaches every screen
through the desk's change events.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from facilitator.codes.qr_image import qr_terminal_lines
from facilitator.desk import Desk, DeskChange
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.models import EVENT_TABLE
from facilitator.screens.area import AreaScreen
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.sync.service import counts_text, describe_report


def default_bundle_path(desk: Desk) -> Path:
    """`<station>.bundle` beside the database, where the desk's badges and exports go too."""
    return desk.folder / f"{desk.station}.bundle"


@dataclass
class BundleDone(Message):
    """A bundle export or import ended (the desk's indexes already follow what it merged)."""

    text: str
    changed: bool
    error: bool


class SyncScreen(AreaScreen):
    """Server settings and state, sync buttons, bundle export/import."""

    CSS = stylesheet(__file__, "sync.tcss")

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="sync-body"):
            yield Label(t("sync.title"), id="sync-title", markup=False)
            with Horizontal(classes="sync-row"):
                yield Label(t("sync.screen.url"), classes="sync-label", markup=False)
                yield Input(self.desk.sync.configured_url() or "", id="sync-url")
                yield Button(t("sync.screen.save_url"), id="sync-save")
            yield Static("", id="sync-state", markup=False)
            with Horizontal(classes="sync-row"):
                yield Button(t("sync.screen.now"), id="sync-now", variant="primary")
                yield Button(t("sync.screen.push"), id="sync-push")
                yield Button(t("sync.screen.pull"), id="sync-pull")
            with Horizontal(classes="sync-row"):
                yield Label(t("sync.screen.file"), classes="sync-label", markup=False)
                yield Input(str(default_bundle_path(self.desk)), id="sync-file")
                yield Button(t("sync.screen.export"), id="sync-export")
                yield Button(t("sync.screen.import"), id="sync-import")
            with Horizontal(classes="sync-row"):
                yield Label(t("sync.screen.phrase"), classes="sync-label", markup=False)
                yield Static("", id="sync-phrase", markup=False)
                yield Button(t("sync.screen.phrase_qr"), id="sync-phrase-qr")
            with Horizontal(classes="sync-row", id="sync-join-row"):
                yield Label(t("sync.screen.join"), classes="sync-label", markup=False)
                yield Input(placeholder=t("sync.screen.join_placeholder"), id="sync-join")
                yield Button(t("sync.screen.join_button"), id="sync-join-button")
            yield Static("", id="sync-phrase-code", markup=False)
            yield Static("", id="sync-quarantine", markup=False)
            yield Static("", id="sync-log", markup=False)
        yield from self.bottom()

    def on_mount(self) -> None:
        self.watch(self.app, "sync_line", self.refresh_state, init=True)
        self.show_phrase()

    def desk_changed(self, change: DeskChange) -> None:
        if change.touches(EVENT_TABLE):
            self.show_phrase()

    def show_quarantine(self) -> None:
        """The records kept out at this desk's door (a bad bundle, a damaged server copy)."""
        kept = self.desk.sync.quarantine()
        lines = [t("sync.quarantine.title", count=len(kept))] if kept else []
        lines += [
            t(
                "cli.sync.quarantine_line",
                at=x.at,
                table=x.table,
                id=x.record_id,
                source=x.source,
                reason=x.reason,
            )
            for x in kept[-5:]
        ]
        self.query_one("#sync-quarantine", Static).update("\n".join(lines))

    def show_phrase(self) -> None:
        """The join phrase for the other desks, or how this desk can join (it has none)."""
        phrase = self.desk.events.join_phrase() if self.desk.events.exists else None
        self.query_one("#sync-phrase", Static).update(phrase or t("sync.screen.not_joined"))
        self.query_one("#sync-phrase-qr", Button).display = phrase is not None
        self.query_one("#sync-join-row").display = phrase is None

    @on(Button.Pressed, "#sync-phrase-qr")
    def show_phrase_qr(self) -> None:
        """The phrase as a QR, for another desk's scanner to type into its join field."""
        phrase = self.desk.events.join_phrase()
        code = self.query_one("#sync-phrase-code", Static)
        if phrase is None or (code.display and str(code.content)):
            code.update("")
            return
        code.update("\n".join(qr_terminal_lines(phrase.replace("-", ""))))

    @on(Button.Pressed, "#sync-join-button")
    @on(Input.Submitted, "#sync-join")
    def join(self) -> None:
        """Join with the phrase typed or scanned (a scanner on the Thai layout is fine)."""
        field = self.query_one("#sync-join", Input)
        try:
            joined = self.desk.events.join(field.value)
        except UserError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        field.value = ""
        self.notify(t("cli.event.joined", event=joined.event_name), markup=False)
        self.show_phrase()

    def refresh_state(self, _line: str = "") -> None:
        """The live sync's state, its error in full, and what the last run did."""
        status = self.app.sync.status  # type: ignore[attr-defined]
        text = status.line()
        if status.error:
            text += "\n" + status.error
        self.query_one("#sync-state", Static).update(text)
        self.show_quarantine()
        if status.last_report is not None:
            self.query_one("#sync-log", Static).update(
                "\n".join(describe_report(status.last_report))
            )

    @on(Button.Pressed, "#sync-save")
    @on(Input.Submitted, "#sync-url")
    def save_url(self) -> None:
        url = self.query_one("#sync-url", Input).value.strip()
        try:
            stored = self.desk.sync.configure(url)
        except UserError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(t("sync.configured", url=stored), markup=False)
        self.app.sync.start()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#sync-now, #sync-push, #sync-pull")
    def sync_now(self, event: Button.Pressed) -> None:
        push = event.button.id in {"sync-now", "sync-push"}
        pull = event.button.id in {"sync-now", "sync-pull"}
        if not self.app.sync.status.url:  # type: ignore[attr-defined]
            self.notify(t("sync.no_url"), severity="warning", markup=False)
            return
        self.app.sync.run(push=push, pull=pull, manual=True)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#sync-export, #sync-import")
    def bundle(self, event: Button.Pressed) -> None:
        path = Path(self.query_one("#sync-file", Input).value.strip()).expanduser()
        phrase = self.query_one("#sync-join", Input).value.strip() or None
        self.bundle_in_background(path, event.button.id == "sync-import", phrase)

    @work(thread=True, exit_on_error=False, group="bundle")
    def bundle_in_background(self, path: Path, importing: bool, phrase: str | None = None) -> None:
        """Runs in a thread: the store is locked per write; nothing here touches a widget."""
        try:
            if importing:
                result = self.desk.sync.import_bundle(path, phrase)
                self.post_message(
                    BundleDone(result.summary(), result.new + result.updated > 0, False)
                )
            else:
                done = self.desk.sync.export_bundle(path)
                counts = counts_text(done.counts)
                self.post_message(
                    BundleDone(t("sync.export.done", path=done.path, counts=counts), False, False)
                )
        except (UserError, OSError) as exc:
            self.post_message(BundleDone(str(exc), False, True))

    def on_bundle_done(self, message: BundleDone) -> None:
        self.query_one("#sync-log", Static).update(message.text)
        self.notify(
            message.text, severity="error" if message.error else "information", markup=False
        )
