"""F1 lists the keys a person at the desk presses, in Thai, and not the ones a scanner sends."""

from __future__ import annotations

from facilitator.desk import Desk
from facilitator.i18n import set_language
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.help import HelpScreen

SIZE = (120, 35)


async def test_help_lists_the_desks_keys_but_not_the_scanners(desk: Desk) -> None:
    set_language("th")
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = dict(help_screen.lines())
        assert keys["^f"] == "ลงทะเบียนด้วยการค้นหาชื่อ (ลืมบัตร)"
        assert "^n" in keys and "f1" in keys
        assert "^j" not in keys  # the scanner's LF: nobody presses it
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
