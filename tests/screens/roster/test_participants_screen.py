"""The participants screen: everyone in a table, Thai names aligned, search as you type."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.cells import cell_len
from textual.widgets import DataTable, Input, Static

from facilitator.desk import Desk
from facilitator.i18n import set_language
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.roster.participants import ROWS_AT_A_TIME, ParticipantsScreen
from tests.demo_desks import open_demo_desk
from tests.facilitator.roster.fair_roster import open_fair


def demo_desk(tmp_path: Path) -> Desk:
    return open_demo_desk(tmp_path / "ev.json", first_day=date.today())


async def test_the_table_lists_everyone_with_their_code(tmp_path: Path) -> None:
    desk = demo_desk(tmp_path)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#participants-table", DataTable)
        assert table.row_count == 50
        first = table.get_row_at(0)
        assert first[2] == desk.participants.all()[0].display_name
        assert app.title == desk.event.name
    desk.close()


async def test_typing_in_search_filters_from_the_first_keystroke(tmp_path: Path) -> None:
    desk = demo_desk(tmp_path)
    target = desk.participants.all()[3]
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+f")
        search = app.screen.query_one("#participants-search", Input)
        search.insert_text_at_cursor(target.phone[-4:])
        await pilot.pause()
        table = app.screen.query_one("#participants-table", DataTable)
        names = [table.get_row_at(i)[2] for i in range(table.row_count)]
        assert target.display_name in names and len(names) < 50
    desk.close()


def test_thai_marks_take_no_terminal_cell_so_columns_align() -> None:
    # Rich measures combining marks as zero width: ผู้ is one cell, like the terminal draws it.
    assert cell_len("ผู้") == 1
    assert cell_len("นายชูศักดิ์") == cell_len("นายชูศกด")


async def test_the_interface_speaks_english_too(tmp_path: Path) -> None:
    desk = demo_desk(tmp_path)
    set_language("en")
    try:
        app = FacilitatorApp(desk, start_mode="participants")
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#participants-table", DataTable)
            assert [str(c.label) for c in table.columns.values()][:3] == ["No.", "Code", "Name"]
            assert app.sub_title.startswith("Day 1")
    finally:
        set_language("th")
        desk.close()


async def test_a_database_warning_that_arises_later_is_shown(tmp_path: Path) -> None:
    desk = demo_desk(tmp_path)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(140, 40)) as pilot:
        desk.problems.append("could not fold the journal into ev.json: disk full")
        app._show_new_problems()
        await pilot.pause()
        assert any("disk full" in str(n.message) for n in app._notifications)
    desk.close()


# -- a big fair ------------------------------------------------------------------------------


def listed(app: FacilitatorApp) -> list[tuple[str, str]]:
    """(code, name) of every row of the table, top first, as the screen draws them."""
    table = app.screen.query_one("#participants-table", DataTable)
    return [
        (str(row[1]), str(row[2])) for row in (table.get_row_at(i) for i in range(table.row_count))
    ]


def first_of(desk: Desk, people: list) -> list[tuple[str, str]]:
    return [(desk.event.code_for(p.id), p.display_name) for p in people]


async def test_typing_a_surname_shows_the_people_search_lists_first(tmp_path: Path) -> None:
    desk = open_fair(tmp_path / "fair.json", 300)
    surname = desk.participants.all()[123].last_name
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ParticipantsScreen)
        # Not 300 rows: the first ones, and a line saying how many there are.
        assert listed(app) == first_of(desk, desk.participants.first(ROWS_AT_A_TIME))
        more = screen.query_one("#participants-more", Static)
        assert f"{ROWS_AT_A_TIME} of 300" in str(more.render())
        await pilot.press("ctrl+f")
        box = screen.query_one("#participants-search", Input)
        for n, letter in enumerate(surname, start=1):
            box.insert_text_at_cursor(letter)  # Pilot cannot press a tone mark: type it in
            await pilot.pause()
            found = desk.participants.search(surname[:n], limit=ROWS_AT_A_TIME)
            assert listed(app) == first_of(desk, found), surname[:n]
        wanted = desk.participants.all()[123]
        assert (desk.event.code_for(wanted.id), wanted.display_name) in listed(app)
    desk.close()


async def test_a_correction_redraws_that_row_and_the_cursor_brings_more_rows(
    tmp_path: Path,
) -> None:
    desk = open_fair(tmp_path / "fair.json", 300)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#participants-table", DataTable)
        person = desk.participants.all()[4]
        desk.participants.edit(person.id, district="หว้านใหญ่", first_name="กมลา")  # a sync
        await pilot.pause()
        row = [str(c) for c in table.get_row(person.id)]
        assert row[0] == "5" and row[2].startswith(f"{person.title}กมลา") and row[6] == "หว้านใหญ่"
        assert table.row_count == ROWS_AT_A_TIME
        table.focus()
        table.move_cursor(row=ROWS_AT_A_TIME - 1)  # the last row held: the next ones come
        await pilot.pause()
        assert listed(app) == first_of(desk, desk.participants.first(2 * ROWS_AT_A_TIME))
    desk.close()


async def test_on_an_80_column_laptop_the_role_is_on_screen_beside_the_name(
    tmp_path: Path,
) -> None:
    set_language("th")
    desk = demo_desk(tmp_path)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#participants-table", DataTable)
        widths = [column.get_render_width(table) for column in table.columns.values()]
        labels = [str(column.label) for column in table.columns.values()]
        role = labels.index("บทบาท")
        assert sum(widths[: role + 1]) <= table.size.width, "the role needs no sideways scroll"
        assert labels[role - 1] == "ชื่อ-สกุล"
    desk.close()


async def test_a_wrong_check_in_is_taken_back_from_the_person_s_row_after_a_question(
    tmp_path: Path,
) -> None:
    from facilitator.screens.widgets.confirm import ConfirmDialog

    desk = demo_desk(tmp_path)
    wrong, later = desk.participants.all()[2], desk.participants.all()[3]
    desk.checkins.check_in(wrong.id, method="search")
    desk.checkins.check_in(later.id, method="search")  # Ctrl+Z at the door would take this one
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#participants-table", DataTable)
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and wrong.display_name in app.screen.question
        await pilot.click("#confirm-yes")
        await pilot.pause()
    assert desk.checkins.checked_in_now(wrong.id) is None
    assert desk.checkins.checked_in_now(later.id) is not None
    desk.close()
