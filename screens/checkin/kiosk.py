"""The kiosk: the laptop turned to face the queue, participants checking themselves in.

Why it is built this way:
- It is a screen pushed over the check-in area, not an area of its own: while it is up the App
  drops every key a participant has no business pressing (area keys, the palette, quitting,
  help, the sound key), so nothing reaches past it; only the PIN set when it opened closes it
  (`KioskLock`: wrong PINs are refused, and after a few each try waits longer).
- It uses the same services as the desk: `scan_once` with the shared double-read rule, and the
  same scan field (which also takes codes from scanners that send no Enter).
- A participant without a badge types the last four digits of their phone into the same field:
  four digits are never a code, so no mode needs switching. At most three names are shown,
  with masked surnames; more send the person to the facilitator.
- The verdict is big and names the person (it is their own name), and it goes back to the
  welcome after a few seconds so the next in line does not read it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.checkin.kiosk import (
    PHONE_DIGITS,
    KioskError,
    KioskLock,
    PhoneMatch,
    Unlock,
    check_pin,
    phone_ending,
)
from facilitator.checkin.service import ScanResult, Verdict
from facilitator.desk import Desk, DeskChange
from facilitator.i18n import t
from facilitator.labels import session_span
from facilitator.models import EVENT_TABLE
from facilitator.screens.area import AreaScreen
from facilitator.screens.keys import localise
from facilitator.screens.sounds import sound_verdict
from facilitator.screens.styles import stylesheet
from facilitator.screens.widgets import ScanField

SHOW_SECONDS = 8.0
"""How long a verdict (with the person's name) stays before the welcome comes back."""
KIOSK_COLOURS = ("-idle", "-green", "-amber", "-red")


class KioskVerdict(Static):
    """The big answer: the verdict, the person's own name, the session."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-idle")
        self.text = ""
        """The words shown, without colours (tests read them)."""

    def paint(self, colour: str, head: str, lines: list[str]) -> None:
        self.remove_class(*KIOSK_COLOURS)
        self.add_class(f"-{colour}")
        text = Text(justify="center")
        text.append(head, style="bold")
        for n, line in enumerate(x for x in lines if x):
            text.append(f"\n\n{line}" if n == 0 else f"\n{line}", style="bold" if n == 0 else "")
        self.update(text)
        self.text = text.plain


class KioskScreen(AreaScreen):
    """Self check-in: scan your badge, or type your phone's last four digits."""

    CSS = stylesheet(__file__, "kiosk.tcss")
    BINDINGS = [
        Binding(
            "ctrl+x,f12",
            "leave",
            "kiosk.key.leave",
            id="kiosk.leave",
            tooltip="kiosk.key.leave_tip",
            priority=True,
        ),
    ]
    shows_names = True
    """The verdict names the person scanning: it is their own name, and it clears itself."""

    def __init__(self, desk: Desk, lock: KioskLock) -> None:
        super().__init__(desk)
        self.lock = lock
        self.results: list[ScanResult] = []
        """Every verdict shown, oldest first."""
        self.match: PhoneMatch | None = None
        """The last phone look-up (its candidates are on screen while it is set)."""
        self._clear_timer: Timer | None = None

    def clock(self) -> datetime:
        return self.desk.clock.now()

    def compose(self) -> ComposeResult:
        with Vertical(id="kiosk-body"):
            yield Static(id="kiosk-event", markup=False)
            yield Static(id="kiosk-session", markup=False)
            yield Static(t("kiosk.welcome"), id="kiosk-help", markup=False)
            yield ScanField(
                placeholder=t("kiosk.placeholder"),
                id="kiosk-field",
                complete=self.desk.checkins.is_valid_code,
            )
            yield KioskVerdict(id="kiosk-verdict")
            yield OptionList(id="kiosk-candidates")
            yield Static(t("kiosk.staff_hint"), id="kiosk-staff", markup=False)

    @property
    def field(self) -> ScanField:
        return self.query_one("#kiosk-field", ScanField)

    @property
    def verdict(self) -> KioskVerdict:
        return self.query_one("#kiosk-verdict", KioskVerdict)

    @property
    def candidates(self) -> OptionList:
        return self.query_one("#kiosk-candidates", OptionList)

    def on_mount(self) -> None:
        self.candidates.display = False
        self._show_heading()
        self.show_ready()
        self.field.focus()

    def on_screen_resume(self) -> None:
        self._show_heading()
        self._focus_field()

    def desk_changed(self, change: DeskChange) -> None:
        if change.touches(EVENT_TABLE):
            self._show_heading()

    def _show_heading(self) -> None:
        self.query_one("#kiosk-event", Static).update(self.desk.event.name)
        session = self.desk.checkins.current_session(self.clock()).session
        self.query_one("#kiosk-session", Static).update(session_span(session))

    # -- focus: the scanner types into the field, unless a name is being picked -------------

    def _focus_field(self) -> None:
        if self.is_current and self.match is None:
            self.field.focus(scroll_visible=False)

    @on(events.DescendantFocus)
    def _keep_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.field or (self.match and event.widget is self.candidates):
            return
        self.call_after_refresh(self._focus_field)

    def on_click(self, event: events.Click) -> None:
        self._focus_field()

    # -- scanning and phone digits ----------------------------------------------------------

    @on(Input.Submitted, "#kiosk-field")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.take_scan(event.value)

    @on(ScanField.Partial, "#kiosk-field")
    def _partial(self, event: ScanField.Partial) -> None:
        event.stop()
        self.verdict.paint("amber", t("kiosk.head.again"), [t("kiosk.scan_again")])
        self._clear_later()

    def take_scan(self, raw: str) -> None:
        """A badge from the field (or caught by the App while a name list is up), or digits."""
        self._close_candidates()
        digits = phone_ending(raw)
        if digits is not None:
            self._phone(digits)
            return
        result = self.desk.checkins.scan_once(raw, now=self.clock())
        if result is not None:  # None: the same badge read twice; the first answer stays
            self.show_result(result)

    def _phone(self, digits: str) -> None:
        if len(digits) != PHONE_DIGITS:
            self.verdict.paint("amber", t("kiosk.head.phone"), [t("kiosk.phone.four")])
            self._clear_later()
            return
        match = self.desk.checkins.by_phone_ending(digits)
        if not match.candidates:
            self.verdict.paint("amber", t("kiosk.head.facilitator"), [t(match.key)])
            self._clear_later()
            return
        self.match = match
        self.verdict.paint("idle", t("kiosk.head.phone"), [t(match.key)])
        options = self.candidates
        options.clear_options()
        for n, candidate in enumerate(match.candidates, start=1):
            options.add_option(Option(f"{n}   {candidate.shown}", id=candidate.participant_id))
        options.add_option(Option(t("kiosk.phone.not_me"), id=""))
        options.display = True
        options.highlighted = 0
        options.focus()
        self._clear_later()

    @on(OptionList.OptionSelected, "#kiosk-candidates")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id or "")

    def on_key(self, event: events.Key) -> None:
        """1, 2 or 3 picks a name while the list is up; Escape closes it."""
        if self.match is None:
            return
        if event.key == "escape":
            event.stop()
            self._close_candidates()
            self.show_ready()
            return
        if event.character and event.character.isdigit():
            n = int(event.character)
            if 1 <= n <= len(self.match.candidates):
                event.stop()
                self._pick(self.match.candidates[n - 1].participant_id)

    def _pick(self, participant_id: str) -> None:
        self._close_candidates()
        if not participant_id:
            self.verdict.paint("amber", t("kiosk.head.facilitator"), [t("kiosk.phone.none")])
            self._clear_later()
            return
        self.show_result(
            self.desk.checkins.check_in(participant_id, method="search", now=self.clock())
        )

    def _close_candidates(self) -> None:
        if self.match is None:
            return
        self.match = None
        self.candidates.clear_options()
        self.candidates.display = False
        self._focus_field()

    # -- the verdict ----------------------------------------------------------------------------

    def show_ready(self) -> None:
        session = self.desk.checkins.current_session(self.clock()).session
        self.verdict.paint("idle", t("kiosk.head.ready"), [session_span(session)])

    def show_result(self, result: ScanResult) -> None:
        """The verdict in big letters, with the person's own name and the session."""
        self.results.append(result)
        verdict = result.verdict
        person = result.participant
        lines: list[str] = [person.display_name] if person is not None else []
        if verdict in {Verdict.CHECKED_IN, Verdict.ALREADY, Verdict.PROVISIONAL}:
            lines.append(session_span(result.session))
        if verdict is Verdict.ALREADY and result.checkin is not None:
            lines.append(t("kiosk.already_at", time=f"{result.checkin.at:%H:%M}"))
        if verdict.colour == "red" or verdict in {Verdict.PROVISIONAL, Verdict.NO_SESSION}:
            lines.append(t("kiosk.see_facilitator"))
        self.verdict.paint(verdict.colour, t(f"kiosk.head.{verdict}"), lines)
        sound_verdict(self.app, self.desk, result, kiosk=True)
        self._clear_later()
        self._show_heading()

    def _clear_later(self) -> None:
        """Back to the welcome after a while: the next in line should not read this name."""
        if self._clear_timer is not None:
            self._clear_timer.stop()
        self._clear_timer = self.set_timer(SHOW_SECONDS, self._clear)

    def _clear(self) -> None:
        self._clear_timer = None
        self._close_candidates()
        self.show_ready()

    # -- leaving: the PIN ---------------------------------------------------------------------

    def action_leave(self) -> None:
        """Ask for the PIN; the kiosk closes only when it is right."""
        if isinstance(self.app.screen, PinDialog):
            return
        self.app.push_screen(PinDialog(check=self.lock.try_unlock), self._pin_answered)

    def _pin_answered(self, opened: str | None) -> None:
        if opened:
            self.dismiss(None)
        else:
            self._focus_field()


