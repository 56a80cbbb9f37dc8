"""Reading the participant lists district offices actually send."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from facilitator.i18n import t
from facilitator.roster.roster_file import (
    HEADER_ALIASES,
    IGNORED,
    NO_ROLE,
    ROLE_ALIASES,
    ParticipantDraft,
    RosterFileError,
    header_field,
    parse_role,
    parse_roster,
    parse_star_level,
)

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

DOCS = Path(__file__).resolve().parents[3] / "docs" / "roster-columns.md"


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def write_xlsx(path: Path, rows: list[list[object]], *, sheets: dict | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "รายชื่อ"
    for row in rows:
        sheet.append(row)
    for name, extra_rows in (sheets or {}).items():
        extra = book.create_sheet(name)
        for row in extra_rows:
            extra.append(row)
    book.save(path)
    return path


def names(parse) -> list[str]:
    return [f"{d.title}|{d.first_name}|{d.last_name}" for _, d in parse.drafts]


# --------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------


def test_a_thai_csv_from_the_district_office_becomes_drafts(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        [
            "ลำดับ,คำนำหน้า,ชื่อ,นามสกุล,ชื่อเล่น,บทบาท,กลุ่ม,ผลิตภัณฑ์,ประเภทผลิตภัณฑ์,ระดับดาว,อำเภอ,เบอร์โทร,หมายเหตุ",
            "1,นาง,บุญเรือง,แก้วมณี,เรือง,ผู้ประกอบการ,กลุ่มทอผ้าบ้านนาโด่,ผ้าไหมมัดหมี่,ผ้าและเครื่องแต่งกาย,4 ดาว,อ.เมืองมุกดาหาร,081 234 5678,แพ้อาหารทะเล",
            "2,นาย,สมชาย,ใจดี,ชาย,KBO,KBO จังหวัดมุกดาหาร,,,,นิคมคำสร้อย,089-765-4321,",
        ],
    )
    parse = parse_roster(path)

    assert parse.problems == []
    assert parse.drafts == [
        (
            2,
            ParticipantDraft(
                title="นาง",
                first_name="บุญเรือง",
                last_name="แก้วมณี",
                nickname="เรือง",
                role="producer",
                organisation="กลุ่มทอผ้าบ้านนาโด่",
                product="ผ้าไหมมัดหมี่",
                product_category="ผ้าและเครื่องแต่งกาย",
                star_level=4,
                district="เมืองมุกดาหาร",
                phone="081-234-5678",
                note="แพ้อาหารทะเล",
            ),
        ),
        (
            3,
            ParticipantDraft(
                title="นาย",
                first_name="สมชาย",
                last_name="ใจดี",
                nickname="ชาย",
                role="mentor",
                organisation="KBO จังหวัดมุกดาหาร",
                district="นิคมคำสร้อย",
                phone="089-765-4321",
            ),
        ),
    ]
    assert parse.column_map["ลำดับ"] == IGNORED
    assert parse.column_map["ระดับดาว"] == "star_level"
    assert parse.unknown_columns == []
    assert parse.header_row == 1


def test_english_headers_are_understood_whatever_their_case_and_punctuation(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        [
            "No.,Title,First Name,SURNAME,Role,Organization,Product,Category,Star level,District,Tel.:,Notes,E-mail",
            "1,Ms.,Malee,Duangdee,Producer,Ban Nong Group,Rice cracker,Food,3,Dong Luang,0812345678,,malee@example.com",
            "2,Dr.,Anan,Chaisuk,speaker,Ubon University,,,,,042-611-234,Session 2,",
        ],
    )
    parse = parse_roster(path)

    assert parse.problems == []
    assert names(parse) == ["Ms.|Malee|Duangdee", "Dr.|Anan|Chaisuk"]
    assert [d.role for _, d in parse.drafts] == ["producer", "lecturer"]
    assert parse.column_map["Tel.:"] == "phone"
    assert parse.unknown_columns == ["E-mail"]


def test_a_full_name_column_has_its_title_split_off(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        [
            "ที่,ชื่อ - สกุล,ผลิตภัณฑ์,โทรศัพท์",
            "1,นางสาวสุภาพร  ศรีมุกดา,ข้าวฮาง,0811111111",
            "2,นายประยุทธ ณ นคร,ปลาส้ม,0822222222",
            "3,ผศ.ดร.วิไล พรหมมา,น้ำพริก,0833333333",
            "4,ว่าที่ ร.ต.ชัยวัฒน์ สุขใจ,สบู่สมุนไพร,0844444444",
            "5,สมศักดิ์ ทองดี,เสื่อกก,0855555555",
        ],
    )
    parse = parse_roster(path)

    assert parse.problems == []
    assert names(parse) == [
        "นางสาว|สุภาพร|ศรีมุกดา",
        "นาย|ประยุทธ|ณ นคร",
        "ผศ.ดร.|วิไล|พรหมมา",
        "ว่าที่ ร.ต.|ชัยวัฒน์|สุขใจ",
        "|สมศักดิ์|ทองดี",
    ]
    # no role column, but a product: these are producers
    assert {d.role for _, d in parse.drafts} == {"producer"}


def test_headers_match_leniently() -> None:
    assert header_field("  ชื่อ-นามสกุล ") == "full_name"
    assert header_field("ชื่อ - สกุล") == "full_name"
    assert header_field("เบอร์โทร (มือถือ)") == "phone"
    assert header_field("Mobile:") == "phone"
    assert header_field("#") == IGNORED
    assert header_field("ที่อยู่") is None


def test_every_alias_is_documented_for_the_people_preparing_rosters() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    table_cells = {cell.strip() for cell in re.split(r"[|,`]", documented)}
    for aliases in (*HEADER_ALIASES.values(), *ROLE_ALIASES.values()):
        for alias in aliases:
            assert alias in table_cells, f"{alias!r} missing from {DOCS.name}"


# --------------------------------------------------------------------------
# Encodings and formats
# --------------------------------------------------------------------------


def test_a_csv_saved_by_thai_windows_excel_in_cp874_is_read(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "tis620.csv",
        ["ลำดับ,ชื่อ-สกุล,บทบาท,เบอร์โทร", "1,นางสมศรี มีสุข,เจ้าหน้าที่,042-611-234"],
        encoding="cp874",
    )
    parse = parse_roster(path)

    assert names(parse) == ["นาง|สมศรี|มีสุข"]
    assert parse.drafts[0][1].role == "official"


def test_a_utf8_csv_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bom.csv",
        ["ชื่อ,นามสกุล,บทบาท", "มาลี,ดวงดี,วิทยากร"],
        encoding="utf-8-sig",
    )
    parse = parse_roster(path)

    assert parse.column_map == {"ชื่อ": "first_name", "นามสกุล": "last_name", "บทบาท": "role"}
    assert names(parse) == ["|มาลี|ดวงดี"]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        [
            delimiter.join(["ชื่อ", "นามสกุล", "บทบาท", "เบอร์โทร"]),
            delimiter.join(["มาลี", "ดวงดี", "แขก", "081 234 5678"]),
        ],
    )
    parse = parse_roster(path)

    assert names(parse) == ["|มาลี|ดวงดี"]
    assert parse.drafts[0][1].phone == "081-234-5678"


def test_excel_unicode_text_export_in_utf16_is_read(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "unicode.txt",
        ["ชื่อ\tนามสกุล\tบทบาท", "มาลี\tดวงดี\tทีมงาน"],
        encoding="utf-16",
    )
    assert [d.role for _, d in parse_roster(path).drafts] == ["staff"]


def test_an_xlsx_with_a_title_line_above_the_header(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        [
            ["รายชื่อผู้เข้าร่วมอบรม โครงการพัฒนาผลิตภัณฑ์ OTOP จังหวัดมุกดาหาร"],
            ["วันที่ 12 มีนาคม 2568 ณ ห้องประชุมที่ว่าการอำเภอ"],
            [],
            ["ลำดับ", "ชื่อ-สกุล", "กลุ่ม/หน่วยงาน", "ผลิตภัณฑ์", "ระดับดาว", "เบอร์โทร"],
            [1, "นางบุญเรือง แก้วมณี", "กลุ่มทอผ้า", "ผ้าไหม", 3, 812345678],
            [2, "นายสมชาย ใจดี", "กลุ่มข้าวฮาง", "ข้าวฮางงอก", 4.0, "089-765-4321"],
        ],
    )
    parse = parse_roster(path)

    assert parse.header_row == 4
    assert parse.sheet_name == "รายชื่อ"
    assert [n for n, _ in parse.drafts] == [5, 6]
    first = parse.drafts[0][1]
    assert (first.first_name, first.star_level, first.phone) == ("บุญเรือง", 3, "081-234-5678")
    assert parse.drafts[1][1].star_level == 4
    assert parse.column_map["กลุ่ม/หน่วยงาน"] == "organisation"


def test_the_sheet_with_the_roster_is_found_even_if_it_is_not_the_first(
    tmp_path: Path,
) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        [["หนังสือนำส่ง"], ["เรียน พัฒนาการจังหวัดมุกดาหาร"]],
        sheets={"Sheet2": [["ที่", "ชื่อ", "สกุล", "ประเภท"], [1, "อรุณี", "ศรีสุข", "พี่เลี้ยง"]]},
    )
    parse = parse_roster(path)

    assert parse.sheet_name == "Sheet2"
    assert parse.drafts == [
        (2, ParticipantDraft(first_name="อรุณี", last_name="ศรีสุข", role="mentor"))
    ]


def test_a_name_header_merged_over_title_first_and_last_columns(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "merged.xlsx",
        [
            ["ที่", "ชื่อ - สกุล", None, None, "ตำแหน่ง", "บทบาท"],
            [1, "นาย", "สมชาย", "ใจดี", "พัฒนากร", "เจ้าหน้าที่"],
            [2, "นางสาว", "มาลี", "ดวงดี", "นักวิชาการ", "เจ้าหน้าที่"],
        ],
    )
    parse = parse_roster(path)

    assert names(parse) == ["นาย|สมชาย|ใจดี", "นางสาว|มาลี|ดวงดี"]
    assert parse.unknown_columns == []
    assert [d.position for _, d in parse.drafts] == ["พัฒนากร", "นักวิชาการ"]


def test_a_two_row_header_with_first_and_last_name_under_a_merged_cell(
    tmp_path: Path,
) -> None:
    path = write_xlsx(
        tmp_path / "two-rows.xlsx",
        [
            ["ที่", "ชื่อ - สกุล", None, "เบอร์โทร"],
            [None, "ชื่อ", "สกุล", None],
            [1, "นายสมชาย", "ใจดี", "0812345678"],
        ],
    )
    parse = parse_roster(path, default_role="official")

    assert parse.drafts == [
        (
            3,
            ParticipantDraft(
                title="นาย",
                first_name="สมชาย",
                last_name="ใจดี",
                role="official",
                phone="081-234-5678",
            ),
        )
    ]


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------


def test_bad_rows_are_reported_with_the_row_number_excel_shows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        [
            "รายชื่อผู้เข้าร่วม",  # row 1: title line
            "ที่,ชื่อ,นามสกุล,บทบาท,ผลิตภัณฑ์,ระดับดาว,เบอร์โทร",  # row 2: header
            "1,บุญเรือง,แก้วมณี,ผู้ผลิต,ผ้าไหม,3,0812345678",  # row 3: fine
            "2,,แก้วมณี,ผู้ผลิต,ผ้าไหม,3,0812345678",  # row 4: no name
            "3,สมชาย,ใจดี,ผู้ผลิต,ข้าว,3,12345",  # row 5: bad phone
            "4,มาลี,ดวงดี,ผู้ผลิต,สบู่,7,0812345678",  # row 6: bad stars
            "5,อรุณี,ศรีสุข,นักข่าว,,,0812345678",  # row 7: unknown role
            "6,ประยุทธ,ณ นคร,,,,0812345678",  # row 8: no role, no product
            "7,กมล,ทองดี,วิทยากร,,ดี,abc",  # row 9: two problems
        ],
    )
    parse = parse_roster(path)

    assert [n for n, _ in parse.drafts] == [3]
    assert [p.row_number for p in parse.problems] == [4, 5, 6, 7, 8, 9, 9]
    reasons = {p.row_number: p.reason for p in parse.problems}
    assert "no name" in reasons[4]
    assert "bad phone" in reasons[5]
    assert "star level" in reasons[6]
    assert "unknown role 'นักข่าว'" in reasons[7]
    assert reasons[8] == t(NO_ROLE)
    assert (9, "star level must be a number 1-5, got 'ดี'") in [
        (p.row_number, p.reason) for p in parse.problems
    ]
    assert parse.problem_rows == [4, 5, 6, 7, 8, 9]


def test_blank_rows_and_the_totals_row_are_skipped_not_reported(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        [
            ["ลำดับ", "ชื่อ-สกุล", "บทบาท"],
            [1, "นายสมชาย ใจดี", "ผู้ประกอบการ"],
            [],
            [2, "นางมาลี ดวงดี", "ผู้ประกอบการ"],
            [3, None, None],  # a pre-numbered template row left empty
            [4, "น.ส.อรุณี ศรีสุข", "พัฒนาการ"],
            [None, "รวม 3 คน", None],
            [5, None, None],  # the rest of the template
            [6, None, None],
        ],
    )
    parse = parse_roster(path)

    assert [n for n, _ in parse.drafts] == [2, 4, 6]
    assert parse.problems == []
    assert parse.skipped_rows == [3, 5, 7]


@pytest.mark.parametrize(
    "total",
    ["รวม", "รวม 50 คน", "รวมทั้งสิ้น", "รวมทั้งสิ้น ๕๐ ราย", "Total", "Total: 50", "ยอดรวม 12 คน"],
)
def test_totals_lines_in_thai_or_english_are_skipped(tmp_path: Path, total: str) -> None:
    path = write_csv(tmp_path / "roster.csv", ["ชื่อ,นามสกุล,บทบาท", "มาลี,ดวงดี,แขก", f"{total},,"])
    parse = parse_roster(path)

    assert parse.problems == []
    assert parse.skipped_rows == [3]


def test_a_name_beginning_with_ruam_is_not_a_totals_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roster.csv", ["ชื่อ,นามสกุล,บทบาท", "รวมพล,ใจดี,แขก"])
    assert names(parse_roster(path)) == ["|รวมพล|ใจดี"]


def test_thai_digits_in_stars_and_phones_are_converted(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        [
            "ชื่อ-สกุล,ผลิตภัณฑ์,ระดับดาว,เบอร์โทร",
            "นางบุญเรือง แก้วมณี,ผ้าไหม,๓,๐๘๑-๒๓๔-๕๖๗๘",
            "นายสมชาย ใจดี,ข้าวฮาง,★★★★★,๐๔๒ ๖๑๑ ๒๓๔",
        ],
    )
    parse = parse_roster(path)

    assert [(d.star_level, d.phone) for _, d in parse.drafts] == [
        (3, "081-234-5678"),
        (5, "042-611-234"),
    ]


def test_a_second_phone_number_goes_to_the_note(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        ["ชื่อ,บทบาท,เบอร์โทร,หมายเหตุ", 'มาลี,แขก,"081-234-5678, 089 765 4321",มาสาย'],
    )
    draft = parse_roster(path).drafts[0][1]

    assert draft.phone == "081-234-5678"
    assert draft.note == "มาสาย; เบอร์อื่น 089-765-4321"


def test_dashes_mean_empty_and_the_first_name_column_may_hold_the_whole_name(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        ["ชื่อ,ผลิตภัณฑ์,ระดับดาว,เบอร์โทร", "นางสาวมาลี ดวงดี,ผ้าฝ้าย,-,-"],
    )
    draft = parse_roster(path).drafts[0][1]

    assert (draft.title, draft.first_name, draft.last_name) == ("นางสาว", "มาลี", "ดวงดี")
    assert (draft.star_level, draft.phone) == (None, "")


def test_a_list_of_officials_without_a_role_column_can_be_imported_with_a_default(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "officials.csv",
        ["ที่,ชื่อ-สกุล,หน่วยงาน", "1,นายสมชาย ใจดี,สำนักงานพัฒนาชุมชนอำเภอดงหลวง"],
    )
    assert [p.key for p in parse_roster(path).problems] == [NO_ROLE]

    parse = parse_roster(path, default_role="official")
    assert [d.role for _, d in parse.drafts] == ["official"]


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("ผู้ประกอบการ", "producer"),
        ("ผู้ผลิต", "producer"),
        ("OTOP", "producer"),
        ("ผู้ประกอบการ OTOP ดีเด่น", "producer"),
        ("กรรมการ KBO", "mentor"),
        ("kbo", "mentor"),
        ("พี่เลี้ยง", "mentor"),
        ("พัฒนาการอำเภอ", "official"),
        ("ข้าราชการ", "official"),
        ("วิทยากร", "lecturer"),
        ("Speaker", "lecturer"),
        ("แขกรับเชิญ", "guest"),
        ("ทีมงาน", "staff"),
        ("เจ้าหน้าที่ KBO", None),  # names two roles: ask, do not guess
        ("นักข่าว", None),
        ("", None),
    ],
)
def test_role_words_in_thai_or_english(written: str, role: str | None) -> None:
    assert parse_role(written) == role


@pytest.mark.parametrize(
    ("written", "level"),
    [("3", 3), ("3 ดาว", 3), ("๓", 3), ("★★★", 3), ("⭐⭐⭐⭐", 4), ("5.0", 5), ("", None)],
)
def test_star_levels(written: str, level: int | None) -> None:
    assert parse_star_level(written) == level


@pytest.mark.parametrize("junk", ["0", "6", "3-4", "3.5", "ดี"])
def test_star_levels_outside_one_to_five_are_refused(junk: str) -> None:
    with pytest.raises(ValueError, match="star level"):
        parse_star_level(junk)


# --------------------------------------------------------------------------
# Whole-file problems
# --------------------------------------------------------------------------


def test_a_file_without_a_recognisable_header_says_what_is_needed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "letter.csv", ["เรียน พัฒนาการจังหวัด", "ขอส่งรายชื่อ"])
    with pytest.raises(RosterFileError, match="header row"):
        parse_roster(path)


def test_an_old_xls_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(RosterFileError, match=r"save it as \.xlsx"):
        parse_roster(path)


def test_a_libreoffice_ods_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "roster.ods"
    path.write_bytes(
        b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
    )
    with pytest.raises(RosterFileError, match=r"\.ods"):
        parse_roster(path)


def test_a_damaged_xlsx_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a real zip")
    with pytest.raises(RosterFileError, match="damaged"):
        parse_roster(path)


def test_empty_and_missing_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(RosterFileError, match="empty"):
        parse_roster(tmp_path / "empty.csv")
    with pytest.raises(RosterFileError, match="cannot open"):
        parse_roster(tmp_path / "nowhere.csv")


def test_an_xlsx_renamed_to_csv_is_still_read_as_excel(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "really-excel.csv", [["ชื่อ", "บทบาท"], ["มาลี", "แขก"]])
    assert names(parse_roster(path)) == ["|มาลี|"]
