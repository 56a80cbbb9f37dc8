"""The project report the office edits in Word and files: its headings, the producers' table,
the chart and the photo page, in a .docx opened with python-docx and a PDF read back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from facilitator.desk import Desk
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from tests.facilitator.exports.paperwork_desk import CERTIFIER, OFFICE, open_paperwork_desk
from tests.facilitator.exports.reading import flat, skeleton


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = open_paperwork_desk(tmp_path / "event.json")
    yield d
    d.close()


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    for n, colour in enumerate(["#c87850", "#508cc8", "#78b45a"], start=1):
        Image.new("RGB", (640, 480), colour).save(folder / f"day_{n}.jpg")
    (folder / "captions.txt").write_text(
        "day_1.jpg: พิธีเปิดโครงการโดยรองผู้ว่าราชการจังหวัดมุกดาหาร\n", encoding="utf-8"
    )
    (folder / "notes.txt").write_text("not a photo", encoding="utf-8")
    return folder


def export(desk: Desk, tmp_path: Path, fmt: str, photos: Path) -> Path:
    out = tmp_path / f"report.{fmt}"
    request = ExportRequest(
        "report", fmt, out, ExportOptions(), force=True, values={"photos": photos}
    )
    desk.exports.run(request)
    return out


def test_the_word_report_has_real_headings_a_thai_font_and_the_producers_table(
    desk: Desk, tmp_path: Path, photos: Path
) -> None:
    document = docx.Document(str(export(desk, tmp_path, "docx", photos)))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "รายงานผลการดำเนินงานโครงการ") in headings
    names = [text for style, text in headings if style == "Heading 2"]
    assert names[:3] == ["1. ข้อมูลโครงการ", "2. ผลการเข้าร่วมตามกลุ่มเป้าหมาย", "ผลการเข้าร่วมรายช่วง"]
    assert "3. ผู้ประกอบการและแผนพัฒนาผลิตภัณฑ์" in names and "5. ภาพกิจกรรม" in names
    for style in ("Normal", "Heading 1", "Heading 2"):
        fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == "TH Sarabun New" == fonts.get(qn("w:ascii"))
    producers = next(t for t in document.tables if t.rows[0].cells[2].text == "ผลิตภัณฑ์")
    rows = [[c.text for c in r.cells] for r in producers.rows[1:]]
    expected = [p for p in desk.participants.all() if p.role == "producer"]
    assert [r[1] for r in rows] == [p.display_name for p in expected]
    assert [r[2] for r in rows] == [p.product for p in expected]
    chilli = next(r for r in rows if r[2] == "น้ำพริกปลาร้าบอง")
    assert "→ 3" in chilli[3] and "แยกห้องผลิต" in chilli[4]  # stars now → target, the plan
    assert producers.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert len(document.inline_shapes) == 1 + 3  # the chart and the three photos
    text = "\n".join(p.text for p in document.paragraphs)
    assert OFFICE in text and "7–8 มิถุนายน 2564" in text
    gallery = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert f"ตำแหน่ง {CERTIFIER[1]}" in gallery  # under the reporter's name
    assert "พิธีเปิดโครงการโดยรองผู้ว่าราชการจังหวัดมุกดาหาร" in gallery and "day 2" in gallery


def test_the_pdf_report_says_the_same_through_the_block_renderer(
    desk: Desk, tmp_path: Path, photos: Path
) -> None:
    text = flat(export(desk, tmp_path, "pdf", photos))
    for wanted in (
        "รายงานผลการดำเนินงานโครงการ",
        "2. ผลการเข้าร่วมตามกลุ่มเป้าหมาย",
        "แผนภูมิ: ผู้เข้าร่วมรายช่วงจำแนกตามกลุ่ม",  # the chart is a picture; its caption is text
        "น้ำพริกปลาร้าบอง",
        "สิ่งที่ต้องดำเนินการต่อ",
        "พิธีเปิดโครงการโดยรองผู้ว่าราชการจังหวัดมุกดาหาร",
        "ผู้รายงาน",
        f"( {CERTIFIER[0]} )",
        f"ตำแหน่ง {CERTIFIER[1]}",  # the position set in the paperwork settings, not dots
    ):
        assert skeleton(wanted) in text, wanted


def test_a_photo_folder_that_is_not_there_is_refused_before_any_work(
    desk: Desk, tmp_path: Path
) -> None:
    from facilitator.errors import UserError
    from facilitator.exports.kinds import KINDS

    option = KINDS["report"].option("photos")
    assert option is not None
    with pytest.raises(UserError):
        option.read(str(tmp_path / "missing"))


def test_someone_taken_off_the_roster_no_longer_counts_in_the_report(
    desk: Desk, tmp_path: Path, photos: Path
) -> None:
    people = desk.participants.all()
    producers = [p for p in people if p.role == "producer"]
    leaver = producers[0]  # came, then was removed: their check-ins stay, their count goes
    desk.participants.remove(leaver.id)
    document = docx.Document(str(export(desk, tmp_path, "docx", photos)))
    paragraphs = [p.text for p in document.paragraphs]
    assert f"จำนวนผู้มีรายชื่อ: {len(people) - 1}" in paragraphs
    groups = next(t for t in document.tables if t.rows[0].cells[0].text == "กลุ่ม")
    header = [c.text for c in groups.rows[0].cells]
    producer_row = next(
        [c.text for c in r.cells] for r in groups.rows[1:] if "ผู้ประกอบการ" in r.cells[0].text
    )
    assert producer_row[header.index("มีรายชื่อ (คน)")] == str(len(producers) - 1)
    # Nor in the table by session: its producer counts are those still on the roster.
    by_session = next(t for t in document.tables if t.rows[0].cells[0].text == "ช่วง")
    column = [c.text for c in by_session.rows[0].cells].index("ผู้ประกอบการ OTOP")
    for session, row in zip(desk.events.current.sessions, by_session.rows[1:], strict=True):
        present = desk.checkins.present(session.id) - {leaver.id}
        producers_in = sum(1 for p in producers if p.id in present)
        assert row.cells[column].text == str(producers_in), session.id
