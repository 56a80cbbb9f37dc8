"""Rosters as a district office really sends them, and the corrected file that follows.

The first file has a ตำแหน่ง column, a landline with an extension, a household sharing one
phone, an official whose only descriptive cell is the position, and row 1 copied again at the
bottom. The second is the office's correction: วีระพงษ์ is spelt วีรพงษ์ (same phone), a
position is filled in, a new person is added.
"""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = [
    "ลำดับ",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "ตำแหน่ง",
    "บทบาท",
    "หน่วยงาน",
    "ผลิตภัณฑ์",
    "อำเภอ",
    "เบอร์โทร",
]

WEERAPONG = [
    "1",
    "นาย",
    "วีระพงษ์",
    "ศรีสุข",
    "ประธานกลุ่ม",
    "ผู้ประกอบการ",
    "กลุ่มทอผ้าไหมบ้านนาโพธิ์",
    "ผ้าไหมมัดหมี่",
    "ดอนตาล",
    "081-234-5678",
]
BUAPHAN = [
    "2",
    "นาง",
    "บัวผัน",
    "ศรีบุญ",
    "สมาชิกกลุ่ม",
    "ผู้ประกอบการ",
    "กลุ่มแปรรูปสมุนไพรบ้านหนองสูง",
    "ชาสมุนไพร",
    "หนองสูง",
    "0811112222",
]
THONGBAI = [  # Buaphan's husband: the same phone, the same surname, another person
    "3",
    "นาย",
    "ทองใบ",
    "ศรีบุญ",
    "",
    "ผู้ประกอบการ",
    "กลุ่มแปรรูปสมุนไพรบ้านหนองสูง",
    "ชาสมุนไพร",
    "หนองสูง",
    "0811112222",
]
MALEE = [  # an official: no role in the file, the position says what she is
    "4",
    "นางสาว",
    "มาลี",
    "ดวงดี",
    "พัฒนาการจังหวัดมุกดาหาร",
    "",
    "สำนักงานพัฒนาชุมชนจังหวัดมุกดาหาร",
    "",
    "เมืองมุกดาหาร",
    "042-611-234 ต่อ 12",
]
SOMSAK = [
    "5",
    "ดร.",
    "สมศักดิ์",
    "ทองดี",
    "",
    "กรรมการ KBO",
    "มหาวิทยาลัยนครพนม",
    "",
    "เมืองมุกดาหาร",
    "089-765-4321",
]

FIRST_VERSION = [HEADER, WEERAPONG, BUAPHAN, THONGBAI, MALEE, SOMSAK, WEERAPONG]
"""Rows 2-7 as Excel numbers them; row 7 is row 2 copied twice."""


def corrected_version() -> list[list[str]]:
    """The office's second file: the name fixed, a position filled in, one more person."""
    weerapong = WEERAPONG[:]
    weerapong[2] = "วีรพงษ์"
    thongbai = THONGBAI[:]
    thongbai[4] = "ประธานกลุ่ม"
    somsak = SOMSAK[:]
    somsak[4] = "ที่ปรึกษา"
    newcomer = [
        "6",
        "นาง",
        "คำปุ่น",
        "แสนสุข",
        "วิทยากร",
        "",
        "บริษัท ครีเอทีฟ โปรดักต์ แล็บ จำกัด",
        "",
        "",
        "086-000-1111",
    ]
    return [HEADER, weerapong, BUAPHAN, thongbai, MALEE, somsak, newcomer]


OFFICIALS = [
    ["ที่", "ชื่อ-สกุล", "ตำแหน่ง", "สังกัด"],
    ["1", "นายประยูร ใจกว้าง", "พัฒนาการอำเภอคำชะอี", "สำนักงานพัฒนาชุมชนอำเภอคำชะอี"],
    ["2", "นางสาวอรุณี ศรีสุข", "นักวิชาการพัฒนาชุมชนชำนาญการ", "สำนักงานพัฒนาชุมชนจังหวัด"],
    ["3", "นายบุญส่ง คำมา", "เจ้าพนักงานธุรการ", "สำนักงานพัฒนาชุมชนจังหวัด"],
]
"""A list of officials whose only descriptive column is ตำแหน่ง."""


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    """The rows as a CSV the way Excel saves "CSV UTF-8" (with a byte-order mark)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    return path
