"""The TUI in Thai: the dialogs' refusals, and Textual's own words, read in Thai.

The screen tests run in English (their assertions read the English texts); these switch the
desk to Thai first, as a facilitator's desk starts.
"""

from __future__ import annotations

from datetime import date

from textual.command import CommandList
from textual.widgets import Button, Input, Label, Static
from textual.widgets._header import HeaderIcon

from facilitator.desk import Desk
from facilitator.i18n import set_language
from facilitator.mentoring.service import ActionItem
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.checkin.walk_in import WalkInScreen
from facilitator.screens.mentoring.session_editor import ActionDialog
from facilitator.screens.textual_texts import DeskCommandPalette

SIZE = (120, 40)


def text_of(widget: Static) -> str:
    return str(widget.content)


async def test_the_walk_in_form_speaks_thai_and_refuses_in_thai(desk: Desk) -> None:
    set_language("th")
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, WalkInScreen)
        assert text_of(form.query_one("#walkin-title", Static)) == "ลงทะเบียนหน้างาน"
        assert "ชื่อ" in [text_of(label) for label in form.query(Label)]
        assert str(form.query_one("#walkin-save", Button).label) == "บันทึกและลงทะเบียน"

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(form.query_one("#walkin-error", Static)) == "ต้องมีชื่ออย่างน้อย"

        form.query_one("#walkin-first_name", Input).value = "มาลี"
        form.query_one("#walkin-phone", Input).value = "12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = text_of(form.query_one("#walkin-error", Static))
        assert error == "ไม่ใช่เบอร์โทรศัพท์ไทย (มือถือ 0XX-XXX-XXXX หรือเบอร์บ้าน): '12'"
        assert app.screen is form
    assert len(desk.participants) == 50


async def test_the_action_dialog_refuses_a_bad_date_in_thai(desk: Desk) -> None:
    set_language("th")
    app = FacilitatorApp(desk, start_mode="sessions")
    answers: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ActionDialog(date(2021, 6, 7), refuse_all), answers.append)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert (
            dialog.query_one("#action-due", Input).placeholder == "กำหนดเสร็จ เช่น 30/6/2564 หรือ +7"
        )
        dialog.query_one("#action-text", Input).value = "ทำฉลากใหม่"
        dialog.query_one("#action-due", Input).value = "31/2/64"
        dialog.query_one("#action-due", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        error = text_of(dialog.query_one("#action-error", Static))
        assert error.startswith("“31/2/64” ไม่มีวันนี้ในปฏิทิน")
        assert app.screen is dialog and answers == []


def refuse_all(text: str, owner: str, due: str) -> ActionItem:
    raise AssertionError("a date that is not in the calendar is refused before any saving")


async def test_textuals_palette_and_header_speak_thai(desk: Desk) -> None:
    set_language("th")
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(HeaderIcon).tooltip == "เปิดรายการคำสั่ง"
        palette_key = app.active_bindings[app.COMMAND_PALETTE_BINDING].binding
        assert palette_key.description == "คำสั่ง"
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, DeskCommandPalette)
        assert palette.query_one(Input).placeholder == "ค้นหาคำสั่ง…"
        assert palette.active_bindings["escape"].binding.description == "ปิดรายการคำสั่ง"
        for key in "zzqx":
            await pilot.press(key)
        await pilot.pause(palette._NO_MATCHES_COUNTDOWN + 0.3)
        options = palette.query_one(CommandList)
        said = [
            str(options.get_option_at_index(i).prompt.renderable)
            for i in range(options.option_count)
        ]
        assert said == ["ไม่พบคำสั่งที่ตรงกัน"]
        await pilot.press("escape")


async def test_textuals_palette_speaks_english_in_english(desk: Desk) -> None:
    app = FacilitatorApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(Input).placeholder == "Search for commands…"
