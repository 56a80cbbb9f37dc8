"""The check-in desk as the facilitator meets it: a badge is scanned, a banner answers."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from facilitator.codes.kedmanee import us_to_thai
from facilitator.codes.participant_code import CODE_ALPHABET, make_code
from facilitator.desk import Desk
from facilitator.models import Participant, Role
from facilitator.screens.app import AREAS, FacilitatorApp
from facilitator.screens.badges.qr_view import QrScreen
from facilitator.screens.checkin.screen import CheckInScreen
from facilitator.screens.checkin.walk_in import WalkInScreen
from tests.demo_desks import code_of, demo_clock, open_demo_desk, open_other_event
from tests.screens.conftest import scan, type_keys, wait_until

SIZE = (120, 35)


def checkin_screen(app: FacilitatorApp) -> CheckInScreen:
    screen = app.screen
    assert isinstance(screen, CheckInScreen)
    return screen


async def scan_and_wait(app: FacilitatorApp, text: str, end: str = "enter") -> CheckInScreen:
    """Scan one code and wait for its verdict (or its double-read hint)."""
    screen = checkin_screen(app)
    before = len(screen.results) + screen.double_reads
    scan(app, text, end)
    await wait_until(lambda: len(screen.results) + screen.double_reads > before)
    return screen


async def open_walk_in(pilot: Pilot) -> WalkInScreen:
    """Ctrl+N at the door: the walk-in form, in front."""
    await pilot.press("ctrl+n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, WalkInScreen)
    return form


def fill_walk_in(form: WalkInScreen, **values: str) -> None:
    """Type into the walk-in form's fields by name (first_name, last_name, phone, ...)."""
    for name, value in values.items():
        form.query_one(f"#walkin-{name}", Input).value = value


def producer(desk: Desk, n: int = 0) -> Participant:
    return [p for p in desk.participants.all() if p.role == Role.PRODUCER][n]


async def test_the_desk_opens_on_the_scan_field_with_the_session_in_the_header(
    desk: Desk,
) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        assert AREAS[0].mode == "checkin"
        assert app.focused is screen.scan_field
        assert "ช่วง" in str(screen.sub_title)
        assert screen.banner.text.startswith("Ready to scan")


async def test_at_80_columns_the_session_still_shows_under_the_scan_field(desk: Desk) -> None:
    # The header holds the event name first; a long one pushes the session off the edge.
    app = FacilitatorApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        session = str(screen.query_one("#scan-session", Static).content)
        assert session == str(screen.sub_title)
        first = desk.event.sessions[0]
        assert f"{first.start:%H:%M}" in session
        assert screen.query_one("#scan-session").region.width <= 80
        assert f"{first.start:%H:%M}" in screen.banner.text  # the idle banner says it too


async def test_a_producer_scans_their_badge_and_the_banner_turns_green(desk: Desk) -> None:
    person = producer(desk)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await scan_and_wait(app, code_of(desk, person.id))
        await pilot.pause()
        banner = screen.banner
        assert banner.verdict == "checked_in"
        assert banner.has_class("-green")
        assert person.display_name in banner.text
        assert person.product in banner.text
        assert "OTOP producer" in banner.text
        assert app.focused is screen.scan_field
        assert screen.scan_field.value == ""
    session = desk.checkins.current_session().session
    assert session is not None
    assert person.id in {c.participant_id for c in desk.checkins.attendance(session.id)}


async def test_a_badge_scanned_on_the_thai_kedmanee_layout_still_checks_in(desk: Desk) -> None:
    person = producer(desk, 1)
    garbled = us_to_thai(code_of(desk, person.id))
    assert garbled != code_of(desk, person.id)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE):
        screen = await scan_and_wait(app, garbled)
        assert screen.banner.verdict == "checked_in"
        assert person.display_name in screen.banner.text


async def test_a_scanner_that_ends_with_lf_submits_like_enter(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE):
        screen = await scan_and_wait(app, code_of(desk, producer(desk, 2).id), end="ctrl+j")
        assert screen.banner.verdict == "checked_in"


async def test_the_same_badge_read_twice_within_three_seconds_counts_once(desk: Desk) -> None:
    code = code_of(desk, producer(desk).id)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = checkin_screen(app)
        await scan_and_wait(app, code)
        desk.clock.advance(1.0)
        await scan_and_wait(app, code)
        await pilot.pause()
        assert [r.verdict for r in screen.results] == ["checked_in"]
        assert screen.double_reads == 1
        assert "double read ignored" in str(screen.query_one("#scan-hint", Static).content)
        assert screen.banner.verdict == "checked_in"  # no second verdict painted


