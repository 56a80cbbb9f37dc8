"""A district office's roster writes phones as people do: an office line with its extension,
two numbers in one cell. The rows go in, and the desk still finds the person by the number."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from facilitator.desk import Desk

ROWS = [
    ["ลำดับ", "คำนำหน้า", "ชื่อ", "นามสกุล", "บทบาท", "หน่วยงาน", "เบอร์โทร"],
    ["1", "นาย", "ประเสริฐ", "คำมุงคุณ", "เจ้าหน้าที่", "สำนักงานพัฒนาชุมชนจังหวัด", "042-611-234 ต่อ 12"],
    ["2", "นาง", "บัวผัน", "ศรีสุข", "ผู้ประกอบการ", "กลุ่มทอผ้าบ้านนา", "081-234-5678, 042 611 235 ext. 7"],
    ["3", "นางสาว", "ปิ่นฟ้า", "ฝั่งน้ำ", "KBO", "วิทยาลัยชุมชน", "๐๔๒-๖๑๑-๒๓๖ #๑๐๒"],
]


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = Desk.open(tmp_path / "ev.json", station="a")
    d.events.create("งาน", "ห้อง", [date(2021, 6, 7)])
    path = tmp_path / "roster.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(ROWS)
    d.participants.apply_import(d.participants.plan_import(path))
    yield d
    d.close()


def by_first_name(desk: Desk, first: str):
    return next(p for p in desk.participants.all() if p.first_name == first)


def test_an_extension_keeps_the_row_and_stays_with_the_number(desk: Desk) -> None:
    assert len(desk.participants.all()) == 3
    assert by_first_name(desk, "ประเสริฐ").phone == "042-611-234 ต่อ 12"
    assert by_first_name(desk, "ปิ่นฟ้า").phone == "042-611-236 ต่อ 102"


def test_a_second_number_is_kept_as_a_note_with_its_extension(desk: Desk) -> None:
    person = by_first_name(desk, "บัวผัน")
    assert person.phone == "081-234-5678"
    assert "042-611-235 ต่อ 7" in person.note


@pytest.mark.parametrize("typed", ["042611234", "042-611-234", "611234", "1234"])
def test_the_office_number_finds_the_person_without_the_extension(desk: Desk, typed: str) -> None:
    found = [p.first_name for p in desk.participants.search(typed)]
    assert "ประเสริฐ" in found
