"""A badge is scanned while a dialog is open over the desk: once it closes, the desk shows it.

The scanner types whatever the facilitator is doing: picking a session (F9), filling in a
walk-in (Ctrl+N), showing a QR (Ctrl+R), answering an undo question (Ctrl+Z), searching a name
(Ctrl+F). The App catches the scan there and toasts it; the desk's banner and its recent list
must show it too, and "the last scan" for Ctrl+Z is that one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitator.desk import Desk
from facilitator.models import Participant, Role
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.checkin.screen import CheckInScreen
from facilitator.screens.widgets.confirm import ConfirmDialog
from tests.demo_desks import code_of
from tests.screens.conftest import scan, wait_until

SIZE = (120, 35)


def producer(desk: Desk, n: int) -> Participant:
    return [p for p in desk.participants.all() if p.role == Role.PRODUCER][n]


def present(desk: Desk, person: Participant) -> bool:
    session = desk.checkins.current_session().session
    assert session is not None
    return person.id in {c.participant_id for c in desk.checkins.attendance(session.id)}


def desk_screen(app: FacilitatorApp) -> CheckInScreen:
    """The desk, under whatever dialog is open over it."""
    return next(s for s in app.screen_stack if isinstance(s, CheckInScreen))


def latest_history_line(screen: CheckInScreen) -> str:
    """The newest line of the "recent" list (under its title)."""
    lines = str(screen.query_one("#scan-history", Static).content).splitlines()
    return lines[1] if len(lines) > 1 else ""


async def scan_at_desk(app: FacilitatorApp, pilot: Pilot[object], person: Participant) -> None:
    screen = desk_screen(app)
    before = len(screen.results)
    scan(app, code_of(app.desk, person))
    await wait_until(lambda: len(screen.results) > before)
    await pilot.pause()


Opener = Callable[[FacilitatorApp, Pilot[object]], Awaitable[None]]


async def open_session_picker(app: FacilitatorApp, pilot: Pilot[object]) -> None:
    await pilot.press("f9")


async def open_walk_in(app: FacilitatorApp, pilot: Pilot[object]) -> None:
    await pilot.press("ctrl+n")


async def open_qr(app: FacilitatorApp, pilot: Pilot[object]) -> None:
    await scan_at_desk(app, pilot, producer(app.desk, 8))  # whose QR Ctrl+R shows
    await pilot.press("ctrl+r")


async def open_undo_question(app: FacilitatorApp, pilot: Pilot[object]) -> None:
    # Two check-ins; Ctrl+Z takes back the one on the banner at once, and a second Ctrl+Z asks
    # about the one before, which is no longer on the banner.
    await scan_at_desk(app, pilot, producer(app.desk, 8))
    await scan_at_desk(app, pilot, producer(app.desk, 9))
    await pilot.press("ctrl+z")
    await pilot.pause()
    await pilot.press("ctrl+z")


DIALOGS: dict[str, Opener] = {
    "session picker (F9)": open_session_picker,
    "walk-in form (Ctrl+N)": open_walk_in,
    "QR dialog (Ctrl+R)": open_qr,
    "undo question (Ctrl+Z)": open_undo_question,
}


@pytest.mark.parametrize("dialog", list(DIALOGS))
async def test_a_badge_scanned_while_a_dialog_is_open_shows_on_the_desk_once_it_closes(
    desk: Desk, dialog: str
) -> None:
    person = producer(desk, 3)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = desk_screen(app)
        await DIALOGS[dialog](app, pilot)
        await pilot.pause()
        opened = app.screen
        assert isinstance(opened, ModalScreen)

        scan(app, code_of(desk, person))
        await wait_until(lambda: present(desk, person))
        await pilot.pause()
        assert app.screen is opened  # the scan neither closed the dialog nor answered it
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        assert screen.banner.verdict == "checked_in"
        assert person.display_name in screen.banner.text
        assert "CHECKED IN" in latest_history_line(screen)
        assert person.display_name in latest_history_line(screen)

        # She is the last one scanned: Ctrl+Z takes her back at once, without a question.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert screen.banner.verdict == "undone"
        assert person.display_name in screen.banner.text
    assert not present(desk, person)


async def test_a_badge_scanned_in_the_name_search_is_toasted_over_it_and_on_the_desk_after(
    desk: Desk,
) -> None:
    person = producer(desk, 4)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = desk_screen(app)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert screen.searching

        scan(app, code_of(desk, person))
        scan(app, code_of(desk, person))  # the scanner read it twice
        await wait_until(lambda: present(desk, person))
        await pilot.pause()
        assert screen.searching  # still searching: the answer comes over the search
        toasts = [n for n in app._notifications if person.display_name in n.message]
        assert len(toasts) == 1 and "CHECKED IN" in toasts[0].title
        assert len(desk.checkins.all_checkins()) == 1

        await pilot.press("escape")
        await pilot.pause()
        assert not screen.searching
        assert screen.banner.verdict == "checked_in"
        assert person.display_name in screen.banner.text
        assert person.display_name in latest_history_line(screen)
