"""The payment evidence, as the finance officer files it after the two days in Mukdahan.

The rates are set through the CLI as the officer would type them; the amounts must follow the
attendance (a day counts when the person came to any session of it, or to all of them when the
rule says so); the form is read back with pdftotext, the workbook's formulas are evaluated.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pythainlp.util import bahttext

from facilitator.cli import main
from facilitator.desk import Desk
from facilitator.event_settings import Rate, SettingsError
from facilitator.exports.options import ExportOptions
from facilitator.exports.payments import build_payments
from facilitator.exports.payments_pdf import payments_pdf
from facilitator.exports.service import ExportRequest
from tests.demo_desks import demo_clock
from tests.facilitator.exports.paperwork_desk import DAY1, PAYER, expected_pay, open_paperwork_desk
from tests.facilitator.exports.reading import evaluate, flat, pdf_text, skeleton

DB = "event.json"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = open_paperwork_desk(tmp_path / DB, rates=False)
    d.close()  # the CLI opens the database itself
    assert (
        main(
            ["--db", str(tmp_path / DB), "event", "rates", "producer", "travel=300/day", "meals=0"]
        )
        == 0
    )
    assert (
        main(
            [
                "--db",
                str(tmp_path / DB),
                "event",
                "rates",
                "mentor",
                "lodging=800/day",
                "travel=500",
            ]
        )
        == 0
    )
    d = Desk.open(tmp_path / DB, clock=demo_clock(DAY1))
    yield d
    d.close()


def export(desk: Desk, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"payments.{fmt}"
    desk.exports.run(ExportRequest("payments", fmt, out, ExportOptions(), force=True))
    return out


def test_rates_typed_on_the_command_line_are_kept_in_the_event(desk: Desk) -> None:
    settings = desk.events.settings.current
    assert settings.rate("producer", "travel") == Rate(Decimal(300), per_day=True)
    assert settings.rate("producer", "meals") == Rate(Decimal(0))
    assert settings.rate("mentor", "travel") == Rate(Decimal(500), per_day=False)
    assert settings.paid_roles() == ["producer", "mentor"]
    assert desk.events.settings.current.payer is not None
    assert desk.events.settings.current.payer.name == PAYER[0]


def test_a_rate_or_a_setting_typed_wrong_is_refused_in_words(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SettingsError):
        desk.events.settings.set_rates("producer", {"travel": "three hundred"})
    with pytest.raises(SettingsError):
        desk.events.settings.update({"pay_days": "sometimes"})
    db = str(desk.path)
    desk.close()
    assert main(["--db", db, "event", "set", "colour=blue"]) == 1
    assert "colour" in capsys.readouterr().err


def test_the_amounts_follow_the_days_attended(desk: Desk) -> None:
    table = build_payments(desk.sources)
    people = desk.participants.all()
    paid = {row.participant.id: row.total for row in table.rows}
    for n, person in enumerate(people):
        assert paid.get(person.id) == expected_pay(n, person), (n, person.role)
    assert table.total() == sum(paid.values())
    # Officials, lecturers and staff have no rates: not on the form, not listed as unpaid.
    listed = {u.participant_id for u in table.unpaid} | set(paid)
    assert all(p.role in ("producer", "mentor") for p in people if p.id in listed)
    assert {u.reason for u in table.unpaid} == {"absent"}


def test_someone_taken_off_the_roster_is_not_paid_and_the_form_says_why(
    desk: Desk, tmp_path: Path
) -> None:
    before = build_payments(desk.sources)
    leaver = before.rows[0]  # attended and was due an amount, then was removed
    desk.participants.remove(leaver.participant.id)
    after = build_payments(desk.sources)
    assert leaver.participant.id not in [r.participant.id for r in after.rows]
    assert after.total() == before.total() - leaver.total
    (why,) = [u for u in after.unpaid if u.participant_id == leaver.participant.id]
    assert why.reason == "removed"
    text = flat(export(desk, tmp_path, "pdf"))
    assert skeleton(f"ถูกนำออกจากรายชื่อแล้ว (ลงเวลาไว้ {leaver.counted_days} วัน)") in text


def test_with_every_session_required_a_half_day_does_not_count(desk: Desk) -> None:
    desk.events.settings.update({"pay_days": "all", "pay_min_days": "1"})
    table = build_payments(desk.sources)
    people = desk.participants.all()
    paid = {row.participant.id: row.total for row in table.rows}
    for n, person in enumerate(people):
        assert paid.get(person.id) == expected_pay(n, person, "all")
    # Position 4 missed the first afternoon: only the second day counts for them now.
    assert paid[people[4].id] == Decimal(300)


def test_the_evidence_form_reads_back_with_amounts_totals_words_and_dates(
    desk: Desk, tmp_path: Path
) -> None:
    out = export(desk, tmp_path, "pdf")
    table = build_payments(desk.sources)
    text = flat(out)
    for wanted in (
        "หลักฐานการจ่ายเงินค่าใช้จ่ายในการฝึกอบรม",
        "ส่วนราชการผู้จัดฝึกอบรมสำนักงานพัฒนาชุมชนจังหวัดมุกดาหาร",
        "ระหว่างวันที่7–8มิถุนายน2564",
        "ค่าอาหาร",
        "ค่าเช่าที่พัก",
        "ค่าพาหนะ",
        "ลายมือชื่อผู้รับเงิน",
        "วันที่รับเงิน",
        "รวมหน้านี้",
        "รวมทั้งสิ้น",
        f"{table.total():,.2f}",
        skeleton(bahttext(float(table.total()))),
        f"({PAYER[0]})",
        "ผู้จ่ายเงิน",
        "รายชื่อผู้ไม่เข้าเกณฑ์การเบิกจ่าย",
        "ไม่ได้ลงเวลาเข้าร่วมเลย",
        "พิมพ์เมื่อ7มิ.ย.6409:00",  # the desk's clock, not the wall's
    ):
        assert skeleton(wanted) in text, wanted
    for row in table.rows:
        assert skeleton(row.participant.display_name) in text
    for unpaid in table.unpaid:
        assert unpaid.participant is not None and skeleton(unpaid.participant.display_name) in text
    # Each page's own total: the first page's rows add up to the amount printed under them.
    first = pdf_text(out, 1, 1)
    page_total = sum(
        r.total for r in table.rows[: first.count("ผู้ประกอบการ OTOP") + first.count("กรรมการ KBO")]
    )
    assert f"{page_total:,.2f}" in first


def test_the_workbook_totals_are_formulas_that_add_up(desk: Desk, tmp_path: Path) -> None:
    out = export(desk, tmp_path, "xlsx")
    table = build_payments(desk.sources)
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    sheet = ws.title
    first, last = 7, 6 + len(table.rows)
    for r, row in zip(range(first, last + 1), table.rows, strict=True):
        assert ws[f"H{r}"].value == f"=SUM(E{r}:G{r})"  # a live row total, not a number
        assert evaluate(wb, sheet, f"H{r}") == row.total
        assert ws[f"B{r}"].value == row.participant.display_name
    total_row = last + 1
    assert ws[f"H{total_row}"].value == f"=SUM(H{first}:H{last})"
    assert evaluate(wb, sheet, f"H{total_row}") == table.total()
    assert evaluate(wb, sheet, f"G{total_row}") == table.total("travel")
    assert evaluate(wb, sheet, f"C{total_row + 1}") == bahttext(float(table.total()))
    # Finance changes one amount by hand: the totals and the words follow.
    ws[f"G{first}"] = 1000
    assert evaluate(wb, sheet, f"H{total_row}") == table.total() - table.rows[0].total + 1000
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$6:$6"
    unpaid = wb.worksheets[1]
    assert unpaid.max_row == 4 + len(table.unpaid)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_the_same_totals_and_words(desk: Desk, tmp_path: Path) -> None:
    out = export(desk, tmp_path, "xlsx")
    table = build_payments(desk.sources)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo-out"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = flat(tmp_path / "lo-out" / "payments.pdf")
    assert f"{table.total():,.2f}" in text
    assert skeleton(bahttext(float(table.total()))) in text


@pytest.mark.parametrize("paid", [1, 9, 10, 11, 12, 15, 16, 17, 26, 27, 28, 32, 33])
def test_no_page_of_the_form_is_without_rows_whatever_the_number_paid(
    desk: Desk, tmp_path: Path, paid: int
) -> None:
    # 12 rows once left a last page with only "รวมหน้านี้ - - - -" and the grand total
    table = build_payments(desk.sources)
    # the payer is on the roster too, and their name is in the closing block: leave them out
    rows = tuple(r for r in table.rows if r.participant.display_name != PAYER[0])[:paid]
    assert len(rows) == paid
    out = tmp_path / "payments.pdf"
    out.write_bytes(payments_pdf(replace(table, rows=rows, unpaid=()), ExportOptions()))
    pages = [skeleton(page) for page in pdf_text(out).split("\f") if page.strip()]
    shown: set[str] = set()
    for n, page in enumerate(pages, start=1):
        on_page = {r.participant.id for r in rows if skeleton(r.participant.display_name) in page}
        assert on_page, f"page {n} of {len(pages)} has no row"
        shown |= on_page
    assert len(shown) == paid
    assert skeleton("รวมทั้งสิ้น") in pages[-1]
    assert all(skeleton("รวมทั้งสิ้น") not in page for page in pages[:-1])


def test_a_rate_reads_back_in_the_desks_language() -> None:
    from facilitator.i18n import set_language

    per_day = Rate.parse("300/วัน")
    assert per_day == Rate.parse("300/day") == Rate(Decimal(300), per_day=True)
    set_language("th")
    assert (per_day.shown(), Rate.parse("500").shown()) == ("300/วัน", "500")
    set_language("en")
    assert per_day.shown() == "300/day"
    assert Rate.parse(per_day.shown()) == per_day


def test_with_no_rates_set_the_form_is_refused_saying_how_to_set_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_paperwork_desk(tmp_path / DB, rates=False).close()
    out = tmp_path / "payments.pdf"
    code = main(
        [
            "--db",
            str(tmp_path / DB),
            "--lang",
            "th",
            "export",
            "payments",
            "--format",
            "pdf",
            "--out",
            str(out),
        ]
    )
    assert code != 0 and not out.exists()
    said = capsys.readouterr().err
    assert "ยังไม่ได้ตั้งอัตราค่าใช้จ่าย" in said and "event rates producer travel=300/day" in said