async def test_a_badge_scanned_again_later_says_already_with_the_time_and_desk(
    desk: Desk,
) -> None:
    code = code_of(desk, producer(desk).id)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE):
        screen = checkin_screen(app)
        await scan_and_wait(app, code)
        first = screen.results[-1].checkin
        assert first is not None
        desk.clock.advance(3.5)
        await scan_and_wait(app, code)
        banner = screen.banner
        assert banner.verdict == "already"
        assert banner.has_class("-amber")
        assert f"Checked in at {first.at:%H:%M} at desk desk-a" in banner.text
    assert len(desk.checkins.all_checkins()) == 1


async def test_a_forged_badge_is_red_and_rings_the_bell(desk: Desk) -> None:
    code = code_of(desk, producer(desk).id)
    last = code[-1]
    forged = code[:-1] + next(c for c in CODE_ALPHABET if c != last)
    app = FacilitatorApp(desk)
    rings: list[int] = []
    async with app.run_test(size=SIZE):
        app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
        screen = await scan_and_wait(app, forged)
        assert screen.banner.verdict == "forged"
        assert screen.banner.has_class("-red")
        assert rings == [1]
    assert desk.checkins.all_checkins() == []


async def test_a_badge_from_another_event_is_red(desk: Desk, tmp_path: Path) -> None:
    other = open_other_event(tmp_path, desk, station="elsewhere")
    foreign = code_of(other, other.participants.all()[0].id)
    other.close()
    app = FacilitatorApp(desk)
    rings: list[int] = []
    async with app.run_test(size=SIZE):
        app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
        screen = await scan_and_wait(app, foreign)
        assert screen.banner.verdict == "other_event"
        assert screen.banner.has_class("-red")
        assert "another event" in screen.banner.text
        assert rings == [1]


async def test_text_that_is_no_code_is_shown_back_as_it_arrived(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE):
        screen = await scan_and_wait(app, "hello 42")
        assert screen.banner.verdict == "not_a_code"
        assert screen.banner.has_class("-red")
        assert "Received: 'hello 42'" in screen.banner.text
        history = str(screen.query_one("#scan-history", Static).render())
        assert "hello 42" in history and "HELLO42" not in history  # the recent list too


async def test_a_genuine_code_for_someone_not_on_this_desks_list_is_provisional(
    desk: Desk,
) -> None:
    stranger = "CCCCCCCC"
    assert stranger not in desk.participants
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE):
        screen = await scan_and_wait(app, code_of(desk, stranger))
        assert screen.banner.verdict == "provisional"
        assert screen.banner.has_class("-amber")
        assert stranger in screen.banner.text
    [checkin] = desk.checkins.all_checkins()
    assert checkin.provisional and checkin.participant_id == stranger


async def test_on_a_day_without_sessions_the_banner_asks_for_a_session_first(
    tmp_path: Path,
) -> None:
    desk = open_demo_desk(
        tmp_path / "later.json",
        first_day=date.today() + timedelta(days=10),
        clock=demo_clock(date.today()),
    )
    person = producer(desk)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        assert screen.banner.verdict == "no_session"
        assert "F9" in screen.banner.text
        assert "F9" in str(screen.sub_title)

        await scan_and_wait(app, code_of(desk, person.id))
        assert screen.banner.verdict == "no_session"
        assert desk.checkins.all_checkins() == []

        # The desk picks the first session by hand; the header says it was chosen.
        await pilot.press("f9")
        await pilot.pause()
        picker = app.screen.query_one("#session-picker-list", OptionList)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert picker is not None and app.screen is screen
        assert desk.checkins.session_override == desk.event.sessions[0].id
        assert str(screen.sub_title).startswith("✋ Chosen: ")  # said once, marked by the hand
        assert app.focused is screen.scan_field

        desk.clock.advance(10)  # past the double-read window
        await scan_and_wait(app, code_of(desk, person.id))
        assert screen.banner.verdict == "checked_in"
    desk.close()


