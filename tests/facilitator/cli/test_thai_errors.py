"""`facilitator --lang th`: a Thai facilitator reads every refusal in Thai.

The same mistakes as in `test_bad_input.py` (a bad roster, a bad date, an unknown session, a
database open in another window, a `--db` that is a folder or a place the desk cannot write),
each answered on stderr in Thai, with the values the facilitator needs (the file, the row, the
session ids) and without the English sentence.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.desk import Desk

THAI = range(0x0E00, 0x0E80)


def thai(*args: str) -> int:
    return main(["--lang", "th", *args])


def is_thai(text: str) -> bool:
    return any(ord(ch) in THAI for ch in text)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "event.json"
    with Desk.open(path, station="desk-a") as desk:
        desk.create_demo(date(2021, 6, 7))
    return path


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("facilitator: ") and is_thai(err) and "Traceback" not in err
    return err


# -- roster files -----------------------------------------------------------------------------


def test_an_old_excel_file_is_refused_in_thai(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "roster.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    assert thai("--db", str(db), "roster", "import", str(old)) == 1
    err = error_line(capsys)
    assert "roster.xls: เป็นไฟล์ Excel รุ่นเก่า 97-2003 (.xls)" in err
    assert "old Excel" not in err


def test_bad_rows_are_listed_in_thai_and_nothing_is_written(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "ชื่อ-สกุล,เบอร์โทร,ผลิตภัณฑ์,ระดับดาว\nนายใหม่ มาก่อน,0811112222,ผ้าไหม,3\nนางมาลี ดีใจ,12,ผ้าฝ้าย,9\n",
        encoding="utf-8",
    )
    assert thai("--db", str(db), "roster", "import", str(roster)) == 1
    captured = capsys.readouterr()
    assert "  ! แถว 3: เบอร์โทรไม่ถูกต้อง: ไม่ใช่เบอร์โทรศัพท์ไทย" in captured.out
    assert "  ! แถว 3: ระดับดาวต้องเป็น 1-5 แต่ได้ '9'" in captured.out
    assert "ใหม่ 1 คน" in captured.out
    assert "roster.csv: มี 2 แถวที่นำเข้าไม่ได้ จึงยังไม่ได้บันทึกอะไร" in captured.err
    assert "--skip-bad" in captured.err and "row" not in captured.err
    with Desk.open(db) as desk:
        assert len(desk.participants) == 50


# -- dates and sessions -------------------------------------------------------------------------


def test_a_bad_date_is_refused_in_thai(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "new.json"
    assert thai("--db", str(fresh), "init", "--name", "KBO", "--days", "2021-06-31") == 1
    assert "--days: “2021-06-31” ไม่มีวันนี้ในปฏิทิน" in error_line(capsys)
    assert (
        thai("--db", str(fresh), "init", "--name", "KBO", "--days", "2021-06-08..2021-06-07") == 1
    )
    assert "มาก่อนวันแรก" in error_line(capsys)
    args = ["--db", str(db), "attendance", "--at", "8 มิ.ย. 64"]
    assert thai(*args) == 1
    assert "--at: “8 มิ.ย. 64” ไม่ใช่วันเวลา: เขียนเป็น 09:05 (วันนี้)" in error_line(capsys)


def test_a_follow_up_date_typed_wrong_is_refused_in_thai(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Desk.open(db) as desk:
        people = desk.participants.all()
        producer = next(p.id for p in people if p.role == "producer")
        mentor = next(p.id for p in people if p.role == "mentor")
    args = ["sessions", "add", "--producer", producer, "--mentor", mentor]
    assert thai("--db", str(db), *args, "--follow-up", "31/02/2564") == 1
    assert "“31/02/2564” ไม่มีวันนี้ในปฏิทิน" in error_line(capsys)


def test_an_unknown_session_is_refused_in_thai(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert thai("--db", str(db), "attendance", "--session", "2021-06-09-am") == 1
    err = error_line(capsys)
    assert "ไม่มีช่วงเวลา 2021-06-09-am งานนี้มี: 2021-06-07-am" in err
    assert "no such session" not in err


# -- the database file ------------------------------------------------------------------------


@pytest.fixture
def held_open(db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another facilitator process with the database open (as a second window would have)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from facilitator.desk import Desk; d = Desk.open(sys.argv[1]); "
            "print('open', flush=True); sys.stdin.read(); d.close()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    yield holder
    holder.communicate("", timeout=30)


def test_a_database_open_in_another_window_is_refused_in_thai(
    db: Path, held_open: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert thai("--db", str(db), "roster", "add", "นายทดสอบ ระบบ") == 1
    err = error_line(capsys)
    assert f"{db} เปิดอยู่แล้วโดยโปรแกรมหมายเลข {held_open.pid}" in err
    assert "ปิดหน้าต่าง facilitator อื่นก่อน หรือใช้ --db ไฟล์อื่น" in err
    since = re.search(r"ตั้งแต่ (\S+ \S+ \S+) (\d\d:\d\d) น\.", err)
    assert since, err  # a Thai date and time, not the lock file's ISO stamp
    assert re.fullmatch(r"\d{1,2} \S+ (25)?\d\d", since.group(1)), since.group(1)  # BE year


def test_a_folder_given_as_the_database_is_refused_in_thai(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "event.json"
    folder.mkdir()
    assert thai("--db", str(folder), "info") == 1
    assert f"{folder} เป็นโฟลเดอร์ ไม่ใช่ไฟล์ฐานข้อมูล" in error_line(capsys)


def test_a_database_inside_a_file_is_refused_in_thai(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("hello")
    assert thai("--db", str(not_a_folder / "event.json"), "info") == 1
    err = error_line(capsys)
    assert f"สร้างโฟลเดอร์ {not_a_folder} สำหรับฐานข้อมูลไม่ได้ (ไม่ใช่โฟลเดอร์)" in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_place_the_desk_cannot_write_in_is_refused_in_thai(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """/proc takes no new files, even from root: like a CD or a locked USB stick."""
    assert thai("--db", "/proc/event.json", "info") == 1
    err = error_line(capsys)
    assert "เปิด /proc/event.json ไม่ได้: โฟลเดอร์ /proc ไม่ให้โต๊ะนี้เขียนไฟล์" in err
    assert "does not let" not in err


def test_a_torn_file_rebuilt_from_the_journal_is_told_in_thai_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "event.json"
    assert thai("--db", str(db), "demo", "--no-tui") == 0
    whole = db.read_bytes()
    db.write_bytes(whole[: len(whole) // 2])  # the power went in the middle of a copy
    capsys.readouterr()
    assert thai("--db", str(db), "info") == 0
    warning = capsys.readouterr().err
    assert "ไฟล์ไม่ใช่ JSON ที่ถูกต้อง (ผิดรูปแบบที่บรรทัด" in warning
    assert "ไม่มีข้อมูลที่ยืนยันแล้วสูญหาย" in warning
    words = re.sub(r"\S*event\.json\S*", "", warning).replace("facilitator:", "")
    assert not re.search(r"[A-Za-z]{3,}", words.replace("JSON", "")), warning
