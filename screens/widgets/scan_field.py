"""The input a keyboard-wedge QR scanner types into.

Why not a plain `Input`: a scanner types a code and Enter within milliseconds and may start the
next code at once. `Input` submits Enter through a binding, and bindings run only after the key
has bubbled up to the App, by which time the next code's first letters may already be in the
field: two codes would run together. Here Enter (and LF, which arrives as ctrl+j, and Tab, which
some scanners send) submits from the field's own key handler, in keystroke order, and the field
is emptied in the same step, so every code is submitted whole and alone.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.widgets import Input

from facilitator.screens.keys import localise

SUBMIT_KEYS = frozenset({"enter", "ctrl+j", "newline", "tab"})


class ScanField(Input):
    """An `Input` that posts `Input.Submitted` with the whole code and starts empty again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise(self)

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

    async def action_submit(self) -> None:
        self.submit_now()

    def submit_now(self) -> None:
        """Post what has been typed so far and empty the field for the next code."""
        raw = self.value
        self.value = ""
        if raw.strip():
            self.post_message(self.Submitted(self, raw, None))
