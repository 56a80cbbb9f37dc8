"""The desk opens on a big event: the scan field works at once, the rest follows by itself.

The facilitator starts the app with the queue already at the door. The first badge is judged
before the event has finished opening; the count line says the counts are coming; a key for
another area pressed meanwhile is not lost, it takes effect once the event is open. (Every
table counts as big here, so the demo's 50 people open in two steps like 20,000 do.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from facilitator.checkin.service import Verdict
from facilitator.desk import Desk
from facilitator.i18n import t
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.checkin.screen import CheckInScreen
from facilitator.screens.roster.participants import ParticipantsScreen
from facilitator.storage import unread
from tests.demo_desks import code_of, demo_clock, open_demo_desk
from tests.screens.conftest import scan, wait_until

DAY1 = date(2021, 6, 7)


@pytest.fixture(autouse=True)
def every_table_is_big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unread, "SMALL_TABLE_BYTES", 400)


def folded_demo(tmp_path: Path) -> tuple[Path, list[str]]:
    db = tmp_path / "ev.json"
    desk = open_demo_desk(db, first_day=DAY1)
    codes = [code_of(desk, p) for p in desk.participants.all()]
    desk.close()
    return db, codes


def started_at_the_door(tmp_path: Path) -> tuple[Desk, FacilitatorApp, list[str]]:
    """The app started on the demo event as at the door (`facilitator --db FILE`): the desk
    opened door-first; and the badge codes of its people."""
    db, codes = folded_demo(tmp_path)
    desk = Desk.open(db, station="desk-a", clock=demo_clock(DAY1), door_first=True)
    return desk, FacilitatorApp(desk), codes


async def test_the_first_badge_is_judged_while_the_event_opens_and_f3_waits_for_it(
    tmp_path: Path,
) -> None:
    desk, app, codes = started_at_the_door(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert desk.loading
        count = screen.query_one("#scan-count", Static)
        assert str(count.render()) == t("scan.opening")
        scan(app, codes[3])
        await wait_until(lambda: len(screen.results) == 1)
        assert screen.results[0].verdict is Verdict.CHECKED_IN
        assert desk.loading  # judged before the rest of the event was parsed
        await pilot.press("f3")  # held: the participants need the whole roster
        assert app.screen is screen
        await wait_until(lambda: not desk.loading)
        await wait_until(lambda: isinstance(app.screen, ParticipantsScreen))
        assert len(desk.participants) == 50
        assert desk.checkins.counts().here == 1  # the scan made while opening counts
    desk.close()


async def test_an_undo_pressed_while_the_event_opens_is_dropped_not_pressed_later(
    tmp_path: Path,
) -> None:
    """Ctrl+Z held behind the next scan would undo that scan, not the one in front when it was
    pressed: it is dropped, and the desk says the event is still opening."""
    desk, app, codes = started_at_the_door(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        scan(app, codes[1])
        await wait_until(lambda: len(screen.results) == 1)
        await pilot.press("ctrl+z")
        scan(app, codes[2])
        await wait_until(lambda: len(screen.results) == 2)
        assert any(n.message == t("scan.opening_key") for n in app._notifications)
        await wait_until(lambda: not desk.loading)
        await pilot.pause()
        assert desk.checkins.counts().here == 2  # neither scan was undone
    desk.close()


async def test_once_open_the_count_line_shows_the_counts(tmp_path: Path) -> None:
    desk, app, _codes = started_at_the_door(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        await wait_until(lambda: not desk.loading)
        await pilot.pause()
        count = str(screen.query_one("#scan-count", Static).render())
        assert count == desk.checkins.counts(desk.clock.now()).in_short()
        assert "/ 50" in count
    desk.close()


def test_the_opening_waits_while_the_door_is_busy_but_not_for_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.screens import app as app_module

    now = [100.0]
    monkeypatch.setattr(app_module, "monotonic", lambda: now[0])
    monkeypatch.setattr(app_module, "sleep", lambda seconds: now.__setitem__(0, now[0] + seconds))
    desk, app, _codes = started_at_the_door(tmp_path)
    app._door_busy_until = now[0] + 0.25  # a key just came in
    app._door_goes_first()
    assert now[0] == pytest.approx(100.25, abs=0.01)  # it waited for the scan, then went on
    app._door_goes_first()
    assert now[0] == pytest.approx(100.25, abs=0.01)  # a quiet door: no wait at all
    app._door_busy_until = now[0] + 1_000  # a door never quiet
    app._door_goes_first()
    assert now[0] == pytest.approx(100.0 + app_module.DOOR_FIRST_AT_MOST_SECONDS, abs=0.01)
    app._door_goes_first()  # the budget is spent: the opening goes on
    assert now[0] == pytest.approx(100.0 + app_module.DOOR_FIRST_AT_MOST_SECONDS, abs=0.01)
    desk.close()
