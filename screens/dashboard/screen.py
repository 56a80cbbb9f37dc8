"""The dashboard: how many are in for this session, by role, who is still missing, and when
people arrived; after lunch, who came in the morning and is not back; and the whole event.

Why these views: the organisers are asked "how many producers came?" by the province all
morning (counts against the roster and the targets); the desk calls whoever is missing before
the session starts (the list has their phone numbers); after lunch it calls those who came in
the morning but not back for the afternoon (their per-diem and the sign-in sheet depend on it);
and the whole-event grid (a person per row, a mark per session) is the report in the making.
Ctrl+D, Ctrl+E and Ctrl+K switch between today, the whole event and the after-lunch calls.

Tables follow the desk's change events row by row (`TableRows`): a check-in updates the rows of
the person it names, not the table. A hide-names mode lets the same screen face the queue
without showing anyone's phone number.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, DataTable, Sparkline, Static

from facilitator.checkin.turnout import BUCKET_MINUTES, UNLISTED, Counts, arrivals
from facilitator.desk import Desk, DeskChange
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.labels import session_span as session_text
from facilitator.models import CHECKINS, EVENT_TABLE, PARTICIPANTS, Participant, SessionSlot
from facilitator.screens.area import AreaScreen
from facilitator.screens.dashboard.rows import TableRows
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.screens.widgets.plain import plain

__all__ = ["VIEWS", "DashboardScreen", "arrivals"]

VIEWS = ("today", "event", "gap")
"""The dashboard's views, in the order of their keys (Ctrl+D, Ctrl+E, Ctrl+K)."""
MISSING_COLUMNS = ("name", "phone", "role", "organisation")  # the phone fits at 80 columns
PRESENT_MARK = "✓"
ABSENT_MARK = "·"


def contact_cells(p: Participant) -> tuple[str, ...]:
    """A person as the call lists show them: name, phone, role, product or organisation."""
    return (p.display_name, p.phone, role_label(p.role), p.affiliation)


