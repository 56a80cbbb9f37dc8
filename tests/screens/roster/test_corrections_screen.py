"""Correcting the roster on the participants screen (F3): a misspelt name fixed in place, a
test walk-in removed after a question naming them, a late roster file imported with a preview,
and the door still taking scans while any of these dialogs is open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, OptionList, Static

from facilitator.checkin.service import Verdict
from facilitator.desk import Desk
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.roster.confirm_remove import ConfirmRemove
from facilitator.screens.roster.import_dialog import ImportDialog
from facilitator.screens.roster.participants import ParticipantsScreen
from facilitator.screens.roster.person_form import PersonForm
from tests.demo_desks import code_of, open_demo_desk
from tests.facilitator.roster.office_files import OFFICIALS, write_roster
from tests.screens.conftest import scan, wait_until

SIZE = (80, 24)  # the desk laptop's terminal at its smallest
DAY1 = date(2021, 6, 7)


def demo(tmp_path: Path) -> Desk:
    return open_demo_desk(tmp_path / "ev.json", first_day=DAY1)


def table_of(app: FacilitatorApp) -> DataTable[str]:
    return app.screen_stack[0].query_one("#participants-table", DataTable)


def row_of(app: FacilitatorApp, participant_id: str) -> list[str]:
    return [str(c) for c in table_of(app).get_row(participant_id)]


async def open_person(pilot: Pilot[object], row: int) -> None:
    """Highlight the row-th person (0 first) and press Enter on them."""
    table = table_of(pilot.app)  # type: ignore[arg-type]
    table.focus()
    table.move_cursor(row=row)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_misspelt_name_is_corrected_in_place(tmp_path: Path) -> None:
    desk = demo(tmp_path)
    person = desk.participants.all()[2]
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, 2)
        form = app.screen
        assert isinstance(form, PersonForm)
        first = form.query_one("#person-first_name", Input)
        assert first.value == person.first_name and app.focused is first
        first.value = "วีรพงษ์"
        form.query_one("#person-position", Input).value = "ประธานกลุ่มทอผ้า"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        row = row_of(app, person.id)
        assert row[0] == "3" and row[2] == f"{person.title}วีรพงษ์ {person.last_name}"
        assert row[4] == "ประธานกลุ่มทอผ้า"
        assert any("วีรพงษ์" in str(n.message) for n in app._notifications)
    stored = desk.participants.get(person.id)
    assert stored is not None and stored.first_name == "วีรพงษ์"
    desk.close()


async def test_every_field_of_the_form_fits_an_80_by_24_terminal(tmp_path: Path) -> None:
    desk = demo(tmp_path)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, 0)
        for widget in app.screen.query("Input, Select, Button"):
            region = widget.region
            assert region.height > 0 and region.bottom <= SIZE[1] and region.right <= SIZE[0]
    desk.close()


async def test_a_bad_phone_is_said_in_the_dialog_and_nothing_is_written(tmp_path: Path) -> None:
    desk = demo(tmp_path)
    person = desk.participants.all()[0]
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, 0)
        before = desk.store.sequence
        app.screen.query_one("#person-phone", Input).value = "12345"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonForm)
        error = str(app.screen.query_one("#person-form-error", Static).render())
        assert "not a Thai phone number" in error
        assert desk.store.sequence == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
    assert desk.participants.get(person.id) == person
    desk.close()


async def test_a_removal_asks_naming_the_person_and_cancel_is_the_default(tmp_path: Path) -> None:
    desk = demo(tmp_path)
    person = desk.participants.all()[4]
    code = code_of(desk, person)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=SIZE) as pilot:
        table = table_of(app)
        table.focus()
        table.move_cursor(row=4)
        await pilot.press("delete")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmRemove)
        title = str(question.query_one(".roster-dialog-title", Static).render())
        assert person.display_name in title and "number 5" in title
        await pilot.press("enter")  # on Cancel: nobody is removed by a stray Enter
        await pilot.pause()
        assert person.id in desk.participants and table.row_count == 50

        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#remove-yes")
        await pilot.pause()
        assert person.id not in desk.participants
        assert table.row_count == 49 and person.id not in {str(k.value) for k in table.rows}
        assert [table.get_row_at(i)[0] for i in range(5)] == ["1", "2", "3", "4", "5"]
    assert desk.checkins.scan(code).verdict is Verdict.REMOVED
    desk.close()


async def test_a_change_from_elsewhere_redraws_the_row(tmp_path: Path) -> None:
    desk = demo(tmp_path)
    person = desk.participants.all()[6]
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=SIZE) as pilot:
        desk.participants.edit(person.id, district="หว้านใหญ่")  # as a sync would
        await pilot.pause()
        assert row_of(app, person.id)[6] == "หว้านใหญ่"
    desk.close()


async def test_a_roster_file_is_imported_after_its_preview(tmp_path: Path) -> None:
    desk = demo(tmp_path)
    path = write_roster(tmp_path / "officials.csv", OFFICIALS)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await wait_until(lambda: dialog.plan is not None)
        await pilot.pause()
        preview = str(dialog.query_one("#import-preview", Static).render())
        assert "+ row 2: นายประยูร ใจกว้าง (Official)" in preview
        assert "3 new, 0 updated" in preview
        assert len(desk.participants) == 50  # a preview writes nothing
        assert not dialog.query_one("#import-go", Button).disabled
        await pilot.press("ctrl+s")
        await wait_until(lambda: len(desk.participants) == 53)
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        assert table_of(app).row_count == 53
    desk.close()


async def test_a_file_that_cannot_be_read_is_said_in_the_dialog(tmp_path: Path) -> None:
    desk = demo(tmp_path)
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#import-path", Input).value = str(tmp_path / "missing.xlsx")
        await pilot.press("enter")
        await wait_until(
            lambda: "no such file" in str(dialog.query_one("#import-preview").render())
        )
        assert dialog.query_one("#import-go", Button).disabled
    desk.close()


async def test_a_scan_while_a_roster_dialog_is_open_still_checks_in(tmp_path: Path) -> None:
    desk = demo(tmp_path)
    person = desk.participants.all()[10]
    app = FacilitatorApp(desk, start_mode="participants")
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, 0)
        field = app.screen.query_one("#person-first_name", Input)
        before = field.value
        scan(app, code_of(desk, person))
        await wait_until(lambda: bool(app.scans.caught))
        await pilot.pause()
        assert app.scans.caught[-1].verdict is Verdict.CHECKED_IN
        assert isinstance(app.screen, PersonForm) and field.value == before
    desk.close()


async def test_the_checkin_search_says_who_is_in_and_what_to_do_when_nobody_matches(
    tmp_path: Path,
) -> None:
    desk = demo(tmp_path)
    person = desk.participants.all()[3]
    desk.checkins.scan(code_of(desk, person))
    app = FacilitatorApp(desk, start_mode="checkin")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        box = app.screen.query_one("#checkin-search Input", Input)
        box.value = person.first_name
        await pilot.pause()
        results = app.screen.query_one("#checkin-search OptionList", OptionList)
        shown = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert any(person.display_name in s and "here since 09:00" in s for s in shown)
        box.value = "ซซซซซซซ"
        await pilot.pause()
        only = str(results.get_option_at_index(0).prompt)
        assert results.option_count == 1 and "Ctrl+N" in only and "Not found" in only
        await pilot.press("enter")  # the hint is read, not chosen
        await pilot.pause()
        assert len(desk.checkins.all_checkins()) == 1
    desk.close()
