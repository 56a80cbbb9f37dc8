"""The session editor: the facilitator types notes while the mentor talks; nothing may be lost.

Each text field saves by itself 1.5 s after typing stops, and again whenever the screen is left,
suspended or unmounted (the app closing unmounts every screen), so a crash or a power cut loses
at most the last couple of seconds. Each save is a new version naming the version the text was
loaded from: if another desk's version of the same field arrives meanwhile, both are kept as
two heads, shown together, until someone keeps them merged (Ctrl+G).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from facilitator.desk import Desk, DeskChange
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.labels import day_label, typed_date
from facilitator.mentoring.notes import NOTE_FIELDS
from facilitator.mentoring.service import (
    STANDARDS,
    TOPICS,
    ActionItem,
    MentoringSession,
    parse_due,
    topic_label,
)
from facilitator.models import ACTIONS, MENTORING, NOTE_VERSIONS, Participant, check_star_level
from facilitator.screens.area import AreaScreen
from facilitator.screens.keys import localise
from facilitator.screens.messages import OpenProducerPlan
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.screens.widgets.person_dialog import PersonDialog
from facilitator.screens.widgets.plain import plain

AUTOSAVE_SECONDS = 1.5
STANDARD_PREFIX = "std:"
ACTION_COLUMNS = (
    "mentoring.col.done",
    "mentoring.col.due",
    "mentoring.col.owner",
    "mentoring.col.text",
)


def clock_text(seconds: int) -> str:
    """Elapsed time as H:MM:SS (a session rarely runs an hour, but one may)."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


AddAction = Callable[[str, str, str], ActionItem]
"""Records an action from its text, owner and due date (raises UserError saying why not)."""


