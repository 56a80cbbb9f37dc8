"""The projector view faces the room: the count, the roles and the arrivals, and no one's name."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Digits

from facilitator.desk import Desk
from facilitator.i18n import t
from facilitator.models import Role
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.room.charts import ArrivalsChart, RoleBars
from facilitator.screens.room.projector import ProjectorScreen
from tests.demo_desks import code_of
from tests.screens.conftest import scan, wait_until
from tests.screens.screen_text import screen_text

SIZE = (120, 35)


def projector(app: FacilitatorApp) -> ProjectorScreen:
    screen = app.screen
    assert isinstance(screen, ProjectorScreen)
    return screen


def no_personal_data(desk: Desk, text: str) -> list[str]:
    """Whatever of anyone's name or phone number shows in `text` (nothing, for the room)."""
    found = []
    for p in desk.participants.all():
        for value in (p.display_name, p.first_name, p.last_name, p.phone, p.phone[-4:]):
            if value and len(value) >= 3 and value in text:
                found.append(value)
    return found


async def test_f6_shows_the_count_in_big_digits_and_the_bars_and_no_name_or_phone(
    desk: Desk,
) -> None:
    people = desk.participants.all()
    producers = [p for p in people if p.role == Role.PRODUCER]
    for n, p in enumerate(producers[:7] + people[-2:]):
        desk.clock.advance(minutes=2 if n else 0)
        desk.checkins.check_in(p.id)
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        screen = projector(app)
        assert screen.query_one("#count-here", Digits).value == "9"
        assert screen.query_one("#count-expected", Digits).value == "50"
        bars = screen.query_one(RoleBars)
        assert ("producer", 7, 20) in [(r.role, r.here, r.expected) for r in bars.roles]
        chart = screen.query_one(ArrivalsChart)
        assert chart.arrivals.minutes == 15 and chart.arrivals.total == 9
        text = screen_text(app)
        assert desk.event.name[:20] in text
        assert "09:00" in text  # the time axis
        assert "7 / 20" in text
        assert no_personal_data(desk, text) == []

        # A scan at the laptop while the room watches: counted, and toasted without the name.
        newcomer = producers[10]
        scan(app, code_of(desk, newcomer))
        await wait_until(lambda: screen.query_one("#count-here", Digits).value == "10")
        await pilot.pause()
        assert app.scans.caught[-1].participant == newcomer
        assert no_personal_data(desk, screen_text(app)) == []


async def test_the_projector_follows_check_ins_from_other_desks_without_a_timer(
    desk: Desk,
) -> None:
    app = FacilitatorApp(desk, start_mode="projector")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = projector(app)
        assert screen.query_one("#count-here", Digits).value == "0"
        assert t("dashboard.no_arrivals") in screen_text(app)
        mentor = next(p for p in desk.participants.all() if p.role == Role.MENTOR)
        desk.clock.advance(timedelta(minutes=20).total_seconds())
        desk.checkins.check_in(mentor.id)
        await wait_until(lambda: screen.query_one("#count-here", Digits).value == "1")
        assert no_personal_data(desk, screen_text(app)) == []


async def test_the_projector_reads_in_light_and_dark(desk: Desk) -> None:
    app = FacilitatorApp(desk, start_mode="projector")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for theme in ("textual-light", "textual-dark"):
            app.theme = theme
            await pilot.pause()
            screen = projector(app)
            digits = screen.query_one("#count-expected", Digits)
            fg, bg = digits.styles.color, screen.styles.background
            assert abs(fg.brightness - bg.brightness) > 0.6, theme  # strong contrast
