"""A facilitator at the mentoring table: start a session, type Thai notes while the mentor talks,
add follow-up actions, and never lose a word, whether they switch screens, pause or close the app.

Thai is typed as a terminal sends it: one Key event per character with `character` set. (The
Pilot's `press` looks characters up by Unicode name and drops Thai vowel and tone marks.)
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TextArea

from facilitator.desk import Desk
from facilitator.i18n import t
from facilitator.models import PARTICIPANTS, Participant, Role
from facilitator.screens.app import FacilitatorApp
from facilitator.screens.mentoring.producer_view import ProducerViewScreen
from facilitator.screens.mentoring.session_editor import ActionDialog, SessionEditorScreen
from facilitator.screens.mentoring.sessions import NewSessionScreen, SessionsScreen
from facilitator.storage.store import Store
from tests.demo_desks import demo_clock
from tests.screens.conftest import type_keys

PROBLEMS = "ฉลากไม่มีวันหมดอายุ\nสีผ้าซีดเมื่อซัก"
ADVICE = "ใช้สีย้อมธรรมชาติ ทดสอบการซักก่อนขาย"
DAY = date(2026, 12, 2)
"""The workshop's first day; every desk here reads its time from a clock at 09:00 of it."""


async def type_text(pilot: Pilot, text: str) -> None:
    """Type like a terminal does (Enter for a new line), then let the screen catch up."""
    type_keys(pilot.app, text)
    await pilot.pause()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "event.json"
    with Desk.open(path, station="desk-a", clock=demo_clock(DAY)) as desk:
        desk.events.create("KBO มุกดาหาร", "", [DAY, DAY + timedelta(1)])
        desk.participants.add(
            Participant(
                id="PRODACTS",
                title="นาง",
                first_name="เพ็ญศรี",
                last_name="ชื่นใจ",
                role=Role.PRODUCER.value,
                product="ผ้าฝ้ายย้อมคราม",
            )
        )
        desk.participants.add(
            Participant(
                id="LOCALDOC", title="ดร.", first_name="สมหมาย", last_name="หอมจันทร์", role="mentor"
            )
        )
    return path


def stored_texts(db: Path) -> dict[str, str]:
    """Reopen the database from disk, as the next start of the app would, and read the notes."""
    with Desk.open(db, station="check", clock=demo_clock(DAY)) as desk:
        (session,) = desk.mentoring.list()
        return {f: desk.mentoring.current_text(session.id, f) for f in ("problems", "advice")}


async def start_session(pilot: Pilot) -> None:
    """Ctrl+N, find the producer, Enter; find the mentor, Enter: the editor opens."""
    await pilot.press("ctrl+n")
    assert isinstance(pilot.app.screen, NewSessionScreen)
    await type_text(pilot, "เพ็ญศรี")
    await pilot.press("enter")
    await type_text(pilot, "สมหมาย")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SessionEditorScreen)


async def test_notes_typed_in_thai_are_saved_when_the_facilitator_switches_screen(
    db: Path,
) -> None:
    desk = Desk.open(db, clock=demo_clock(DAY))
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        assert isinstance(app.screen, SessionsScreen)
        await start_session(pilot)
        await type_text(pilot, PROBLEMS)
        await pilot.press("tab")
        await type_text(pilot, ADVICE)
        assert app.screen.query_one("#note-advice", TextArea).text == ADVICE
        await pilot.press("f3")  # straight to the participants, no pause to autosave
        await pilot.pause()
        assert "เพ็ญศรี" in app.screen.query_one(DataTable).get_row("PRODACTS")[2]
    desk.close()
    assert stored_texts(db) == {"problems": PROBLEMS, "advice": ADVICE}
    with Store.open(db) as store:  # and the roster is untouched
        assert store.count(PARTICIPANTS) == 2


async def test_notes_save_by_themselves_when_typing_stops(db: Path) -> None:
    desk = Desk.open(db, clock=demo_clock(DAY))
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        await start_session(pilot)
        await type_text(pilot, "ยังไม่มีเลข อย.")
        (session,) = desk.mentoring.list()
        assert desk.mentoring.history(session.id, "problems") == []
        await pilot.pause(2.0)
        assert desk.mentoring.current_text(session.id, "problems") == "ยังไม่มีเลข อย."
        saved_word = t("mentoring.saved", time="").strip()
        assert saved_word in str(app.screen.query_one("#editor-saved", Static).render())
        await type_text(pilot, " ครัวในบ้าน")
        await pilot.pause(2.0)
        versions = desk.mentoring.history(session.id, "problems")
        assert [v.text for v in versions] == ["ยังไม่มีเลข อย.", "ยังไม่มีเลข อย. ครัวในบ้าน"]
        assert versions[1].parents == (versions[0].id,)
    desk.close()


