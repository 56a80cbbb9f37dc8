"""The participants screen: everyone on the roster in one table, with instant search."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from facilitator.desk import Desk, DeskChange
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.models import PARTICIPANTS, Participant
from facilitator.screens.area import AreaScreen
from facilitator.screens.messages import ChooseBadges, PrintBadge, ShowQr
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.screens.widgets.plain import plain


class ParticipantsScreen(AreaScreen):
    """A table of everyone; typing in the search box filters it from the first keystroke."""

    CSS = stylesheet(__file__, "participants.tcss")

    BINDINGS = [
        Binding(
            "ctrl+f",
            "focus_search",
            "participants.key.search",
            id="participants.search",
            tooltip="participants.key.search_tip",
        ),
        Binding("ctrl+b", "badge", "badges.key.one", tooltip="badges.key.one_tip"),
        Binding("ctrl+r", "show_qr", "badges.key.qr", tooltip="badges.key.qr_tip"),
        Binding("ctrl+g", "badges", "badges.key.many", tooltip="badges.key.many_tip"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Vertical(id="participants-body"):
            yield Static(id="participants-title", markup=False)
            yield Input(placeholder=t("participants.search"), id="participants-search")
            yield DataTable(id="participants-table", cursor_type="row", zebra_stripes=True)
        yield from self.bottom()

    def on_mount(self) -> None:
        table = self.query_one("#participants-table", DataTable)
        for key in (
            "col.no",
            "col.code",
            "col.name",
            "col.role",
            "col.affiliation",
            "col.district",
            "col.phone",
        ):
            table.add_column(t(key), key=key)
        self.refresh_rows()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def desk_changed(self, change: DeskChange) -> None:
        """Someone added, corrected or removed (here, by an import or on another desk)."""
        if self.is_current and change.touches(PARTICIPANTS):
            self.refresh_rows(self.query_one("#participants-search", Input).value)

    def refresh_rows(self, query: str = "") -> None:
        """Show everyone, or the people matching `query`."""
        directory = self.desk.participants
        people = directory.search(query, limit=500) if query.strip() else directory.all()
        self.query_one("#participants-title", Static).update(
            t("participants.title", count=len(directory))
        )
        table = self.query_one("#participants-table", DataTable)
        table.clear()
        event = self.desk.event
        for n, p in enumerate(people, start=1):
            table.add_row(*plain(*self._cells(n, p, event.code_for(p.id))), key=p.id)

    @staticmethod
    def _cells(n: int, p: Participant, code: str) -> tuple[str, ...]:
        return (
            str(n),
            code,
            p.display_name,
            role_label(p.role),
            p.affiliation,
            p.district,
            p.phone,
        )

    @on(Input.Changed, "#participants-search")
    def _search(self, event: Input.Changed) -> None:
        self.refresh_rows(event.value)

    def action_focus_search(self) -> None:
        self.query_one("#participants-search", Input).focus()

    def selected(self) -> Participant | None:
        """The person on the table's highlighted row, if any."""
        table = self.query_one("#participants-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.desk.participants.get(key or "")

    def action_badge(self) -> None:
        if (person := self.selected()) is None:
            self.notify(t("badges.no_selection"), severity="warning", markup=False)
        else:
            self.post_message(PrintBadge(person))

    def action_show_qr(self) -> None:
        if (person := self.selected()) is None:
            self.notify(t("badges.no_selection"), severity="warning", markup=False)
        else:
            self.post_message(ShowQr(person))

    def action_badges(self) -> None:
        self.post_message(ChooseBadges())
