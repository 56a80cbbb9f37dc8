"""Mentoring reports and a producer's development plan, as the KBO mentors hand them over.

The demo event holds five finished mentoring sessions from the first day, with problems,
advice, notes and action items; the chilli-paste producer also came to both sessions that day.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from pypdf import PdfReader

from facilitator.cli import main
from facilitator.codes.participant_code import make_code
from facilitator.desk import Desk
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from facilitator.models import Participant
from tests.demo_desks import open_demo_desk

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

DAY1 = date(2021, 6, 7)
CHILLI = "น้ำพริกปลาร้าบอง"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = open_demo_desk(tmp_path / "event.json", first_day=DAY1)
    producer = chilli(d)
    for hh in (8, 13):
        d.checkins.scan(
            make_code(d.event.id, d.event.key, producer.id), now=datetime(2021, 6, 7, hh, 50)
        )
    first = d.mentoring.actions(session_id=d.mentoring.list(producer_id=producer.id)[0].id)[-1]
    d.mentoring.set_action_done(first.id, now=datetime(2021, 6, 20, 10, 0))
    yield d
    d.close()


def chilli(desk: Desk) -> Participant:
    return next(p for p in desk.participants.all() if p.product == CHILLI)


def export(desk: Desk, tmp_path: Path, fmt: str, producer: str | None = None) -> Path:
    kind = "plan" if producer else "sessions"
    out = tmp_path / "out" / f"{kind}.{fmt}"
    desk.exports.run(ExportRequest(kind, fmt, out, ExportOptions(), producer, force=True))
    return out


def pdf_text(path: Path) -> str:
    """pypdf here: pdftotext splits a tone mark that the font shifts left (ผู้ -> ผูป ้)."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_markdown_report_lists_every_session_and_action(desk: Desk, tmp_path: Path) -> None:
    md = export(desk, tmp_path, "md").read_text(encoding="utf-8")
    assert md.startswith("# รายงานการให้คำปรึกษาผู้ประกอบการ OTOP")
    assert md.count("### ครั้งที่") == len(desk.mentoring.list()) == 5
    for action in desk.mentoring.actions():
        assert action.text in md
    assert "ยังไม่มีเลขสารบบอาหาร (อย.)" in md and "**คำแนะนำ**" in md


def test_the_json_report_carries_ids_texts_and_actions(desk: Desk, tmp_path: Path) -> None:
    doc = json.loads(export(desk, tmp_path, "json").read_text(encoding="utf-8"))
    sessions = desk.mentoring.list()
    assert [s["id"] for s in doc["sessions"]] == [s.id for s in sessions]
    first = doc["sessions"][0]
    assert first["problems"] == desk.mentoring.current_text(sessions[0].id, "problems")
    assert len(doc["actions"]) == len(desk.mentoring.actions())
    assert [a["done"] for a in doc["actions"]] == sorted(a["done"] for a in doc["actions"])


def test_the_workbook_has_sessions_and_actions_sheets(desk: Desk, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(desk, tmp_path, "xlsx"))
    assert wb.sheetnames == ["การให้คำปรึกษา", "สิ่งที่ต้องทำ"]
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)
    sessions = wb["การให้คำปรึกษา"]
    assert sessions.max_row == 1 + 5 and sessions["B1"].value == "ผู้ประกอบการ"
    owners = {row[1] for row in wb["สิ่งที่ต้องทำ"].iter_rows(min_row=2, values_only=True)}
    assert "สำนักงานสาธารณสุขจังหวัดมุกดาหาร" in owners  # free-text owner kept as written
    assert chilli(desk).display_name in owners  # a participant owner shown by name


def test_a_producers_plan_puts_open_items_first(desk: Desk, tmp_path: Path) -> None:
    producer = chilli(desk)
    md = export(desk, tmp_path, "md", producer.id).read_text(encoding="utf-8")
    assert md.startswith("# แผนพัฒนาผลิตภัณฑ์รายผู้ประกอบการ")
    assert f"- **ชื่อ-สกุล:** {producer.display_name}" in md
    assert "| ช่วงเช้า 7 มิ.ย. 64 | 08:50 |" in md and "| ช่วงบ่าย 7 มิ.ย. 64 | 13:50 |" in md
    open_at, done_at = md.index("ยังไม่เสร็จ\n"), md.index("เสร็จแล้ว\n")
    assert open_at < done_at
    assert "เสร็จแล้ว 20 มิถุนายน 2564" in md[done_at:]
    assert producer.phone not in md and producer.phone[-4:] in md
    signing = md[md.index("ลงชื่อ") :]  # the foot is signed as on the PDF and the DOCX
    assert f"( {producer.display_name} )" in signing
    assert "ตำแหน่ง" in signing and "วันที่" in signing


def test_the_plan_pdf_is_shaped_thai_with_page_numbers(desk: Desk, tmp_path: Path) -> None:
    producer = chilli(desk)
    out = export(desk, tmp_path, "pdf", producer.id)
    text = pdf_text(out)
    assert "ข้อมูลผู้ประกอบการ" in text and "(อย.)" in text and "หน้า 1/" in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert pages
    with Image.open(pages[0]) as im:
        assert im.size[1] > im.size[0]  # portrait
        assert im.convert("L").getextrema()[0] < 100


def test_the_cli_exports_a_plan_and_refuses_an_unknown_producer(
    desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, producer = desk.store.path, chilli(desk).id
    desk.close()
    out = tmp_path / "plan.pdf"
    base = ["--db", str(db), "export", "sessions", "--format", "pdf", "--out", str(out)]
    assert main([*base, "--producer", producer]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main([*base, "--producer", "NOBODY", "--force"]) == 1
    assert "no participant" in capsys.readouterr().err
    assert main([*base, "--producer", producer]) == 3