async def test_closing_the_app_mid_sentence_keeps_the_sentence(db: Path) -> None:
    desk = Desk.open(db, clock=demo_clock(DAY))
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        await start_session(pilot)
        await type_text(pilot, "ลูกค้าถามหาของฝากขนาดเล็ก")
        await pilot.press("ctrl+q")
    desk.close()
    assert stored_texts(db)["problems"] == "ลูกค้าถามหาของฝากขนาดเล็ก"


async def test_actions_are_added_with_a_shortcut_and_ticked_done(db: Path) -> None:
    desk = Desk.open(db, clock=demo_clock(DAY))
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        await start_session(pilot)
        await pilot.press("ctrl+n")
        await type_text(pilot, "ทำฉลากใหม่ให้มีวันหมดอายุ")
        await pilot.press("enter")  # the owner is the producer already
        await pilot.press("enter")
        await type_text(pilot, "+14")
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, SessionEditorScreen)
        (action,) = desk.mentoring.actions()
        assert action.owner == "PRODACTS"
        assert action.due == (DAY + timedelta(14)).isoformat()
        table = editor.query_one("#editor-actions", DataTable)
        assert table.row_count == 1
        table.focus()
        await pilot.press("enter")
        assert desk.mentoring.actions(open_only=True) == []
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ProducerViewScreen)
        assert app.screen.query_one("#producer-done", DataTable).row_count == 1
        assert app.screen.query_one("#producer-sessions", DataTable).row_count == 1
    desk.close()


async def test_an_owner_matching_two_people_is_asked_again_with_the_action_kept(
    db: Path,
) -> None:
    desk = Desk.open(db, clock=demo_clock(DAY))
    desk.participants.add(
        Participant(id="NAMESAKE", title="นาง", first_name="สมศรี", last_name="หอมจันทร์")
    )
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        await start_session(pilot)
        await pilot.press("ctrl+n")
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        await type_text(pilot, "นัดตรวจโรงเรือนผลิต")
        dialog.query_one("#action-owner", Input).value = "หอมจันทร์"  # two people
        dialog.query_one("#action-due", Input).value = "+7"
        dialog.query_one("#action-due", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog, "not closed on a notice"
        assert dialog.query_one("#action-text", Input).value == "นัดตรวจโรงเรือนผลิต"
        said = str(dialog.query_one("#action-error", Static).content)
        assert "หอมจันทร์" in said and desk.mentoring.actions() == []
        owner = dialog.query_one("#action-owner", Input)
        assert dialog.focused is owner, "the box to correct has the cursor"
        owner.value = "สมหมาย หอมจันทร์"
        await pilot.press("enter", "enter")  # to the date, then add
        await pilot.pause()
        assert isinstance(app.screen, SessionEditorScreen)
    (action,) = desk.mentoring.actions()
    assert action.text == "นัดตรวจโรงเรือนผลิต" and action.owner == "LOCALDOC"
    desk.close()


async def test_two_desks_versions_are_shown_together_and_kept_merged(
    db: Path, tmp_path: Path
) -> None:
    desk = Desk.open(db, clock=demo_clock(DAY))
    session = desk.mentoring.start_session(["PRODACTS"], ["LOCALDOC"], ["packaging"])
    base = desk.mentoring.save_note(session.id, "advice", "ทำกล่องคราฟต์")
    other = Desk.open(tmp_path / "desk-b.json", station="desk-b")
    other.store.merge(desk.store.dump())
    other.mentoring.save_note(session.id, "advice", "ทำกล่องคราฟต์\nมีหน้าต่างให้เห็นลาย")
    desk.mentoring.save_note(session.id, "advice", "ทำกล่องคราฟต์\nใส่ป้ายวิธีซัก", parent=base.id)
    desk.store.merge(other.store.dump())
    other.close()

    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("enter")  # open the selected (only) session
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, SessionEditorScreen)
        banner = editor.query_one("#editor-conflict", Static)
        assert banner.display
        shown = editor.query_one("#note-advice", TextArea).text
        assert "มีหน้าต่างให้เห็นลาย" in shown and "ใส่ป้ายวิธีซัก" in shown
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not banner.display
        merged = editor.query_one("#note-advice", TextArea).text
        assert sorted(merged.splitlines()) == sorted(
            ["ทำกล่องคราฟต์", "ใส่ป้ายวิธีซัก", "มีหน้าต่างให้เห็นลาย"]
        )
        assert len(desk.mentoring.heads(session.id, "advice")) == 1
    desk.close()