class PinDialog(ModalScreen[str | None]):
    """Asks for a PIN: to set one (entering the kiosk) or to check one (leaving it).

    With `check`, the dialog stays open on a wrong PIN and says so (and how long to wait after
    several); it answers the PIN when `check` opened the lock, None on Escape. Without it, it
    asks twice and answers the new PIN once both agree and it is a valid PIN.
    """

    CSS = stylesheet(__file__, "kiosk.tcss")
    BINDINGS = [
        Binding(
            "escape", "cancel", "walkin.cancel", id="kiosk.pin_cancel", tooltip="walkin.cancel_tip"
        )
    ]

    def __init__(self, check: Callable[[str], Unlock] | None = None) -> None:
        super().__init__()
        localise(self)
        self.check = check
        self.answers: list[Unlock] = []
        """Every answer `check` gave in this dialog (tests read them)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            title = "kiosk.pin.leave_title" if self.check else "kiosk.pin.set_title"
            yield Static(t(title), id="pin-title", markup=False)
            yield Input(password=True, placeholder=t("kiosk.pin.placeholder"), id="pin-first")
            if self.check is None:
                yield Input(password=True, placeholder=t("kiosk.pin.repeat"), id="pin-second")
            yield Static(id="pin-message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pin-first", Input).focus()

    def _say(self, text: str) -> None:
        self.query_one("#pin-message", Static).update(text)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.query_one("#pin-first", Input)
        if self.check is not None:
            answer = self.check(first.value)
            self.answers.append(answer)
            first.value = ""
            if answer.opened:
                self.dismiss("opened")
                return
            self._say(t(answer.key, wait=f"{answer.wait_seconds:.0f}", tries=answer.failures))
            return
        if event.input is first:
            self.query_one("#pin-second", Input).focus()
            return
        second = self.query_one("#pin-second", Input)
        try:
            pin = check_pin(first.value)
        except KioskError as error:
            self._say(str(error))
            first.focus()
            return
        if second.value.strip() != first.value.strip():
            self._say(t("kiosk.pin.mismatch"))
            second.value = ""
            return
        self.dismiss(pin)

    def action_cancel(self) -> None:
        self.dismiss(None)
