"""The participants screen: everyone on the roster in one table, with instant search.

Corrections happen here: Enter (or Ctrl+E) on a row opens the person in a form, Delete asks
before taking them off the roster, Ctrl+O imports a roster file with the same preview as
`roster import --dry-run`. Each goes through the desk's roster service, and the table learns of
the result the way it learns of a sync from another desk: through `desk_changed`. The numbers
are roster numbers, the same `roster list` prints and REF takes.

At a 20,000-person fair the table cannot hold everyone: filling it took twenty seconds, and a
keystroke that emptied and refilled it took most of one. So it holds the first
`ROWS_AT_A_TIME` people of the list (everyone, or whom the search found), a line under it says
how many there are in all, and the cursor going down past the last row brings the next ones.
A keystroke or a change redraws only what differs from the rows on screen: the rows that stay
where they were are kept (a correction redraws that person's changed cells), and the rows
after the first difference are replaced, and the table draws its text cells itself
(`PlainTable`): DataTable would draw every cell on screen again through Rich.
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
from facilitator.screens.widgets.confirm import ConfirmDialog
from facilitator.screens.widgets.plain import plain
from facilitator.screens.widgets.plain_table import PlainTable
from facilitator.screens.widgets.steady_input import SteadyInput

ROWS_AT_A_TIME = 60
"""People the table holds until the cursor reaches its last row: a tall terminal's worth."""
REMOVE_ONE_BY_ONE = 8
"""Past this many rows to take away, emptying the table and refilling it costs less (each
removal renumbers every row after it)."""

SEEN_AT_MOST = 5_000
"""Rows' cells kept between keystrokes, at most (then forgotten, and made again as needed)."""

