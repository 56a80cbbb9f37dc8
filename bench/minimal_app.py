"""The floor for everything measured through a terminal: the smallest Textual app that does the job.

An Input and a Static, nothing else: it starts on the same Python, with the same Textual, in the
same tmux pane size as the facilitator, so its launch and its echo are what Textual and the
terminal cost before any app does any work. Typing shows `echo:<value>` (the floor for a search
keystroke); Enter shows `got:<value>` (the floor for a scan: a code and Enter, then the answer
on screen) and empties the field.

`python -m bench.minimal_app`
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

PLACEHOLDER = "minimal: type here"
READY = "minimal ready"


class MinimalApp(App[None]):
    """An Input and a Static."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="field")
        yield Static(READY, id="answer", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value:
            self.query_one("#answer", Static).update(f"echo:{event.value}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#answer", Static).update(f"got:{event.value}")
        event.input.value = ""


if __name__ == "__main__":
    MinimalApp().run()
