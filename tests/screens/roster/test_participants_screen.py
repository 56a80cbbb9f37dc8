"""The participants screen: everyone in a table, Thai names aligned, search as you type."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.cells import cell_len
from textual.widgets import DataTable, Input

from facilitator.desk import Desk
from facilitator.i18n import set_language
from facilitator.screens.app import FacilitatorApp
from tests.demo_desks import open_demo_desk


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
