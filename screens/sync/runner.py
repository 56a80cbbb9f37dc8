"""Live sync for the app: a background thread talks to CouchDB, the UI thread only hears back.

Why a thread and messages: the scan box must never wait for the network. The runner belongs to
the App; every few seconds it starts `SyncService.run` in a thread worker, which posts
`SyncDone` when it ends. The records a pull brings reach the desk's indexes through the store's
change events (on the worker's thread, O(changes)), and the screens hear of them as
`DataChanged`; the runner itself only updates the App's `sync_line`, which every screen's sync
bar watches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.sync.service import SyncReport, SyncService, SyncStatus

if TYPE_CHECKING:
    from textual.app import App

SYNC_EVERY_SECONDS = 5.0
LIVE_TIMEOUT_SECONDS = 5.0


@dataclass
class SyncDone(Message):
    """A sync run ended (well or not); sent from the worker thread to the app."""

    report: SyncReport | None
    error: str | None = None
    manual: bool = False


class SyncRunner:
    """The App's one sync link: the service, its timer, the worker and the status line."""

    def __init__(self, app: App[object], desk: Desk) -> None:
        self.app = app
        self.desk = desk
        self.service: SyncService = desk.sync.couch(timeout=LIVE_TIMEOUT_SECONDS)
        self._timer_started = False

    @property
    def status(self) -> SyncStatus:
        return self.service.status

    def start(self) -> None:
        """Sync every few seconds when a server is configured (env or `sync configure`)."""
        self.service = self.desk.sync.couch(timeout=LIVE_TIMEOUT_SECONDS)
        if not self._timer_started:
            self._timer_started = True
            self.app.set_interval(SYNC_EVERY_SECONDS, self._tick)
        self.publish()
        if self.service.status.url:
            self.run()

    def _tick(self) -> None:
        self.publish()
        status = self.service.status
        if status.url and not status.running:
            self.run()

    def run(self, push: bool = True, pull: bool = True, manual: bool = False) -> None:
        """Start one sync in a thread worker (a second one while one runs is skipped)."""
        self.app.run_worker(
            lambda: self._work(push, pull, manual),
            thread=True,
            exit_on_error=False,
            group="sync",
        )

    def _work(self, push: bool, pull: bool, manual: bool) -> None:
        """Runs in a worker thread: network and store only; the worker must never die."""
        try:
            report = self.service.run(push=push, pull=pull)
        except UserError as exc:
            self.app.post_message(SyncDone(None, self.service.status.error or str(exc), manual))
            return
        except Exception as exc:  # anything unforeseen is shown, never a dead worker
            self.app.post_message(SyncDone(None, str(exc), manual))
            return
        self.app.post_message(SyncDone(report, None, manual))

    def finished(self, message: SyncDone) -> None:
        """On the UI thread: say what went wrong if it was asked for, show the new state."""
        if message.manual and message.error:
            self.app.notify(
                t("sync.screen.failed", error=message.error), severity="error", markup=False
            )
        self.publish()

    def publish(self) -> None:
        """Put the status line where every screen's sync bar sees it."""
        self.app.sync_line = self.service.status.line()  # type: ignore[attr-defined]
