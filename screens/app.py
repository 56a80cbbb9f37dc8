"""The facilitator App: one desk, several areas, Thai or English, light or dark.

The App receives the open `Desk` from its caller (the CLI or a test) instead of opening files
itself, so the TUI and the CLI run the same services on the same database. It is the face's
composition root: it knows every area (a Textual mode each, switched with an F-key or from the
command palette), owns the live sync, and turns the desk's change events into `DataChanged`,
which screens hear through the `data_changed` signal instead of polling. Screens never import
each other; navigation between areas goes through the messages in `screens.messages`.
No single-letter keys anywhere: a scanner types letters.

Kiosk mode (`enter_kiosk`, from the CLI's `kiosk` command or the palette) pushes the kiosk over
the check-in area and locks the App: every key but typing, Enter and the kiosk's own is dropped
before any binding sees it, and `check_action` refuses the area, palette, help, sound and quit
actions however they are asked for (a click on the footer, a palette entry), until the kiosk
closes on its PIN.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from time import monotonic, sleep

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import ThemeProvider

from facilitator.checkin.kiosk import KioskLock
from facilitator.checkin.service import ScanResult
from facilitator.checkin.sounds import SoundSettings
from facilitator.desk import Desk, DeskChange
from facilitator.i18n import t
from facilitator.labels import day_label
from facilitator.screens.badges.actions import (
    BadgeCommands,
    choose_and_write_badges,
    show_qr_for,
    write_badge_for,
)
from facilitator.screens.checkin.kiosk import KioskScreen, PinDialog
from facilitator.screens.checkin.screen import CheckInScreen
from facilitator.screens.dashboard.screen import DashboardScreen
from facilitator.screens.exports.screen import ExportScreen
from facilitator.screens.help import HelpScreen
from facilitator.screens.keys import localise
from facilitator.screens.mentoring.producer_view import ProducerViewScreen
from facilitator.screens.mentoring.session_editor import SessionEditorScreen
from facilitator.screens.mentoring.sessions import SessionsScreen
from facilitator.screens.messages import (
    ChooseBadges,
    DataChanged,
    OpenProducerPlan,
    OpenSession,
    PrintBadge,
    ScanTaken,
    ShowQr,
)
from facilitator.screens.room.projector import ProjectorScreen
from facilitator.screens.roster.participants import ParticipantsScreen
from facilitator.screens.scans import ScanCatcher
from facilitator.screens.sync.runner import SyncDone, SyncRunner
from facilitator.screens.sync.screen import SyncScreen
from facilitator.screens.textual_texts import PALETTE_BINDING, DeskCommandPalette
from facilitator.screens.widgets.scan_field import SUBMIT_KEYS

BACKUP_EVERY_SECONDS = 10 * 60
#: How often the app asks the store to fold a quiet journal into the main file.
QUIET_FOLD_CHECK_SECONDS = 15
OPEN_REST_AFTER_SECONDS = 0.3
"""A desk opened door-first (`Desk.loading`) parses the rest of the event this long after
start, on a thread: the scans of the first moments are answered before it, not beside it
(parsing holds the interpreter in turns with the UI thread)."""
DOOR_FIRST_SECONDS = 0.25
"""While the event opens, its rest waits this long after each key at the door: a scan's keys,
its verdict and its paint come first (they share the interpreter with the opening)."""
DOOR_FIRST_AT_MOST_SECONDS = 3.0
"""...but no longer than this in all, so a door that is never quiet still opens."""
SEARCH_AFTER_SECONDS = 1.0
"""The search index is built this long after start: past the first frame and the first scan,
which a desk opened at the door may get at once (a search before then builds it itself)."""


class ProblemNoted(Message):
    """The desk noted a database warning (from any thread)."""


ScreenFactory = Callable[[Desk], Screen]


@dataclass(frozen=True)
class Area:
    """One top-level area: its mode name, its F-key and how its screen is made."""

    mode: str
    key: str
    factory: ScreenFactory

    @property
    def label(self) -> str:
        return t(f"nav.{self.mode}")


# Top-level areas in F-key order. F1 is help. The kiosk is no area: it is pushed over the
# check-in area, so that no area key reaches past it.
AREAS: list[Area] = [
    Area("checkin", "f2", CheckInScreen),
    Area("participants", "f3", ParticipantsScreen),
    Area("dashboard", "f4", DashboardScreen),
    Area("sessions", "f5", SessionsScreen),
    Area("projector", "f6", ProjectorScreen),
    Area("sync", "f7", SyncScreen),
    Area("export", "f8", ExportScreen),
]

# While the kiosk is up: the only keys that reach the screen (besides printable characters),
# and the App actions refused however they are asked for.
KIOSK_KEYS = frozenset(
    {"enter", "ctrl+j", "newline", "tab", "backspace", "escape", "up", "down", "ctrl+x", "f12"}
)
OPENING_KEYS = frozenset({*SUBMIT_KEYS, "backspace", "ctrl+q"})
"""Keys that go on while the event opens (`opening_allows`): a scan's, and quitting."""
REPLAYED_KEYS = frozenset({"f1", *(area.key for area in AREAS)})
"""Keys pressed while the event opens that are pressed again once it is open: going to an
area, the help. Any other (Ctrl+Z, Ctrl+N, F9) acts on what is in front at that moment and
would act on something else a second later (a Ctrl+Z held behind the next scan undid that
scan): it is dropped, and the desk says so."""
KIOSK_LOCKED_ACTIONS = frozenset(
    {
        "switch_mode",
        "command_palette",
        "quit",
        "help",
        "toggle_theme",
        "change_theme",
        "toggle_mute",
        "screenshot",
        "suspend_process",
        "help_quit",
    }
)
VOLUME_STEPS = (100, 75, 50, 25)


