"""The messages the screens send the App: navigation and jobs that belong to another area.

Screens never import each other. A screen that wants another area's screen (the mentoring list
opening a session, the check-in desk printing a badge) posts one of these and the App, which
knows every area, opens it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from facilitator.checkin.service import ScanResult
from facilitator.desk import DeskChange
from facilitator.models import Participant


@dataclass
class DataChanged(Message):
    """Records changed (here or on another desk); posted by the App to itself from any thread."""

    change: DeskChange


@dataclass
class ScanTaken(Message):
    """The App judged a scan caught away from the check-in screen's own field (another area,
    a dialog over the desk, the search panel) and showed it as a toast.

    The check-in screen hears of it through the App's `scan_taken` signal, so its banner, its
    recent list and what Ctrl+Z calls "the last scan" follow every scan, wherever it was taken.
    """

    result: ScanResult


@dataclass
class OpenSession(Message):
    """Open the editor of one mentoring session."""

    session_id: str


@dataclass
class OpenProducerPlan(Message):
    """Open one producer's development plan."""

    producer_id: str


@dataclass
class ShowQr(Message):
    """Show a person's QR code on the screen (to photograph, or scan from the screen)."""

    participant: Participant


@dataclass
class PrintBadge(Message):
    """Write one person's badge sheet."""

    participant: Participant


class ChooseBadges(Message):
    """Ask which badges to print (walk-ins today, the new ones, everyone)."""
