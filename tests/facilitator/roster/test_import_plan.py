"""Importing the district offices' rosters into the event, and importing an update again."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from facilitator.desk import Desk
from facilitator.roster.import_plan import RosterRefused, apply_import, plan_import

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

THAI_ROWS = [
    ["ลำดับ", "คำนำหน้า", "ชื่อ", "นามสกุล", "บทบาท", "กลุ่ม", "ผลิตภัณฑ์", "ระดับดาว", "อำเภอ", "เบอร์โทร"],
    [
        "1",
        "นาง",
        "ทองม้วน",
        "ศรีบุญ",
        "ผู้ประกอบการ",
        "กลุ่มทอผ้าบ้านนา",
        "ผ้าไหม",
        "2",
        "ดอนตาล",
        "0811112222",
    ],
    ["2", "นาย", "สมพงษ์", "ใจกว้าง", "KBO", "วิทยาลัยชุมชน", "", "", "คำชะอี", "081-333-4444"],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture
def desk(tmp_path: Path):
    from datetime import date

    d = Desk.open(tmp_path / "ev.json", station="a")
    d.events.create("งาน", "ห้อง", [date(2021, 6, 7)])
    yield d
    d.close()


def test_a_thai_roster_is_imported_with_titles_roles_and_phones(desk: Desk, tmp_path: Path) -> None:
    plan = plan_import(write_csv(tmp_path / "r.csv", THAI_ROWS), desk.participants)
    desk.participants.apply_import(plan)
    people = desk.participants.all()
    assert [(p.display_name, p.role, p.phone) for p in people] == [
        ("นางทองม้วน ศรีบุญ", "producer", "081-111-2222"),
        ("นายสมพงษ์ ใจกว้าง", "mentor", "081-333-4444"),
    ]
    assert people[0].star_level == 2 and people[0].district == "ดอนตาล"


def test_an_english_xlsx_with_full_names_and_a_title_row(desk: Desk, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Participants of the KBO workshop"])
    sheet.append(["No.", "Full name", "Role", "Organisation", "Phone"])
    sheet.append([1, "ดร.วิมล แก้วใส", "mentor", "มหาวิทยาลัย", "0899998888"])
    sheet.append([2, "นางสาวปิ่นฟ้า ฝั่งน้ำ", "producer", "กลุ่มย้อมคราม", "0822223333"])
    book.save(tmp_path / "r.xlsx")
    apply_import(desk.participants.plan_import(tmp_path / "r.xlsx"), desk.participants, desk.store)
    names = {(p.title, p.first_name, p.last_name) for p in desk.participants.all()}
    assert names == {("ดร.", "วิมล", "แก้วใส"), ("นางสาว", "ปิ่นฟ้า", "ฝั่งน้ำ")}


def test_a_cp874_csv_from_an_old_windows_pc(desk: Desk, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "old.csv", THAI_ROWS, encoding="cp874")
    apply_import(desk.participants.plan_import(path), desk.participants, desk.store)
    assert desk.participants.search("ทองม้วน")[0].last_name == "ศรีบุญ"


def test_bad_rows_are_refused_with_row_numbers_and_nothing_is_written(
    desk: Desk, tmp_path: Path
) -> None:
    rows = [
        *THAI_ROWS,
        ["3", "นาย", "", "ไม่มีชื่อ", "KBO", "", "", "", "", ""],
        ["4", "นาง", "มาลี", "ดีใจ", "ผู้ประกอบการ", "", "ผ้า", "9", "", ""],
    ]
    plan = plan_import(write_csv(tmp_path / "bad.csv", rows), desk.participants)
    with pytest.raises(RosterRefused) as refused:
        desk.participants.apply_import(plan)
    message = str(refused.value)
    assert "row 4" in message and "row 5" in message and "nothing was written" in message
    assert len(desk.participants) == 0
    desk.participants.apply_import(plan, skip_bad=True)
    assert len(desk.participants) == 2


def test_reimporting_an_updated_roster_updates_people_in_place(desk: Desk, tmp_path: Path) -> None:
    apply_import(
        plan_import(write_csv(tmp_path / "v1.csv", THAI_ROWS), desk.participants),
        desk.participants,
        desk.store,
    )
    first_ids = {p.phone: p.id for p in desk.participants.all()}
    updated = [row[:] for row in THAI_ROWS]
    updated[1][7] = "3"  # the producer's product was rated again
    updated[2][3] = "ใจกว้างขวาง"  # the mentor's surname was misspelt; same phone
    plan = plan_import(write_csv(tmp_path / "v2.csv", updated), desk.participants)
    assert (len(plan.new), len(plan.changed)) == (0, 2)
    desk.participants.apply_import(plan)
    assert {p.phone: p.id for p in desk.participants.all()} == first_ids
    assert desk.participants.find_by_phone("0813334444").last_name == "ใจกว้างขวาง"
    assert desk.participants.find_by_phone("0811112222").star_level == 3


def test_an_import_takes_a_backup_first(desk: Desk, tmp_path: Path) -> None:
    apply_import(
        plan_import(write_csv(tmp_path / "r.csv", THAI_ROWS), desk.participants),
        desk.participants,
        desk.store,
    )
    assert any("before-import" in b.name for b in desk.store.backups.list())


def test_a_row_copied_twice_is_merged_with_a_note_not_a_bad_row(desk: Desk, tmp_path: Path) -> None:
    rows = [*THAI_ROWS, THAI_ROWS[1]]
    plan = plan_import(write_csv(tmp_path / "dup.csv", rows), desk.participants)
    assert plan.problems == [] and len(plan.new) == 2
    assert [(n.row_number, dict(n.params)) for n in plan.merged] == [(4, {"into": 2})]


def test_the_same_person_twice_with_different_details_is_a_bad_row(
    desk: Desk, tmp_path: Path
) -> None:
    again = THAI_ROWS[1][:]
    again[7] = "3"  # same name and phone, another star level: which one is right?
    plan = plan_import(write_csv(tmp_path / "dup.csv", [*THAI_ROWS, again]), desk.participants)
    assert [p.row_number for p in plan.problems] == [4]


def test_a_household_sharing_one_phone_is_two_people(desk: Desk, tmp_path: Path) -> None:
    rows = [
        THAI_ROWS[0],
        ["1", "นาง", "บัวผัน", "ศรีบุญ", "ผู้ประกอบการ", "กลุ่มทอผ้า", "ผ้าไหม", "2", "ดอนตาล", "0811112222"],
        [
            "2",
            "นาย",
            "ทองใบ",
            "ศรีบุญ",
            "ผู้ประกอบการ",
            "กลุ่มทอผ้า",
            "ผ้าไหม",
            "2",
            "ดอนตาล",
            "0811112222",
        ],
    ]
    plan = plan_import(write_csv(tmp_path / "home.csv", rows), desk.participants)
    assert plan.problems == [] and len(plan.new) == 2
    desk.participants.apply_import(plan)
    again = plan_import(write_csv(tmp_path / "home.csv", rows), desk.participants)
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 2)