class NavigationCommands(Provider):
    """The command palette offers every area by name."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, FacilitatorApp)
        matcher = self.matcher(query)
        for area in AREAS:
            label = area.label
            score = max(matcher.match(label), matcher.match(area.mode))
            if score > 0:
                yield Hit(score, matcher.highlight(label), lambda m=area.mode: app.switch_mode(m))


class RoomCommands(Provider):
    """The palette's kiosk, sound and volume entries."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, FacilitatorApp)
        matcher = self.matcher(query)
        sounds = app.desk.sounds.settings
        entries: list[tuple[str, Callable[[], object]]] = [
            (t("room.palette.kiosk"), app.ask_kiosk_pin),
            (
                t("room.palette.unmute" if sounds.muted else "room.palette.mute"),
                app.action_toggle_mute,
            ),
        ]
        for level in VOLUME_STEPS:
            entries.append(
                (t("room.palette.volume", percent=level), partial(app.set_volume, level))
            )
            entries.append(
                (
                    t("room.palette.kiosk_volume", percent=level),
                    partial(app.set_volume, level, "kiosk"),
                )
            )
        for label, run in entries:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run)


class FacilitatorApp(App[int]):
    """The registration desk's terminal app."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {NavigationCommands, BadgeCommands, RoomCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "app.quit", id="app.quit", priority=True),
        Binding("f1", "help", "app.help", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "app.theme", id="app.theme", show=False),
        PALETTE_BINDING,
        Binding("f10", "toggle_mute", "room.key.mute", id="app.mute", tooltip="room.key.mute_tip"),
    ]

    sync_line: reactive[str] = reactive("")
    """The sync state in one line; every screen's sync bar shows it."""

    def __init__(
        self, desk: Desk, start_mode: str | None = None, kiosk_pin: str | None = None
    ) -> None:
        super().__init__()
        self.desk = desk
        self._start_mode = start_mode
        self._kiosk_pin = kiosk_pin
        self.kiosk: KioskLock | None = None
        """The lock while the kiosk is up (None at the desk)."""
        self.data_changed: Signal[DeskChange] = Signal(self, "data-changed")
        """Published on the UI thread with every change the desk reports."""
        self.scan_taken: Signal[ScanResult] = Signal(self, "scan-taken")
        """Published with every scan the App caught and judged away from the scan field."""
        for area in AREAS:
            self.add_mode(area.mode, partial(area.factory, self.desk))
            self.bind(area.key, f"switch_mode('{area.mode}')", description=area.label)
            self._bindings.key_to_bindings[area.key] = [
                replace(b, id=f"nav.{area.mode}") for b in self._bindings.key_to_bindings[area.key]
            ]
        localise(self)
        self.sync = SyncRunner(self, desk)
        self.scans = ScanCatcher(self, desk)
        self._unsubscribe = desk.subscribe(self._desk_changed)
        self._problems_shown = 0
        self._held_keys: list[str] = []
        """Keys pressed while the event opens (other than a scan's): pressed once it is open."""
        self._door_busy_until = 0.0
        self._door_first_left = DOOR_FIRST_AT_MOST_SECONDS

    def on_mount(self) -> None:
        self.title = self.desk.event.name
        self.sub_title = self.day_text()
        self.switch_mode(self._start_mode or AREAS[0].mode)
        self._show_new_problems()
        self.desk.on_problem(lambda _problem: self.post_message(ProblemNoted()))
        if self.desk.loading:
            self.set_timer(OPEN_REST_AFTER_SECONDS, self._open_rest)
        else:
            self._event_open()
        if self._kiosk_pin is not None:
            pin, self._kiosk_pin = self._kiosk_pin, None
            self.enter_kiosk(pin)

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _event_open(self) -> None:
        """What needs the whole event: backups, folds, sync, the search index."""
        self.set_interval(BACKUP_EVERY_SECONDS, self._timed_backup)
        self.set_interval(QUIET_FOLD_CHECK_SECONDS, self.desk.fold_when_quiet)
        self.sync.start()
        self.set_timer(SEARCH_AFTER_SECONDS, self._prepare_search)

    # -- opening door-first ----------------------------------------------------------------------

    def _open_rest(self) -> None:
        self.run_worker(self._finish_opening, thread=True, exit_on_error=False)

    def _finish_opening(self) -> None:
        """On a worker thread: the whole desk, handed to the UI thread to adopt."""
        try:
            whole = self.desk.finish_opening(pause=self._door_goes_first)
        except Exception as exc:  # said and stopped, never swallowed by the worker
            self.call_from_thread(self._open_failed, exc)
            return
        self.call_from_thread(self._adopt, whole)

    def _door_goes_first(self) -> None:
        """On the opening's thread, every few thousand records: wait while the door is busy."""
        began = monotonic()
        give_up = began + self._door_first_left
        while monotonic() < min(self._door_busy_until, give_up):
            sleep(0.002)
        self._door_first_left -= monotonic() - began

    def _adopt(self, whole: Desk) -> None:
        """The event is open: the desk becomes whole, then the keys held meanwhile are pressed."""
        try:
            self.desk.adopt(whole)
        except Exception as exc:  # the desk stays as it was, its scans in the journal
            self._open_failed(exc)
            return
        self.screen.refresh_bindings()  # the area's own keys work again
        self._event_open()
        held, self._held_keys = self._held_keys, []
        for key in held:
            self.simulate_key(key)

    def _open_failed(self, error: Exception) -> None:
        """The rest of the file did not open (which the checks before the first frame make all
        but impossible): say why and stop. The scans taken so far are in the journal, which
        the next start replays."""
        self.exit(return_code=1, message=t("cli.error", error=error))

    async def on_event(self, event: events.Event) -> None:
        """Every key passes the scan catcher first, whatever has the focus (see `scans`);
        in kiosk mode, keys a participant has no use for go no further. While the event
        opens, only what a scanner types (and Ctrl+Q) goes on; other keys wait for it."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.kiosk is not None and not kiosk_allows(event):
                return
            if self.desk.loading:
                self._door_busy_until = monotonic() + DOOR_FIRST_SECONDS
                if not opening_allows(event):
                    if event.key in REPLAYED_KEYS:
                        self._held_keys.append(event.key)
                    else:
                        self.notify(t("scan.opening_key"), timeout=3)
                    return
            if self.scans.takes(event):
                return
        await super().on_event(event)

    # -- kiosk mode ------------------------------------------------------------------------------

    def enter_kiosk(self, pin: str) -> None:
        """Turn the laptop to the queue: the kiosk over the check-in area, locked by `pin`."""
        if self.kiosk is not None:
            return
        lock = KioskLock(pin, self.desk.clock)  # refuses a PIN that is no PIN
        self.kiosk = lock
        if self.current_mode != "checkin":
            self.switch_mode("checkin")
        self.push_screen(KioskScreen(self.desk, lock), self._kiosk_closed)

    def ask_kiosk_pin(self) -> None:
        """From the palette: ask for the PIN that will close the kiosk, then open it."""
        self.push_screen(PinDialog(), lambda pin: self.enter_kiosk(pin) if pin else None)

    def _kiosk_closed(self, _result: object = None) -> None:
        self.kiosk = None
        self.notify(t("kiosk.closed"), timeout=4)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In kiosk mode the App's own actions are refused, however they are asked for."""
        if self.kiosk is not None and action in KIOSK_LOCKED_ACTIONS:
            return False
        return super().check_action(action, parameters)

    async def action_quit(self) -> None:
        if self.kiosk is not None:
            return  # the kiosk closes on its PIN first
        await super().action_quit()

    # -- sounds ----------------------------------------------------------------------------------

    def action_toggle_mute(self) -> None:
        """Sounds off or on again (F10, the palette)."""
        self._say_sound(self.desk.sounds.toggle_mute())

    def set_volume(self, percent: int, profile: str = "desk") -> None:
        """The volume of this desk's sounds, or of the kiosk's."""
        self._say_sound(self.desk.sounds.set_volume(percent, profile))

    def _say_sound(self, settings: SoundSettings) -> None:
        key = "room.sound.off" if settings.muted else "room.sound.on"
        self.notify(
            t(key, volume=settings.volume, kiosk=settings.kiosk_volume), timeout=3, markup=False
        )

    # -- changes -------------------------------------------------------------------------------

    def _desk_changed(self, change: DeskChange) -> None:
        """Called on whichever thread wrote; posting a message is safe from any of them."""
        self.post_message(DataChanged(change))

    def on_data_changed(self, message: DataChanged) -> None:
        self.data_changed.publish(message.change)

    def on_scan_taken(self, message: ScanTaken) -> None:
        self.scan_taken.publish(message.result)

    # -- the header -----------------------------------------------------------------------------

    def day_text(self, today: date | None = None) -> str:
        """Which event day it is, for the header."""
        today = today or self.desk.clock.now().date()
        days = self.desk.event.days
        if today in days:
            return t("app.day", n=days.index(today) + 1, date=day_label(today))
        return t("app.not_event_day", date=day_label(today))

    # -- actions --------------------------------------------------------------------------------

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_help(self) -> None:
        """The keys of the area in front, in the interface language."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, t(f"nav.{self.current_mode}")))

    def action_command_palette(self) -> None:
        """Textual's palette, with its placeholder and keys in the interface language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(DeskCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The theme search (the palette's "Theme" entry), in the interface language."""
        self.push_screen(
            DeskCommandPalette(providers=[ThemeProvider], placeholder=t("palette.themes"))
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette entries, in the interface language."""
        yield SystemCommand(t("palette.theme"), t("palette.theme_help"), self.action_change_theme)
        yield SystemCommand(t("palette.quit"), t("palette.quit_help"), self.action_quit)
        yield SystemCommand(t("palette.keys"), t("palette.keys_help"), self.action_help)
        yield SystemCommand(
            t("palette.screenshot"),
            t("palette.screenshot_help"),
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )

    # -- navigation between areas ---------------------------------------------------------------

    @on(OpenSession)
    def _open_session(self, message: OpenSession) -> None:
        self.push_screen(SessionEditorScreen(self.desk, message.session_id))

    @on(OpenProducerPlan)
    def _open_plan(self, message: OpenProducerPlan) -> None:
        self.push_screen(ProducerViewScreen(self.desk, message.producer_id))

    @on(ShowQr)
    def _show_qr(self, message: ShowQr) -> None:
        show_qr_for(self, self.desk, message.participant)

    @on(PrintBadge)
    def _print_badge(self, message: PrintBadge) -> None:
        write_badge_for(self, self.desk, message.participant)

    @on(ChooseBadges)
    def _choose_badges(self, message: ChooseBadges) -> None:
        choose_and_write_badges(self, self.desk)

    # -- sync, problems, backups ------------------------------------------------------------------

    def on_sync_done(self, message: SyncDone) -> None:
        self.sync.finished(message)

    def on_problem_noted(self, message: ProblemNoted) -> None:
        self._show_new_problems()

    def _show_new_problems(self) -> None:
        """Database warnings (a fallback on open, a failed fold or backup) appear as they arise."""
        problems = self.desk.warnings
        for problem in problems[self._problems_shown :]:
            self.notify(
                t("app.saved_warning", problem=problem),
                severity="warning",
                timeout=15,
                markup=False,
            )
        self._problems_shown = len(problems)

    def _prepare_search(self) -> None:
        """Build the roster's search index soon after start, on a worker thread: opening the
        event never waits for it, and the first keystroke of a search finds it ready. A scan
        needs none of it."""
        self.run_worker(self._settle, thread=True, exit_on_error=False)

    def _settle(self) -> None:
        """Build the index with the garbage collector asleep, then freeze it out of its sight.

        A full collection on this thread holds the interpreter for as long as it walks the
        heap (150-300 ms at 20,000 people, the building allocates enough to start one), and a
        scan on the UI thread waited that long. The index lives as long as the event is open,
        like what the launch loaded and froze (`cli.tui`); later changes are collected as usual.
        """
        gc.disable()
        try:
            self.desk.participants.prepare_search()
        finally:
            gc.enable()
            gc.freeze()

    def _timed_backup(self) -> None:
        self.run_worker(
            partial(self.desk.backup_quietly, "timer"), thread=True, exit_on_error=False
        )


def opening_allows(event: events.Key) -> bool:
    """Whether a key goes on while the event opens: what a scanner types, and quitting."""
    return event.is_printable or event.key in OPENING_KEYS


def kiosk_allows(event: events.Key) -> bool:
    """Whether a key may reach the kiosk: typing, Enter, Escape, and the key that asks the PIN."""
    return event.is_printable or event.key in KIOSK_KEYS
