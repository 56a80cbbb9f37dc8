"""The check-in desk: scan a badge, see a big green, amber or red answer, next please.

Why it is built this way:
- The scan field keeps the focus whatever happens, because a keyboard-wedge scanner types into
  whatever has it; anything that takes the focus away hands it back when it closes.
- Only `Input.Submitted` does work (see `ScanField` for why Enter is handled in the field), so a
  scanner's 20 keystrokes cost nothing until the code is whole.
- Answers are a banner the next scan replaces, never a dialog that would eat the next code.
- Scans the App catches elsewhere (in a dialog over this desk, in another area, in the search
  panel) reach the banner and the recent list through the App's `scan_taken` signal, so "the
  last scan" (for Ctrl+Z and Ctrl+R) is always the real last one.
- No single-letter keys: letters belong to the scanner. Actions are ctrl combinations and F9,
  which leaves the App's F-keys for switching areas.
- The running count ("มาแล้ว 39 / 50 · OTOP 15/20 …") is recounted when the desk says a
  check-in, a person or the event changed (`desk_changed`), here or synced in; never on a timer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, Static

from facilitator.checkin.service import Verdict
from facilitator.codes.participant_code import CODE_LENGTH
from facilitator.codes.scan_repair import repair_scan
from facilitator.desk import Desk, DeskChange
from facilitator.event import next_session_change
from facilitator.i18n import t
from facilitator.labels import describe_person, pick_label
from facilitator.models import CHECKINS, EVENT_TABLE, PARTICIPANTS, Participant, SessionSlot
from facilitator.screens.area import AreaScreen
from facilitator.screens.checkin.session_picker import SessionPicker
from facilitator.screens.checkin.walk_in import WalkIn, WalkInScreen
from facilitator.screens.messages import ShowQr
from facilitator.screens.sounds import sound_verdict
from facilitator.screens.styles import stylesheet
from facilitator.screens.textual_texts import DeskHeader
from facilitator.screens.widgets import PersonChosen, PersonSearch, ScanField, VerdictBanner
from facilitator.screens.widgets.confirm import ConfirmDialog

if TYPE_CHECKING:
    from textual.signal import Signal

    from facilitator.checkin.attendance import CheckIn
    from facilitator.checkin.service import ScanResult

HISTORY_LINES = 6
HISTORY_STYLES = {"green": "bold green", "amber": "bold yellow", "red": "bold red"}


class CheckInScreen(AreaScreen):
    """The mode the app opens on: scan field, verdict banner, search panel, recent scans."""

    CSS = stylesheet(__file__, "checkin.tcss")

    BINDINGS = [
        Binding(
            "ctrl+f",
            "toggle_search",
            "scan.key.search",
            id="checkin.search",
            tooltip="scan.key.search_tip",
            priority=True,
        ),
        Binding(
            "ctrl+n",
            "walk_in",
            "scan.key.walk_in",
            id="checkin.walk_in",
            tooltip="scan.key.walk_in_tip",
            priority=True,
        ),
        Binding(
            "ctrl+z",
            "undo",
            "scan.key.undo",
            id="checkin.undo",
            tooltip="scan.key.undo_tip",
            priority=True,
        ),
        Binding(
            "f9",
            "pick_session",
            "scan.key.session",
            id="checkin.session",
            tooltip="scan.key.session_tip",
            priority=True,
        ),
        Binding(
            "ctrl+r",
            "show_qr",
            "scan.key.qr",
            id="checkin.qr",
            tooltip="scan.key.qr_tip",
            priority=True,
        ),
    ]

    searching: reactive[bool] = reactive(False)
    """The search panel is open (and has the focus instead of the scan field)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.results: list[ScanResult] = []
        """Every verdict shown since the screen opened, oldest first."""
        self._last_person: Participant | None = None
        self._session_timer: Timer | None = None

    @property
    def double_reads(self) -> int:
        """How many repeated reads were dropped since the screen opened."""
        return self.desk.checkins.reads.count

    def clock(self) -> datetime:
        """The desk's time (a test's clock in tests)."""
        return self.desk.clock.now()

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("scan.window_blurred"), id="focus-warning", markup=False)
        yield ScanField(
            placeholder=t("scan.placeholder"),
            id="scan-field",
            complete=lambda raw: self.desk.checkins.is_valid_code(raw),  # no Enter sent
        )
        # Also in the header, but a long event name pushes it off an 80-column screen.
        yield Static(id="scan-session", markup=False)
        yield Static(id="scan-count", markup=False)
        yield Static(id="scan-hint", markup=False)
        yield VerdictBanner(id="banner")
        yield PersonSearch(
            self.desk.participants,
            note=self._here_note,
            placeholder=t("scan.search_placeholder"),
            no_match=t("roster_edit.search.no_match"),
            id="checkin-search",
        )
        yield Static(id="scan-history", markup=False)
        yield from self.bottom()

    @property
    def scan_field(self) -> ScanField:
        return self.query_one("#scan-field", ScanField)

    @property
    def banner(self) -> VerdictBanner:
        return self.query_one("#banner", VerdictBanner)

    @property
    def search(self) -> PersonSearch:
        return self.query_one("#checkin-search", PersonSearch)

    def on_mount(self) -> None:
        self.watch(self.app, "app_focus", self._window_focus_changed, init=True)
        session = self.show_session()
        if session is None:
            self.banner.show_no_session()
        else:
            self.banner.show_ready(session)
        self.scan_field.focus()
        scan_taken: Signal[ScanResult] | None = getattr(self.app, "scan_taken", None)
        if scan_taken is not None:
            scan_taken.subscribe(self, self._scan_taken)

    def on_screen_resume(self) -> None:
        """Back from a modal or another area: the scanner types here again."""
        self.show_session()
        self._focus_scan()

    def desk_changed(self, change: DeskChange) -> None:
        """A check-in (here or from another desk), a person or the event changed: recount."""
        if change.everything:  # the event finished opening: the whole roster to search
            self.search.directory = self.desk.participants
        if change.touches(CHECKINS, PARTICIPANTS, EVENT_TABLE):
            self.show_count()

    def show_count(self) -> None:
        """The running count for the session scans count for now, by role in short (while
        the event opens, that it is opening: the scans already work)."""
        if self.desk.loading:
            text = t("scan.opening")
        else:
            counts = self.desk.checkins.counts(self.clock())
            text = "" if counts.session is None else counts.in_short()
        self.query_one("#scan-count", Static).update(text)

    # -- focus: the scanner must always type into the scan field ---------------------------

    def _focus_scan(self) -> None:
        if not self.searching and self.is_current:
            self.scan_field.focus(scroll_visible=False)

    @on(events.DescendantFocus)
    def _keep_scan_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.scan_field:
            return
        if self.searching and self.search in event.widget.ancestors_with_self:
            return
        self.call_after_refresh(self._focus_scan)

    def on_click(self, event: events.Click) -> None:
        """A click anywhere but the search panel gives the scan field its focus back."""
        if event.widget is not None and self.search in event.widget.ancestors_with_self:
            return
        self._focus_scan()

    def _window_focus_changed(self, focused: bool) -> None:
        """The terminal window lost focus: a scan now types into some other window."""
        self.set_class(not focused, "-window-blurred")

    # -- the header: which session a check-in counts for -----------------------------------

    def show_session(self) -> SessionSlot | None:
        """Put the current session and how it was chosen in the sub-title; return it."""
        pick = self.desk.checkins.current_session(self.clock())
        # A hand-picked session already says so ("เลือกเอง: …"); the hand marks it at a glance.
        parts = [("✋ " if pick.reason == "override" else "") + pick_label(pick)]
        if pick.session is not None:
            parts.append(f"{pick.session.start:%H:%M}–{pick.session.end:%H:%M}")
        if pick.session is None and pick.reason != "override":
            parts.append("F9")
        self.sub_title = " · ".join(parts)
        self.query_one("#scan-session", Static).update(self.sub_title)
        self.show_count()
        self._wake_at_next_session_change()
        return pick.session

    def _wake_at_next_session_change(self) -> None:
        """The morning turns into the afternoon without anyone scanning: look again then."""
        if self._session_timer is not None:
            self._session_timer.stop()
        now = self.clock()
        change = next_session_change(self.desk.event, now)
        if change is not None:
            wait = max(1.0, (change - now).total_seconds() + 1)
            self._session_timer = self.set_timer(wait, self.show_session)

    # -- scanning --------------------------------------------------------------------------

    @on(Input.Submitted, "#scan-field")
    def _scanned(self, event: Input.Submitted) -> None:
        event.stop()
        self.take_scan(event.value)

    @on(ScanField.Partial, "#scan-field")
    def _partial(self, event: ScanField.Partial) -> None:
        """A burst stopped short of a whole, genuine code: say so (the field already let go of
        half a code; a forgery of full length stays for Enter to judge)."""
        event.stop()
        self._hint(t("room.scan.partial", count=len(repair_scan(event.value)), length=CODE_LENGTH))

    def take_scan(self, raw: str) -> None:
        """A code from the scan field, or a scanner burst caught in the search panel."""
        result = self.desk.checkins.scan_once(raw, now=self.clock())
        if result is None:
            self._hint(t("scan.double_read", code=repair_scan(raw)))
            return
        self.show_result(result)

    @property
    def shows_verdicts(self) -> bool:
        """Whether the banner is in sight; while the search panel covers it, the App shows a
        scan caught there as a toast instead (and tells this screen through `scan_taken`)."""
        return not self.searching

    def _scan_taken(self, result: ScanResult) -> None:
        """A scan the App caught elsewhere (a dialog over this desk, another area, the search
        panel) and already toasted and sounded: it is still the latest scan, so the banner,
        the recent list and Ctrl+Z follow it."""
        self._record(result)

    def show_result(self, result: ScanResult) -> None:
        """Paint a verdict, remember it, ring for red ones."""
        self._record(result)
        sound_verdict(self.app, self.desk, result)

    def _record(self, result: ScanResult) -> None:
        """Paint a verdict and remember it as the latest scan, without a sound."""
        self.results.append(result)
        self.banner.show_result(result, at=self.clock())
        self._hint("")
        if result.participant is not None:
            self._last_person = result.participant
        self._show_history()
        if result.session is None:
            return
        self.show_session()

    def _hint(self, text: str) -> None:
        self.query_one("#scan-hint", Static).update(text)

    def _show_history(self) -> None:
        lines = Text()
        for result in self.results[-HISTORY_LINES:][::-1]:
            who = _who(result)
            undone = result.checkin is not None and self.desk.checkins.is_voided(result.checkin.id)
            head = t("scan.head.undone" if undone else f"scan.head.{result.verdict}")
            style = "dim" if undone else HISTORY_STYLES[result.verdict.colour]
            lines.append(f"{head}  ", style=style)
            lines.append(f"{who}\n")
        history = self.query_one("#scan-history", Static)
        history.update(Text(t("scan.history") + "\n", style="dim") + lines)

    # -- actions ---------------------------------------------------------------------------

    def action_undo(self) -> None:
        """Take back this desk's last check-in (the wrong person was picked, a badge swapped).

        When that is the person on the banner, at once; when it is someone else (the last
        scan was an "already" or a red one, or a check-in made before a restart), only after
        a question that names them.
        """
        latest = self.desk.checkins.latest_own()
        if latest is None:
            self._hint(t("scan.nothing_to_undo"))
            return
        shown = self.results[-1].checkin if self.results else None
        if shown is not None and shown.id == latest.id:
            self._undo(latest)
            return
        who = describe_person(
            self.desk.participants.get(latest.participant_id), latest.participant_id
        )
        question = t("scan.undo_confirm", who=who, time=f"{latest.at:%H:%M}")
        self.app.push_screen(
            ConfirmDialog(question, t("scan.undo_yes")),
            lambda yes: self._undo(latest) if yes else None,
        )

    def _undo(self, checkin: CheckIn) -> None:
        undone = self.desk.checkins.void(checkin.id)
        person = self.desk.participants.get(undone.participant_id)
        self.banner.show_undone(undone, person, self.desk.event.session(undone.session_id))
        self.desk.checkins.reads.forget()  # scanning the same badge again right away is meant
        self._hint("")
        self._show_history()

    def action_pick_session(self) -> None:
        checkins = self.desk.checkins
        self.app.push_screen(
            SessionPicker(self.desk.event, checkins.session_override), self._session_picked
        )

    def _session_picked(self, chosen: str | None) -> None:
        if chosen is None:
            return
        self.desk.checkins.choose_session(chosen or None)
        self.banner.show_ready(self.show_session())

    def action_walk_in(self) -> None:
        self.app.push_screen(WalkInScreen(self.desk), self._walked_in)

    def _walked_in(self, done: WalkIn | None) -> None:
        if done is None:
            return
        self.show_result(done.result)
        self._show_qr(done.participant)

    def action_show_qr(self) -> None:
        if self._last_person is not None:
            self._show_qr(self._last_person)

    def _show_qr(self, person: Participant) -> None:
        self.post_message(ShowQr(person))

    # -- search check-in -------------------------------------------------------------------

    def action_toggle_search(self) -> None:
        self.searching = not self.searching

    def watch_searching(self, searching: bool) -> None:
        self.set_class(searching, "-searching")
        if searching:
            self.search.reset()
            self.search.focus_query()
        else:
            self._focus_scan()

    def _here_note(self, person: Participant) -> str:
        since = self.desk.checkins.here_since(person.id, self._today())
        return t("scan.here_since", time=f"{since:%H:%M}") if since else ""

    def _today(self) -> date:
        return self.clock().date()

    @on(PersonChosen, "#checkin-search")
    def _chosen(self, event: PersonChosen) -> None:
        event.stop()
        self.show_result(
            self.desk.checkins.check_in(event.participant.id, method="search", now=self.clock())
        )
        self.searching = False

    @on(PersonSearch.Cancelled, "#checkin-search")
    def _search_closed(self, event: PersonSearch.Cancelled) -> None:
        event.stop()
        self.searching = False


def _who(result: ScanResult) -> str:
    """Whom a line of the recent scans is about: the person, else the code as read, else (not a
    code at all) the text as it was typed: "hello world", not the "HELLOWORLD" a code reads."""
    if result.participant is not None:
        return result.participant.display_name
    if result.verdict is Verdict.NOT_A_CODE:
        return " ".join(result.raw.split())
    return result.cleaned
