"""The headless face: commands a facilitator (or a script) runs, and the messages they get."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_init_then_add_then_list_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ev.json"
    assert (
        run(
            db,
            "init",
            "--name",
            "KBO มุกดาหาร",
            "--venue",
            "โรงแรม",
            "--days",
            "2021-06-07..2021-06-08",
        )
        == 0
    )
    assert (
        run(
            db,
            "roster",
            "add",
            "นางสาวปิ่นฟ้า ฝั่งน้ำ",
            "--phone",
            "0812345678",
            "--product",
            "ผ้าย้อมคราม",
        )
        == 0
    )
    capsys.readouterr()
    assert run(db, "roster", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["title"], r["first_name"], r["phone"]) for r in rows] == [
        ("นางสาว", "ปิ่นฟ้า", "081-234-5678")
    ]
    assert len(rows[0]["code"]) >= 12


def test_demo_writes_fifty_people_without_opening_the_tui(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path / "demo.json", "demo", "--no-tui") == 0
    assert "50 participants" in capsys.readouterr().out


def test_a_roster_dry_run_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ev.json"
    run(db, "init", "--name", "งาน", "--days", "2021-06-07")
    roster = tmp_path / "r.csv"
    roster.write_text("ชื่อ-สกุล,บทบาท,เบอร์โทร\nนายสมชาย ใจดี,KBO,0811111111\n", encoding="utf-8")
    assert run(db, "roster", "import", str(roster), "--dry-run") == 0
    assert "Dry run" in capsys.readouterr().out
    run(db, "roster", "list", "--json")
    assert json.loads(capsys.readouterr().out) == []


def test_user_mistakes_give_a_message_and_a_non_zero_exit_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ev.json"
    assert run(db, "roster", "list") == 1
    assert "holds no event yet" in capsys.readouterr().err
    assert run(db, "init", "--name", "x", "--days", "soon") == 1
    assert "2564-06-07" in capsys.readouterr().err  # how to write a date, shown with the refusal
    assert run(db, "init", "--name", "x", "--days", "32/13/2564") == 1
    assert "read as day 32, month 13" in capsys.readouterr().err
    run(db, "init", "--name", "x", "--days", "2021-06-07")
    assert run(db, "roster", "import", str(tmp_path / "missing.xlsx")) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_second_process_on_the_same_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "ev.json"
    run(db, "demo", "--no-tui")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from facilitator.desk import Desk; d = Desk.open(sys.argv[1]); "
            "print('open', flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        second = subprocess.run(
            # A write (reads answer from a snapshot meanwhile: test_snapshot_reads).
            [
                sys.executable,
                "-m",
                "facilitator",
                "--db",
                str(db),
                "roster",
                "add",
                "นายทดสอบ ระบบ",
            ],
            capture_output=True,
            text=True,
            env={**os.environ},
        )
        assert second.returncode == 1
        assert f"already open by PID {holder.pid}" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_damaged_database_is_refused_and_restore_brings_back_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "ev.json"
    run(db, "demo", "--no-tui")
    run(db, "roster", "import", str(_one_row_roster(tmp_path)))  # takes a backup first
    for damaged in (db, db.with_name(db.name + ".prev")):
        if damaged.exists():
            damaged.write_bytes(b"\0" * 100)
    db.with_name(db.name + ".journal").unlink(missing_ok=True)
    capsys.readouterr()
    assert run(db, "roster", "list") == 1
    err = capsys.readouterr().err
    assert "Cannot open" in err and "restore" in err and "before-import" in err
    assert run(db, "restore", "latest") == 0
    capsys.readouterr()
    assert run(db, "roster", "list", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 50


def _one_row_roster(tmp_path: Path) -> Path:
    path = tmp_path / "one.csv"
    path.write_text("ชื่อ-สกุล,บทบาท\nนายสมชาย ใจดี,KBO\n", encoding="utf-8-sig")
    return path
