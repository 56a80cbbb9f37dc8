"""At the door, for the room: the running count, scanners that send no Enter, and the sounds."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from facilitator.desk import Desk
from facilitator.models import Participant, Role
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.checkin.screen import CheckInScreen
from facilitator.screens.dashboard.screen import DashboardScreen
from tests.demo_desks import code_of, open_demo_desk
from tests.facilitator.checkin.test_sounds import hanging_player, played
from tests.screens.conftest import scan, wait_until

SIZE = (120, 35)


def producer(desk: Desk, n: int) -> Participant:
    return [p for p in desk.participants.all() if p.role == Role.PRODUCER][n]


def mentor(desk: Desk, n: int) -> Participant:
    return [p for p in desk.participants.all() if p.role == Role.MENTOR][n]


def checkin_screen(app: FacilitatorApp) -> CheckInScreen:
    screen = app.screen
    assert isinstance(screen, CheckInScreen)
    return screen


def count_text(screen: CheckInScreen) -> str:
    return str(screen.query_one("#scan-count", Static).content)


def present(desk: Desk, person: Participant) -> bool:
    session = desk.checkins.current_session().session
    assert session is not None
    return person.id in desk.checkins.present(session.id)


# -- the running count ---------------------------------------------------------------------------


async def test_the_count_follows_each_scan_and_each_synced_check_in_at_80x24(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        assert count_text(screen).startswith("Here 0 / 50 · OTOP 0/20 · KBO 0/20")
        region = screen.query_one("#scan-count").region
        assert region.height == 1 and region.bottom <= 24 and region.right <= 80

        scan(app, code_of(desk, producer(desk, 0)))
        await wait_until(lambda: count_text(screen).startswith("Here 1 / 50"))
        assert "OTOP 1/20" in count_text(screen)
        scan(app, code_of(desk, producer(desk, 1)))
        await wait_until(lambda: count_text(screen).startswith("Here 2 / 50"))
        await pilot.press("ctrl+z")  # the last scan is undone: the count goes down
        await wait_until(lambda: count_text(screen).startswith("Here 1 / 50"))

        # Another desk's check-in arrives (a search check-in or a sync): no scan here.
        desk.checkins.check_in(mentor(desk, 0).id)
        await wait_until(lambda: count_text(screen).startswith("Here 2 / 50"))
        assert "KBO 1/20" in count_text(screen)


# -- scanners that send no Enter -------------------------------------------------------------------


async def test_a_code_without_enter_is_checked_in_and_half_a_code_is_not(desk: Desk) -> None:
    whole, half = producer(desk, 2), producer(desk, 3)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = checkin_screen(app)
        scan(app, code_of(desk, whole), end="")
        await wait_until(lambda: len(screen.results) == 1)
        assert screen.results[0].verdict == "checked_in"
        assert screen.scan_field.idle_submits == 1 and screen.scan_field.value == ""

        scan(app, code_of(desk, half)[:12], end="")
        await wait_until(
            lambda: "Incomplete" in str(screen.query_one("#scan-hint", Static).content)
        )
        await pilot.pause(0.3)
        assert len(screen.results) == 1 and not present(desk, half)
        assert screen.scan_field.value == ""  # let go of: the rescan is read alone
    assert present(desk, whole)


async def test_a_certificate_held_up_without_enter_gets_its_verdict_not_incomplete(
    desk: Desk,
) -> None:
    holder = producer(desk, 4)
    certificate = desk.event.certificate_code_for(holder.id, 7)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = checkin_screen(app)
        scan(app, certificate, end="")
        await wait_until(lambda: len(screen.results) == 1)
        assert screen.results[0].verdict == "certificate"
        assert "Incomplete" not in str(screen.query_one("#scan-hint", Static).content)
        await pilot.pause()
    assert not present(desk, holder), "a certificate checks nobody in"


async def test_after_half_a_read_the_first_whole_scan_of_that_badge_checks_in(
    desk: Desk,
) -> None:
    person = producer(desk, 3)
    code = code_of(desk, person)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = checkin_screen(app)
        scan(app, code[:12], end="")  # the scanner lost the badge after 12 letters
        await wait_until(lambda: "12/19" in str(screen.query_one("#scan-hint", Static).content))
        await pilot.pause(0.2)
        scan(app, code)  # the facilitator holds it up again: one whole read
        await wait_until(lambda: len(screen.results) == 1)
        assert screen.results[0].verdict == "checked_in"
        assert person.display_name in screen.banner.text
        assert screen.scan_field.value == ""
    assert present(desk, person)


async def test_half_a_read_and_the_whole_badge_in_one_submit_check_that_badge_in(
    desk: Desk,
) -> None:
    """A scanner that sent half a code and, without a pause, the whole one, then Enter."""
    half, person = producer(desk, 4), producer(desk, 5)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE):
        screen = checkin_screen(app)
        scan(app, code_of(desk, half)[:12] + code_of(desk, person))
        await wait_until(lambda: len(screen.results) == 1)
        assert screen.results[0].verdict == "checked_in"
        assert screen.results[0].participant == person
    assert present(desk, person) and not present(desk, half)


async def test_a_forged_code_without_enter_is_never_submitted_on_its_own(desk: Desk) -> None:
    code = code_of(desk, producer(desk, 4))
    forged = code[:-1] + ("A" if code[-1] != "A" else "C")
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = checkin_screen(app)
        scan(app, forged, end="")
        await pilot.pause(0.5)
        assert screen.results == []
        await pilot.press("enter")  # the facilitator presses Enter: now it is judged
        await wait_until(lambda: len(screen.results) == 1)
        assert screen.results[0].verdict == "forged"


@pytest.mark.parametrize("late", [0.0, 0.14, 0.16, 0.3, 0.9])
async def test_an_enter_that_comes_late_never_checks_in_twice(desk: Desk, late: float) -> None:
    person = producer(desk, 5)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = checkin_screen(app)
        scan(app, code_of(desk, person), end="")
        await asyncio.sleep(late)
        enter = events.Key("enter", "\r")
        enter.set_sender(app)
        app.post_message(enter)
        await wait_until(lambda: len(screen.results) == 1)
        await pilot.pause(0.5)
        assert [r.verdict for r in screen.results] == ["checked_in"]
        assert screen.double_reads == 0  # not even a second read: one submit in all
    assert len(desk.checkins.all_checkins()) == 1


async def test_on_another_screen_a_code_without_enter_counts_and_its_late_enter_is_dropped(
    desk: Desk,
) -> None:
    person, half = producer(desk, 6), producer(desk, 7)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "ctrl+f")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input)
        scan(app, code_of(desk, person), end="")
        await wait_until(lambda: len(app.scans.caught) == 1)
        await pilot.pause()
        assert field.value == ""  # the burst was taken out of the search field
        await pilot.press("enter")  # the scanner's Enter, late: not the search's
        await pilot.pause()
        assert len(app.scans.caught) == 1

        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        scan(app, code_of(desk, half)[:9], end="")
        await wait_until(lambda: len(app.scans.partials) == 1)
        assert len(app.scans.caught) == 1
    assert present(desk, person) and not present(desk, half)


# -- sounds -------------------------------------------------------------------------------------


async def test_each_verdict_sounds_its_own_and_a_hanging_player_never_delays_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = hanging_player(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("FACILITATOR_SOUND_PLAYER", raising=False)
    desk = open_demo_desk(tmp_path / "ev.json")  # the player is looked for as the desk opens
    first = producer(desk, 0)
    code = code_of(desk, first)
    forged = code[:-1] + ("A" if code[-1] != "A" else "C")
    app = FacilitatorApp(desk)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = checkin_screen(app)
            scans = [(code, "green.wav"), (code, "amber.wav"), (forged, "red.wav")]
            for n, (text, sound) in enumerate(scans, start=1):
                desk.clock.advance(4)  # past the double-read window
                started = time.monotonic()
                scan(app, text)
                await wait_until(lambda n=n: len(screen.results) == n)
                assert time.monotonic() - started < 1.5  # the last player still sleeps (30 s)
                assert played(log, n)[-1][1] == sound
            assert [r.verdict.colour for r in screen.results] == ["green", "amber", "red"]
            await pilot.press("f10")  # mute
            await pilot.pause()
            assert desk.sounds.settings.muted
    finally:
        desk.close()