COLUMNS = (  # the role beside the name: on an 80-column terminal it is still on screen
    "col.no",
    "col.code",
    "col.name",
    "col.role",
    "roster_edit.col.position",
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
        Binding(
            "ctrl+u",
            "undo_checkin",
            "participants.key.undo",
            id="participants.undo",
            tooltip="participants.key.undo_tip",
        ),
        Binding("ctrl+b", "badge", "badges.key.one", tooltip="badges.key.one_tip"),
        Binding("ctrl+r", "show_qr", "badges.key.qr", tooltip="badges.key.qr_tip"),
        Binding("ctrl+g", "badges", "badges.key.many", tooltip="badges.key.many_tip"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self._wanted = ROWS_AT_A_TIME
        self._total = 0
        self._shown: list[str] = []
        """The ids of the table's rows, in order (each is its row's key too)."""
        self._cells: dict[str, tuple[str, ...]] = {}
        """What each row shows, so that only the cells that change are redrawn."""
        self._seen: dict[str, tuple[str, ...]] = {}
        """The cells of people shown since the roster last changed: typing a name a letter
        at a time brings the same people back, and their badge code is a MAC to compute."""
        self._said: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Vertical(id="participants-body"):
            yield Static(id="participants-title", markup=False)
            yield SteadyInput(placeholder=t("participants.search"), id="participants-search")
            yield PlainTable(id="participants-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="participants-more", markup=False)
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

    @property
    def shown(self) -> list[str]:
        """The ids of the people on the table's rows, top first."""
        return list(self._shown)

    def on_screen_resume(self) -> None:
        self.refresh_rows(self.query_text, changed=True)

    def desk_changed(self, change: DeskChange) -> None:
        """Someone added, corrected or removed (here, by an import or on another desk)."""
        if not (self.is_mounted and change.touches(PARTICIPANTS)):
            return
        if self.screen_is_shown():
            self.refresh_rows(self.query_text, changed=True)
        # else: another area is in front; `on_screen_resume` redraws when this one returns

    def screen_is_shown(self) -> bool:
        """This screen is in front, or under one of its own dialogs."""
        return self in self.app.screen_stack  # the stack of the mode in front

    def refresh_rows(self, query: str = "", changed: bool = False) -> None:
        """Show the first people of everyone, or of those matching `query`, each with their
        roster number. `changed`: the roster changed, so a row that stays may read otherwise
        (a correction, or a number moved by an addition or a removal)."""
        directory = self.desk.participants
        if query.strip():
            found = directory.find(query, limit=self._wanted)
            people, self._total = list(found.people), found.total
        else:
            people, self._total = directory.first(self._wanted), len(directory)
        self._say("#participants-title", t("participants.title", count=len(directory)))
        self._show(people, changed)
        more = self._total > len(people)
        self.query_one("#participants-more", Static).display = more
        if more:
            self._say(
                "#participants-more", t("participants.more", shown=len(people), count=self._total)
            )

    def _say(self, selector: str, text: str) -> None:
        """Put `text` in a line, unless it is there already. The line is one row high
        whatever it says, so a new text needs no layout of the screen (only showing or
        hiding the line does, which `display` sees to)."""
        if self._said.get(selector) != text:
            self._said[selector] = text
            self.query_one(selector, Static).update(text, layout=False)

    def _show(self, people: list[Participant], changed: bool) -> None:
        """Make the table's rows these people, touching only what differs from now."""
        table = self.table
        if changed or len(self._seen) > SEEN_AT_MOST:
            self._seen = {}
        seen = self._seen
        cells = {p.id: seen.get(p.id) or self._cells_of(p) for p in people}
        seen.update(cells)
        wanted = list(cells)
        kept = 0
        for before, now in zip(self._shown, wanted, strict=False):
            if before != now:
                break
            kept += 1
        cursor = table.cursor_row
        if len(self._shown) - kept > REMOVE_ONE_BY_ONE:
            table.clear()
            kept = 0
        else:
            for pid in reversed(self._shown[kept:]):
                table.remove_row(pid)
        for pid in wanted[:kept]:
            if cells[pid] != self._cells[pid]:
                self._redraw(pid, self._cells[pid], cells[pid])
        for pid in wanted[kept:]:
            table.add_row(*plain(*cells[pid]), key=pid)
        self._shown, self._cells = wanted, cells
        if wanted and table.cursor_row != min(cursor, len(wanted) - 1):
            table.move_cursor(row=min(cursor, len(wanted) - 1))

    def _redraw(self, participant_id: str, before: tuple[str, ...], now: tuple[str, ...]) -> None:
        """Only the cells of this row that changed."""
        for column, old, new in zip(COLUMNS, before, now, strict=True):
            if old != new:
                self.table.update_cell(participant_id, column, *plain(new), update_width=True)

    @on(DataTable.RowHighlighted, "#participants-table")
    def _reached_row(self, event: DataTable.RowHighlighted) -> None:
        """On the last row held, when there are more, the next people come."""
        if event.cursor_row == len(self._shown) - 1 and self._total > len(self._shown):
            self._wanted = len(self._shown) + ROWS_AT_A_TIME
            self.refresh_rows(self.query_text)

    def _cells_of(self, p: Participant) -> tuple[str, ...]:
        return (
            str(self.desk.participants.number(p.id) or ""),
            self.desk.event.code_for(p.id),
            p.display_name,
            role_label(p.role),
            p.position,
            p.affiliation,
            p.district,
            p.phone,
        )

    @on(Input.Changed, "#participants-search")
    def _search(self, event: Input.Changed) -> None:
        self._wanted = ROWS_AT_A_TIME
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

    def action_undo_checkin(self) -> None:
        """Take back the selected person's check-in for the current session, whichever desk
        made it (Ctrl+Z at the door reaches only this desk's latest), after a question."""
        if (person := self.selected()) is None:
            self.notify(t("badges.no_selection"), severity="warning")
            return
        counted = self.desk.checkins.checked_in_now(person.id)
        if counted is None:
            self.notify(t("participants.not_in", name=person.display_name), markup=False)
            return
        question = t(
            "participants.undo_confirm", who=person.display_name, time=f"{counted.at:%H:%M}"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.desk.checkins.undo_for(person.id)
                self.notify(t("participants.undone", name=person.display_name), markup=False)
            self.table.focus()

        self.app.push_screen(ConfirmDialog(question, t("scan.undo_yes")), answered)

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
