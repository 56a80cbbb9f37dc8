"""Scans taken from any screen: a scanner's burst is caught before it is lost in a form.

The check-in screen's scan field takes scans itself. Anywhere else (the dashboard, the search
panel, the walk-in form, the mentoring editor, any dialog) the App feeds every key to a
`BurstDetector` before the focused widget sees it. When a submit key ends a burst that is a
scan, the App keeps that Enter from the widget (a form would save, a list would pick), puts the
field the burst typed into back as it was before the burst, checks the code in with the same
service, and shows the verdict over the screen as a toast that the next scan replaces. Nothing
waits for a person to dismiss it. The App then tells the check-in screen (`ScanTaken`), whose
banner and recent list show every scan, not only the ones typed into its own field.

A scanner that sends no Enter: when the burst goes quiet (`IDLE_SUBMIT_SECONDS`) and forms a
whole code genuine for this event, it is taken the same way; its Enter, if it comes late after
all, is dropped (`BurstDetector.late_suffix`) rather than reaching the form. A partial burst
only raises a hint. On a screen that faces the room (`shows_names` False: the projector) the
toast says the verdict without the person's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic

from textual import events
from textual.app import App
from textual.notifications import Notification, Notify
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, TextArea

from facilitator.checkin.burst import IDLE_SUBMIT_SECONDS, BurstDetector, looks_partial
from facilitator.checkin.service import ScanResult
from facilitator.codes.participant_code import CODE_LENGTH
from facilitator.codes.scan_repair import repair_scan
from facilitator.desk import Desk
from facilitator.i18n import t
from facilitator.labels import describe_person, session_span
from facilitator.screens.messages import ScanTaken
from facilitator.screens.sounds import sound_verdict
from facilitator.screens.widgets.scan_field import SUBMIT_KEYS, ScanField

TOAST_SECONDS = 8.0
SEVERITY = {"green": "information", "amber": "warning", "red": "error"}


@dataclass
class FieldState:
    """What a text field held before a burst typed into it."""

    widget: Widget
    value: str
    cursor: object


def field_state(widget: Widget | None) -> FieldState | None:
    """The text and cursor of an Input or TextArea (other widgets take no text)."""
    if isinstance(widget, Input):
        return FieldState(widget, widget.value, widget.cursor_position)
    if isinstance(widget, TextArea):
        return FieldState(widget, widget.text, widget.cursor_location)
    return None


def restore(state: FieldState | None) -> None:
    """Put a field back as it was before the burst."""
    if state is None:
        return
    widget = state.widget
    if isinstance(widget, Input):
        widget.value = state.value
        widget.cursor_position = int(state.cursor)  # type: ignore[call-overload]
    elif isinstance(widget, TextArea) and widget.text != state.value:
        widget.load_text(state.value)
        widget.cursor_location = state.cursor  # type: ignore[assignment]


class ScanCatcher:
    """The App's side of scans on every screen: detect, restore, check in, show."""

    def __init__(self, app: App[object], desk: Desk) -> None:
        self.app = app
        self.desk = desk
        self.detector = BurstDetector()
        self._before: FieldState | None = None
        self._toast: Notification | None = None
        self._idle: Timer | None = None
        self.caught: list[ScanResult] = []
        """Every verdict given to a scan caught away from the scan field, oldest first."""
        self.partials: list[str] = []
        """Bursts that went quiet without forming a whole, genuine code (hinted, not taken)."""

    def takes(self, event: events.Key) -> bool:
        """Feed one key; True when it was the Enter that ends a scan (the App then drops it)."""
        focused = self.app.focused
        if isinstance(focused, ScanField):
            self.detector.reset()  # the scan field takes its own scans
            self._stop_idle()
            return False
        at = event.time
        if event.key in SUBMIT_KEYS:
            self._stop_idle()
            if self.detector.late_suffix(at):
                return True  # the scan was taken when the keys went quiet: not the form's Enter
            burst = self.detector.submit(at)
            if burst is None:
                return False
            self._take(burst.raw)
            return True
        if self.detector.starts_run(at):
            self._before = field_state(focused)
        self.detector.key(event.character if event.is_printable else None, at)
        if self.detector.typed:
            self._arm_idle()
        return False

    def _take(self, raw: str) -> None:
        before, self._before = self._before, None
        if before is not None:
            # The burst's keys may still be queued at the field: put it back after them.
            before.widget.call_later(restore, before)
        self.handle(raw)

    # -- scanners that send no Enter -----------------------------------------------------------

    def _arm_idle(self) -> None:
        """(Re)start the quiet timer; one timer at a time, replaced with each key."""
        self._stop_idle()
        self._idle = self.app.set_timer(IDLE_SUBMIT_SECONDS, self._went_quiet)

    def _stop_idle(self) -> None:
        if self._idle is not None:
            self._idle.stop()
            self._idle = None

    def _went_quiet(self) -> None:
        """No key for the idle gap: a whole, genuine code is a scan; a partial one a hint."""
        self._idle = None
        # Key events carry Textual's monotonic time: "now" on the same clock, for late_suffix.
        read = self.detector.idle(monotonic(), self.desk.checkins.is_valid_code)
        if read is None:
            return
        if read.complete:
            self._take(read.raw)
            return
        self._before = None
        if looks_partial(read.raw):
            self.partials.append(read.raw)
            self.app.notify(
                t("room.scan.partial", count=len(repair_scan(read.raw)), length=CODE_LENGTH),
                severity="warning",
                timeout=4,
            )

    def handle(self, raw: str) -> None:
        """Check the code in; a screen whose verdict is in sight shows it itself, others get a
        toast.

        A screen with `take_scan` (the kiosk, the check-in desk) paints its own verdict, unless
        it says the verdict would be out of sight (`shows_verdicts` False: the check-in desk
        while its search panel covers the banner). Every scan judged here is also announced
        (`ScanTaken`), so the check-in screen's banner and recent list follow it from behind a
        dialog or from another area.
        """
        screen = self.app.screen
        take = getattr(screen, "take_scan", None)
        if callable(take) and getattr(screen, "shows_verdicts", True):
            take(raw)
            return
        result = self.desk.checkins.scan_once(raw, now=self.desk.clock.now())
        if result is None:
            return  # a double read: the toast of the first read is still up
        self.caught.append(result)
        self.show(result)
        self.app.post_message(ScanTaken(result))

    def show(self, result: ScanResult) -> None:
        """The verdict over the current screen, replacing the previous scan's."""
        if self._toast is not None:
            self.app._unnotify(self._toast)  # the next scan replaces it (no public call yet)
        who = describe_person(result.participant, result.participant_id)
        lines = [result.message()] if result.participant is None else [who]
        if not getattr(self.app.screen, "shows_names", True):
            lines = []  # a screen facing the room: the verdict, not who it was
        if result.session is not None:
            lines.append(session_span(result.session))
        title = t(f"scan.head.{result.verdict}")
        self._toast = Notification(
            "\n".join(lines),
            title,
            SEVERITY[result.verdict.colour],  # type: ignore[arg-type]
            TOAST_SECONDS,
            markup=False,
        )
        self.app.post_message(Notify(self._toast))
        sound_verdict(self.app, self.desk, result)
