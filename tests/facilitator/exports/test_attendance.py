"""Attendance exports, told as the office uses them after the two days in Mukdahan.

The desk checked people in by scanning their badges on 7 and 8 June 2021 (one scan was undone,
one came from a walk-in registered at another desk and is provisional). Every format is opened
again here, and every format must count exactly who the desk counts.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import stat
import subprocess
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from facilitator.cli import main
from facilitator.codes.participant_code import make_code, new_participant_id
from facilitator.desk import Desk
from facilitator.exports.attendance import build_attendance
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from facilitator.files import OutputExists, write_atomic
from facilitator.thai.text import mask_phone
from tests.demo_desks import open_demo_desk

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

DAY1, DAY2 = date(2021, 6, 7), date(2021, 6, 8)
AM1, PM1, AM2, PM2 = (f"{d}-{s}" for d in (DAY1, DAY2) for s in ("am", "pm"))
EXPECTED = {AM1: 11, PM1: 8, AM2: 5, PM2: 0}  # 10 scans + 1 provisional; the undone one is out


def at(day: date, hh: int, mm: int) -> datetime:
    return datetime.combine(day, time(hh, mm))


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """The demo event with two days of check-ins made through the desk's scan box."""
    d = open_demo_desk(tmp_path / "event.json", first_day=DAY1)
    ev, people = d.event, d.participants.all()

    def scan(pid: str, when: datetime) -> None:
        d.checkins.scan(make_code(ev.id, ev.key, pid), now=when)

    for i, p in enumerate(people[:10]):
        scan(p.id, at(DAY1, 8, 40 + i))
    scan(people[10].id, at(DAY1, 8, 55))
    assert d.checkins.undo_last() is not None  # a wrong badge: undone, must not count
    scan(new_participant_id(), at(DAY1, 9, 5))  # registered at another desk: provisional
    for i, p in enumerate(people[20:28]):
        scan(p.id, at(DAY1, 13, 5 + i))
    for i, p in enumerate(people[30:35]):
        scan(p.id, at(DAY2, 8, 45 + i))
    yield d
    d.close()


