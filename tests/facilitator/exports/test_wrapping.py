"""On the sign-in sheet a long organisation wraps onto a second line between words; it is
not cut with "…" and no line breaks inside a word.

The PDF is read back with pdftotext -layout, as the office's own copy would be searched: the
point where each organisation continues on the next text line must be a word boundary of
pythainlp's stock newmm tokenizer.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from facilitator.desk import Desk
from facilitator.exports.options import ExportOptions
from facilitator.exports.pdf_text import layout_cell, text_width
from facilitator.exports.service import ExportRequest
from facilitator.exports.signin_pdf import NAME_W, ORG_W, ROW_H
from tests.demo_desks import open_demo_desk
from tests.facilitator.exports.reading import skeleton

ORGANISATIONS = [
    "วิสาหกิจชุมชนกลุ่มทอผ้าไหมมัดหมี่บ้านหนองสูงเอกลักษณ์ของชุมชน",
    "ผลิตภัณฑ์แปรรูปกล้วยตากอบน้ำผึ้งสมุนไพร",
    "กลุ่มแม่บ้านเกษตรกรทอผ้าฝ้ายย้อมครามธรรมชาติบ้านดอนตาล",
    "สำนักงานพัฒนาชุมชนจังหวัดมุกดาหาร กรมการพัฒนาชุมชน",
    "นักท่องเที่ยวเชิงเกษตรและผลิตภัณฑ์ชุมชนท่องเที่ยว",
    "กลุ่มวิสาหกิจชุมชนผู้ผลิตข้าวฮางงอกบ้านนาโสกเมืองมุกดาหาร",
]


def oracle_starts(text: str) -> set[int]:
    from pythainlp.tokenize import word_tokenize

    starts, pos = set(), 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        pos += len(token)
        starts.add(pos)
    return starts


def letters(text: str) -> str:
    """What pdftotext gives back, compared without the spaces it guesses between glyphs."""
    text = unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    return "".join(ch for ch in text if not ch.isspace())


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = open_demo_desk(tmp_path / "event.json", first_day=date(2021, 6, 7))
    for person, organisation in zip(d.participants.all(), ORGANISATIONS, strict=False):
        d.participants.update(person.id, organisation=organisation)
    yield d
    d.close()


def sheet_lines(desk: Desk, tmp_path: Path) -> list[str]:
    out = tmp_path / "signin.pdf"
    desk.exports.run(ExportRequest("attendance", "pdf", out, ExportOptions(), force=True))
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(out), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [letters(line) for line in text.splitlines()]


def test_long_organisations_wrap_between_words_on_the_printed_sheet(
    desk: Desk, tmp_path: Path
) -> None:
    lines = sheet_lines(desk, tmp_path)
    page = "".join(lines)
    for organisation in ORGANISATIONS:
        whole = letters(organisation)
        assert "…" not in page
        # The longest head of the organisation printed on one text line, and where it goes on.
        head = max(
            (k for line in lines for k in range(1, len(whole) + 1) if whole[:k] in line),
            default=0,
        )
        assert 0 < head < len(whole), f"{organisation} should take two lines"
        assert any(line.startswith(whole[head:]) or whole[head:] in line for line in lines)
        # Map the break back to the organisation as typed, and hold it against the dictionary.
        seen, cut = 0, 0
        while seen < head:
            seen += not organisation[cut].isspace()
            cut += 1
        while organisation[cut].isspace():
            cut += 1
        assert cut in oracle_starts(organisation), (organisation, organisation[:cut])


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_the_cells_layout_breaks_where_the_dictionary_ends_a_word(organisation: str) -> None:
    block = layout_cell(organisation, ORG_W, ROW_H, 10, 7)
    assert len(block.lines) == 2 and not block.lines[-1].endswith("…")
    assert "".join(block.lines).replace(" ", "") == organisation.replace(" ", "")
    second = organisation.index(block.lines[1])
    assert second in oracle_starts(organisation)
    for line in block.lines:
        assert text_width(None, line, block.size) <= ORG_W - 2 * 1.2


def test_a_text_that_fits_stays_on_one_line_at_its_size() -> None:
    assert layout_cell("กลุ่มทอผ้าบ้านนา", ORG_W, ROW_H, 10, 7).lines == ("กลุ่มทอผ้าบ้านนา",)
    name = layout_cell("นางสาวปิ่นฟ้า ฝั่งน้ำ", NAME_W, ROW_H, 10, 7)
    assert name.lines == ("นางสาวปิ่นฟ้า ฝั่งน้ำ",) and name.size == 10


def test_text_too_long_even_for_two_lines_is_shortened_at_a_word() -> None:
    text = " ".join(ORGANISATIONS)
    block = layout_cell(text, ORG_W, ROW_H, 10, 7)
    assert len(block.lines) == 2 and block.lines[1].endswith("…") and block.size == 7
    shown = block.lines[1].removesuffix("…")
    end = text.index(shown) + len(shown)
    assert end in oracle_starts(text) or text[end] == " "


def test_a_short_cell_keeps_one_line_and_shortens_it() -> None:
    block = layout_cell(ORGANISATIONS[0], ORG_W, 4.0, 10, 7)  # no room for two lines
    assert len(block.lines) == 1 and block.lines[0].endswith("…")
    shown = block.lines[0].removesuffix("…")
    assert len(shown) in oracle_starts(ORGANISATIONS[0])


# -- the paperwork: payment evidence, certificates, plans and the project report ---------------

LONG_NAMES = ["ว่าที่ร้อยตรีหญิงกาญจนาภรณ์ ศรีสุวรรณวงศ์ไพศาลเจริญยิ่ง", "นางสาวพิไลพรรณ เกียรติศักดิ์สกุลวงศ์ทองคำ"]
LONG_PRODUCTS = ["ผ้าไหมมัดหมี่ย้อมสีธรรมชาติลายโบราณเอกลักษณ์ของชุมชนบ้านหนองสูง"]


def assert_breaks_between_words(lines: list[str], text: str) -> None:
    """Where `text` goes on to a next line of the PDF's text, the cut is a word boundary."""
    whole = skeleton(text)
    head = max(
        (k for line in lines for k in range(1, len(whole) + 1) if whole[:k] in line), default=0
    )
    assert head > 0, f"{text} is not in the document"
    if head == len(whole):
        return  # on one line
    seen, cut = 0, 0
    while seen < head:
        seen += bool(skeleton(text[cut]))
        cut += 1
    while cut < len(text) and not skeleton(text[cut]):  # marks of the last letter, spaces
        cut += 1
    assert cut in oracle_starts(text), (text, text[:cut])


