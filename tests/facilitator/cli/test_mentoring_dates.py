"""On a Thai desk the mentoring commands write dates as the office does: Buddhist Era, Thai
months (2 ธ.ค. 69), never the ISO form a script reads from --json."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.thai.text import cell_width
from tests.demo_desks import open_demo_desk

FIRST_DAY = date(2026, 12, 2)
ISO = re.compile(r"\b20\d\d-\d\d-\d\d\b")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "event.json"
    open_demo_desk(path, first_day=FIRST_DAY).close()
    return str(path)


def run(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["--db", db, "--lang", "th", *args]) == 0
    return capsys.readouterr().out


def test_sessions_and_actions_read_in_the_buddhist_era(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = run(db, capsys, "sessions", "list")
    assert "2 ธ.ค. 69 09:15" in listed and not ISO.search(listed)
    first = listed.split()[0]
    shown = run(db, capsys, "sessions", "show", first)
    assert "เวลา:        2 ธ.ค. 69 09:15 - 09:50" in shown
    assert "นัดติดตาม 1 ม.ค. 70" in shown and not ISO.search(shown)
    actions = run(db, capsys, "actions", "list")
    assert "9 ธ.ค. 69" in actions and not ISO.search(actions)


def test_thai_due_dates_line_up_in_one_column(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    texts = [row["text"] for row in json.loads(run(db, capsys, "actions", "list", "--json"))]
    lines = run(db, capsys, "actions", "list").splitlines()
    # Every action's text starts in the same terminal column, whatever its date's width
    # ("9 ธ.ค. 69" and "12 ธ.ค. 69"; the marks above and below letters take no cell).
    columns = {
        cell_width(line[: line.index(text)]) for line, text in zip(lines, texts, strict=False)
    }
    assert len(texts) >= 3 and len(columns) == 1


def test_json_keeps_the_iso_dates_scripts_read(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run(db, capsys, "actions", "list", "--json"))
    assert all(ISO.fullmatch(row["due"]) for row in rows if row["due"])