async def test_a_second_mentor_and_producer_join_a_running_session(db: Path) -> None:
    with Desk.open(db, station="desk-a", clock=demo_clock(DAY)) as setup:
        setup.participants.add(
            Participant(id="SECONDMT", first_name="วิไลวรรณ", last_name="แสนสุข", role="mentor")
        )
        setup.participants.add(
            Participant(
                id="SECONDPR",
                first_name="บัวผัน",
                last_name="ทองดี",
                role="producer",
                product="ผ้าไหมมัดหมี่",
            )
        )
    desk = Desk.open(db, clock=demo_clock(DAY))
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        await start_session(pilot)
        for name in ("วิไลวรรณ", "บัวผัน"):
            await pilot.press("ctrl+b")
            await type_text(pilot, name)
            await pilot.press("enter")
            await pilot.pause()
        editor = app.screen
        assert isinstance(editor, SessionEditorScreen)
        who = str(editor.query_one("#editor-who", Static).content)
        assert "วิไลวรรณ" in who and "บัวผัน" in who and "ผ้าไหมมัดหมี่" in who
    (session,) = desk.mentoring.list()
    assert session.mentor_ids == ["LOCALDOC", "SECONDMT"]
    assert session.producer_ids == ["PRODACTS", "SECONDPR"]
    desk.close()


async def test_a_follow_up_or_target_that_cannot_be_read_is_marked_not_dropped(db: Path) -> None:
    from textual.widgets import Input

    from facilitator.labels import day_label

    desk = Desk.open(db, station="desk-a", clock=demo_clock(DAY))
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        await start_session(pilot)
        editor = pilot.app.screen
        follow_up = editor.query_one("#editor-follow-up", Input)
        target = editor.query_one("#editor-target", Input)
        error = editor.query_one("#editor-meta-error", Static)
        follow_up.focus()
        follow_up.value = "+7"
        await pilot.pause()
        week = desk.clock.now().date() + timedelta(7)
        assert editor.session.follow_up == week.isoformat()
        target.focus()  # leaving the field shows the date as the desk writes it, in BE
        await pilot.pause()
        assert follow_up.value == day_label(week) and "ISO" not in follow_up.value
        follow_up.value = "Y"
        await pilot.pause()
        assert follow_up.has_class("-invalid") and error.display
        assert "“Y”" in str(error.content)
        assert editor.session.follow_up == week.isoformat()  # the last good date is kept
        target.value = "9"
        await pilot.pause()
        assert target.has_class("-invalid") and "1" in str(error.content)
        assert editor.session.target_stars is None
        target.value = "4"
        follow_up.value = "+7"
        await pilot.pause()
        assert editor.session.target_stars == 4
        assert not error.display and not follow_up.has_class("-invalid")
    desk.close()


async def test_on_an_80x24_terminal_the_producer_picker_fits_with_its_border(db: Path) -> None:
    desk = Desk.open(db, clock=demo_clock(DAY))
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, NewSessionScreen)
        box = picker.query_one(".person-dialog-box").region
        assert box.x >= 0 and box.right <= 80 and box.bottom <= 24
    desk.close()


async def test_the_action_under_the_cursor_is_read_in_full_below_the_table(db: Path) -> None:
    desk = Desk.open(db, clock=demo_clock(DAY))
    session = desk.mentoring.start_session(["PRODACTS"], ["LOCALDOC"], ["packaging"])
    long_text = "ทำกล่องกระดาษคราฟต์ขนาดพอดีผ้าหนึ่งผืน พร้อมหน้าต่างให้เห็นลาย ส่งตัวอย่างให้กรรมการดู"
    desk.mentoring.add_action(session.id, "ถ่ายรูปสินค้า", "PRODACTS", DAY + timedelta(3))
    desk.mentoring.add_action(session.id, long_text, "LOCALDOC", DAY + timedelta(7))
    app = FacilitatorApp(desk, start_mode="sessions")
    async with app.run_test(size=(120, 35)) as pilot:
        app.push_screen(SessionEditorScreen(desk, session.id))
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, SessionEditorScreen)
        table = editor.query_one("#editor-actions", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.pause()
        shown = str(editor.query_one("#editor-action-text", Static).content)
        assert long_text in shown and "ดร.สมหมาย หอมจันทร์" in shown
        assert editor.query_one("#editor-action-text").region.height >= 2  # wrapped, on screen
    desk.close()
