"""The face's half of a verdict's sound: play it through the desk, or ring the terminal bell.

The desk's `Sounds` (no Textual) picks the file and starts the player without waiting; only the
bell belongs to the terminal, so the face rings it when the desk says there is no player.
"""

from __future__ import annotations

from textual.app import App

from facilitator.checkin.service import ScanResult
from facilitator.desk import Desk


def sound_verdict(app: App[object], desk: Desk, result: ScanResult, kiosk: bool = False) -> None:
    """Sound one verdict (the kiosk's volume when `kiosk`); never waits for the player."""
    played = desk.sounds.play(result.verdict.colour, "kiosk" if kiosk else "desk")
    if played.bell:
        app.bell()
