"""Correcting the roster as an office does: a fixed file imported again, a person corrected or
removed at the desk, and whatever a user can see accepted to name a person."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.checkin.service import Verdict
from facilitator.codes.kedmanee import US_TO_KEDMANEE
from facilitator.desk import Desk
from facilitator.exports.attendance import build_attendance
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from facilitator.roster.directory import ParticipantError
from facilitator.roster.import_plan import preview_lines
from facilitator.roster.likeness import distance
from facilitator.roster.refs import RefError, RefRemoved
from facilitator.roster.roster_file import role_from_position
from facilitator.storage.record import field_marks
from tests.demo_desks import code_of, open_demo_desk, open_other_event
from tests.facilitator.roster.office_files import (
    FIRST_VERSION,
    OFFICIALS,
    corrected_version,
    write_roster,
)

pytestmark = pytest.mark.usefixtures("english")

DAY1 = date(2021, 6, 7)
MORNING = datetime.combine(DAY1, time(9, 12))


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk with the event and no roster yet, its clock at 09:00 on the first day."""
    d = open_demo_desk(tmp_path / "event.json", first_day=DAY1)
    for person in d.participants.all():  # the demo's people make way for the office's file
        d.participants.remove_id(person.id)
    yield d
    d.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Desk]:
    d = open_demo_desk(tmp_path / "demo.json", first_day=DAY1)
    yield d
    d.close()


def import_file(desk: Desk, path: Path, role: str | None = None) -> None:
    desk.participants.apply_import(desk.participants.plan_import(path, default_role=role))


# -- the office's two files ------------------------------------------------------------------


def test_the_first_file_keeps_positions_extensions_and_a_household(
    desk: Desk, tmp_path: Path
) -> None:
    plan = desk.participants.plan_import(write_roster(tmp_path / "v1.csv", FIRST_VERSION))
    assert plan.problems == []  # the copied row is no bad row: no --skip-bad needed
    assert [(n.row_number, dict(n.params)) for n in plan.merged] == [(7, {"into": 2})]
    assert len(plan.new) == 5
    desk.participants.apply_import(plan)

    people = {p.first_name: p for p in desk.participants.all()}
    assert people["วีระพงษ์"].position == "ประธานกลุ่ม"
    assert people["มาลี"].phone == "042-611-234 ต่อ 12"
    assert people["มาลี"].role == "official"  # from the position: the role cell was empty
    assert {people["บัวผัน"].id, people["ทองใบ"].id} == {
        p.id for p in desk.participants.people_with_phone("081-111-2222")
    }


def test_the_corrected_file_updates_in_place_keeping_ids_and_codes(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_roster(tmp_path / "v1.csv", FIRST_VERSION))
    before = {p.phone: (p.id, code_of(desk, p)) for p in desk.participants.all()}
    weerapong = desk.participants.find_by_phone("081-234-5678")

    plan = desk.participants.plan_import(write_roster(tmp_path / "v2.csv", corrected_version()))
    assert plan.problems == [] and [p.first_name for _, p in plan.new] == ["คำปุ่น"]
    preview = [line.text for line in preview_lines(plan)]
    assert "~ row 2: นายวีระพงษ์ ศรีสุข: first name: วีระพงษ์ → วีรพงษ์" in preview
    assert "~ row 4: นายทองใบ ศรีบุญ: position: — → ประธานกลุ่ม" in preview
    assert "= unchanged: rows 3, 5" in preview
    desk.participants.apply_import(plan)

    after = desk.participants.get(weerapong.id)
    assert after is not None and after.first_name == "วีรพงษ์"
    assert len(desk.participants) == 6
    for phone, (pid, code) in before.items():
        same = [p for p in desk.participants.people_with_phone(phone) if p.id == pid]
        assert same and code_of(desk, same[0]) == code


def test_the_household_stays_two_people_when_the_file_comes_again(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_roster(tmp_path / "v1.csv", FIRST_VERSION))
    again = desk.participants.plan_import(write_roster(tmp_path / "v1b.csv", FIRST_VERSION))
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 5)


def test_same_phone_and_surname_is_the_person_only_when_nobody_else_claims_them(
    desk: Desk, tmp_path: Path
) -> None:
    header, buaphan, thongbai = FIRST_VERSION[0], FIRST_VERSION[2], FIRST_VERSION[3]
    import_file(desk, write_roster(tmp_path / "wife.csv", [header, buaphan]))
    # The husband arrives in a file with his wife: he is a new person.
    both = desk.participants.plan_import(
        write_roster(tmp_path / "both.csv", [header, buaphan, thongbai])
    )
    assert [p.first_name for _, p in both.new] == ["ทองใบ"] and not both.changed
    # Alone in a file at her phone and surname, the name is taken as a correction, and said.
    alone = desk.participants.plan_import(write_roster(tmp_path / "alone.csv", [header, thongbai]))
    assert [c for _, _, c in alone.changed] == [{"title": "นาย", "first_name": "ทองใบ"}]
    assert [n.key for n in alone.notes] == ["roster_edit.import.by_surname"]


