"""The paperwork from the export screen: the kind's options appear as inputs, the settings
dialog writes the same settings the CLI does, and the payment evidence is exported."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input, Select

from facilitator.screens.app import FacilitatorApp
from facilitator.screens.exports.screen import ExportScreen
from facilitator.screens.exports.settings_dialog import PaperworkSettingsDialog
from tests.facilitator.exports.paperwork_desk import open_paperwork_desk


async def test_options_settings_and_payments_from_the_export_screen(tmp_path: Path) -> None:
    desk = open_paperwork_desk(tmp_path / "ev.json", rates=False)
    app = FacilitatorApp(desk, start_mode="export")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-format", Select).value = "pdf"
        await pilot.pause()
        assert screen.query_one("#export-opt-attendance-group_by_role", Checkbox).display
        assert not screen.query_one("#export-opt-report-photos", Input).display
        screen.action_paperwork_settings()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PaperworkSettingsDialog)
        dialog.query_one("#rate-travel", Input).value = "300/day"
        dialog.save()
        await pilot.pause()
        assert str(desk.events.settings.current.rate("producer", "travel").text()) == "300/day"
        screen.query_one("#export-what", Select).value = "payments"
        await pilot.pause()
        assert not screen.query_one("#export-opt-attendance-group_by_role", Checkbox).display
        screen.query_one("#export-format", Select).value = "xlsx"
        await pilot.pause()
        screen.action_export()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (tmp_path / "exports" / "payments-2021-06-07_2021-06-08.xlsx").exists()
    desk.close()


async def test_on_an_80x24_terminal_the_settings_dialog_fits_with_its_border(
    tmp_path: Path,
) -> None:
    desk = open_paperwork_desk(tmp_path / "ev.json", rates=False)
    app = FacilitatorApp(desk, start_mode="export")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.action_paperwork_settings()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PaperworkSettingsDialog)
        box = dialog.query_one("#paperwork-dialog").region
        assert box.x >= 0 and box.right <= 80 and box.bottom <= 24
    desk.close()
