"""A producer scans while the facilitator is on another screen: the scan still counts.

The scanner types into whatever has the focus. On every area and in every dialog the burst is
caught, checked in and shown, and the field it landed in is left as it was; a person typing the
same letters slowly into the same field is never taken for a scanner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from facilitator.codes.kedmanee import us_to_thai
from facilitator.desk import Desk
from facilitator.models import Participant, Role
from facilitator.screens.app import FacilitatorApp
from tests.demo_desks import code_of
from tests.screens.conftest import key_events, scan, type_keys, wait_until

SIZE = (120, 35)


def producer(desk: Desk, n: int) -> Participant:
    return [p for p in desk.participants.all() if p.role == Role.PRODUCER][n]


def present(desk: Desk, person: Participant) -> bool:
    session = desk.checkins.current_session().session
    assert session is not None
    return person.id in {c.participant_id for c in desk.checkins.attendance(session.id)}


async def type_slowly(app: App[object], text: str, end: str = "enter", gap: float = 0.06) -> None:
    """Keys as a person types them: each made when its key is pressed, a pause between."""
    for n in range(len(text) + (1 if end else 0)):
        [key] = key_events(text[n], end="") if n < len(text) else key_events("", end)
        key.set_sender(app)
        app.post_message(key)
        await asyncio.sleep(gap)


Opener = Callable[[Pilot[object]], Awaitable[None]]


async def press(pilot: Pilot[object], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def open_session_editor(pilot: Pilot[object]) -> None:
    await press(pilot, "f5")
    await press(pilot, "enter")


# Where the facilitator is when the producer scans: an area, or a dialog open in one.
PLACES: dict[str, Opener] = {
    "participants search": lambda p: press(p, "f3", "ctrl+f"),
    "dashboard": lambda p: press(p, "f4"),
    "mentoring list": lambda p: press(p, "f5"),
    "mentoring editor": open_session_editor,
    "new mentoring dialog": lambda p: press(p, "f5", "ctrl+n"),
    "sync screen": lambda p: press(p, "f7"),
    "export screen": lambda p: press(p, "f8"),
    "walk-in form": lambda p: press(p, "ctrl+n"),
    "session picker": lambda p: press(p, "f9"),
    "help": lambda p: press(p, "f1"),
}


def typed_field(app: App[object]) -> Input | TextArea | None:
    focused = app.focused
    return focused if isinstance(focused, Input | TextArea) else None


def text_of(field: Input | TextArea | None) -> str | None:
    if field is None:
        return None
    return field.value if isinstance(field, Input) else field.text


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("layout", ["us", "kedmanee"])
async def test_a_scan_anywhere_checks_in_and_leaves_the_field_as_it_was(
    desk: Desk, place: str, layout: str
) -> None:
    person = producer(desk, 3)
    code = code_of(desk, person)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await PLACES[place](pilot)
        field = typed_field(app)
        if isinstance(field, Input):
            await type_slowly(app, "สม", end="")  # a name half typed when the badge comes
        before = text_of(field)
        screen_before = app.screen
        scan(app, us_to_thai(code) if layout == "kedmanee" else code)
        await wait_until(lambda: present(desk, person))
        await pilot.pause()
        assert app.screen is screen_before  # no dialog opened or closed by the burst
        assert text_of(field) == before
        if app.scans.caught:
            assert app.scans.caught[-1].verdict == "checked_in"


async def test_typing_a_code_slowly_into_a_form_is_typing_not_a_scan(desk: Desk) -> None:
    person = producer(desk, 4)
    code = code_of(desk, person)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f3", "ctrl+f")
        await type_slowly(app, code, end="enter", gap=0.05)
        await pilot.pause()
        search = app.screen.query_one("#participants-search", Input)
        assert search.value == code
        assert not present(desk, person)
        assert app.scans.caught == []


async def test_a_forged_code_on_the_dashboard_is_red_and_counts_nothing(desk: Desk) -> None:
    code = code_of(desk, producer(desk, 5))
    forged = code[:-1] + ("A" if code[-1] != "A" else "C")
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f4")
        scan(app, forged)
        await wait_until(lambda: bool(app.scans.caught))
        await pilot.pause()  # let the keys that bubble back to the App finish before closing
        assert app.scans.caught[-1].verdict == "forged"
    assert desk.checkins.all_checkins() == []


async def test_the_next_scan_replaces_the_verdict_toast(desk: Desk) -> None:
    first, second = producer(desk, 6), producer(desk, 7)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "f4")
        scan(app, code_of(desk, first))
        await wait_until(lambda: len(app.scans.caught) == 1)
        scan(app, code_of(desk, second))
        await wait_until(lambda: len(app.scans.caught) == 2)
        await pilot.pause()
        scan_toasts = [n for n in app._notifications if "Checked in" in n.title or "✓" in n.title]
        assert len(scan_toasts) == 1
        assert second.display_name in scan_toasts[0].message


async def test_typing_letters_in_the_search_panel_of_the_door_is_still_search(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "ctrl+f")
        type_keys(app, "ปิ่น")
        await pilot.pause()
        assert app.scans.caught == []
