"""The input a keyboard-wedge QR scanner types into.

Why not a plain `Input`: a scanner types a code and Enter within milliseconds and may start the
next code at once. `Input` submits Enter through a binding, and bindings run only after the key
has bubbled up to the App, by which time the next code's first letters may already be in the
field: two codes would run together. Here Enter (and LF, which arrives as ctrl+j, and Tab, which
some scanners send) submits from the field's own key handler, in keystroke order, and the field
is emptied in the same step, so every code is submitted whole and alone.

Scanners that send no Enter: given `complete` (the desk's "is this a genuine code of ours"), the
field submits by itself once the keys have stopped for `IDLE_SUBMIT_SECONDS` and what it holds
is a whole, valid code. Anything else that a burst left in it is only reported (`Partial`, for
a hint), never submitted; a burst shorter than a code (half a read: the scanner lost the badge)
is also emptied out of the field, so that the rescan the hint asks for is read alone and not as
the tail of those letters. A burst of a code's length that is no genuine code (a forgery) stays
for Enter to judge red. Why this cannot check in twice when the scanner's Enter comes late:
the idle submit empties the field, and an Enter on an empty field submits nothing; an Enter
that comes first stops the idle timer. Both run on the one event loop, so one wins whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer

from facilitator.checkin.burst import IDLE_SUBMIT_SECONDS, BurstDetector, looks_partial
from facilitator.codes.participant_code import looks_like_code
from facilitator.codes.scan_repair import repair_scan
from facilitator.screens.keys import localise
from facilitator.screens.widgets.steady_input import SteadyInput

SUBMIT_KEYS = frozenset({"enter", "ctrl+j", "newline", "tab"})


class ScanField(SteadyInput):
    """An `Input` that posts `Input.Submitted` with the whole code and starts empty again."""

    @dataclass
    class Partial(Message):
        """A burst stopped without forming a whole, genuine code: say so, submit nothing."""

        field: ScanField
        value: str

        @property
        def control(self) -> ScanField:
            return self.field

    def __init__(
        self, *args: Any, complete: Callable[[str], bool] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        localise(self)
        self.complete = complete
        self._burst = BurstDetector()
        self._idle: Timer | None = None
        self.idle_submits = 0
        """How many codes were submitted without an Enter (tests read it)."""

    BINDINGS = [
        Binding(
            "ctrl+j",
            "submit",
            "LF",
            id="scan.submit_lf",
            tooltip="scan.key.lf_tip",
            show=False,
        ),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.key in SUBMIT_KEYS:
            # Stop here: Input's own handler and the App's bindings must not see it.
            event.stop()
            event.prevent_default()
            self.submit_now()
            return
        if self.complete is None:
            return
        self._burst.key(event.character if event.is_printable else None, event.time)
        if self._idle is not None:
            self._idle.stop()
        self._idle = self.set_timer(IDLE_SUBMIT_SECONDS, self._went_quiet)

    async def action_submit(self) -> None:
        self.submit_now()

    def _went_quiet(self) -> None:
        """No key for the idle gap: submit a whole, genuine code; report a partial burst."""
        self._idle = None
        was_burst = self._burst.is_burst
        self._burst.reset()
        raw = self.value
        if not raw.strip() or self.complete is None:
            return
        if self.complete(raw):
            self.idle_submits += 1
            self.submit_now()
        elif was_burst and looks_partial(raw):
            if not looks_like_code(repair_scan(raw)):
                # Half a read: the scanner will read the whole badge again, and those letters
                # would otherwise lead the rescan and spoil it. Emptied here, not by the hint.
                self.value = ""
            self.post_message(self.Partial(self, raw))

    def submit_now(self) -> None:
        """Post what has been typed so far and empty the field for the next code."""
        if self._idle is not None:
            self._idle.stop()
            self._idle = None
        self._burst.reset()
        raw = self.value
        self.value = ""
        if raw.strip():
            self.post_message(self.Submitted(self, raw, None))
