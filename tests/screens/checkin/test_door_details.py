"""The small things at the door: a hand-picked session survives a restart; undo asks first
when it would take back someone other than the person just scanned."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from facilitator.desk import Desk
from facilitator.models import Role
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.checkin.screen import CheckInScreen
from facilitator.screens.widgets.confirm import ConfirmDialog
from tests.demo_desks import code_of, demo_clock, open_demo_desk
from tests.screens.conftest import scan, wait_until

SIZE = (120, 35)


def test_a_session_picked_by_hand_is_still_picked_after_a_restart_that_day(tmp_path: Path) -> None:
    clock = demo_clock()
    db = tmp_path / "ev.json"
    with open_demo_desk(db, clock=clock) as desk:
        afternoon = desk.event.sessions[1].id
        desk.checkins.choose_session(afternoon)
    clock.advance(minutes=20)
    with Desk.open(db, clock=clock) as desk:
        assert desk.checkins.session_override == afternoon
        assert desk.checkins.current_session().reason == "override"
    clock.set(clock.now() + timedelta(days=1))
    with Desk.open(db, clock=clock) as desk:
        assert desk.checkins.session_override is None  # a new day goes by the clock again


def test_a_one_off_session_on_the_command_line_is_not_kept(tmp_path: Path) -> None:
    clock = demo_clock()
    db = tmp_path / "ev.json"
    with open_demo_desk(db, clock=clock) as desk:
        desk.checkins.choose_session(desk.event.sessions[1].id, keep=False)
    with Desk.open(db, clock=clock) as desk:
        assert desk.checkins.session_override is None


async def test_undo_after_an_already_asks_and_names_who_would_be_undone(desk: Desk) -> None:
    first, second = [p for p in desk.participants.all() if p.role == Role.PRODUCER][:2]
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        scan(app, code_of(desk, first))
        await wait_until(lambda: len(screen.results) == 1)
        desk.clock.advance(10)
        scan(app, code_of(desk, second))
        await wait_until(lambda: len(screen.results) == 2)
        desk.clock.advance(10)
        scan(app, code_of(desk, first))  # already in: the banner shows an amber verdict
        await wait_until(lambda: len(screen.results) == 3)
        await pilot.press("ctrl+z")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert second.display_name in dialog.question  # the last check-in made, not `first`
        await pilot.press("enter")  # "No" has the focus
        await pilot.pause()
        assert app.screen is screen
        assert len(desk.checkins.all_checkins()) == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert [c.participant_id for c in desk.checkins.all_checkins()] == [first.id]
        assert second.display_name in screen.banner.text


async def test_undo_right_after_a_check_in_takes_it_back_at_once(desk: Desk) -> None:
    person = [p for p in desk.participants.all() if p.role == Role.PRODUCER][2]
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        scan(app, code_of(desk, person))
        await wait_until(lambda: len(screen.results) == 1)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.screen is screen
        assert desk.checkins.all_checkins() == []
        assert person.display_name in screen.banner.text