class ActionDialog(ModalScreen[ActionItem | None]):
    """Quick-add of one action: text, owner, due date; Enter in the last box adds it.

    The dialog records the action itself (through `add`) and closes only once it is saved:
    an owner that matches several people, or a date it cannot read, is said inside it with
    everything typed still there, instead of closing on a notice and losing the text.
    """

    CSS = stylesheet(__file__, "mentoring.tcss")

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "mentoring.pick_cancel",
            id="editor.action_cancel",
            tooltip="mentoring.pick_cancel_tip",
        ),
    ]

    def __init__(self, today: date, add: AddAction, owner: str = "", due: str = "") -> None:
        super().__init__()
        localise(self)
        self.today, self.owner, self.due = today, owner, due
        self._add = add

    def compose(self) -> ComposeResult:
        with Vertical(id="action-dialog"):
            yield Label(t("mentoring.add_action"), id="action-dialog-title", markup=False)
            yield Input(placeholder=t("mentoring.action_text"), id="action-text")
            yield Input(self.owner, placeholder=t("mentoring.action_owner"), id="action-owner")
            yield Input(self.due, placeholder=t("mentoring.action_due"), id="action-due")
            yield Static(id="action-error", markup=False)
            yield Button(t("mentoring.action_ok"), id="action-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "action-due":
            self._done()
        else:
            self.focus_next()

    @on(Button.Pressed, "#action-ok")
    def _done(self) -> None:
        text = self.query_one("#action-text", Input).value.strip()
        if not text:
            self.query_one("#action-text", Input).focus()
            return
        owner = self.query_one("#action-owner", Input)
        try:
            due = parse_due(self.query_one("#action-due", Input).value, self.today)
        except UserError as exc:
            self.query_one("#action-error", Static).update(str(exc))
            self.query_one("#action-due", Input).focus()
            return
        try:
            item = self._add(text, owner.value.strip(), due)
        except UserError as exc:
            self.query_one("#action-error", Static).update(str(exc))
            owner.focus()
            return
        self.dismiss(item)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HistoryDialog(ModalScreen[None]):
    """Every saved version of one field: when, which desk; the chosen one's full text below."""

    CSS = stylesheet(__file__, "mentoring.tcss")

    BINDINGS = [
        Binding(
            "escape",
            "close",
            "mentoring.back",
            id="editor.history_close",
            tooltip="mentoring.back_tip",
        ),
    ]

    def __init__(self, desk: Desk, session_id: str, field_name: str) -> None:
        super().__init__()
        localise(self)
        self.versions = desk.mentoring.history(session_id, field_name)
        self.heads = {v.id for v in desk.mentoring.heads(session_id, field_name)}
        self.field_name = field_name

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog"):
            yield Label(t("mentoring.history_title", field=t(f"mentoring.field.{self.field_name}")))
            yield DataTable(id="history-table", cursor_type="row")
            with VerticalScroll(id="history-text-box"):
                yield Static(id="history-text", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            t("mentoring.col.time"), t("mentoring.col.desk"), t("mentoring.col.chars"), ""
        )
        for v in reversed(self.versions):
            head = "●" if v.id in self.heads else ""
            table.add_row(
                *plain(v.at.replace("T", " "), v.station, str(len(v.text)), head), key=v.id
            )
        table.focus()
        if self.versions:
            self._show(self.versions[-1].id)

    @on(DataTable.RowHighlighted)
    def _highlight(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self._show(str(event.row_key.value))

    def _show(self, version_id: str) -> None:
        text = next((v.text for v in self.versions if v.id == version_id), "")
        self.query_one("#history-text", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)


class AddPersonDialog(PersonDialog[Participant]):
    """Find one more producer or mentor for this session (the same search as check-in)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk, t("mentoring.add_person_prompt"))


class SessionEditorScreen(AreaScreen):
    """One session: who, the running timer, the three note fields, topics and actions."""

    CSS = stylesheet(__file__, "mentoring.tcss")

    BINDINGS = [
        Binding("escape", "back", "mentoring.back", id="editor.back", tooltip="mentoring.back_tip"),
        Binding("ctrl+s", "save", "mentoring.save", id="editor.save", tooltip="mentoring.save_tip"),
        Binding(
            "ctrl+n",
            "add_action",
            "mentoring.add_action",
            id="editor.add_action",
            tooltip="mentoring.add_action_tip",
        ),
        Binding("ctrl+l", "end", "mentoring.end", id="editor.end", tooltip="mentoring.end_tip"),
        Binding(
            "ctrl+g",
            "merge",
            "mentoring.merge",
            id="editor.merge",
            tooltip="mentoring.merge_tip",
        ),
        Binding(
            "ctrl+r",
            "history",
            "mentoring.history",
            id="editor.history",
            tooltip="mentoring.history_tip",
        ),
        Binding(
            "ctrl+b",  # ctrl+e is the TextArea's end-of-line
            "add_person",
            "mentoring.add_person",
            id="editor.add_person",
            tooltip="mentoring.add_person_tip",
        ),
        Binding(
            "ctrl+o",
            "producer_view",
            "mentoring.producer_view",
            id="editor.producer_view",
            tooltip="mentoring.producer_view_tip",
        ),
    ]

    elapsed: reactive[int] = reactive(0)

    def __init__(self, desk: Desk, session_id: str) -> None:
        super().__init__(desk)
        self.session_id = session_id
        self.session: MentoringSession = desk.mentoring.find(session_id)
        self._base: dict[str, list[str]] = {}
        self._actions: dict[str, ActionItem] = {}
        self._saved: dict[str, str] = {}
        self._typed: dict[str, str] = {}
        self._save_timer: Timer | None = None
        self._last_field = NOTE_FIELDS[0]

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        s = self.session
        yield DeskHeader()
        with Horizontal(id="editor-top"):
            yield Static(self._who(), id="editor-who", markup=False)
            yield Static(id="editor-elapsed", markup=False)
            yield Static(id="editor-saved", markup=False)
        yield Static(id="editor-conflict", markup=False)
        with Horizontal(id="editor-body"):
            with Vertical(id="editor-notes"):
                for f in NOTE_FIELDS:
                    yield Label(t(f"mentoring.field.{f}"), classes="note-label", markup=False)
                    yield TextArea(id=f"note-{f}", classes="note-text", soft_wrap=True)
            with Vertical(id="editor-side"):
                yield Label(t("mentoring.topics"), classes="side-label", markup=False)
                selections = [Selection(topic_label(x), x, x in s.topics) for x in TOPICS]
                selections += [
                    Selection(f"  {x}", STANDARD_PREFIX + x, x in s.standards) for x in STANDARDS
                ]
                yield SelectionList[str](*selections, id="editor-topics")
                with Horizontal(id="editor-meta"):
                    yield Input(
                        typed_date(s.follow_up),
                        placeholder=t("mentoring.follow_up"),
                        id="editor-follow-up",
                    )
                    yield Input(
                        str(s.target_stars or ""),
                        placeholder=t("mentoring.target_stars"),
                        id="editor-target",
                    )
                yield Static(id="editor-meta-error", markup=False)
                yield Label(t("mentoring.actions"), classes="side-label", markup=False)
                yield DataTable(id="editor-actions", cursor_type="row")
                yield Static(id="editor-action-text", markup=False)
        yield from self.bottom()

    def _who(self) -> str:
        s = self.session
        producers = self.desk.mentoring.names(s.producer_ids)
        mentors = self.desk.mentoring.names(s.mentor_ids)
        product = f" · {', '.join(s.products)}" if s.products else ""
        return f"{producers}{product}\n{t('mentoring.with', mentors=mentors)}"

    def on_mount(self) -> None:
        table = self.query_one("#editor-actions", DataTable)
        for key in ACTION_COLUMNS:
            table.add_column(t(key), key=key)
        self.load_notes()
        self.refresh_actions()
        self._tick()
        self.set_interval(1, self._tick)
        self.query_one(f"#note-{NOTE_FIELDS[0]}", TextArea).focus()

    # -- notes: loading, typing, saving -----------------------------------------------------

    def load_notes(self, fields: tuple[str, ...] = NOTE_FIELDS) -> None:
        """Put the current text of each field in its box and remember which versions it is."""
        m = self.desk.mentoring
        for f in fields:
            text = m.current_text(self.session_id, f)
            self._base[f] = [h.id for h in m.heads(self.session_id, f)]
            self._saved[f] = self._typed[f] = text
            area = self.query_one(f"#note-{f}", TextArea)
            if area.text != text:
                area.load_text(text)
        self.show_conflicts()

    def show_conflicts(self) -> None:
        conflicts = self.desk.mentoring.conflicts(self.session_id)
        banner = self.query_one("#editor-conflict", Static)
        banner.update(
            "\n".join(t("mentoring.conflict", field=t(f"mentoring.field.{f}")) for f in conflicts)
        )
        banner.display = bool(conflicts)
        for f in NOTE_FIELDS:
            self.query_one(f"#note-{f}", TextArea).set_class(f in conflicts, "-conflict")

    @on(TextArea.Changed, ".note-text")
    def _typed_text(self, event: TextArea.Changed) -> None:
        f = (event.text_area.id or "").removeprefix("note-")
        self._typed[f] = event.text_area.text
        self._last_field = f
        if self._typed[f] != self._saved.get(f, ""):
            self.query_one("#editor-saved", Static).update(t("mentoring.unsaved"))
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_timer = self.set_timer(AUTOSAVE_SECONDS, self.save_notes)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Remember the note field last typed in, for the history view."""
        widget_id = event.widget.id or ""
        if widget_id.startswith("note-"):
            self._last_field = widget_id.removeprefix("note-")

    def save_notes(self) -> int:
        """Save every field whose text changed since it was loaded or saved; returns how many.

        Works from the texts mirrored on each keystroke, not from the widgets, so it can still
        run while the screen is being torn down.
        """
        saved = 0
        for f in NOTE_FIELDS:
            text = self._typed.get(f)
            if text is None or text == self._saved.get(f):
                continue
            version = self.desk.mentoring.save_note(
                self.session_id, f, text, parent=list(self._base.get(f, []))
            )
            if version is not None:
                self._base[f] = [version.id]
                saved += 1
            self._saved[f] = text
        if saved and self.is_attached and not self._closing:
            with contextlib.suppress(NoMatches):
                self.query_one("#editor-saved", Static).update(
                    t("mentoring.saved", time=datetime.now().strftime("%H:%M:%S"))
                )
                self.show_conflicts()
        return saved

    def desk_changed(self, change: DeskChange) -> None:
        """A version saved on another desk, an action ticked elsewhere: show it here."""
        if change.touches(NOTE_VERSIONS):
            self._check_remote()
        if change.touches(ACTIONS):
            self.refresh_actions()
        if self.session_id in change.ids(MENTORING):
            self.session = self.desk.mentoring.get(self.session_id) or self.session

    def _check_remote(self) -> None:
        """Show versions that arrived from other desks, for fields with no unsaved typing."""
        m = self.desk.mentoring
        stale = tuple(
            f
            for f in NOTE_FIELDS
            if self._typed.get(f) == self._saved.get(f)
            and [h.id for h in m.heads(self.session_id, f)] != self._base.get(f)
        )
        if stale:
            self.load_notes(stale)

    def on_screen_suspend(self) -> None:
        self.save_notes()

    def on_unmount(self) -> None:
        self.save_notes()

    # -- the timer ----------------------------------------------------------------------------

    def _tick(self) -> None:
        self.elapsed = self.session.elapsed_seconds()

    def watch_elapsed(self, seconds: int) -> None:
        s = self.session
        if s.ended_at:
            text = t("mentoring.ended", time=clock_text(seconds))
        else:
            text = "● " + t("mentoring.elapsed", time=clock_text(seconds))
        when = s.day
        prefix = f"{day_label(when)} {s.started_at[11:16]}  " if when else ""
        self.query_one("#editor-elapsed", Static).update(prefix + text)

    # -- topics, follow-up, target ----------------------------------------------------------

    @on(SelectionList.SelectedChanged, "#editor-topics")
    def _topics(self, event: SelectionList.SelectedChanged) -> None:
        chosen = list(event.selection_list.selected)
        topics = [x for x in TOPICS if x in chosen]
        standards = [x for x in STANDARDS if STANDARD_PREFIX + x in chosen]
        if topics != self.session.topics or standards != self.session.standards:
            self._update(topics=topics, standards=standards)

    @on(Input.Changed, "#editor-follow-up")
    def _follow_up(self, event: Input.Changed) -> None:
        try:
            value = parse_due(event.value, self.desk.clock.now().date())
        except UserError as refused:
            # Half typed, or wrong: kept as typed, marked, and the last good date stays saved.
            self._meta_problem(event.input, str(refused))
            return
        self._meta_problem(event.input, None)
        if value != self.session.follow_up:
            self._update(follow_up=value)

    @on(Input.Blurred, "#editor-follow-up")
    def _follow_up_shown(self, event: Input.Blurred) -> None:
        """Leaving the field shows the saved date as the desk writes dates (BE in Thai)."""
        if not event.input.has_class("-invalid"):
            with event.input.prevent(Input.Changed):
                event.input.value = typed_date(self.session.follow_up)

    @on(Input.Changed, "#editor-target")
    def _target(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text and not (text.isdigit() and check_star_level(text)):
            self._meta_problem(event.input, t("mentoring.target_invalid", text=text))
            return
        self._meta_problem(event.input, None)
        value = int(text) if text else None
        if value != self.session.target_stars:
            self._update(target_stars=value)

    def _meta_problem(self, field: Input, problem: str | None) -> None:
        """Say under the follow-up and target fields what is wrong with one, or clear it."""
        field.set_class(problem is not None, "-invalid")
        line = self.query_one("#editor-meta-error", Static)
        if problem is not None:
            line.update(problem)
            line.add_class("-shown")
        elif not self.query("#editor-meta Input.-invalid"):
            line.update("")
            line.remove_class("-shown")

    def _update(self, **changes: object) -> None:
        try:
            self.session = self.desk.mentoring.update_session(self.session_id, **changes)
        except UserError as exc:
            self.notify(t("mentoring.error", error=exc), severity="error", markup=False)

    # -- actions ------------------------------------------------------------------------------

    def refresh_actions(self) -> None:
        table = self.query_one("#editor-actions", DataTable)
        table.clear()
        m = self.desk.mentoring
        self._actions = {a.id: a for a in m.actions(self.session_id)}
        for a in self._actions.values():
            table.add_row(*plain(*self._action_cells(a)), key=a.id)
        self._show_action(next(iter(self._actions), None))

    @on(DataTable.RowHighlighted, "#editor-actions")
    def _action_reached(self, event: DataTable.RowHighlighted) -> None:
        self._show_action(str(event.row_key.value) if event.row_key.value else None)

    def _show_action(self, action_id: str | None) -> None:
        """The action under the cursor in full, under the table: the side panel's text
        column runs off after a few words, and an action is read back to the producer."""
        a = self._actions.get(action_id) if action_id else None
        line = self.query_one("#editor-action-text", Static)
        if a is None:
            line.update("")
            return
        owner = self.desk.mentoring.owner_label(a.owner)
        due = day_label(a.due_date) if a.due_date else ""
        line.update(" · ".join(x for x in (a.text, owner, due) if x))

    def _action_cells(self, a: ActionItem) -> tuple[str, ...]:
        """Narrow cells for the side panel: the text comes last, where it may run off."""
        due = a.due_date
        due_text = " ".join(day_label(due).split()[:2]) if due else ""
        person = self.desk.participants.get(a.owner)
        owner = person.first_name if person else a.owner[:14]
        return ("✓" if a.done else "·", due_text, owner, a.text)

    def action_add_action(self) -> None:
        producer = self.session.producer_ids[0] if self.session.producer_ids else ""
        owner = self.desk.mentoring.owner_label(producer)
        today = self.desk.clock.now().date()
        due = typed_date(self.session.follow_up)
        self.app.push_screen(ActionDialog(today, self._record_action, owner, due), self._added)

    def _record_action(self, text: str, owner: str, due: str) -> ActionItem:
        return self.desk.mentoring.add_action(self.session_id, text, owner, due or None)

    def _added(self, item: ActionItem | None) -> None:
        if item is None:
            return
        self.refresh_actions()
        self.notify(t("mentoring.action_added", text=item.text), markup=False)

    @on(DataTable.RowSelected, "#editor-actions")
    def _toggle_done(self, event: DataTable.RowSelected) -> None:
        action_id = str(event.row_key.value)
        current = next(
            (a for a in self.desk.mentoring.actions(self.session_id) if a.id == action_id), None
        )
        if current is not None:
            self.desk.mentoring.set_action_done(action_id, not current.done)
            self.refresh_actions()
            table = self.query_one("#editor-actions", DataTable)
            table.move_cursor(row=table.get_row_index(action_id))

    # -- other keys ---------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save_notes()

    def action_back(self) -> None:
        self.save_notes()
        self.app.pop_screen()

    def action_end(self) -> None:
        self.save_notes()
        self.session = self.desk.mentoring.end_session(self.session_id)
        self._tick()

    def action_merge(self) -> None:
        self.save_notes()
        m = self.desk.mentoring
        for f in m.conflicts(self.session_id):
            m.merge_heads(self.session_id, f)
            self.notify(t("mentoring.merged", field=t(f"mentoring.field.{f}")), markup=False)
        self.load_notes()

    def action_history(self) -> None:
        self.save_notes()
        focused = self.focused
        field_name = self._last_field
        if isinstance(focused, TextArea) and focused.id and focused.id.startswith("note-"):
            field_name = focused.id.removeprefix("note-")
        self.app.push_screen(HistoryDialog(self.desk, self.session_id, field_name))

    def action_add_person(self) -> None:
        self.app.push_screen(AddPersonDialog(self.desk), self._person_added)

    def _person_added(self, person: Participant | None) -> None:
        if person is None:
            return
        try:
            self.session = self.desk.mentoring.add_person(self.session_id, person.id)
        except UserError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.query_one("#editor-who", Static).update(self._who())

    def action_producer_view(self) -> None:

        self.save_notes()
        if self.session.producer_ids:
            self.post_message(OpenProducerPlan(self.session.producer_ids[0]))
