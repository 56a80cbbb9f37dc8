"""The laptop turned to the queue: participants check themselves in; only the PIN turns it back."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from facilitator.desk import Desk
from facilitator.models import Participant, Role
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.checkin.kiosk import KioskScreen, PinDialog
from facilitator.screens.checkin.screen import CheckInScreen
from tests.demo_desks import code_of
from tests.screens.conftest import scan, type_keys, wait_until
from tests.screens.screen_text import screen_text

SIZE = (100, 30)
PIN = "2468"
LOCKED = ["f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "ctrl+p", "ctrl+q",
          "ctrl+c", "ctrl+t", "ctrl+z", "ctrl+f", "ctrl+n"]  # fmt: skip


def kiosk(app: FacilitatorApp) -> KioskScreen:
    screen = app.screen
    assert isinstance(screen, KioskScreen), screen
    return screen


async def scanned_at_kiosk(pilot: Pilot, code: str, end: str = "enter") -> KioskScreen:
    """A code held to the kiosk's scanner, and its verdict on screen."""
    await pilot.pause()
    screen = kiosk(pilot.app)
    scan(pilot.app, code, end=end)
    await wait_until(lambda: len(screen.results) == 1)
    await pilot.pause()
    return screen


def producer(desk: Desk, n: int) -> Participant:
    return [p for p in desk.participants.all() if p.role == Role.PRODUCER][n]


async def test_kiosk_mode_refuses_area_keys_the_palette_help_and_quitting_until_the_pin(
    desk: Desk,
) -> None:
    app = FacilitatorApp(desk, kiosk_pin=PIN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = kiosk(app)
        for key in LOCKED:
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
            assert not isinstance(app.screen, CommandPalette)
            assert app.is_running and app.return_code is None, key
        assert not app.check_action("quit", ())  # nor by any other way of asking
        assert not app.check_action("switch_mode", ("dashboard",))

        await pilot.press("ctrl+x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PinDialog)
        await pilot.press(*"1357", "enter")
        await pilot.pause()
        assert app.screen is dialog and "Wrong PIN" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen  # still the kiosk
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert app.kiosk is None
        await pilot.press("f4")
        await pilot.pause()
        assert app.current_mode == "dashboard"  # the desk's keys work again


async def test_repeated_wrong_pins_make_the_next_try_wait(desk: Desk) -> None:
    app = FacilitatorApp(desk, kiosk_pin=PIN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PinDialog)
        for _ in range(3):
            await pilot.press(*"0000", "enter")
            await pilot.pause()
        assert dialog.answers[-1].wait_seconds > 0
        await pilot.press(*PIN, "enter")  # right, but too soon: not even compared
        await pilot.pause()
        assert dialog.answers[-1].refused_unheard
        assert isinstance(app.screen, PinDialog)
        desk.clock.advance(dialog.answers[-2].wait_seconds)  # type: ignore[attr-defined]
        await pilot.press(*PIN, "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)


async def test_a_participant_scans_their_badge_and_reads_their_name_and_the_session(
    desk: Desk,
) -> None:
    person = producer(desk, 0)
    app = FacilitatorApp(desk, kiosk_pin=PIN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await scanned_at_kiosk(pilot, code_of(desk, person))
        assert screen.results[0].verdict == "checked_in"
        assert person.display_name in screen.verdict.text
        assert "08:30" in screen.verdict.text
        assert screen.verdict.has_class("-green")
    session = desk.checkins.current_session().session
    assert session is not None and person.id in desk.checkins.present(session.id)


async def test_without_a_badge_the_phone_digits_offer_their_name_masked(desk: Desk) -> None:
    person = desk.participants.add(
        first_name="สมหมาย", last_name="บุญเรือง", phone="081-555-7391", role="producer"
    )
    other = desk.participants.add(
        first_name="สมใจ", last_name="ดีงาม", phone="089-555-7391", role="producer"
    )
    app = FacilitatorApp(desk, kiosk_pin=PIN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = kiosk(app)
        type_keys(app, "7391")
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "สมหมาย บ***" in shown and "สมใจ ด***" in shown
        assert "บุญเรือง" not in shown and "081-555-7391" not in shown  # the queue is watching
        options = screen.query_one("#kiosk-candidates", OptionList)
        assert app.focused is options
        number = next(
            n
            for n, c in enumerate(screen.match.candidates, 1)
            if c.participant_id == person.id  # type: ignore[union-attr]
        )
        await pilot.press(str(number))
        await wait_until(lambda: len(screen.results) == 1)
        await pilot.pause()
        assert screen.results[0].participant == person
        assert "สมหมาย" in screen.verdict.text
        assert app.focused is screen.field
    session = desk.checkins.current_session().session
    assert session is not None
    assert person.id in desk.checkins.present(session.id)
    assert other.id not in desk.checkins.present(session.id)


async def test_digits_shared_by_more_than_three_send_the_person_to_the_facilitator(
    desk: Desk,
) -> None:
    for n in range(4):
        desk.participants.add(first_name=f"คน{n}", last_name="ทดสอบ", phone=f"08{n}-123-4321")
    app = FacilitatorApp(desk, kiosk_pin=PIN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = kiosk(app)
        type_keys(app, "4321")
        await pilot.press("enter")
        await pilot.pause()
        assert "see the facilitator" in screen.verdict.text
        assert not screen.query_one("#kiosk-candidates", OptionList).display
        assert "ทดสอบ" not in screen_text(app)
    assert desk.checkins.all_checkins() == []


async def test_the_palette_opens_the_kiosk_after_asking_for_its_pin_twice(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.ask_kiosk_pin()
        await pilot.pause()
        assert isinstance(app.screen, PinDialog)
        await pilot.press(*"12", "enter")  # too short
        await pilot.press(*"12", "enter")
        await pilot.pause()
        assert "4 to 8 digits" in screen_text(app)
        first = app.screen.query_one("#pin-first")
        first.value = ""  # type: ignore[attr-defined]
        await pilot.press(*PIN, "enter", *PIN, "enter")
        await pilot.pause()
        kiosk(app)
        assert app.kiosk is not None


async def test_a_certificate_held_to_the_kiosk_says_so_in_words_not_a_catalogue_key(
    desk: Desk,
) -> None:
    holder = producer(desk, 1)
    app = FacilitatorApp(desk, kiosk_pin=PIN)
    async with app.run_test(size=SIZE) as pilot:
        code = desk.event.certificate_code_for(holder.id, 3)
        screen = await scanned_at_kiosk(pilot, code, end="")  # no Enter either
        assert screen.results[0].verdict == "certificate"
        assert "CERTIFICATE" in screen.verdict.text and "kiosk.head" not in screen.verdict.text
    assert holder.id not in desk.checkins.present(desk.checkins.current_session().session.id)
