"""The dashboard as the organisers read it: who is in by role, who to call, when people came."""

from __future__ import annotations

from datetime import date, datetime

from textual.widgets import DataTable, Sparkline, Static

from facilitator.desk import Desk
from facilitator.labels import day_label
from facilitator.models import Role
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.checkin.screen import CheckInScreen
from facilitator.screens.dashboard.screen import DashboardScreen, arrivals
from tests.demo_desks import code_of
from tests.screens.conftest import scan, wait_until

SIZE = (120, 40)


def people_of(desk: Desk, role: Role) -> list:
    return [p for p in desk.participants.all() if p.role == role]


def dashboard(app: FacilitatorApp) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def row(table: DataTable, key: str) -> list[str]:
    return [str(cell) for cell in table.get_row(key)]


async def test_the_dashboard_counts_who_is_in_by_role_against_the_roster(desk: Desk) -> None:
    producers, mentors = people_of(desk, Role.PRODUCER), people_of(desk, Role.MENTOR)
    for p in producers[:3] + mentors[:1]:
        desk.checkins.check_in(p.id)
    app = FacilitatorApp(desk, start_mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        roles = screen.query_one("#dashboard-roles", DataTable)
        assert row(roles, "producer") == ["OTOP producer", "3", "20", "20", "15%"]
        assert row(roles, "mentor") == ["KBO mentor", "1", "20", "20", "5%"]
        assert row(roles, "official")[1:3] == ["0", "7"]
        assert row(roles, "total")[1:3] == ["4", "50"]
        assert "4 of 50 here" in str(screen.query_one("#dashboard-title", Static).content)

        missing = screen.query_one("#missing-table", DataTable)
        assert missing.row_count == 46
        someone = producers[5]
        assert row(missing, someone.id)[0] == someone.display_name
        assert row(missing, someone.id)[1] == someone.phone  # beside the name, on screen
        assert "Still missing: 46" in str(screen.query_one("#missing-title", Static).content)


async def test_a_check_in_at_the_desk_shows_on_the_dashboard(desk: Desk) -> None:
    person = people_of(desk, Role.PRODUCER)[0]
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = app.screen
        assert isinstance(checkin, CheckInScreen)
        scan(app, code_of(desk, person.id))
        await wait_until(lambda: len(checkin.results) == 1)
        await pilot.press("f4")
        await pilot.pause()
        screen = dashboard(app)
        roles = screen.query_one("#dashboard-roles", DataTable)
        assert row(roles, "producer")[1] == "1"
        assert screen.query_one("#missing-table", DataTable).row_count == 49

        # Another desk's work (or a search check-in) arrives while the dashboard is shown.
        desk.checkins.check_in(people_of(desk, Role.MENTOR)[0].id)
        await pilot.pause(2.3)
        assert row(roles, "mentor")[1] == "1"
        assert screen.query_one("#arrivals", Sparkline).data
        assert "2 in all" in str(screen.query_one("#arrivals-label", Static).content)


async def test_hide_names_mode_shows_counts_but_no_names_or_phones(desk: Desk) -> None:
    app = FacilitatorApp(desk, start_mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        missing = screen.query_one("#missing-table", DataTable)
        assert missing.display and missing.row_count == 50
        await pilot.press("ctrl+h")
        await pilot.pause()
        assert screen.hide_names
        assert not missing.display and missing.row_count == 0
        assert "Names hidden" in str(screen.query_one("#missing-title", Static).content)
        svg = app.export_screenshot()
        assert desk.participants.all()[0].phone not in svg
        await pilot.press("ctrl+h")
        await pilot.pause()
        assert missing.display and missing.row_count == 50


def test_arrivals_are_counted_in_ten_minute_buckets_from_the_first_session() -> None:
    day = date(2026, 6, 7)
    start = datetime(2026, 6, 7, 8, 30)
    times = [
        datetime(2026, 6, 7, 8, 31),
        datetime(2026, 6, 7, 8, 39),
        datetime(2026, 6, 7, 8, 52),
        datetime(2026, 6, 6, 9, 0),  # yesterday: not today's arrivals
    ]
    assert arrivals(times, day, start, datetime(2026, 6, 7, 9, 5)) == [2, 0, 1, 0]
    assert arrivals([], day, start, datetime(2026, 6, 7, 9, 5)) == []


async def test_a_session_picked_on_another_day_says_its_day(desk: Desk) -> None:
    tomorrow_pm = desk.events.current.sessions[-1]
    assert tomorrow_pm.day != desk.clock.now().date()
    desk.checkins.choose_session(tomorrow_pm.id)
    app = FacilitatorApp(desk, start_mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = str(dashboard(app).query_one("#dashboard-title", Static).content)
        assert title.startswith(f"{tomorrow_pm.name} {day_label(tomorrow_pm.day)} 13:00")
