"""The export screen (F8): the office asks for the sign-in sheet and gets a file it can open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static

from facilitator.desk import Desk
from facilitator.i18n import set_language
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.exports.screen import ConfirmOverwrite, ExportScreen
from tests.demo_desks import open_demo_desk
from tests.screens.conftest import wait_until

DAY1 = date(2021, 6, 7)


def demo_desk(tmp_path: Path) -> Desk:
    return open_demo_desk(tmp_path / "ev.json", first_day=DAY1)


async def wait_for_export(app: FacilitatorApp, pilot: Pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_f8_opens_the_export_screen_with_a_path_beside_the_database(tmp_path: Path) -> None:
    set_language("th")
    desk = demo_desk(tmp_path)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        path = app.screen.query_one("#export-path", Input).value
        assert path == str(tmp_path / "exports" / "attendance-2021-06-07_2021-06-08.xlsx")
    desk.close()


async def test_exporting_the_sign_in_sheet_writes_the_pdf_and_says_where(tmp_path: Path) -> None:
    desk = demo_desk(tmp_path)
    app = FacilitatorApp(desk, start_mode="export")
    async with app.run_test(size=(150, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-format", Select).value = "pdf"
        await pilot.pause()
        out = tmp_path / "exports" / "attendance-2021-06-07_2021-06-08.pdf"
        assert screen.query_one("#export-path", Input).value == str(out)
        await pilot.click("#export-run")
        await wait_for_export(app, pilot)
        assert out.read_bytes().startswith(b"%PDF")
        status = str(screen.query_one("#export-status", Static).render())
        assert str(out) in status
        assert not screen.query_one("#export-open", Button).disabled
        await pilot.click("#export-open")  # headless here: shows the folder, never crashes
        await pilot.pause()
        assert str(out.parent) in str(screen.query_one("#export-status", Static).render())
    desk.close()


async def test_an_existing_file_is_replaced_only_after_saying_yes(tmp_path: Path) -> None:
    desk = demo_desk(tmp_path)
    out = tmp_path / "exports" / "attendance-2021-06-07_2021-06-08.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"edited by hand")
    app = FacilitatorApp(desk, start_mode="export")
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.click("#export-run")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.click("#export-confirm-no")
        await wait_for_export(app, pilot)
        assert out.read_bytes() == b"edited by hand"

        await pilot.click("#export-run")
        await pilot.pause()
        await pilot.click("#export-confirm-yes")
        await wait_for_export(app, pilot)
        assert out.read_bytes().startswith(b"PK")  # an XLSX is a zip
    desk.close()


async def test_a_producers_plan_needs_the_producer_and_names_the_file_after_them(
    tmp_path: Path,
) -> None:
    desk = demo_desk(tmp_path)
    producer = desk.mentoring.list()[0].producer_ids[0]
    app = FacilitatorApp(desk, start_mode="export")
    async with app.run_test(size=(150, 45)) as pilot:
        screen = app.screen
        screen.query_one("#export-what", Select).value = "plan"
        await pilot.pause()
        await pilot.click("#export-run")
        await pilot.pause()
        assert "error" in screen.query_one("#export-status", Static).classes
        screen.query_one("#export-producer", Select).value = producer
        screen.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        out = tmp_path / "exports" / f"plan-{producer}-2021-06-07_2021-06-08.md"
        assert screen.query_one("#export-path", Input).value == str(out)
        run = screen.query_one("#export-run", Button)
        await wait_until(lambda: not run.has_class("-active"))  # a click that soon is the same
        await pilot.click("#export-run")
        await wait_for_export(app, pilot)
        assert desk.participants.get(producer).display_name in out.read_text(encoding="utf-8")
    desk.close()


async def test_enter_on_export_again_asks_before_replacing_the_same_file(tmp_path: Path) -> None:
    desk = demo_desk(tmp_path)
    app = FacilitatorApp(desk, start_mode="export")
    async with app.run_test(size=(150, 45)) as pilot:
        screen = app.screen
        bar = screen.query_one("#export-progress")
        assert not bar.display  # idle: no pulsing bar that looks like work under way
        run = screen.query_one("#export-run", Button)
        run.focus()
        await pilot.press("enter")
        await wait_for_export(app, pilot)
        assert bar.display
        assert run.has_focus  # disabling it while working did not strand the keyboard
        # A button ignores Enter while it still shows the press (0.2 s): a second Enter that
        # soon is one press, not two. The export may be done before then.
        await wait_until(lambda: not run.has_class("-active"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and run.has_focus
    desk.close()


async def test_at_80x24_the_export_button_scrolls_into_view_and_enter_in_the_path_exports(
    tmp_path: Path,
) -> None:
    set_language("th")
    desk = demo_desk(tmp_path)
    app = FacilitatorApp(desk, start_mode="export")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        body = screen.query_one("#export-body")
        run = screen.query_one("#export-run", Button)
        assert run.region.bottom > body.region.bottom  # below the fold at first
        run.focus()
        await wait_until(lambda: body.region.contains_region(run.region))  # focus brought it up
        path = screen.query_one("#export-path", Input)
        path.focus()
        await pilot.press("enter")
        await wait_for_export(app, pilot)
        assert Path(path.value).is_file()
    desk.close()
