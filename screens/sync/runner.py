"""Live sync for the app: a background thread talks to CouchDB, the UI thread only hears back.

Why a thread and messages: the scan box must never wait for the network, and the desk's
in-memory services (roster, attendance book) are only touched on the UI thread. The worker runs
`SyncService.run(reload=False)` every few seconds; it posts `SyncDone`, and the app's handler
reloads the desk when the pull brought records and refreshes the status in the header.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.sync.service import SyncReport, SyncService, SyncStatus

SYNC_EVERY_SECONDS = 5.0
LIVE_TIMEOUT_SECONDS = 5.0


@dataclass
class SyncDone(Message):
    """A sync run ended (well or not); sent from the worker thread to the app."""

    report: SyncReport | None
    error: str | None = None
    manual: bool = False


class StatusChanged(Message):
    """The sync status line changed; screens that show it refresh."""


class LiveSyncMixin:
    """Mixed into the App: owns the SyncService, the timer, the worker and the status line."""

    sync_service: SyncService | None = None
    _sync_timer_started = False

    def start_live_sync(self) -> None:
        """Start syncing every few seconds when a server is configured (env or `sync configure`)."""
        self.sync_service = SyncService(self.desk, timeout=LIVE_TIMEOUT_SECONDS)  # type: ignore[attr-defined]
        if not self._sync_timer_started:
            self._sync_timer_started = True
            self.set_interval(SYNC_EVERY_SECONDS, self._sync_tick)  # type: ignore[attr-defined]
        self.show_sync_status()
        if self.sync_service.status.url:
            self.sync_in_background()

    @property
    def sync_status(self) -> SyncStatus:
        return self.sync_service.status if self.sync_service else SyncStatus()

    def _sync_tick(self) -> None:
        self.show_sync_status()
        service = self.sync_service
        if service is not None and service.status.url and not service.status.running:
            self.sync_in_background()

    def switch_mode(self, mode: str):  # type: ignore[no-untyped-def]
        """Every area shows the sync bar: put it on the new screen right after the switch."""
        done = super().switch_mode(mode)  # type: ignore[misc]
        self.call_later(self.show_sync_status)  # type: ignore[attr-defined]
        return done

    @work(thread=True, exit_on_error=False, group="sync")
    def sync_in_background(
        self, push: bool = True, pull: bool = True, manual: bool = False
    ) -> None:
        """Runs in a worker thread: network and store only, never the desk's services."""
        service = self.sync_service
        if service is None:
            return
        try:
            report = service.run(push=push, pull=pull, reload=False)
        except Exception as exc:  # a CouchError or anything else: the worker must not die
            error = service.status.error or str(exc)
            self.post_message(SyncDone(None, error, manual))  # type: ignore[attr-defined]
            return
        self.post_message(SyncDone(report, None, manual))  # type: ignore[attr-defined]

    def on_sync_done(self, message: SyncDone) -> None:
        """On the UI thread: reload the desk if records came in, then show the new state."""
        report = message.report
        if report is not None and report.pulled_changes:
            self.desk.reload()  # type: ignore[attr-defined]
        if message.manual and message.error:
            self.notify(t("sync.screen.failed", error=message.error), severity="error")  # type: ignore[attr-defined]
        self.show_sync_status()

    def show_sync_status(self) -> None:
        """The one-line sync bar above the footer of the current area, and a nudge to screens."""
        try:
            screen = self.screen  # type: ignore[attr-defined]
        except Exception:  # no screen yet while the app starts
            return
        if isinstance(screen, ModalScreen) or not screen.is_mounted:
            return
        line = self.sync_status.line()
        bars = screen.query(SyncBar)
        if bars:
            bars.first().update(line)
        else:
            screen.mount(SyncBar(line, id="sync-bar"))
        screen.post_message(StatusChanged())


class SyncBar(Static):
    """Last sync, records waiting, offline or error: always in sight at the desk."""
