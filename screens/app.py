"""The facilitator App: one desk, several screens, Thai or English, light or dark.

The App receives the open `Desk` from its caller (the CLI or a test) instead of opening files
itself, so the TUI and the CLI run the same services on the same database. Each top-level area
is a Textual mode, switched with an F-key or from the command palette; no single-letter keys,
because a scanner types letters into the check-in screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from facilitator.screens.badges.actions import BadgeCommands
from facilitator.screens.checkin.screen import CheckInScreen
from facilitator.screens.dashboard.screen import DashboardScreen
from facilitator.screens.exports.screen import ExportScreen
from facilitator.screens.mentoring.sessions import SessionsScreen
from facilitator.screens.roster.participants import ParticipantsScreen
from facilitator.screens.sync.runner import LiveSyncMixin
from facilitator.screens.sync.screen import SyncScreen
from textual.app import App
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.screen import Screen

from facilitator.desk import Desk
from facilitator.i18n import t
from facilitator.labels import day_label

BACKUP_EVERY_SECONDS = 10 * 60
PROBLEMS_EVERY_SECONDS = 5

ScreenFactory = Callable[[Desk], Screen]

# Top-level areas in F-key order: (mode name, F-key, screen factory).
AREAS: list[tuple[str, str, ScreenFactory]] = [
    ("checkin", "f2", CheckInScreen),
    ("participants", "f3", ParticipantsScreen),
    ("dashboard", "f4", DashboardScreen),
    ("sessions", "f5", SessionsScreen),
    ("sync", "f7", SyncScreen),
    ("export", "f8", ExportScreen),
]


class NavigationCommands(Provider):
    """The command palette offers every area by name."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, FacilitatorApp)
        matcher = self.matcher(query)
        for mode, _key, _factory in AREAS:
            label = t(f"nav.{mode}")
            score = max(matcher.match(label), matcher.match(mode))
            if score > 0:
                yield Hit(score, matcher.highlight(label), lambda m=mode: app.switch_mode(m))


class FacilitatorApp(LiveSyncMixin, App[int]):
    """The registration desk's terminal app."""

    CSS_PATH = [
        "app.tcss",
        "checkin/checkin.tcss",
        "dashboard/dashboard.tcss",
        "mentoring/mentoring.tcss",
        "exports/export.tcss",
        "sync/sync.tcss",
        "badges/badges.tcss",
    ]
    COMMANDS = App.COMMANDS | {NavigationCommands, BadgeCommands}

    def __init__(self, desk: Desk, start_mode: str | None = None) -> None:
        super().__init__()
        self.desk = desk
        self._start_mode = start_mode
        for mode, key, factory in AREAS:
            self.add_mode(mode, lambda f=factory: f(self.desk))
            self.bind(key, f"switch_mode('{mode}')", description=t(f"nav.{mode}"))
        self.bind("ctrl+t", "toggle_theme", description=t("app.theme"), show=False)

    BINDINGS = [Binding("ctrl+q", "quit", t("app.quit"), id="app.quit", priority=True)]

    def on_mount(self) -> None:
        self.title = self.desk.event.name
        self.sub_title = self.day_text()
        self.switch_mode(self._start_mode or AREAS[0][0])
        self._problems_shown = 0
        self._show_new_problems()
        self.set_interval(PROBLEMS_EVERY_SECONDS, self._show_new_problems)
        self.set_interval(BACKUP_EVERY_SECONDS, self._timed_backup)
        self.start_live_sync()

    def day_text(self, today: date | None = None) -> str:
        """Which event day it is, for the header."""
        today = today or date.today()
        days = self.desk.event.days
        if today in days:
            return t("app.day", n=days.index(today) + 1, date=day_label(today))
        return t("app.not_event_day", date=day_label(today))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def _show_new_problems(self) -> None:
        """Database warnings (a fallback on open, a failed fold or backup) appear as they arise."""
        problems = self.desk.problems
        for problem in problems[self._problems_shown :]:
            self.notify(t("app.saved_warning", problem=problem), severity="warning", timeout=15)
        self._problems_shown = len(problems)

    def _timed_backup(self) -> None:
        self.run_worker(
            partial(self.desk.backup_quietly, "timer"), thread=True, exit_on_error=False
        )
