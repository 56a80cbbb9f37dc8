"""The participants screen: everyone on the roster in one table, with instant search.

Corrections happen here: Enter (or Ctrl+E) on a row opens the person in a form, Delete asks
before taking them off the roster, Ctrl+O imports a roster file with the same preview as
`roster import --dry-run`. Each goes through the desk's roster service, and the table learns of
the result the way it learns of a sync from another desk: through `desk_changed`. A correction
redraws only that person's row; an addition or a removal renumbers everyone after it, so it
redraws the table. The numbers are roster numbers, the same `roster list` prints and REF takes.
"""

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
from facilitator.roster.service import ParticipantEdit
from facilitator.screens.area import AreaScreen
from facilitator.screens.messages import ChooseBadges, PrintBadge, ShowQr
from facilitator.screens.roster.confirm_remove import ConfirmRemove
from facilitator.screens.roster.import_dialog import ImportDialog, Imported
from facilitator.screens.roster.person_form import PersonForm
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.screens.widgets.plain import plain

COLUMNS = (
    "col.no",
    "col.code",
    "col.name",
    "roster_edit.col.position",
    "col.role",
    "col.affiliation",
    "col.district",
    "col.phone",
)


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
        Binding(
            "ctrl+e",
            "edit",
            "roster_edit.key.edit",
            id="participants.edit",
            tooltip="roster_edit.key.edit_tip",
        ),
        Binding(
            "delete",
            "remove",
            "roster_edit.key.remove",
            id="participants.remove",
            tooltip="roster_edit.key.remove_tip",
        ),
        Binding(
            "ctrl+o",
            "import",
            "roster_edit.key.import",
            id="participants.import",
            tooltip="roster_edit.key.import_tip",
            priority=True,
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
        table = self.table
        for key in COLUMNS:
            table.add_column(t(key), key=key)
        self.refresh_rows()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#participants-table", DataTable)

    @property
    def query_text(self) -> str:
        return self.query_one("#participants-search", Input).value

    def on_screen_resume(self) -> None:
        self.refresh_rows(self.query_text)

    def desk_changed(self, change: DeskChange) -> None:
        """Someone added, corrected or removed (here, by an import or on another desk)."""
        if not (self.is_mounted and change.touches(PARTICIPANTS)):
            return
        ids = change.ids(PARTICIPANTS)
        directory = self.desk.participants
        shown = {str(key.value) for key in self.table.rows}
        corrected = [pid for pid in ids if pid in shown and pid in directory]
        if len(corrected) == len(ids) and not self.query_text.strip():
            for pid in corrected:  # a correction: that row only, the numbers stay
                self._update_row(pid)
        elif self.screen_is_shown():
            self.refresh_rows(self.query_text)
        # else: another area is in front; `on_screen_resume` redraws when this one returns

    def screen_is_shown(self) -> bool:
        """This screen is in front, or under one of its own dialogs."""
        return self in self.app.screen_stack  # the stack of the mode in front

    def refresh_rows(self, query: str = "") -> None:
        """Show everyone, or the people matching `query`, each with their roster number."""
        directory = self.desk.participants
        people = directory.search(query, limit=500) if query.strip() else directory.all()
        self.query_one("#participants-title", Static).update(
            t("participants.title", count=len(directory))
        )
        table = self.table
        cursor = table.cursor_row
        table.clear()
        for p in people:
            table.add_row(*plain(*self._cells(p)), key=p.id)
        if people:
            table.move_cursor(row=min(cursor, len(people) - 1))

    def _update_row(self, participant_id: str) -> None:
        person = self.desk.participants.get(participant_id)
        if person is None:
            return
        for column, value in zip(COLUMNS, self._cells(person), strict=True):
            self.table.update_cell(participant_id, column, *plain(value))

    def _cells(self, p: Participant) -> tuple[str, ...]:
        return (
            str(self.desk.participants.number(p.id) or ""),
            self.desk.event.code_for(p.id),
            p.display_name,
            p.position,
            role_label(p.role),
            p.affiliation,
            p.district,
            p.phone,
        )

    @on(Input.Changed, "#participants-search")
    def _search(self, event: Input.Changed) -> None:
        self.refresh_rows(event.value)

    @on(Input.Submitted, "#participants-search")
    def _to_table(self, event: Input.Submitted) -> None:
        """Enter in the search box goes to the results, where Enter corrects a person."""
        event.stop()
        self.table.focus()

    def action_focus_search(self) -> None:
        self.query_one("#participants-search", Input).focus()

    def selected(self) -> Participant | None:
        """The person on the table's highlighted row, if any."""
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.desk.participants.get(key or "")

    # -- correcting, removing, importing ---------------------------------------------------

    @on(DataTable.RowSelected, "#participants-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        if (person := self.selected()) is None:
            self.notify(t("badges.no_selection"), severity="warning")
            return
        self.app.push_screen(PersonForm(self.desk, person), self._edited)

    def _edited(self, edit: ParticipantEdit | None) -> None:
        if edit is not None and edit.changed:
            changes = ", ".join(c.describe() for c in edit.changes)
            self.notify(
                t("roster_edit.notify.edited", name=edit.after.display_name, changes=changes)
            )
        self.table.focus()

    def action_remove(self) -> None:
        if (person := self.selected()) is None:
            self.notify(t("badges.no_selection"), severity="warning")
            return
        roster = self.desk.participants
        kept = self.desk.checkins.sessions_count(person.id)
        question = ConfirmRemove(person, roster.number(person.id), kept)
        self.app.push_screen(question, lambda yes: self._remove(person, yes))

    def _remove(self, person: Participant, confirmed: bool | None) -> None:
        if confirmed:
            removal = self.desk.participants.remove(person.id)
            self.notify(
                t(
                    "roster_edit.notify.removed",
                    name=removal.person.display_name,
                    count=removal.checkins_kept,
                )
            )
        self.table.focus()

    def action_import(self) -> None:
        self.app.push_screen(ImportDialog(self.desk), self._imported)

    def _imported(self, done: Imported | None) -> None:
        if done is not None:
            self.notify(
                t(
                    "roster_edit.notify.imported",
                    file=done.path.name,
                    new=done.new,
                    updated=done.updated,
                )
            )

    # -- badges ----------------------------------------------------------------------------

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
