"""The dashboard: how many are in for this session, by role, who is still missing, and when
people arrived.

Why these three views: the organisers are asked "how many producers came?" by the province
all morning (counts against the roster and the targets); the desk calls whoever is missing
before the session starts (the list has their phone numbers); and the arrivals sparkline shows
when the queue peaks, for next time. A hide-names mode lets the same screen face the queue
without showing anyone's phone number.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import DataTable, Sparkline, Static

from facilitator.checkin.turnout import BUCKET_MINUTES, UNLISTED, Turnout, arrivals
from facilitator.desk import Desk, DeskChange
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.labels import session_span as session_text
from facilitator.models import CHECKINS, EVENT_TABLE, PARTICIPANTS, SessionSlot
from facilitator.screens.area import AreaScreen
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.screens.widgets.plain import plain


class DashboardScreen(AreaScreen):
    """Counts by role, arrivals over time, and the people still missing."""

    CSS = stylesheet(__file__, "dashboard.tcss")

    BINDINGS = [
        # A terminal sends ctrl+h as backspace, so both keys do it; nothing here edits text.
        Binding(
            "ctrl+h,backspace",
            "toggle_names",
            "dashboard.key.hide",
            id="dashboard.hide_names",
            tooltip="dashboard.key.hide_tip",
        ),
    ]

    hide_names: reactive[bool] = reactive(False)
    """The screen faces the queue: no names, no phone numbers."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.shown: Turnout | None = None
        self._shown_key: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Vertical(id="dashboard-body"):
            yield Static(id="dashboard-title", markup=False)
            with Horizontal(id="dashboard-top"):
                yield DataTable(id="dashboard-roles", cursor_type="none")
                with Vertical(id="dashboard-arrivals"):
                    yield Static(id="arrivals-label", markup=False)
                    yield Sparkline([], id="arrivals")
            yield Static(id="missing-title", markup=False)
            yield DataTable(id="missing-table", cursor_type="row", zebra_stripes=True)
        yield from self.bottom()

    def on_mount(self) -> None:
        roles = self.query_one("#dashboard-roles", DataTable)
        for key in ("role", "here", "expected", "target", "percent"):
            roles.add_column(t(f"dashboard.col.{key}"), key=key)
        missing = self.query_one("#missing-table", DataTable)
        for key in ("name", "phone", "role", "organisation"):  # the phone fits at 80 columns
            missing.add_column(t(f"dashboard.col.{key}"), key=key)
        self.refresh_numbers()

    def on_screen_resume(self) -> None:
        self.refresh_numbers()

    def desk_changed(self, change: DeskChange) -> None:
        """A check-in or a roster change (here or synced in) may change every count."""
        if change.touches(CHECKINS, PARTICIPANTS, EVENT_TABLE):
            self.refresh_numbers()

    def refresh_numbers(self, force: bool = False) -> None:
        """Recount; redraw the tables only when something changed (5,000 rows are not free)."""
        if not self.is_current:
            return  # a hidden dashboard recounts when it is shown again
        now = self.desk.clock.now()
        current = self.desk.checkins.turnout(now)
        self._show_arrivals(now, current.session)
        key = (current.session, current.present, self.hide_names, len(self.desk.participants))
        if key == self._shown_key and not force:
            return
        self._shown_key = key
        self.shown = current
        self._show_title(current)
        self._show_roles(current)
        self._show_missing(current)

    def _show_title(self, current: Turnout) -> None:
        title = self.query_one("#dashboard-title", Static)
        if current.session is None:
            title.update(t("dashboard.no_session"))
            return
        title.update(
            t(
                "dashboard.title",
                session=session_text(current.session),
                here=current.here,
                expected=current.expected,
            )
        )

    def _show_roles(self, current: Turnout) -> None:
        table = self.query_one("#dashboard-roles", DataTable)
        table.clear()
        for row in current.roles:
            label = t("dashboard.unlisted") if row.role == UNLISTED else role_label(row.role)
            percent = f"{100 * row.here / row.expected:.0f}%" if row.expected else ""
            target = str(row.target) if row.target is not None else ""
            table.add_row(
                *plain(label, str(row.here), str(row.expected), target, percent), key=row.role
            )
        table.add_row(
            t("dashboard.total"), str(current.here), str(current.expected), "", "", key="total"
        )

    def _show_arrivals(self, now: datetime, session: SessionSlot | None) -> None:
        day = now.date()
        sessions = self.desk.event.sessions_on(day)
        start = sessions[0].starts_at() if sessions else now
        times = [c.at for c in self.desk.checkins.all_checkins()]
        buckets = arrivals(times, day, start, now)
        label = self.query_one("#arrivals-label", Static)
        sparkline = self.query_one("#arrivals", Sparkline)
        if not buckets:
            label.update(t("dashboard.no_arrivals"))
            sparkline.data = []  # [0] would draw a full-height bar: one value is its own max
            sparkline.display = False
            return
        sparkline.display = True
        first = min(start, min(at for at in times if at.date() == day))
        first = first.replace(minute=first.minute - first.minute % BUCKET_MINUTES)
        end = first + timedelta(minutes=BUCKET_MINUTES * len(buckets))
        label.update(
            t("dashboard.arrivals", start=f"{first:%H:%M}", end=f"{end:%H:%M}", count=sum(buckets))
        )
        sparkline.data = [float(n) for n in buckets]

    def _show_missing(self, current: Turnout) -> None:
        table = self.query_one("#missing-table", DataTable)
        title = self.query_one("#missing-title", Static)
        table.clear()
        if self.hide_names:
            title.update(
                f"{t('dashboard.missing', count=len(current.missing))} · "
                f"{t('dashboard.names_hidden')}"
            )
            table.display = False
            return
        table.display = True
        title.update(t("dashboard.missing", count=len(current.missing)))
        for p in current.missing:
            table.add_row(
                *plain(p.display_name, p.phone, role_label(p.role), p.affiliation), key=p.id
            )

    def action_toggle_names(self) -> None:
        self.hide_names = not self.hide_names

    def watch_hide_names(self, hide: bool) -> None:
        self.set_class(hide, "-names-hidden")
        if self.is_mounted:
            self.refresh_numbers(force=True)