def test_a_row_that_matches_two_people_is_reported_not_guessed(desk: Desk, tmp_path: Path) -> None:
    header, weerapong = FIRST_VERSION[0], FIRST_VERSION[1]
    other = weerapong[:]
    other[2], other[9] = "วีรพงษ์", "089-999-0000"  # another man, a letter away, another phone
    import_file(desk, write_roster(tmp_path / "two.csv", [header, weerapong, other]))
    fixed = weerapong[:]
    fixed[2] = "วีรพงษ์"  # the phone points at the first, the exact name at the second
    plan = desk.participants.plan_import(write_roster(tmp_path / "which.csv", [header, fixed]))
    assert [p.row_number for p in plan.problems] == [2]
    assert "matches 2 people" in plan.problems[0].text()
    assert not plan.changed and not plan.new


def test_a_list_of_officials_with_only_a_position_imports(desk: Desk, tmp_path: Path) -> None:
    plan = desk.participants.plan_import(write_roster(tmp_path / "officials.csv", OFFICIALS))
    assert plan.problems == [] and plan.unknown_columns == []
    assert [(p.first_name, p.role, p.position) for _, p in plan.new] == [
        ("ประยูร", "official", "พัฒนาการอำเภอคำชะอี"),
        ("อรุณี", "official", "นักวิชาการพัฒนาชุมชนชำนาญการ"),
        ("บุญส่ง", "official", "เจ้าพนักงานธุรการ"),
    ]


def test_import_role_sets_the_role_of_every_row_that_names_none(desk: Desk, tmp_path: Path) -> None:
    rows = [["ชื่อ-สกุล", "ตำแหน่ง"], ["นายสมชาย ใจดี", "ผู้สังเกตการณ์"], ["นางมาลัย ดีงาม", "วิทยากร"]]
    path = write_roster(tmp_path / "guests.csv", rows)
    assert [p.text() for p in desk.participants.plan_import(path).problems][:1] == [
        "no role (บทบาท) and no product: cannot tell what this person is"
    ]
    plan = desk.participants.plan_import(path, default_role="guest")
    assert [p.role for _, p in plan.new] == ["guest", "guest"]  # the user's word beats a guess
    with pytest.raises(ParticipantError):
        desk.participants.plan_import(path, default_role="boss")


@pytest.mark.parametrize(
    ("position", "role"),
    [
        ("พัฒนากร", "official"),
        ("นักวิชาการพัฒนาชุมชนปฏิบัติการ", "official"),
        ("ปลัดอำเภอเมืองมุกดาหาร", "official"),
        ("ผู้ใหญ่บ้าน หมู่ 3", "official"),
        ("กำนันตำบลบางทรายใหญ่", "official"),
        ("พัฒนาการอำเภอดอนตาล", "official"),
        ("วิทยากร", "lecturer"),
        ("อาจารย์ มหาวิทยาลัยนครพนม", "lecturer"),
        ("ผู้ช่วยศาสตราจารย์", "lecturer"),
        ("อาจารย์ที่ปรึกษา KBO", None),  # a lecturer or a mentor: asked, not guessed
        ("กรรมการ KBO", "mentor"),
        ("ที่ปรึกษา", "mentor"),
        ("ประธานกลุ่มทอผ้า", "producer"),
        ("ผู้ประกอบการ", "producer"),
        ("ประธานกลุ่ม ที่ปรึกษา KBO", None),  # two roles: not guessed
        ("นักข่าว", None),
    ],
)
def test_role_words_inside_a_position(position: str, role: str | None) -> None:
    assert role_from_position(position) == role


# -- correcting and removing at the desk --------------------------------------------------------


