"""Fixtures for the Pilot tests: a real database file with the demo event, and a scanner.

The scanner helpers send keys straight to the App's message queue, the way a keyboard-wedge
scanner's keystrokes arrive from the terminal: all at once, without waiting for the screen to
catch up (`Pilot.press` waits for idle after every key, which would hide the races).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.keys import _character_to_key

from facilitator.desk import Desk
from tests.demo_desks import open_demo_desk


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """The demo event at this desk, starting today."""
    opened = open_demo_desk(tmp_path / "ev.json")
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def in_english(english: None) -> None:
    """Assertions read the English texts; the desk's default language is Thai."""


def key_events(text: str, end: str = "enter") -> list[events.Key]:
    """The Key events a terminal produces for `text` (a line break is Enter) and a final Enter
    (or ctrl+j, or nothing when `end` is empty)."""
    keys = [
        events.Key("enter", "\r") if ch == "\n" else events.Key(_character_to_key(ch), ch)
        for ch in text
    ]
    if end == "enter":
        keys.append(events.Key("enter", "\r"))
    elif end == "ctrl+j":
        keys.append(events.Key("ctrl+j", "\n"))
    return keys


def scan(app: App[object], text: str, end: str = "enter") -> None:
    """Type `text` and Enter into the app as a scanner does: no pause between keys."""
    for key in key_events(text, end):
        key.set_sender(app)
        app.post_message(key)


async def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app work until `condition` holds (the verdicts are in)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the app")
        await asyncio.sleep(0.005)


def type_keys(app: App[object], text: str) -> None:
    """Type `text` as a terminal delivers it, with no Enter at the end (a search, a note)."""
    scan(app, text, end="")
