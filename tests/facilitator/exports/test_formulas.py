"""A roster cell typed as a formula reaches the office's spreadsheet as text, in every export.

A red-team roster put `=cmd|' /C calc'!A0` and `=HYPERLINK(...)` in names, organisations and
mentoring notes; the CSV carried them verbatim and the XLSX held live formulas. Here they go
through every spreadsheet export and the files are read back: the CSV with Python's csv
module, the workbooks with openpyxl (no cell of data type "f" anywhere).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell

from facilitator.codes.participant_code import make_code
from facilitator.desk import Desk
from facilitator.exports.formulas import csv_value, formula_like, keep_text, xlsx_value
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from tests.demo_desks import open_demo_desk

DAY1 = date(2021, 6, 7)
CALC = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://x","y")'
HOSTILE = [
    CALC,
    LINK,
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", [*HOSTILE, "=1", "++1", "-x", "@", "=", "- ไม่มี -"])
def test_text_that_starts_a_formula_is_formula_like(text: str) -> None:
    assert formula_like(text)
    assert csv_value(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        "-",
        "--",
        "+",
        "-5",
        "-12.5",
        "+66812345678",
        "1e5",
        "-1,234.50",
        7,
        -3,
        2.5,
        None,
        "081-234-5678",
        "08x-xxx-5678",
        "นายสมชาย",
        "",
        "a=b",
        "KBO-00001",
    ],
)
def test_numbers_dashes_and_ordinary_text_are_left_alone(value: object) -> None:
    """A number is a number ("-5" stays -5 in Excel), and a lone dash is a "none"."""
    assert not formula_like(value)
    assert csv_value(value) == value


def test_a_workbook_cell_keeps_formula_text_as_a_string() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    cell = xlsx_value(ws, CALC)
    assert isinstance(cell, Cell) and cell.data_type == "s" and cell.quotePrefix
    assert xlsx_value(ws, "ธรรมดา") == "ธรรมดา" and xlsx_value(ws, -5) == -5
    plain = keep_text(Cell(ws, value="#N/A"))
    assert plain.data_type == "s"


# -- every export, read back ------------------------------------------------------------------


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """The demo event with hostile text in names, organisations, products and notes."""
    d = open_demo_desk(tmp_path / "event.json", first_day=DAY1)
    people = d.participants.all()
    for person, text in zip(people, HOSTILE, strict=False):
        d.participants.update(person.id, first_name=text, organisation=text, product=text)
    d.participants.update(people[10].id, organisation="-")  # a dash for "none" stays a dash
    for person in people[:8]:
        d.checkins.scan(
            make_code(d.event.id, d.event.key, person.id), now=datetime(2021, 6, 7, 8, 45)
        )
    producer = next(p for p in d.participants.all() if p.role == "producer")
    mentor = next(p for p in d.participants.all() if p.role == "mentor")
    session = d.mentoring.start_session([producer.id], [mentor.id], now=datetime(2021, 6, 7, 10))
    for field, text in zip(("problems", "advice", "notes"), (CALC, LINK, HOSTILE[2]), strict=True):
        d.mentoring.save_note(session.id, field, text, now=datetime(2021, 6, 7, 10, 5))
    d.mentoring.add_action(
        session.id, LINK, CALC, date(2021, 7, 7), now=datetime(2021, 6, 7, 10, 30)
    )
    d.mentoring.end_session(session.id, datetime(2021, 6, 7, 10, 40))
    yield d
    d.close()


def export(desk: Desk, tmp_path: Path, kind: str, fmt: str) -> Path:
    out = tmp_path / "out" / f"{kind}.{fmt}"
    desk.exports.run(ExportRequest(kind, fmt, out, ExportOptions(), force=True))
    return out


def all_cells(path: Path) -> list[Cell]:
    wb = openpyxl.load_workbook(path)
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def test_the_attendance_csv_writes_every_formula_as_text(desk: Desk, tmp_path: Path) -> None:
    raw = export(desk, tmp_path, "attendance", "csv").read_bytes().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(raw)) for cell in row]
    stored = {p.organisation for p in desk.participants.all()[: len(HOSTILE)]}
    assert CALC in stored and LINK in stored
    for text in stored:
        assert "'" + text in cells, text
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [c for c in cells if c.startswith("-") and c != "-"]
    assert "-" in cells  # the dash organisation, untouched


@pytest.mark.parametrize("kind", ["attendance", "sessions"])
def test_no_workbook_cell_is_a_formula(desk: Desk, tmp_path: Path, kind: str) -> None:
    cells = all_cells(export(desk, tmp_path, kind, "xlsx"))
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    expected = HOSTILE[:2] if kind == "attendance" else [CALC, LINK, HOSTILE[2]]
    for text in expected:
        assert text in values, text  # shown exactly as typed, just not run
    for cell in cells:
        if isinstance(cell.value, str) and formula_like(cell.value):
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def test_the_raw_workbook_xml_has_no_formula_element(desk: Desk, tmp_path: Path) -> None:
    """What Excel itself reads: no <f> element in any sheet of either workbook."""
    import zipfile

    for kind in ("attendance", "sessions"):
        with zipfile.ZipFile(export(desk, tmp_path, kind, "xlsx")) as book:
            sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
            assert sheets
            for name in sheets:
                assert b"<f>" not in book.read(name) and b"<f " not in book.read(name), name
