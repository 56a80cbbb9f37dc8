"""Certificates handed out at the close: who gets one, what it says, and that its QR tells a
genuine certificate from a forged one, offline, without ever checking anyone in.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from facilitator.checkin.certificates import CertificateVerdict
from facilitator.checkin.service import Verdict
from facilitator.cli import main
from facilitator.codes.certificate_code import make_certificate_code, read_certificate_code
from facilitator.codes.participant_code import (
    CODE_ALPHABET,
    PARTICIPANT_ID_LENGTH,
    CodeKind,
    make_code,
    read_code,
)
from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.event_settings import AttendanceRule
from facilitator.exports.certificates import build_certificates
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from tests.facilitator.exports.paperwork_desk import (
    CERTIFIER,
    OFFICE,
    open_paperwork_desk,
    sessions_attended,
)
from tests.facilitator.exports.reading import flat, skeleton


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = open_paperwork_desk(tmp_path / "event.json")
    yield d
    d.close()


def request(tmp_path: Path, rule: str | None = None) -> ExportRequest:
    values = {"rule": AttendanceRule.parse(rule)} if rule else {}
    return ExportRequest(
        "certificates",
        "pdf",
        tmp_path / "certificates.pdf",
        ExportOptions(),
        force=True,
        values=values,
    )


def decode(png: Path) -> str:
    with Image.open(png) as img:
        found = zxingcpp.read_barcodes(img.convert("L"))
    assert len(found) == 1, png
    return found[0].text


def test_only_those_who_met_the_rule_get_one(desk: Desk) -> None:
    people = desk.participants.all()
    everyone = [p.id for n, p in enumerate(people) if len(sessions_attended(n)) == 4]
    most = [p.id for n, p in enumerate(people) if len(sessions_attended(n)) >= 3]
    all_sessions = build_certificates(desk.sources, AttendanceRule.parse("all"))
    assert [c.participant.id for c in all_sessions.certificates] == everyone
    eighty = build_certificates(desk.sources, AttendanceRule.parse("75%"))
    assert [c.participant.id for c in eighty.certificates] == most
    # The number is the place on the roster: the same person keeps it under either rule.
    numbers = {c.participant.id: c.number for c in eighty.certificates}
    assert all(numbers[c.participant.id] == c.number for c in all_sessions.certificates)


def test_the_pdf_has_one_landscape_page_each_saying_what_a_certificate_says(
    desk: Desk, tmp_path: Path
) -> None:
    desk.exports.run(request(tmp_path))
    out = tmp_path / "certificates.pdf"
    run = build_certificates(desk.sources, AttendanceRule())
    pages = PdfReader(out).pages
    assert len(pages) == len(run.certificates)
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (
        842,
        595,
    )
    text = flat(out)
    for wanted in (
        OFFICE,
        "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า",
        "ในฐานะผู้ประกอบการ OTOP",
        "ได้เข้าร่วมโครงการพัฒนาผลิตภัณฑ์ OTOP",
        "ระหว่างวันที่ 7–8 มิถุนายน 2564",
        "ให้ไว้ ณ วันที่ 8 มิถุนายน 2564",
        f"( {CERTIFIER[0]} )",
        CERTIFIER[1],
        "เลขที่ 001/2564",
    ):
        assert skeleton(wanted) in text, wanted
    for cert in run.certificates:
        assert skeleton(cert.participant.display_name) in text


def test_a_certificate_qr_read_from_its_picture_verifies_and_a_forged_one_does_not(
    desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "line"
    pictures = desk.exports.run_pictures(request(tmp_path), folder)
    run = build_certificates(desk.sources, AttendanceRule())
    assert len(pictures.paths) == len(run.certificates)
    first = run.certificates[0]
    code = decode(pictures.paths[0])
    assert code == first.code
    check = desk.checkins.verify_certificate(code)
    assert check.genuine and check.number == first.number
    assert check.participant is not None and check.participant.id == first.participant.id

    forged = code[:-1] + ("A" if code[-1] != "A" else "C")
    assert desk.checkins.verify_certificate(forged).verdict is CertificateVerdict.FORGED
    someone_else = code[:3] + run.certificates[1].participant.id + code[11:]
    assert desk.checkins.verify_certificate(someone_else).verdict is CertificateVerdict.FORGED
    badge = desk.badges.code_of(first.participant)
    assert desk.checkins.verify_certificate(badge).verdict is CertificateVerdict.BADGE

    db = str(desk.path)
    desk.close()
    assert main(["--db", db, "verify", code]) == 0
    said = capsys.readouterr().out
    assert "001" in said and first.participant.display_name in said
    assert main(["--db", db, "verify", forged]) == 21
    assert main(["--db", db, "verify", badge]) == 22


def test_at_the_door_a_certificate_gets_its_own_verdict_and_checks_nobody_in(desk: Desk) -> None:
    run = build_certificates(desk.sources, AttendanceRule())
    before = len(desk.checkins.all_checkins())
    result = desk.checkins.scan(run.certificates[0].code)
    assert result.verdict is Verdict.CERTIFICATE and result.checkin is None
    assert (
        result.participant is not None
        and result.participant.id == run.certificates[0].participant.id
    )
    assert "001" in result.message()
    assert len(desk.checkins.all_checkins()) == before
    forged = run.certificates[0].code[:-1] + "S"
    assert desk.checkins.scan(forged).verdict in (Verdict.FORGED, Verdict.CERTIFICATE)


participant_ids = st.text(
    alphabet=CODE_ALPHABET, min_size=PARTICIPANT_ID_LENGTH, max_size=PARTICIPANT_ID_LENGTH
)


@given(pid=participant_ids, number=st.integers(min_value=0, max_value=9999))
def test_a_certificate_code_is_never_a_badge_code_and_back(pid: str, number: int) -> None:
    event_id, key = "e" * 32, "k" * 64
    certificate = make_certificate_code(event_id, key, pid, number)
    badge = make_code(event_id, key, pid)
    assert read_code(certificate, event_id, key).kind is CodeKind.NOT_A_CODE
    assert read_certificate_code(badge, event_id, key).kind is CodeKind.NOT_A_CODE
    reading = read_certificate_code(certificate.lower(), event_id, key)  # Caps Lock
    assert reading.kind is CodeKind.VALID and (reading.participant_id, reading.number) == (
        pid,
        number,
    )
    assert read_certificate_code(certificate, event_id, "x" * 64).kind is CodeKind.FORGED


def test_the_pictures_hold_no_name_in_their_file_names_and_are_not_overwritten(
    desk: Desk, tmp_path: Path
) -> None:
    folder = tmp_path / "line"
    first = desk.exports.run_pictures(request(tmp_path), folder)
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in first.paths)
    names = " ".join(p.name for p in first.paths)
    assert all(person.first_name not in names for person in desk.participants.all())
    from facilitator.files import OutputExists

    with pytest.raises(OutputExists):
        desk.exports.run_pictures(
            request(tmp_path).__class__(**{**request(tmp_path).__dict__, "force": False}), folder
        )
    with Image.open(io.BytesIO(first.paths[0].read_bytes())) as img:
        assert img.size == (1754, 1240)  # A4 landscape at 150 dpi


def test_someone_taken_off_the_roster_gets_no_certificate_and_theirs_no_longer_verifies(
    desk: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    before = build_certificates(desk.sources, AttendanceRule())
    leaver = before.certificates[0]  # came to every session, then was removed
    desk.participants.remove(leaver.participant.id)
    after = build_certificates(desk.sources, AttendanceRule())
    assert leaver.participant.id not in [c.participant.id for c in after.certificates]
    assert len(after.certificates) == len(before.certificates) - 1
    # Everyone else's certificate reprints as it was printed: same number, same code.
    printed = {c.participant.id: (c.number, c.code) for c in before.certificates[1:]}
    assert {c.participant.id: (c.number, c.code) for c in after.certificates} == printed

    check = desk.checkins.verify_certificate(leaver.code)  # the one printed before the removal
    assert check.verdict is CertificateVerdict.REMOVED and not check.genuine
    assert check.participant is not None
    assert check.participant.display_name == leaver.participant.display_name
    db = str(desk.path)
    desk.close()
    assert main(["--db", db, "--lang", "th", "verify", leaver.code]) == 23
    said = capsys.readouterr().err
    assert leaver.participant.display_name in said and "ถูกนำออกจากรายชื่อแล้ว" in said


def test_the_thai_desk_says_the_rules_in_thai_and_reads_its_own_words_back(
    desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = desk.events.settings.current.shown()
    assert shown["pay_days"] == "วันที่มาอย่างน้อยหนึ่งช่วง"
    assert shown["certificate_rule"] == "ครบทุกช่วง"
    desk.events.settings.update(
        {"pay_days": "ครบทุกช่วงของวัน", "certificate_rule": "อย่างน้อยร้อยละ 75 ของช่วงทั้งหมด"}
    )
    settings = desk.events.settings.current
    assert settings.pay_rule.day == "all" and settings.certificate_rule.percent == 75
    assert desk.events.settings.current.shown()["certificate_rule"] == (
        "อย่างน้อยร้อยละ 75 ของช่วงทั้งหมด"
    )
    desk.events.settings.update({"pay_days": "any", "certificate_rule": "all"})  # the CLI words
    db = str(desk.path)
    desk.close()

    assert main(["--db", db, "--lang", "th", "event", "settings"]) == 0
    out = capsys.readouterr().out
    assert "pay_days = any  (วันที่มาอย่างน้อยหนึ่งช่วง)" in out
    assert "certificate_rule = all  (ครบทุกช่วง)" in out
    args = ["--db", db, "--lang", "th", "certificates", "--out", str(tmp_path / "c.pdf")]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "เกียรติบัตร" in err and "certificates" not in err


def test_nobody_qualifying_is_said_in_thai_words(tmp_path: Path) -> None:
    from tests.demo_desks import open_demo_desk

    empty = open_demo_desk(tmp_path / "empty.json")  # nobody checked in yet
    try:
        with pytest.raises(UserError) as refused:
            build_certificates(empty.sources, AttendanceRule())
    finally:
        empty.close()
    said = str(refused.value)
    assert "ครบทุกช่วง" in said and "all" not in said
