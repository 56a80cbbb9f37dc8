"""The sign-in sheet as the office files it: rows under role headings, blank numbered rows for
walk-ins, the certifier's (name), position and date lines, the position column from the roster;
and the mentoring report and plan with the event's dates and the producer's and mentor's
signature lines. Both faces ask for the options through the export kind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.codes.participant_code import make_code, new_participant_id
from facilitator.desk import Desk
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from tests.facilitator.exports.paperwork_desk import CERTIFIER, DAY1, open_paperwork_desk
from tests.facilitator.exports.reading import flat, pdf_text, skeleton


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = open_paperwork_desk(tmp_path / "event.json")
    yield d
    d.close()


def sheet(desk: Desk, tmp_path: Path, **values: object) -> Path:
    out = tmp_path / "signin.pdf"
    options = ExportOptions(day=DAY1)
    desk.exports.run(ExportRequest("attendance", "pdf", out, options, force=True, values=values))
    return out


def test_rows_grouped_under_role_headings_with_blank_rows_after_them(
    desk: Desk, tmp_path: Path
) -> None:
    out = sheet(desk, tmp_path, group_by_role=True, blank_rows=5)
    text = pdf_text(out)
    whole = skeleton(text)
    at = [
        whole.index(skeleton(heading))
        for heading in ("ผู้ประกอบการ OTOP (20 คน)", "กรรมการ KBO (20 คน)", "เจ้าหน้าที่ (7 คน)")
    ]
    assert at == sorted(at)
    numbers = [
        int(line.split()[0])
        for line in text.splitlines()
        if line.strip()[:2].strip().isdigit() and line.split()[0].isdigit()
    ]
    assert [n for n in numbers if n > len(desk.participants)] == [51, 52, 53, 54, 55]


def test_the_certifier_signs_over_their_name_position_and_date(desk: Desk, tmp_path: Path) -> None:
    text = flat(sheet(desk, tmp_path))
    for wanted in (
        "ผู้รับรอง",
        f"( {CERTIFIER[0]} )",
        f"ตำแหน่ง {CERTIFIER[1]}",
        "วันที่ ........../........../..........",
    ):
        assert skeleton(wanted) in text, wanted


def test_the_position_column_prints_the_rosters_position_else_the_role(
    desk: Desk, tmp_path: Path
) -> None:
    # A person whose roster row had a ตำแหน่ง (the roster import fills `position`).
    desk.participants.add(
        title="นาง",
        first_name="ผ่องศรี",
        last_name="ทองดี",
        role="official",
        position="นักพัฒนาชุมชน",
    )
    # And one whose row had none: the column falls back to the role.
    desk.participants.add(title="นาย", first_name="บุญเรือง", last_name="แสงทอง", role="producer")
    text = flat(sheet(desk, tmp_path))
    assert skeleton("นางผ่องศรี ทองดี นักพัฒนาชุมชน") in text
    assert skeleton("นายบุญเรือง แสงทอง ผู้ประกอบการ OTOP") in text


def test_the_cli_takes_the_sheets_options_as_flags(desk: Desk, tmp_path: Path) -> None:
    db = str(desk.path)
    desk.close()
    out = tmp_path / "cli.pdf"
    args = ["--db", db, "export", "attendance", "--format", "pdf", "--day", "7/6/2564"]
    assert main([*args, "--group-by-role", "--blank-rows", "3", "--out", str(out)]) == 0
    assert skeleton("กรรมการ KBO (20 คน)") in flat(out)
    assert main([*args, "--blank-rows", "many", "--out", str(tmp_path / "x.pdf")]) == 1


def test_the_plan_and_the_mentoring_report_carry_the_dates_and_both_signatures(
    desk: Desk, tmp_path: Path
) -> None:
    session = desk.mentoring.list()[1]
    producer = desk.participants.get(session.producer_ids[0])
    mentor = desk.participants.get(session.mentor_ids[0])
    assert producer is not None and mentor is not None
    out = tmp_path / "plan.pdf"
    desk.exports.run(ExportRequest("plan", "pdf", out, ExportOptions(), producer.id, force=True))
    text = flat(out)
    for wanted in (
        "วันที่จัดกิจกรรม 7–8 มิถุนายน 2564",
        f"( {producer.display_name} )",
        f"( {mentor.display_name} )",
        "ผู้ประกอบการ",
        "กรรมการ KBO ผู้ให้คำปรึกษา",
    ):
        assert skeleton(wanted) in text, wanted
    out = tmp_path / "sessions.pdf"
    desk.exports.run(ExportRequest("sessions", "pdf", out, ExportOptions(), force=True))
    text = flat(out)
    assert text.count(skeleton("กรรมการ KBO ผู้ให้คำปรึกษา")) == len(desk.mentoring.list())
    md = tmp_path / "sessions.md"
    desk.exports.run(ExportRequest("sessions", "md", md, ExportOptions(), force=True))
    assert f"( {mentor.display_name} )" in md.read_text(encoding="utf-8")  # as on the PDF


def test_the_star_is_explained_only_when_some_row_has_one(desk: Desk, tmp_path: Path) -> None:
    legend = skeleton("ลงเวลาโดยยังไม่มีข้อมูลผู้เข้าร่วมที่โต๊ะนี้")
    assert legend not in flat(sheet(desk, tmp_path))  # every check-in known: no star, no note
    stranger = new_participant_id()  # registered at another desk, not synced yet
    desk.checkins.scan(
        make_code(desk.event.id, desk.event.key, stranger), now=datetime.combine(DAY1, time(9, 5))
    )
    assert legend in flat(sheet(desk, tmp_path))


def test_the_last_page_always_carries_rows_with_its_totals_and_signature() -> None:
    from facilitator.exports.signin_pdf import BODY_BOTTOM, CLOSING_H, Line, paginate

    for count in range(1, 140):
        lines = [Line("group", role="producer", count=count)]
        lines += [Line("person", n) for n in range(1, count + 1)]
        pages = paginate(lines)
        assert all(pages), count  # no page without rows, the last one included
        last_line, last_y = pages[-1][-1]
        assert last_y + last_line.height + CLOSING_H <= BODY_BOTTOM, count
        assert all(page[-1][0].kind != "group" for page in pages), count
        placed = [line for page in pages for line, _ in page]
        assert placed == lines, count  # every line once, in order
