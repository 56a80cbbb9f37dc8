"""The sync screen (F7): the server field, a dead server, and bundle files beside the event."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from facilitator.desk import Desk
from facilitator.screens.app import FacilitatorApp
from facilitator.sync.service import counts_text
from tests.pouchdb import new_database_name
from tests.screens.conftest import wait_until


@pytest.fixture(autouse=True)
def no_server_configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FACILITATOR_COUCH_URL", raising=False)
    monkeypatch.delenv("FACILITATOR_COUCH_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


async def test_the_bundle_goes_beside_the_database_not_where_the_app_started(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    app = FacilitatorApp(desk, start_mode="sync")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#sync-file", Input)
        assert Path(field.value) == Path(desk.store.path).parent / f"{desk.station}.bundle"
        await pilot.click("#sync-export")
        log = app.screen.query_one("#sync-log", Static)
        await wait_until(lambda: "participants 50" in str(log.render()))
        assert Path(field.value).exists()
        assert not list(elsewhere.iterdir())


async def test_enter_in_the_server_field_saves_it_and_a_dead_server_does_not_hang(
    desk: Desk,
) -> None:
    app = FacilitatorApp(desk, start_mode="sync")
    async with app.run_test(size=(120, 35)) as pilot:
        url = app.screen.query_one("#sync-url", Input)
        url.focus()
        url.value = "http://127.0.0.1:9/x"
        await pilot.press("enter")
        await pilot.pause()
        assert desk.sync.configured_url() == "http://127.0.0.1:9/x"
        state = app.screen.query_one("#sync-state", Static)
        await wait_until(lambda: "127.0.0.1:9" in str(state.render()), timeout=15)
        await pilot.press("f2")  # the desk still answers while the server is down
        assert app.screen.id != "sync" and app.current_mode == "checkin"


def test_bundle_counts_use_the_facilitators_words() -> None:
    assert counts_text({"participants": 50, "checkins": 3}) == "participants 50, check-ins 3"
    assert counts_text({"something_new": 1}) == "something_new 1"


async def test_the_sync_screen_shows_the_phrase_and_its_qr(desk: Desk) -> None:
    app = FacilitatorApp(desk, start_mode="sync")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        phrase = desk.events.join_phrase()
        assert phrase and phrase in str(app.screen.query_one("#sync-phrase", Static).content)
        assert not app.screen.query_one("#sync-join-row").display
        button = app.screen.query_one("#sync-phrase-qr")
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "█" in str(app.screen.query_one("#sync-phrase-code", Static).content)


async def test_a_desk_that_has_not_joined_joins_from_the_sync_screen(
    desk: Desk, tmp_path: Path, pouchdb_server: str
) -> None:
    url = f"{pouchdb_server}/{new_database_name()}"
    desk.sync.couch(url=url).run()
    phrase = desk.events.join_phrase() or ""
    with Desk.open(tmp_path / "late.json", station="late") as late:
        late.sync.couch(url=url).run()  # the roster and the sealed key, not the key
        assert not late.event.can_verify
        app = FacilitatorApp(late, start_mode="sync")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.screen.query_one("#sync-join-row").display
            field = app.screen.query_one("#sync-join", Input)
            field.value = phrase.lower()
            field.focus()
            await pilot.press("enter")  # a scanner reading the join QR ends with Enter too
            await pilot.pause()
            assert late.event.can_verify and late.event.key == desk.event.key
            assert not app.screen.query_one("#sync-join-row").display
