"""After lunch at the desk: who came in the morning and is not back, and the whole event."""

from __future__ import annotations

from datetime import datetime, time

from textual.widgets import ContentSwitcher, DataTable

from facilitator.desk import Desk
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.dashboard.screen import DashboardScreen
from tests.screens.conftest import wait_until

SIZE = (120, 40)


def dashboard(app: FacilitatorApp) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def cells(table: DataTable, key: str) -> list[str]:
    return [str(c) for c in table.get_row(key)]


async def test_after_lunch_the_call_list_has_who_came_in_the_morning_with_phones(
    desk: Desk,
) -> None:
    people = desk.participants.all()
    for p in people[:6]:
        desk.checkins.check_in(p.id)  # 09:00, the morning
    desk.clock.set(datetime.combine(desk.clock.now().date(), time(13, 20)))  # type: ignore[attr-defined]
    for p in people[:2]:
        desk.checkins.check_in(p.id)
    app = FacilitatorApp(desk, start_mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert screen.query_one(ContentSwitcher).current == "view-gap"
        gap = screen.query_one("#gap-table", DataTable)
        assert gap.row_count == 4
        for p in people[2:6]:
            assert cells(gap, p.id)[:2] == [p.display_name, p.phone]  # to call them

        # One of them walks back in: their row goes, the others stay where they were.
        before = screen._gap.touched  # type: ignore[union-attr]
        desk.checkins.check_in(people[3].id)
        await wait_until(lambda: gap.row_count == 3)
        assert screen._gap.touched == before + 1  # type: ignore[union-attr]

        await pilot.press("ctrl+d")  # back to today: this session's missing list
        await pilot.pause()
        assert screen.query_one(ContentSwitcher).current == "view-today"
        assert screen.query_one("#missing-table", DataTable).row_count == 47


async def test_the_whole_event_marks_each_session_attended_and_updates_one_row(
    desk: Desk,
) -> None:
    people = desk.participants.all()
    desk.checkins.check_in(people[0].id)
    app = FacilitatorApp(desk, start_mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        await pilot.press("ctrl+e")
        await pilot.pause()
        grid = screen.query_one("#event-table", DataTable)
        assert grid.row_count == 50
        first = desk.event.sessions[0]
        assert len(grid.columns) == 3 + len(desk.event.sessions)
        assert cells(grid, people[0].id)[2] == "✓"
        assert cells(grid, people[0].id)[-1] == f"1/{len(desk.event.sessions)}"
        assert cells(grid, people[1].id)[2] == "·"

        touched = screen._grid.touched  # type: ignore[union-attr]
        desk.checkins.check_in(people[1].id)
        await wait_until(lambda: cells(grid, people[1].id)[2] == "✓")
        assert screen._grid.touched == touched + 1  # type: ignore[union-attr]  # one row, not 50
        assert grid.get_column_index(first.id) == 2


async def test_check_ins_that_arrive_on_another_view_touch_only_their_rows_when_it_is_back(
    desk: Desk,
) -> None:
    """The missing list is not refilled on a pull or on switching views: only the people the
    new facts name change, however big the roster."""
    people = desk.participants.all()
    app = FacilitatorApp(desk, start_mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = dashboard(app)
        missing = screen.query_one("#missing-table", DataTable)
        assert missing.row_count == 50
        touched = screen._missing.touched  # type: ignore[union-attr]

        desk.checkins.check_in(people[0].id)  # shown: one row goes
        await wait_until(lambda: missing.row_count == 49)
        assert screen._missing.touched == touched + 1  # type: ignore[union-attr]

        await pilot.press("ctrl+e")  # the whole event is up while two more arrive
        await pilot.pause()
        desk.checkins.check_in(people[1].id)
        desk.checkins.check_in(people[2].id)
        desk.checkins.undo_last()  # people[2] after all not
        await pilot.pause()
        assert missing.row_count == 49  # not yet: that view is hidden

        await pilot.press("ctrl+d")
        await wait_until(lambda: missing.row_count == 48)
        assert screen._missing.touched == touched + 2  # type: ignore[union-attr]
        assert people[2].id in screen._missing.shown  # type: ignore[union-attr]
