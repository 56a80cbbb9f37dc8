"""The mentoring area (F5): every session in one table, filters, and starting a new session.

Starting a session is two searches (the producer, then the mentor) and Enter: the timer starts
and the editor opens at once, because the mentor is already talking while the facilitator types.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Select, Static

from facilitator.desk import Desk, DeskChange
from facilitator.i18n import t
from facilitator.labels import day_label
from facilitator.mentoring.service import TOPICS, MentoringSession, topic_label
from facilitator.models import ACTIONS, MENTORING, PARTICIPANTS, Participant, Role
from facilitator.screens.area import AreaScreen
from facilitator.screens.messages import OpenProducerPlan, OpenSession
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.screens.widgets.person_dialog import PersonDialog
from facilitator.screens.widgets.person_search import PersonChosen, PersonSearch
from facilitator.screens.widgets.plain import plain

MENTOR_ROLES = {Role.MENTOR.value, Role.LECTURER.value, Role.OFFICIAL.value}
COLUMNS = (
    "mentoring.col.time",
    "mentoring.col.producer",
    "mentoring.col.product",
    "mentoring.col.mentor",
    "mentoring.col.duration",
    "mentoring.col.actions",
    "mentoring.col.topics",
)


class NewSessionScreen(PersonDialog[tuple[str, str]]):
    """Pick the producer, then the mentor; dismisses with their ids, or None on Escape."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk, t("mentoring.pick_producer"), roles={Role.PRODUCER.value})
        self.producer: Participant | None = None

    def chosen(self, event: PersonChosen) -> None:
        if self.producer is None:
            self.producer = event.participant
            search = self.query_one(PersonSearch)
            search.roles = MENTOR_ROLES
            search.reset()
            self.set_prompt(
                f"{self.producer.display_name} · {self.producer.product}\n"
                + t("mentoring.pick_mentor")
            )
            search.focus_query()
            return
        self.dismiss((self.producer.id, event.participant.id))


class SessionsScreen(AreaScreen):
    """All mentoring sessions, newest first, filtered by person, topic and day."""

    CSS = stylesheet(__file__, "mentoring.tcss")

    BINDINGS = [
        Binding(
            "ctrl+n",
            "new_session",
            "mentoring.new",
            id="sessions.new",
            tooltip="mentoring.new_tip",
        ),
        Binding(
            "ctrl+o",
            "producer_view",
            "mentoring.producer_view",
            id="sessions.producer_view",
            tooltip="mentoring.producer_view_tip",
        ),
        Binding(
            "ctrl+f",
            "focus_filter",
            "mentoring.filter",
            id="sessions.filter",
            tooltip="mentoring.filter_tip",
        ),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Vertical(id="sessions-body"):
            yield Static(id="sessions-title", markup=False)
            with Horizontal(id="sessions-filters"):
                yield Input(placeholder=t("mentoring.filter_person"), id="sessions-filter-person")
                yield Select(
                    [(topic_label(x), x) for x in TOPICS],
                    prompt=t("mentoring.all_topics"),
                    id="sessions-filter-topic",
                )
                yield Select(
                    [(day_label(d), d.isoformat()) for d in self.desk.event.days],
                    prompt=t("mentoring.all_days"),
                    id="sessions-filter-day",
                )
            yield DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
        yield from self.bottom()

    def on_mount(self) -> None:
        table = self.query_one("#sessions-table", DataTable)
        for key in COLUMNS:
            table.add_column(t(key), key=key)
        self.refresh_rows()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    # -- the table ----------------------------------------------------------------------------

    def filtered(self) -> list[MentoringSession]:
        """The sessions the filters let through, newest first."""
        topic = self.query_one("#sessions-filter-topic", Select).value
        day = self.query_one("#sessions-filter-day", Select).value
        sessions = self.desk.mentoring.list(
            topic=topic if isinstance(topic, str) else None,
            day=day if isinstance(day, str) else None,
        )
        query = self.query_one("#sessions-filter-person", Input).value.strip()
        if query:
            ids = {p.id for p in self.desk.participants.search(query, limit=500)}
            sessions = [s for s in sessions if ids & {*s.producer_ids, *s.mentor_ids}]
        return list(reversed(sessions))

    def desk_changed(self, change: DeskChange) -> None:
        """Sessions, actions or people changed here or on another desk."""
        if self.is_current and change.touches(MENTORING, ACTIONS, PARTICIPANTS):
            self.refresh_rows()

    def refresh_rows(self) -> None:
        sessions = self.filtered()
        self.query_one("#sessions-title", Static).update(
            t("mentoring.title", count=len(self.desk.mentoring.list()))
        )
        table = self.query_one("#sessions-table", DataTable)
        selected = self.selected_id()
        table.clear()
        for s in sessions:
            table.add_row(*plain(*self._cells(s)), key=s.id)
        if selected and selected in {s.id for s in sessions}:
            table.move_cursor(row=table.get_row_index(selected))

    def _cells(self, s: MentoringSession) -> tuple[str, ...]:
        minutes = str(s.elapsed_seconds() // 60)
        if s.running:
            minutes = f"● {minutes}"
        when = s.day
        day_text = day_label(when) if isinstance(when, date) else ""
        return (
            f"{day_text} {s.started_at[11:16]}",
            self.desk.mentoring.names(s.producer_ids),
            ", ".join(s.products),
            self.desk.mentoring.names(s.mentor_ids),
            minutes,
            str(len(self.desk.mentoring.actions(s.id, open_only=True)) or ""),
            ", ".join([*(topic_label(x) for x in s.topics), *s.standards]),
        )

    def selected_id(self) -> str | None:
        table = self.query_one("#sessions-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value else None

    @on(Input.Changed, "#sessions-filter-person")
    @on(Select.Changed)
    def _filter(self) -> None:
        self.refresh_rows()

    @on(DataTable.RowSelected, "#sessions-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open_session(str(event.row_key.value))

    # -- actions ------------------------------------------------------------------------------

    def open_session(self, session_id: str) -> None:
        self.post_message(OpenSession(session_id))

    def action_new_session(self) -> None:
        self.app.push_screen(NewSessionScreen(self.desk), self._start)

    def _start(self, picked: tuple[str, str] | None) -> None:
        if picked is None:
            return
        producer_id, mentor_id = picked
        session = self.desk.mentoring.start_session([producer_id], [mentor_id], [])
        self.notify(
            t(
                "mentoring.started",
                producer=self.desk.mentoring.names([producer_id]),
                mentor=self.desk.mentoring.names([mentor_id]),
            ),
            markup=False,
        )
        self.open_session(session.id)

    def action_producer_view(self) -> None:
        sid = self.selected_id()
        session = self.desk.mentoring.get(sid) if sid else None
        if session and session.producer_ids:
            self.post_message(OpenProducerPlan(session.producer_ids[0]))

    def action_focus_filter(self) -> None:
        self.query_one("#sessions-filter-person", Input).focus()
