"""Data is never markup: a product called `[/]` or `[@click=app.quit]` is shown as written.

Textual reads square brackets in a plain string as markup: an unbalanced `[/]` in a name made the
producer plan and the sync screen crash, and `[@click=app.quit]` became a link that quits.
"""

from __future__ import annotations

import pytest

from facilitator.desk import Desk
from facilitator.models import Participant, Role
from facilitator.screens.app import AREAS, FacilitatorApp
from facilitator.screens.mentoring.producer_view import ProducerViewScreen
from facilitator.screens.mentoring.session_editor import SessionEditorScreen
from tests.demo_desks import code_of
from tests.screens.conftest import scan, wait_until

HOSTILE = "[/] [@click=app.quit]ออก[/] [b]หนา"


@pytest.fixture
def hostile(desk: Desk) -> Participant:
    person = desk.participants.add(
        Participant(
            id="",
            title="นาง",
            first_name=f"สมใจ{HOSTILE}",
            last_name="[/]",
            role=Role.PRODUCER.value,
            organisation=HOSTILE,
            product=HOSTILE,
            district="[red]",
        )
    )
    mentor = next(p for p in desk.participants.all() if p.role == Role.MENTOR.value)
    session = desk.mentoring.start_session([person.id], [mentor.id], ["packaging"])
    desk.mentoring.save_note(session.id, "advice", HOSTILE)
    desk.mentoring.add_action(session.id, HOSTILE, HOSTILE, "+7")
    return person


async def test_every_area_shows_hostile_text_without_crashing_or_acting(
    desk: Desk, hostile: Participant
) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        scan(app, code_of(desk, hostile))
        await wait_until(lambda: desk.checkins.all_checkins() != [])
        for area in AREAS:
            await pilot.press(area.key)
            await pilot.pause()
            assert app.is_running
        session = desk.mentoring.list(producer_id=hostile.id)[0]
        app.push_screen(SessionEditorScreen(desk, session.id))
        await pilot.pause()
        app.pop_screen()
        app.push_screen(ProducerViewScreen(desk, hostile.id))
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_a_server_error_with_brackets_is_shown_as_written(desk: Desk) -> None:
    app = FacilitatorApp(desk, start_mode="sync")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.sync.status.error = "CouchDB said [/] [@click=app.quit]no[/]"
        app.sync.publish()
        app.screen.refresh_state()
        await pilot.pause()
        app.notify(app.sync.status.error, severity="error", markup=False)
        await pilot.pause()
        assert app.is_running


async def test_an_event_called_with_brackets_still_opens(desk: Desk) -> None:
    desk.store.put("event", {"name": f"งาน {HOSTILE}", "venue": HOSTILE}, desk.event.id)
    app = FacilitatorApp(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        for area in AREAS:
            await pilot.press(area.key)
            await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert app.is_running and app.return_code is None
