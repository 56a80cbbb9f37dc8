"""The projector view (F6): how many are in, for a second screen or a projector facing the room.

Why a screen of its own rather than the dashboard with names hidden: the room reads it from the
back, through a washed-out projector, so everything is large and in the strongest contrast the
theme has (light or dark): the event, the session, the count in big digits, bars by role (in
against expected) and the arrivals in 15-minute buckets with their times. It never shows a
name or a phone number (PDPA): nothing here reads them, and a scan caught while it is up is
toasted without the person's name (`shows_names`). It redraws when the desk says a check-in, a
person or the event changed, not on a timer.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from facilitator.checkin.turnout import PROJECTOR_BUCKET_MINUTES, Counts
from facilitator.desk import Desk, DeskChange
from facilitator.i18n import t
from facilitator.labels import day_label, session_span
from facilitator.models import CHECKINS, EVENT_TABLE, PARTICIPANTS
from facilitator.screens.area import AreaScreen
from facilitator.screens.room.charts import ArrivalsChart, RoleBars
from facilitator.screens.styles import stylesheet

SLASH = " ╱\n╱ "
"""The "of" between the big digits (Digits has no slash of its own)."""


class ProjectorScreen(AreaScreen):
    """The count, the roles and the arrivals; no names, no phones."""

    CSS = stylesheet(__file__, "projector.tcss")
    shows_names = False
    """Faces the room: a scan caught here is shown without the person's name."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.shown: Counts | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="projector-body"):
            yield Static(id="projector-event", markup=False)
            yield Static(id="projector-session", markup=False)
            with Horizontal(id="projector-top"):
                with Vertical(id="projector-count"):
                    with Horizontal(id="projector-digits"):
                        yield Digits("0", id="count-here")
                        yield Static(SLASH, id="count-slash", markup=False)
                        yield Digits("0", id="count-expected")
                    yield Static(id="count-words", markup=False)
                yield RoleBars(id="projector-roles")
            yield Static(id="projector-arrivals-title", markup=False)
            yield ArrivalsChart(id="projector-arrivals")
        yield from self.bottom()

    def on_mount(self) -> None:
        self.refresh_numbers()

    def on_screen_resume(self) -> None:
        self.refresh_numbers()

    def desk_changed(self, change: DeskChange) -> None:
        if change.touches(CHECKINS, PARTICIPANTS, EVENT_TABLE):
            self.refresh_numbers()

    def refresh_numbers(self) -> None:
        """Recount and redraw (a hidden projector view recounts when it is shown again)."""
        if not self.is_current:
            return
        now = self.desk.clock.now()
        turnout = self.desk.checkins.counts(now)
        self.shown = turnout
        self.query_one("#projector-event", Static).update(self.desk.event.name)
        session = turnout.session
        self.query_one("#projector-session", Static).update(
            t("room.projector.session", session=session_span(session), day=day_label(session.day))
            if session is not None
            else t("dashboard.no_session")
        )
        self.query_one("#count-here", Digits).update(str(turnout.here))
        self.query_one("#count-expected", Digits).update(str(turnout.expected))
        percent = round(100 * turnout.here / turnout.expected) if turnout.expected else 0
        self.query_one("#count-words", Static).update(
            t("room.projector.count", here=turnout.here, expected=turnout.expected, percent=percent)
        )
        self.query_one("#projector-roles", RoleBars).show(turnout.roles)
        arrivals = self.desk.checkins.arrivals(now, PROJECTOR_BUCKET_MINUTES)
        self.query_one("#projector-arrivals", ArrivalsChart).show(arrivals)
        self.query_one("#projector-arrivals-title", Static).update(
            t("room.projector.arrivals", minutes=arrivals.minutes, count=arrivals.total)
        )
