"""A facilitator at the participants screen prints one person's badge and shows their QR.

A walk-in arrives without a badge: the facilitator selects the row, presses ctrl+b and gets a
PDF in badges/ beside the database (its QR scans back to that person), or presses ctrl+r and the
person photographs the QR off the screen. Later, ctrl+g writes the badges of today's walk-ins.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
from textual.command import CommandList
from textual.widgets import DataTable, OptionList, ProgressBar, Static

from facilitator.codes.qr_image import decode_qr_image
from facilitator.desk import Desk
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.badges.actions import BadgeChoiceScreen, BadgeJobScreen
from facilitator.screens.badges.qr_view import QrScreen
from tests.demo_desks import code_of
from tests.facilitator.badges.test_render import rasterise, slot_crop
from tests.screens.conftest import wait_until


async def test_ctrl_b_writes_the_selected_persons_badge(desk: Desk, tmp_path: Path) -> None:
    app = FacilitatorApp(desk, start_mode="participants")
    person = desk.participants.all()[2]
    async with app.run_test(size=(140, 40)) as pilot:
        table = app.screen.query_one("#participants-table", DataTable)
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("ctrl+b")
        job = app.screen
        assert isinstance(job, BadgeJobScreen)
        await wait_until(lambda: job.result is not None, timeout=30)
        await pilot.pause()
        pdf = job.out
        assert pdf.parent == desk.store.path.parent / "badges"
        assert pdf.exists() and code_of(desk, person.id) in pdf.name
        text = job.query_one("#badge-job-result", Static).render()
        assert str(pdf) in str(text)
        bar = job.query_one("#badge-job-bar", ProgressBar)
        assert bar.progress == bar.total == 1
        page_text = "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
        assert code_of(desk, person.id) in page_text
        [page] = rasterise(pdf, tmp_path)
        assert decode_qr_image(slot_crop(page, 0)) == [code_of(desk, person.id)]
        await pilot.press("escape")
        assert not isinstance(app.screen, BadgeJobScreen)
    assert person.id in desk.store.local("badges_printed")


async def test_ctrl_r_shows_the_selected_persons_qr(desk: Desk) -> None:
    app = FacilitatorApp(desk, start_mode="participants")
    person = desk.participants.all()[4]
    async with app.run_test(size=(140, 50)) as pilot:
        table = app.screen.query_one("#participants-table", DataTable)
        table.focus()
        table.move_cursor(row=4)
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, QrScreen)
        assert app.screen.participant.id == person.id
        assert app.screen.code == code_of(desk, person.id)
        await pilot.press("escape")
        assert not isinstance(app.screen, QrScreen)


async def test_ctrl_g_writes_todays_walk_ins(desk: Desk) -> None:
    walk_in, _ = desk.checkins.register_walk_in(
        title="นาง", first_name="มาลี", last_name="ดีใจ", role="guest"
    )
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+g")
        choice = app.screen
        assert isinstance(choice, BadgeChoiceScreen)
        options = choice.query_one("#badge-choice-list", OptionList)
        assert "Today's walk-ins (1)" in str(options.get_option_at_index(0).prompt)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        job = app.screen
        assert isinstance(job, BadgeJobScreen)
        assert [p.id for p in job.people] == [walk_in.id]
        await wait_until(lambda: job.result is not None, timeout=30)
        assert job.out.exists() and "walk-ins" in job.out.name


async def test_the_command_palette_offers_badges(desk: Desk) -> None:
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "badges":
            await pilot.press(ch)
        commands = app.screen.query_one(CommandList)
        await wait_until(lambda: commands.option_count > 0, timeout=5)
        assert "Print badges" in str(commands.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await wait_until(lambda: isinstance(app.screen, BadgeChoiceScreen), timeout=5)
