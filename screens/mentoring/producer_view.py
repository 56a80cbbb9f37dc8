"""One producer's development plan: attendance, every session's notes, open and done actions.

What a mentor or the district office asks at the end of day two: "what did we tell this group,
and what have they promised to do?" — on one screen, from the same service the reports use.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from facilitator.desk import Desk, DeskChange
from facilitator.i18n import t
from facilitator.labels import day_label
from facilitator.mentoring.service import ProducerPlan, topic_label
from facilitator.models import ACTIONS, CHECKINS, MENTORING, NOTE_VERSIONS, PARTICIPANTS
from facilitator.screens.area import AreaScreen
from facilitator.screens.messages import OpenSession
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.screens.widgets.plain import plain


def first_line(text: str, width: int = 60) -> str:
    line = next((x for x in text.splitlines() if x.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


class ProducerViewScreen(AreaScreen):
    """Everything about one producer, read-only; Enter on a session opens its notes."""

    CSS = stylesheet(__file__, "mentoring.tcss")

    BINDINGS = [
        Binding("escape", "back", "mentoring.back", id="producer.back", tooltip="mentoring.back"),
    ]

    def __init__(self, desk: Desk, producer_id: str) -> None:
        super().__init__(desk)
        self.producer_id = producer_id

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="producer-body"):
            yield Static(id="producer-title", markup=False)
            yield Static(id="producer-product", markup=False)
            yield Label(t("mentoring.attendance"), classes="producer-section", markup=False)
            yield Static(id="producer-attendance", markup=False)
            yield Label(t("mentoring.sessions_of"), classes="producer-section", markup=False)
            yield DataTable(id="producer-sessions", cursor_type="row")
            yield Label(t("mentoring.open_actions"), classes="producer-section", markup=False)
            yield DataTable(id="producer-open", cursor_type="row")
            yield Label(t("mentoring.done_actions"), classes="producer-section", markup=False)
            yield DataTable(id="producer-done", cursor_type="row")
        yield from self.bottom()

    def on_mount(self) -> None:
        self.query_one("#producer-sessions", DataTable).add_columns(
            t("mentoring.col.time"),
            t("mentoring.col.mentor"),
            t("mentoring.col.topics"),
            t("mentoring.field.problems"),
            t("mentoring.field.advice"),
        )
        for table_id in ("#producer-open", "#producer-done"):
            self.query_one(table_id, DataTable).add_columns(
                t("mentoring.col.text"), t("mentoring.col.owner"), t("mentoring.col.due")
            )
        self.refresh_plan()

    def on_screen_resume(self) -> None:
        self.refresh_plan()

    def desk_changed(self, change: DeskChange) -> None:
        """Sessions, actions or people changed here or on another desk."""
        if self.is_current and change.touches(
            MENTORING, ACTIONS, NOTE_VERSIONS, CHECKINS, PARTICIPANTS
        ):
            self.refresh_plan()

    def refresh_plan(self) -> None:
        m = self.desk.mentoring
        plan: ProducerPlan = m.producer_plan(self.producer_id)
        p = plan.producer
        name = p.display_name if p else self.producer_id
        self.query_one("#producer-title", Static).update(t("mentoring.plan_title", name=name))
        follow_ups = ""
        if plan.follow_ups:
            dates = ", ".join(day_label(date.fromisoformat(d)) for d in plan.follow_ups)
            follow_ups = " · " + t("mentoring.follow_up_on", dates=dates)
        self.query_one("#producer-product", Static).update(
            t(
                "mentoring.plan_product",
                product=(p.product if p else "") or "-",
                stars=(p.star_level if p else None) or "-",
                target=plan.target_stars or "-",
            )
            + follow_ups
        )
        attendance = [
            f"{c.at:%Y-%m-%d %H:%M}  {c.session_id}" for c in plan.attendance if hasattr(c, "at")
        ]
        self.query_one("#producer-attendance", Static).update(
            "\n".join(attendance) or t("mentoring.no_attendance")
        )
        sessions = self.query_one("#producer-sessions", DataTable)
        sessions.clear()
        for s in plan.sessions:
            when = f"{day_label(s.day)} {s.started_at[11:16]}" if s.day else ""
            sessions.add_row(
                *plain(
                    when,
                    self.desk.mentoring.names(s.mentor_ids),
                    ", ".join(topic_label(x) for x in s.topics),
                    first_line(m.current_text(s.id, "problems")),
                    first_line(m.current_text(s.id, "advice")),
                ),
                key=s.id,
            )
        for table_id, items in (
            ("#producer-open", plan.open_actions),
            ("#producer-done", plan.done_actions),
        ):
            table = self.query_one(table_id, DataTable)
            table.clear()
            for a in items:
                due = day_label(a.due_date) if a.due_date else ""
                table.add_row(*plain(a.text, m.owner_label(a.owner), due), key=a.id)

    @on(DataTable.RowSelected, "#producer-sessions")
    def _open(self, event: DataTable.RowSelected) -> None:

        if event.row_key.value:
            self.post_message(OpenSession(str(event.row_key.value)))

    @on(DataTable.RowSelected, "#producer-open")
    @on(DataTable.RowSelected, "#producer-done")
    def _toggle(self, event: DataTable.RowSelected) -> None:
        action_id = str(event.row_key.value)
        done = event.data_table.id == "producer-open"
        self.desk.mentoring.set_action_done(action_id, done)
        self.refresh_plan()

    def action_back(self) -> None:
        self.app.pop_screen()