class DashboardScreen(AreaScreen):
    """Counts by role, arrivals over time, the people missing; the after-lunch calls; the event."""

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
        Binding(
            "ctrl+d",
            "view('today')",
            "dashboard.key.today",
            id="dashboard.today",
            tooltip="dashboard.key.today_tip",
        ),
        Binding(
            "ctrl+e",
            "view('event')",
            "dashboard.key.event",
            id="dashboard.event",
            tooltip="dashboard.key.event_tip",
        ),
        Binding(
            "ctrl+k",
            "view('gap')",
            "dashboard.key.gap",
            id="dashboard.gap",
            tooltip="dashboard.key.gap_tip",
        ),
    ]

    hide_names: reactive[bool] = reactive(False)
    """The screen faces the queue: no names, no phone numbers."""
    view: reactive[str] = reactive("today")
    """Which view is up: today's counts and missing list, the whole event, the after-lunch calls."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.shown: Counts | None = None
        self._missing: TableRows | None = None
        self._grid: TableRows | None = None
        self._gap: TableRows | None = None
        self._grid_sessions: list[SessionSlot] = []
        self._filled_for: dict[str, object] = {}
        """What each view's people table was last filled for (its session, or sessions)."""
        self._pending: dict[str, set[str] | None] = dict.fromkeys(VIEWS)
        """Per view, the people whose rows changed since it was last shown (None: refill)."""

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="dashboard-views", markup=False)
        with ContentSwitcher(initial="view-today", id="dashboard-switcher"):
            with Vertical(id="view-today"):
                yield Static(id="dashboard-title", markup=False)
                with Horizontal(id="dashboard-top"):
                    yield DataTable(id="dashboard-roles", cursor_type="none")
                    with Vertical(id="dashboard-arrivals"):
                        yield Static(id="arrivals-label", markup=False)
                        yield Sparkline([], id="arrivals")
                yield Static(id="missing-title", markup=False)
                yield DataTable(id="missing-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="view-event", classes="dashboard-view"):
                yield Static(id="event-title", markup=False)
                yield DataTable(id="event-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="view-gap", classes="dashboard-view"):
                yield Static(id="gap-title", markup=False)
                yield DataTable(id="gap-table", cursor_type="row", zebra_stripes=True)
        yield from self.bottom()

    def on_mount(self) -> None:
        roles = self.query_one("#dashboard-roles", DataTable)
        for key in ("role", "here", "expected", "target", "percent"):
            roles.add_column(t(f"dashboard.col.{key}"), key=key)
        for table_id in ("#missing-table", "#gap-table"):
            table = self.query_one(table_id, DataTable)
            for key in MISSING_COLUMNS:
                table.add_column(t(f"dashboard.col.{key}"), key=key)
        self._missing = TableRows(self.query_one("#missing-table", DataTable), MISSING_COLUMNS)
        self._gap = TableRows(self.query_one("#gap-table", DataTable), MISSING_COLUMNS)
        self._show_views_line()
        self.refresh_numbers()

    def on_screen_resume(self) -> None:
        self.refresh_numbers()

    def desk_changed(self, change: DeskChange) -> None:
        """A check-in or a roster change (here or synced in): the counts are the desk's own,
        kept as facts arrive; the tables change in the rows of the people it names only. A
        hidden dashboard notes whom, and updates their rows when it is shown again."""
        if not change.touches(CHECKINS, PARTICIPANTS, EVENT_TABLE):
            return
        if change.touches(EVENT_TABLE):
            self._pending = dict.fromkeys(VIEWS)  # sessions or targets changed: refill
        else:
            people = set(change.ids(PARTICIPANTS)) | self.desk.checkins.participants_of(
                change.ids(CHECKINS)
            )
            for waiting in self._pending.values():
                if waiting is not None:
                    waiting |= people
        self.refresh_numbers()

    def refresh_numbers(self, force: bool = False) -> None:
        """Show the view that is up: counts as the desk keeps them, rows that changed."""
        if not self.is_current:
            return  # a hidden dashboard catches up when it is shown again
        if force:
            self._pending = dict.fromkeys(VIEWS)
        people, self._pending[self.view] = self._pending[self.view], set()
        if self.view == "event":
            self._show_grid(people)
            return
        if self.view == "gap":
            self._show_gap(people)
            return
        now = self.desk.clock.now()
        counts = self.desk.checkins.counts(now)
        self.shown = counts
        self._show_arrivals(now)
        self._show_title(counts)
        self._show_roles(counts)
        self._show_missing(counts, people)

    # -- today -------------------------------------------------------------------------------

    def _show_title(self, current: Counts) -> None:
        title = self.query_one("#dashboard-title", Static)
        if current.session is None:
            title.update(t("dashboard.no_session"))
            return
        slot = current.session
        # A session picked by hand on another day says its date: the header's date is
        # today's, and without it "0 of 51 here" reads as this afternoon's turnout.
        session = session_text(slot, with_day=slot.day != self.desk.clock.now().date())
        title.update(
            t(
                "dashboard.title",
                session=session,
                here=current.here,
                expected=current.expected,
            )
        )

    def _show_roles(self, current: Counts) -> None:
        table = self.query_one("#dashboard-roles", DataTable)
        table.clear()  # a handful of rows, one per role
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

    def _show_arrivals(self, now: datetime) -> None:
        chart = self.desk.checkins.arrivals(now, BUCKET_MINUTES)
        label = self.query_one("#arrivals-label", Static)
        sparkline = self.query_one("#arrivals", Sparkline)
        if not chart.counts or chart.start is None or chart.end is None:
            label.update(t("dashboard.no_arrivals"))
            sparkline.data = []  # [0] would draw a full-height bar: one value is its own max
            sparkline.display = False
            return
        sparkline.display = True
        label.update(
            t(
                "dashboard.arrivals",
                start=f"{chart.start:%H:%M}",
                end=f"{chart.end:%H:%M}",
                count=chart.total,
            )
        )
        sparkline.data = [float(n) for n in chart.counts]

    def _show_missing(self, current: Counts, people: set[str] | None) -> None:
        """The people still missing: refilled when the session changes, else row by row."""
        assert self._missing is not None
        table = self._missing.table
        title = self.query_one("#missing-title", Static)
        missing = current.expected - sum(r.here for r in current.roles if r.role != UNLISTED)
        session_id = current.session.id if current.session is not None else None
        if self.hide_names:
            title.update(f"{t('dashboard.missing', count=missing)} · {t('dashboard.names_hidden')}")
            self._missing.clear()
            self._filled_for.pop("today", None)
            table.display = False
            return
        table.display = True
        title.update(t("dashboard.missing", count=missing))
        if session_id is None:
            self._missing.sync({})
            self._filled_for.pop("today", None)
            return
        if people is None or self._filled_for.get("today") != session_id:
            everyone = self.desk.checkins.turnout(self.desk.clock.now()).missing
            self._missing.sync({p.id: contact_cells(p) for p in everyone})
            self._filled_for["today"] = session_id
            return
        for pid in people:
            person = self.desk.participants.get(pid)
            still = person is not None and self.desk.checkins.is_missing(pid, session_id)
            self._missing.put(pid, contact_cells(person) if still and person else None)

    # -- the whole event: a person per row, a mark per session ----------------------------------

    def _grid_cells(self, p: Participant) -> tuple[str, ...]:
        attended = self.desk.checkins.sessions_attended(p.id)
        marks = [PRESENT_MARK if s.id in attended else ABSENT_MARK for s in self._grid_sessions]
        total = f"{len(attended)}/{len(self._grid_sessions)}"
        return (p.display_name, role_label(p.role), *marks, total)

    def _show_grid(self, people: set[str] | None) -> None:
        """The whole event: refilled when the sessions change, else the rows of `people`."""
        table = self.query_one("#event-table", DataTable)
        sessions = list(self.desk.event.sessions)
        if self._grid is None or sessions != self._grid_sessions:
            table.clear(columns=True)
            self._grid_sessions = sessions
            columns = ["name", "role", *(s.id for s in sessions), "total"]
            table.add_column(t("dashboard.col.name"), key="name")
            table.add_column(t("dashboard.col.role"), key="role")
            for s in sessions:
                table.add_column(f"{s.day:%d/%m} {s.name}", key=s.id)
            table.add_column(t("dashboard.col.sessions"), key="total")
            self._grid = TableRows(table, columns)
            people = None
        self.query_one("#event-title", Static).update(
            t("dashboard.event_title", people=len(self.desk.participants), sessions=len(sessions))
            + (f" · {t('dashboard.names_hidden')}" if self.hide_names else "")
        )
        if self.hide_names:
            self._grid.clear()
            self._filled_for.pop("event", None)
            table.display = False
            return
        table.display = True
        if people is None or "event" not in self._filled_for:
            self._grid.sync({p.id: self._grid_cells(p) for p in self.desk.participants.all()})
            self._filled_for["event"] = True
            return
        for pid in people:
            person = self.desk.participants.get(pid)
            self._grid.put(pid, None if person is None else self._grid_cells(person))

    # -- after lunch: in the morning, not back ---------------------------------------------------

    def _show_gap(self, people: set[str] | None) -> None:
        """Who came earlier today and is not back: refilled when the session changes, else the
        rows of `people`; the count is the rows shown (a pass over the roster with names hidden)."""
        assert self._gap is not None
        now = self.desk.clock.now()
        session = self.desk.checkins.current_session(now).session
        earlier = (
            tuple(s for s in self.desk.event.sessions_on(now.date()) if s.start < session.start)
            if session is not None and session.day == now.date()
            else ()
        )
        title = self.query_one("#gap-title", Static)
        if session is None or not earlier:
            title.update(t("dashboard.gap_none"))
            self._gap.sync({})
            self._filled_for.pop("gap", None)
            return
        if self.hide_names:
            count = len(self.desk.checkins.left_early(now).people)
        elif people is None or self._filled_for.get("gap") != session.id:
            left = self.desk.checkins.left_early(now)
            self._gap.sync({p.id: contact_cells(p) for p in left.people})
            self._filled_for["gap"] = session.id
            count = len(left.people)
        else:
            for pid in people:
                person = self.desk.participants.get(pid)
                gone = person is not None and self.desk.checkins.left_before(pid, session, earlier)
                self._gap.put(pid, contact_cells(person) if gone and person else None)
            count = len(self._gap.shown)
        text = t(
            "dashboard.gap_title",
            earlier=", ".join(s.name for s in earlier),
            session=session.name,
            count=count,
        )
        if self.hide_names:
            title.update(f"{text} · {t('dashboard.names_hidden')}")
            self._gap.clear()
            self._filled_for.pop("gap", None)
            self._gap.table.display = False
            return
        self._gap.table.display = True
        title.update(text)

    # -- keys --------------------------------------------------------------------------------

    def action_view(self, name: str) -> None:
        if name in VIEWS:
            self.view = name

    def watch_view(self, view: str) -> None:
        if not self.is_mounted:
            return
        self.query_one("#dashboard-switcher", ContentSwitcher).current = f"view-{view}"
        self._show_views_line()
        self.refresh_numbers()  # the rows that changed while another view was up

    def _show_views_line(self) -> None:
        keys = {"today": "Ctrl+D", "event": "Ctrl+E", "gap": "Ctrl+K"}
        parts = []
        for name in VIEWS:
            label = f"{keys[name]} {t(f'dashboard.view.{name}')}"
            parts.append(f"[{label}]" if name == self.view else f" {label} ")
        self.query_one("#dashboard-views", Static).update("  ".join(parts))

    def action_toggle_names(self) -> None:
        self.hide_names = not self.hide_names

    def watch_hide_names(self, hide: bool) -> None:
        self.set_class(hide, "-names-hidden")
        if self.is_mounted:
            self.refresh_numbers(force=True)
