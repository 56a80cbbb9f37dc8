"""The mentoring editor on a small laptop screen: every field in sight, Tab in screen order."""

from __future__ import annotations

from textual.widgets import DataTable

from facilitator.desk import Desk
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.mentoring.session_editor import SessionEditorScreen

FIELDS = (
    "note-problems",
    "note-advice",
    "note-notes",
    "editor-topics",
    "editor-follow-up",
    "editor-target",
    "editor-actions",
)


async def open_editor(app: FacilitatorApp, pilot) -> SessionEditorScreen:
    await pilot.press("f5")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SessionEditorScreen)
    return screen


async def test_at_80x24_every_field_and_three_action_rows_are_visible(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_editor(app, pilot)
        for n in range(3):  # at least three actions to show
            desk.mentoring.add_action(screen.session_id, f"งานที่ {n + 1}", "", "+7")
        screen.refresh_actions()
        await pilot.pause()
        visible = screen.region
        for widget_id in FIELDS:
            region = screen.query_one(f"#{widget_id}").region
            assert region.height > 0 and visible.contains_region(region), widget_id
        actions = screen.query_one("#editor-actions", DataTable)
        assert actions.region.height >= 4  # the header and three rows


async def test_tab_walks_the_fields_in_the_order_they_are_on_the_screen(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_editor(app, pilot)
        order = [w.id for w in screen.focus_chain]
        assert [i for i in order if i in FIELDS] == list(FIELDS)