async def test_a_hundred_badges_back_to_back_give_a_hundred_verdicts(desk: Desk) -> None:
    for n in range(50):
        desk.participants.add(first_name=f"Extra{n}", last_name="Person", role="producer")
    people = desk.participants.all()
    assert len(people) == 100
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        for person in people:  # 2,000 keys queued before the app handles the first
            scan(app, code_of(desk, person.id))
        await wait_until(lambda: len(screen.results) == 100, timeout=60)
        await pilot.pause()
        assert [r.verdict for r in screen.results] == ["checked_in"] * 100
        assert [r.participant_id for r in screen.results] == [p.id for p in people]
        assert screen.double_reads == 0
        assert screen.scan_field.value == ""
    assert len(desk.checkins.all_checkins()) == 100


async def test_undo_takes_back_the_last_check_in(desk: Desk) -> None:
    person = producer(desk)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        screen = await scan_and_wait(app, code_of(desk, person.id))
        await pilot.press("ctrl+z")
        banner = screen.banner
        assert banner.verdict == "undone"
        assert "UNDONE" in banner.text and person.display_name in banner.text
        assert app.focused is screen.scan_field
        history = str(screen.query_one("#scan-history", Static).content)
        assert "UNDONE" in history and "CHECKED IN" not in history
        # The same badge may be scanned straight away: it is not a double read any more.
        await scan_and_wait(app, code_of(desk, person.id))
        assert banner.verdict == "checked_in"
        await pilot.press("ctrl+z", "ctrl+z")
        assert "Nothing to undo" in str(screen.query_one("#scan-hint", Static).content)
    assert desk.checkins.all_checkins() == []


async def test_a_person_without_their_badge_is_found_by_name_and_checked_in(
    desk: Desk,
) -> None:
    person = producer(desk, 3)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        await pilot.press("ctrl+f")
        search = screen.search
        assert app.focused is search.query_box
        type_keys(app, person.first_name)
        await wait_until(lambda: search.query_box.value == person.first_name)
        await pilot.pause()
        assert person in search.people  # results from the typing, no Enter needed
        for _ in range(search.people.index(person)):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.banner.verdict == "checked_in"
        assert person.display_name in screen.banner.text
        assert not screen.searching
        assert app.focused is screen.scan_field

        # Searching again shows the person as already here.
        await pilot.press("ctrl+f")
        type_keys(app, person.first_name)
        await wait_until(lambda: search.query_box.value == person.first_name)
        await pilot.pause()
        row = search.results.get_option_at_index(search.people.index(person))
        assert "here since" in str(row.prompt)
        await pilot.press("escape")
        assert app.focused is screen.scan_field
    [checkin] = desk.checkins.all_checkins()
    assert checkin.participant_id == person.id and checkin.method == "search"


async def test_at_80x24_the_search_results_are_on_screen(desk: Desk) -> None:
    # Below the banner and history, the results had no rows left: Enter chose someone unseen.
    app = FacilitatorApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        await pilot.press("ctrl+f")
        search = screen.search
        type_keys(app, "สม")
        await wait_until(lambda: search.query_box.value == "สม")
        await pilot.pause()
        assert len(search.people) >= 4
        results = search.results.region
        assert results.height >= 4 and results.bottom <= 24
        await pilot.press("escape")
        await pilot.pause()
        assert screen.banner.display and screen.banner.region.height > 0