def pdf_lines(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [skeleton(line) for line in text.splitlines()]


@pytest.fixture
def paperwork(desk: Desk) -> Desk:
    """The desk with long names and products, everyone in, the rates and settings set."""
    people = desk.participants.all()
    for person, name in zip(people[:2], LONG_NAMES, strict=True):
        _, _, rest = name.partition("หญิง") if "หญิง" in name else ("", "", name)
        first, _, last = rest.partition(" ")
        desk.participants.update(person.id, first_name=first, last_name=last)
    desk.participants.update(people[0].id, product=LONG_PRODUCTS[0])
    for person in people:
        for hour in (9, 14):
            for day in desk.event.days:
                desk.checkins.check_in(person.id, now=datetime.combine(day, time(hour, 0)))
    desk.events.settings.update(
        {
            "office": ORGANISATIONS[3],
            "signer1": "นายสมชาย ใจดี|ผู้อำนวยการกองส่งเสริมภูมิปัญญาท้องถิ่นและวิสาหกิจชุมชน",
        }
    )
    desk.events.settings.set_rates("producer", {"travel": "300/day"})
    return desk


def assert_pieces_start_at_words(pieces: list[str], text: str) -> None:
    """Each piece of `text` laid out on a line of its own starts where a word starts."""
    pos = 0
    for piece in pieces:
        piece = piece.removesuffix("…")
        pos = text.index(piece, pos)
        assert pos == 0 or pos in oracle_starts(text), (text, piece)
        pos += len(piece)


def test_the_payment_forms_name_cells_wrap_between_words() -> None:
    from facilitator.exports.payments_pdf import NAME_W, POSITION_W, ROW_H

    for text in [*LONG_NAMES, *ORGANISATIONS]:
        for width in (NAME_W, POSITION_W):
            assert_pieces_start_at_words(list(layout_cell(text, width, ROW_H, 10, 7).lines), text)


def test_no_line_of_a_certificate_breaks_inside_a_word(paperwork: Desk) -> None:
    from facilitator.event_settings import AttendanceRule
    from facilitator.exports.certificates import TextItem, build_certificates, certificate_items

    run = build_certificates(paperwork.sources, AttendanceRule())
    long_texts = [
        paperwork.event.name,
        ORGANISATIONS[3],
        "ผู้อำนวยการกองส่งเสริมภูมิปัญญาท้องถิ่นและวิสาหกิจชุมชน",
        *(c.participant.display_name for c in run.certificates[:2]),
    ]
    for cert in run.certificates[:2]:
        texts = [
            i.text for i in certificate_items(run, cert, ExportOptions()) if isinstance(i, TextItem)
        ]
        for text in long_texts:
            pieces = [t for t in texts if t and t.removesuffix("…") in text and len(t) > 3]
            if pieces and "".join(pieces) != text:
                assert_pieces_start_at_words(pieces, text)


def test_no_line_of_a_plan_breaks_inside_a_word(paperwork: Desk, tmp_path: Path) -> None:
    people = paperwork.participants.all()
    out = tmp_path / "plan.pdf"
    paperwork.exports.run(
        ExportRequest("plan", "pdf", out, ExportOptions(), people[0].id, force=True)
    )
    lines = pdf_lines(out)
    assert_breaks_between_words(lines, LONG_PRODUCTS[0])


@pytest.mark.parametrize("text", [*ORGANISATIONS, *LONG_PRODUCTS, *LONG_NAMES])
def test_a_report_paragraph_is_wrapped_between_words_before_fpdf_sees_it(text: str) -> None:
    from facilitator.exports.blocks_pdf import wrapped

    lines = wrapped(text, 40.0, 11).split("\n")
    assert len(lines) >= 2 and "".join(lines).replace(" ", "") == text.replace(" ", "")
    pos = 0
    for line in lines[:-1]:
        pos = text.index(line, pos) + len(line)
        while text[pos].isspace():
            pos += 1
        assert pos in oracle_starts(text), (text, line)
        assert text_width(None, line, 11) <= 40.0