def test_a_correction_writes_only_what_changed_and_says_old_and_new(demo: Desk) -> None:
    person = demo.participants.all()[11]
    edit = demo.participants.edit(
        "12", first_name=" วีรพงษ์ ", phone="042 611 234 ext. 12", star_level="3"
    )
    assert [c.field for c in edit.changes] == ["first_name", "star_level", "phone"]
    assert edit.after.first_name == "วีรพงษ์" and edit.after.phone == "042-611-234 ต่อ 12"
    assert edit.after.star_level == 3 and edit.after.id == person.id
    record = demo.store.get("participants", person.id)
    assert record is not None and field_marks(record)["first_name"] != field_marks(record)["title"]
    again = demo.participants.edit(person.id, first_name="วีรพงษ์")
    assert not again.changed


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"phone": "12345"}, "roster_edit.error.phone"),
        ({"star_level": "9"}, "roster.error.stars"),
        ({"first_name": "  "}, "roster.error.no_first_name"),
        ({"role": "boss"}, "roster.error.unknown_role"),
        ({"code": "X"}, "roster.error.not_editable"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_written(
    demo: Desk, changes: dict[str, str], key: str
) -> None:
    before = demo.store.sequence
    with pytest.raises(ParticipantError) as refused:
        demo.participants.edit("1", **changes)
    assert refused.value.key == key and demo.store.sequence == before


def test_a_role_may_be_given_in_thai_or_english(demo: Desk) -> None:
    assert demo.participants.edit("1", role="พี่เลี้ยง").after.role == "mentor"
    assert demo.participants.edit("1", role="Official").after.role == "official"


def test_a_removed_persons_badge_is_refused_naming_them_and_their_checkin_stays(
    demo: Desk, tmp_path: Path
) -> None:
    person = demo.participants.all()[4]
    code = code_of(demo, person)
    assert demo.checkins.scan(code, now=MORNING).verdict is Verdict.CHECKED_IN
    removal = demo.participants.remove(code)
    assert removal.person.id == person.id and removal.checkins_kept == 1
    assert person.id not in demo.participants and len(demo.participants) == 49

    refused = demo.checkins.scan(code.lower(), now=MORNING.replace(hour=13, minute=30))
    assert refused.verdict is Verdict.REMOVED and refused.checkin is None
    assert refused.verdict.colour == "red" and refused.verdict.rings_bell
    assert refused.verdict.exit_code == 23
    assert person.display_name in refused.message() and "removed" in refused.message()

    # The history keeps the morning check-in, marked as a removed person's.
    table = build_attendance(demo.sources, DAY1)
    (row,) = [r for r in table.rows if r.participant_id == person.id]
    assert row.removed and row.shown_name(ExportOptions(lang="en").text).endswith(
        "(removed from the roster)"
    )
    assert row.cells and table.count(f"{DAY1}-am") == 0  # on the sheet, not in its total
    with pytest.raises(RefRemoved, match="removed"):
        demo.participants.edit(code, first_name="x")


# -- REF: whatever a user can see ---------------------------------------------------------------


def test_a_person_is_named_by_number_code_id_phone_or_name(demo: Desk) -> None:
    roster = demo.participants
    person = roster.all()[6]
    code = code_of(demo, person)
    kedmanee = "".join(US_TO_KEDMANEE.get(ch.lower(), ch) for ch in code)
    for ref in (
        "7",
        "๗",
        code,
        code.lower(),
        kedmanee,
        f"{code[:3]}-{code[3:11]}-{code[11:]}",
        person.id,
        person.id.lower(),
        person.id[:5],
        person.phone,
        person.phone.replace("-", " "),
        f"{person.phone} ต่อ 99",
        person.display_name,
        person.name,
    ):
        assert roster.resolve(ref).id == person.id, ref


def test_one_name_alone_names_the_one_person_who_has_it(demo: Desk) -> None:
    # At the door people are called by one name: "บุญเรือง", or a surname; a shared one is
    # refused with both listed rather than guessed.
    roster = demo.participants
    people = roster.all()
    person = next(
        p
        for p in people
        if [q.first_name for q in people].count(p.first_name) == 1
        and [q.last_name for q in people].count(p.last_name) == 1
    )
    assert roster.resolve(person.first_name).id == person.id
    assert roster.resolve(person.last_name).id == person.id
    twin = next(p for p in people if p.id != person.id)
    roster.edit(twin.id, first_name=person.first_name)
    with pytest.raises(RefError) as many:
        roster.resolve(person.first_name)
    assert "matches 2 people" in str(many.value)


def test_a_ref_that_matches_several_people_lists_them(demo: Desk) -> None:
    roster = demo.participants
    a, b = roster.all()[0], roster.all()[1]
    roster.edit(b.id, phone=a.phone)  # a household: one phone for two
    with pytest.raises(RefError) as many:
        roster.resolve(a.phone)
    text = str(many.value)
    assert "matches 2 people" in text and a.display_name in text and b.display_name in text
    assert "   1  " in text and "   2  " in text  # by number, to pick again


@pytest.mark.parametrize("ref", ["", "  ", "0", "51", "nobody", "ACDFG", "089-000-0000"])
def test_a_ref_that_names_nobody_is_refused(demo: Desk, ref: str) -> None:
    with pytest.raises(RefError):
        demo.participants.resolve(ref)


def test_a_code_of_another_event_or_a_forged_one_is_not_a_person(
    demo: Desk, tmp_path: Path
) -> None:
    code = code_of(demo, demo.participants.all()[0])
    forged = code[:-1] + ("A" if code[-1] != "A" else "C")
    with pytest.raises(RefError, match="forged"):
        demo.participants.resolve(forged)
    other = open_other_event(tmp_path, demo, first_day=DAY1)
    try:
        with pytest.raises(RefError, match="another event"):
            demo.participants.resolve(code_of(other, other.participants.all()[0]))
    finally:
        other.close()


def test_every_command_that_takes_a_person_takes_the_same_ref(demo: Desk) -> None:
    producer = next(p for p in demo.participants.all() if p.role == "producer")
    mentor = next(p for p in demo.participants.all() if p.role == "mentor")
    number = str(demo.participants.number(producer.id))
    assert demo.mentoring.resolve_person(number) == producer.id
    assert demo.mentoring.resolve_person(mentor.phone) == mentor.id
    assert demo.mentoring.resolve_owner(code_of(demo, producer)) == producer.id
    assert demo.mentoring.resolve_owner("กลุ่มทอผ้า") == "กลุ่มทอผ้า"  # free text stays text
    assert demo.badges.resolve(number).id == producer.id


# -- search ---------------------------------------------------------------------------------------


def test_a_name_one_letter_off_is_still_found(demo: Desk) -> None:
    person = demo.participants.all()[9]
    demo.participants.edit(person.id, first_name="วีระพงษ์")
    for typed in ("วีรพงษ์", "วีระพงศ์", "วีรพง", "วีรพงษ์ " + person.last_name):
        assert person.id in [p.id for p in demo.participants.search(typed)], typed
    assert demo.participants.search("ขขขขขขข") == []


def test_position_is_searchable(demo: Desk) -> None:
    official = next(p for p in demo.participants.all() if p.role == "official")
    found = demo.participants.search(official.position.split()[0][:6])
    assert official.id in [p.id for p in found]


@given(st.text("กขคะาิ", max_size=7), st.text("กขคะาิ", max_size=7), st.integers(0, 3))
def test_the_bounded_distance_is_levenshtein_up_to_its_limit(a: str, b: str, limit: int) -> None:
    table = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, table[0] = table[:], i
        for j, cb in enumerate(b, 1):
            table[j] = min(previous[j] + 1, table[j - 1] + 1, previous[j - 1] + (ca != cb))
    full = table[-1]
    assert distance(a, b, limit) == (full if full <= limit else limit + 1)


# -- what is printed ------------------------------------------------------------------------------


def test_the_signin_sheet_prints_positions_and_the_role_only_without_one(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_roster(tmp_path / "v1.csv", FIRST_VERSION))
    out = tmp_path / "signin.pdf"
    desk.exports.run(ExportRequest("attendance", "pdf", out, ExportOptions(day=DAY1), force=True))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    for position in ("ประธานกลุ่ม", "สมาชิกกลุ่ม", "พัฒนาการจังหวัด"):
        assert position in flat, position
    assert "กรรมการKBO" in flat  # Somsak has no position: his role is printed


def test_a_badge_carries_the_position_and_the_pictures_the_roster_number(
    demo: Desk, tmp_path: Path
) -> None:
    person = demo.participants.all()[11]
    demo.participants.edit(person.id, first_name="วีรพงษ์", position="ประธานกลุ่มทอผ้า")
    (badge,) = demo.badges.badge_data([demo.participants.get(person.id)])
    assert badge.position == "ประธานกลุ่มทอผ้า" and badge.number == 12
    run = demo.badges.write([demo.participants.get(person.id)], png_dir=tmp_path / "line")
    assert [p.name for p in run.pngs] == [f"012-วีรพงษ์-{person.last_name}.png"]


def test_someone_removed_who_is_on_the_next_file_comes_back_as_new_with_a_note(
    desk: Desk, tmp_path: Path
) -> None:
    import_file(desk, write_roster(tmp_path / "v1.csv", FIRST_VERSION))
    weerapong = desk.participants.find_by_phone("081-234-5678")
    desk.participants.remove(weerapong.id)
    plan = desk.participants.plan_import(write_roster(tmp_path / "v1b.csv", FIRST_VERSION))
    assert [(row, p.first_name) for row, p in plan.new] == [(2, "วีระพงษ์")]
    assert [n.key for n in plan.notes] == ["roster_edit.import.was_removed"]