async def test_a_walk_in_is_registered_checked_in_and_shown_their_qr(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        form = await open_walk_in(pilot)
        form.query_one("#walkin-title-field", Input).value = "นาง"
        form.query_one("#walkin-first_name", Input).value = "มาลี"
        form.query_one("#walkin-last_name", Input).value = "ใจงาม"
        form.query_one("#walkin-phone", Input).value = "081-234-5678"
        form.query_one("#walkin-product", Input).value = "ผ้าทอมือ"
        await pilot.press("ctrl+s")
        await pilot.pause()

        qr = app.screen
        assert isinstance(qr, QrScreen)
        person = qr.participant
        assert person.display_name == "นางมาลี ใจงาม" and person.source == "walk_in"
        assert qr.code == code_of(desk, person.id)
        drawing = str(qr.query_one("#qr-code", Static).content)
        assert set(drawing) <= set("▀▄█ \n") and "█" in drawing
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert app.focused is screen.scan_field
        assert screen.banner.verdict == "checked_in"
        assert "มาลี" in screen.banner.text
    [checkin] = desk.checkins.all_checkins()
    assert checkin.method == "walk_in"


async def test_an_official_walking_in_is_registered_with_their_position(desk: Desk) -> None:
    # The sign-in sheet and the payment evidence list officials by ตำแหน่ง.
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await open_walk_in(pilot)
        fill_walk_in(form, first_name="วิชัย", last_name="ศรีสุข", position="ปลัดอำเภอดอนตาล")
        form.query_one("#walkin-role", Select).value = "official"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    [person] = [p for p in desk.participants.all() if p.source == "walk_in"]
    assert (person.position, person.role) == ("ปลัดอำเภอดอนตาล", "official")


async def test_a_walk_in_who_is_on_the_list_is_checked_in_as_that_person(desk: Desk) -> None:
    # A producer lost their badge and is "registered" at the door again: same name and phone.
    listed = producer(desk, 2)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        form = await open_walk_in(pilot)
        fill_walk_in(
            form, first_name=listed.first_name, last_name=listed.last_name, phone=listed.phone
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # not saved: asked first
        assert "Already on the list" in str(form.query_one("#walkin-error", Static).content)
        instead = form.query_one("#walkin-listed")
        assert instead.display and "number 3" in str(instead.label)
        await pilot.click("#walkin-listed")
        await pilot.pause()
        assert app.screen is screen or isinstance(app.screen, QrScreen)
    assert len(desk.participants) == 50
    [checkin] = desk.checkins.all_checkins()
    assert checkin.participant_id == listed.id


async def test_two_quick_enters_on_a_listed_walk_in_check_in_the_listed_person_not_a_copy(
    desk: Desk,
) -> None:
    listed = producer(desk, 4)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_walk_in(pilot)
        fill_walk_in(
            form, first_name=listed.first_name, last_name=listed.last_name, phone=listed.phone
        )
        form.query_one("#walkin-product", Input).focus()
        await pilot.press("enter")  # the last field: save
        await pilot.pause()
        assert app.screen is form and form.focused is form.query_one("#walkin-listed")
        await pilot.press("enter")  # the second Enter of a hurried desk
        await pilot.pause()
        assert app.screen is not form
    assert len(desk.participants) == 50, "no duplicate of someone on the list"
    [checkin] = desk.checkins.all_checkins()
    assert checkin.participant_id == listed.id


async def test_a_namesake_is_registered_when_saved_again(desk: Desk) -> None:
    listed = producer(desk, 2)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_walk_in(pilot)
        fill_walk_in(form, first_name=listed.first_name, last_name=listed.last_name)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+s")  # "it is someone else"
        await pilot.pause()
        assert app.screen is not form
    assert len(desk.participants) == 51


async def test_on_an_80x24_terminal_the_walk_in_form_shows_its_buttons_unscrolled(
    desk: Desk,
) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_walk_in(pilot)
        screen_rows = range(0, 24)
        for button in ("#walkin-save", "#walkin-cancel", "#walkin-title"):
            region = form.query_one(button).region
            assert region.height and region.y in screen_rows and region.bottom <= 24, button
        assert form.query_one("#walkin-form").scroll_y == 0


async def test_a_walk_in_needs_a_first_name(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+s")
        form = app.screen
        assert isinstance(form, WalkInScreen)
        assert "first name" in str(form.query_one("#walkin-error", Static).content)
        await pilot.press("escape")
        assert isinstance(app.screen, CheckInScreen)
    assert len(desk.participants) == 50


async def test_when_the_window_loses_focus_a_red_strip_warns_the_desk(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        strip = screen.query_one("#focus-warning", Static)
        assert not strip.display
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert strip.display and screen.has_class("-window-blurred")
        assert "lost focus" in str(strip.content)
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert not strip.display
        assert app.focused is screen.scan_field


async def test_a_click_elsewhere_gives_the_scan_field_its_focus_back(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = checkin_screen(app)
        screen.scan_field.blur()
        await pilot.pause()
        await pilot.click("#banner")
        await pilot.pause()
        assert app.focused is screen.scan_field


async def test_the_qr_of_the_person_on_the_banner_can_be_shown_again(desk: Desk) -> None:
    person = producer(desk)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await scan_and_wait(app, code_of(desk, person.id))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, QrScreen)
        assert app.screen.code == make_code(desk.event.id, desk.event.key, person.id)


async def test_the_qr_sits_in_the_middle_of_its_box(desk: Desk) -> None:
    person = producer(desk)
    app = FacilitatorApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(QrScreen(person, code_of(desk, person.id)))
        await pilot.pause()
        qr = app.screen.query_one("#qr-code").region
        text = app.screen.query_one("#qr-text").region  # full width of the box's inside
        assert abs((qr.x + qr.right) - (text.x + text.right)) <= 1
        assert qr.bottom <= 24