def export(desk: Desk, tmp_path: Path, fmt: str, **options: object) -> Path:
    out = tmp_path / "out" / f"attendance.{fmt}"
    desk.exports.run(ExportRequest("attendance", fmt, out, ExportOptions(**options), force=True))
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def render_pages(path: Path, folder: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


# -- one table, the desk's numbers ------------------------------------------------------------


def test_the_table_counts_exactly_who_the_desk_counts(desk: Desk) -> None:
    table = build_attendance(desk.sources)
    for sid, expected in EXPECTED.items():
        assert table.count(sid) == len(desk.checkins.attendance(sid)) == expected
    assert table.provisional_count(AM1) == 1
    undone = desk.participants.all()[10].id
    assert all(AM1 not in r.cells for r in table.rows if r.participant_id == undone)
    assert len(table.voided) == 1 and len(table.facts) == 25


# -- XLSX ---------------------------------------------------------------------------------------


def test_the_workbook_has_a_summary_and_a_sheet_per_day_with_frozen_headers(
    desk: Desk, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(export(desk, tmp_path, "xlsx"))
    assert wb.sheetnames == ["สรุป", "7 มิ.ย. 64", "8 มิ.ย. 64"]
    for ws in wb.worksheets:  # printed on A4 landscape, one page wide, the header on each page
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)
    summary = wb["สรุป"]
    header = [c.value for c in summary[1]]
    assert header[:5] == ["ที่", "รหัสผู้เข้าร่วม", "ชื่อ-สกุล", "บทบาท", "หน่วยงาน"]
    assert header[5] == "ช่วงเช้า 7 มิ.ย. 64"
    first = desk.participants.all()[0]
    row2 = [c.value for c in summary[2]]
    # A check-in time is a real time cell, shown as 08:40 (a provisional one as 09:05*).
    assert row2[2] == first.display_name and row2[5] == datetime(2021, 6, 7, 8, 40)
    assert summary.cell(row=2, column=6).is_date
    assert summary.cell(row=2, column=6).number_format == "hh:mm"
    starred = [c.value for c in summary["F"] if c.is_date and c.number_format == 'hh:mm"*"']
    assert starred == [datetime(2021, 6, 7, 9, 5)]
    totals = {r[2]: r[5:9] for r in summary.iter_rows(min_row=2, values_only=True) if r[2]}
    assert totals["รวมผู้เข้าร่วม"] == tuple(EXPECTED.values())
    assert totals["เป้าหมาย ผู้ประกอบการ OTOP"] == (20, 20, 20, 20)
    assert totals["ผู้ประกอบการ OTOP เข้าร่วม/เป้าหมาย"][0] == "10/20"
    assert any(str(k).startswith("* ") for k in totals)  # the legend of the star
    day2 = [c.value for c in wb["8 มิ.ย. 64"][1]]
    assert "ช่วงเช้า เวลา" in day2 and "เบอร์โทรศัพท์" in day2


# -- CSV ----------------------------------------------------------------------------------------


def test_the_csv_has_a_bom_and_one_row_per_person_per_session(desk: Desk, tmp_path: Path) -> None:
    raw = export(desk, tmp_path, "csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 50 * 4 + 2  # the provisional person: both sessions of the day they came
    assert list(rows[0])[:3] == ["รหัสผู้เข้าร่วม", "รหัสลงทะเบียน", "ชื่อ-สกุล"]
    present = {
        sid: sum(r["สถานะ"] == "เข้าร่วม" for r in rows if r["รหัสช่วง"] == sid) for sid in EXPECTED
    }
    assert present == EXPECTED
    starred = [r for r in rows if r["รอซิงก์"] == "ใช่"]
    assert len(starred) == 1 and starred[0]["เวลา"] == "09:05"
    first = desk.participants.all()[0]
    mine = next(r for r in rows if r["รหัสผู้เข้าร่วม"] == first.id)
    assert mine["เบอร์โทรศัพท์"] == mask_phone(first.phone) != first.phone
    assert mine["วันที่"] == "07/06/2564"


# -- JSON ---------------------------------------------------------------------------------------


def test_the_json_lists_every_fact_and_the_computed_attendance(desk: Desk, tmp_path: Path) -> None:
    doc = json.loads(export(desk, tmp_path, "json").read_text(encoding="utf-8"))
    assert doc["format"] == "facilitator.attendance/1"
    assert [s["id"] for s in doc["sessions"]] == list(EXPECTED)
    assert {sid: a["count"] for sid, a in doc["attendance"].items()} == EXPECTED
    voided = [c for c in doc["checkins"] if c["voided"]]
    assert len(voided) == 1 and not voided[0]["counted"]
    assert voided[0]["participant_id"] == desk.participants.all()[10].id
    stored = {c.id: c for c in desk.checkins.all_checkins(include_voided=True)}
    for c in doc["checkins"]:
        assert datetime.fromisoformat(c["at"]) == stored[c["id"]].at
        assert c["provisional"] == stored[c["id"]].provisional
    counted = {c["id"] for c in doc["checkins"] if c["counted"]}
    assert counted == {c.id for sid in EXPECTED for c in desk.checkins.attendance(sid)}
    assert doc["phones_masked"] and all(
        "x" in p["phone"] for p in doc["participants"] if p["phone"]
    )
    assert doc["event"]["targets"] == {"producer": 20, "mentor": 20}


# -- the PDF sign-in sheet ----------------------------------------------------------------------


def test_the_sign_in_sheet_is_the_usual_form_one_per_day(desk: Desk, tmp_path: Path) -> None:
    out = export(desk, tmp_path, "pdf")
    text = pdf_text(out)
    assert "(KBO)" in text and "ห้องประชุมกระดุมเงินกระดุมทอง" in text
    assert "วันที่ 7 มิถุนายน 2564" in text and "วันที่ 8 มิถุนายน 2564" in text
    assert text.count("หน้า 1/3") == 2 and "หน้า 3/3" in text  # 51 and 50 rows, 18 a page
    assert "ลายมือชื่อ" in text and "หมายเหตุ" in text and "เบอร์โทรศัพท์" in text
    assert "08:40" in text and "09:05*" in text
    first = desk.participants.all()[0]
    assert mask_phone(first.phone) in text and first.phone not in text
    for count in (11, 8, 5, 0):  # the totals at the foot of each day's sheet
        assert f" {count} คน" in text
    pages = render_pages(out, tmp_path)
    assert len(pages) == 6
    for page in pages:
        with Image.open(page) as im:
            assert im.size[0] > im.size[1]  # landscape
            lo, hi = im.convert("L").getextrema()
            assert lo < 100 and hi > 200  # ink on paper, not a blank page


def test_gregorian_english_and_full_phones_are_options(desk: Desk, tmp_path: Path) -> None:
    out = export(desk, tmp_path, "pdf", lang="en", buddhist_era=False, show_phones=True)
    text = pdf_text(out)
    assert "Date: 7 June 2021" in text and "Page 1/3" in text and "Signature" in text
    assert desk.participants.all()[0].phone in text


# -- every format agrees ------------------------------------------------------------------------


def test_every_format_gives_the_same_numbers(desk: Desk, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(desk, tmp_path, "xlsx"))
    xlsx = next(r[5:9] for r in wb["สรุป"].iter_rows(values_only=True) if r[2] == "รวมผู้เข้าร่วม")
    rows = list(csv.DictReader(io.StringIO(export(desk, tmp_path, "csv").read_text("utf-8-sig"))))
    from_csv = tuple(
        sum(r["สถานะ"] == "เข้าร่วม" for r in rows if r["รหัสช่วง"] == sid) for sid in EXPECTED
    )
    doc = json.loads(export(desk, tmp_path, "json").read_text(encoding="utf-8"))
    from_json = tuple(doc["attendance"][sid]["count"] for sid in EXPECTED)
    text = pdf_text(export(desk, tmp_path, "pdf"))
    from_pdf = tuple(int(n) for n in re.findall(r"(\d+) คน", text))  # day 1 am, pm; day 2
    desk_counts = tuple(len(desk.checkins.attendance(sid)) for sid in EXPECTED)
    assert xlsx == from_csv == from_json == desk_counts == from_pdf == tuple(EXPECTED.values())


# -- writing ------------------------------------------------------------------------------------


def test_files_are_private_and_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "exports" / "sheet.csv"
    write_atomic(out, b"first")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(OutputExists, match="--force"):
        write_atomic(out, b"second")
    assert out.read_bytes() == b"first"
    write_atomic(out, b"second", force=True)
    assert out.read_bytes() == b"second"
    assert [p.name for p in out.parent.iterdir()] == ["sheet.csv"]  # no temporary left behind


def test_the_cli_writes_refuses_to_overwrite_and_replaces_with_force(
    desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = desk.store.path
    desk.close()  # the CLI opens the database itself
    out = tmp_path / "sheet.xlsx"
    args = ["--db", str(db), "export", "attendance", "--format", "xlsx", "--out", str(out)]
    assert main(args) == 0
    assert str(out) in capsys.readouterr().out
    written = out.read_bytes()
    assert main(args) == 3
    assert "already exists" in capsys.readouterr().err and out.read_bytes() == written
    assert main([*args, "--force", "--day", "2021-06-08"]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["สรุป", "8 มิ.ย. 64"]
    assert main([*args, "--force", "--day", "2021-06-20"]) == 1
    assert "no sessions on 20 June 2021" in capsys.readouterr().err


def test_the_cli_default_path_is_an_exports_folder_beside_the_database(
    desk: Desk, tmp_path: Path
) -> None:
    db = desk.store.path
    desk.close()
    assert main(["--db", str(db), "export", "attendance", "--format", "csv", "--gregorian"]) == 0
    out = Path(db).parent / "exports" / "attendance-2021-06-07_2021-06-08.csv"  # both days
    assert "2021-06-07" in out.read_text(encoding="utf-8-sig")
    assert main(["--db", str(db), "export", "attendance", "--day", "2021-06-08", "--format",
                 "csv", "--gregorian"]) == 0  # fmt: skip
    assert (Path(db).parent / "exports" / "attendance-2021-06-08.csv").exists()  # the one day


def test_the_workbook_explains_the_star_only_where_a_row_has_one(
    desk: Desk, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(export(desk, tmp_path, "xlsx"))

    def notes(sheet: str) -> list[str]:
        return [
            str(v)
            for r in wb[sheet].iter_rows(values_only=True)
            for v in r
            if str(v).startswith("* ")
        ]

    assert len(notes("สรุป")) == 1 and len(notes("7 มิ.ย. 64")) == 1  # the provisional 09:05*
    assert notes("8 มิ.ย. 64") == []  # nobody provisional on the second day: no footnote


def test_a_workbook_without_a_provisional_check_in_has_no_footnote(tmp_path: Path) -> None:
    d = open_demo_desk(tmp_path / "plain.json", first_day=DAY1)
    try:
        d.checkins.check_in(d.participants.all()[0].id, now=at(DAY1, 8, 40))
        wb = openpyxl.load_workbook(export(d, tmp_path, "xlsx"))
    finally:
        d.close()
    cells = [str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r]
    assert not any(v.startswith("* ") for v in cells)
