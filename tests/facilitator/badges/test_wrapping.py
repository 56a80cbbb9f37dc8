"""Long Thai names, organisations and products on badges break between words, never inside.

"วิสาหกิจชุมชน…เอกลักษณ์ข / องชุมชน" was how the old cluster rule cut a badge's organisation.
Every line the badge sheet and the pictures lay out is checked against pythainlp's stock
newmm tokenizer: a line may start only where that tokenizer starts a word, or after a space.
"""

from __future__ import annotations

import pytest

from facilitator.badges.png import TEXT_W, badge_lines, fit_block
from facilitator.badges.sheet import BADGE_W, INNER_W, BadgeData, badge_origin, layout_badge
from facilitator.thai import shaping
from facilitator.thai.shaping import thai_pdf

NAMES = [
    ("นางสาว", "ปิ่นฟ้า ฝั่งน้ำ"),
    ("ว่าที่ร้อยตรีหญิง", "ประกายพรึกษ์ศรีสวัสดิ์ ฝั่งน้ำเจริญรุ่งเรืองศรีสวัสดิ์วัฒนาถาวรกุล"),
    ("นาย", "ชัยมงคลศรีสวัสดิ์วัฒนาถาวรกุลเจริญรุ่งเรืองยิ่งยง"),  # no space at all
    ("ผศ.ดร.", "สมศรี ศรีสุขเกษมสันต์ณอยุธยาวงศ์"),
]
AFFILIATIONS = [
    "วิสาหกิจชุมชนกลุ่มทอผ้าไหมมัดหมี่บ้านหนองสูงเอกลักษณ์ของชุมชน",
    "ผลิตภัณฑ์แปรรูปกล้วยตากอบน้ำผึ้งสมุนไพร",
    "กลุ่มแม่บ้านเกษตรกรทอผ้าฝ้ายย้อมครามธรรมชาติบ้านดอนตาลอำเภอดอนตาลจังหวัดมุกดาหาร",
    "สำนักงานพัฒนาชุมชนจังหวัดมุกดาหาร",
    "นักท่องเที่ยวเชิงเกษตรและผลิตภัณฑ์ชุมชน",
]


def oracle_starts(text: str) -> set[int]:
    from pythainlp.tokenize import word_tokenize

    starts, pos = set(), 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        pos += len(token)
        starts.add(pos)
    return starts


def assert_breaks_between_words(source: str, lines: list[str]) -> None:
    """Each line is the next piece of `source` (or its head, shortened with "…"), and every
    line after the first starts where a word starts."""
    pos = 0
    starts = oracle_starts(source)
    for i, line in enumerate(lines):
        text = line.removesuffix("…")
        found = source.index(text, pos)
        assert found == pos or source[pos:found].isspace(), (source, lines)
        if i:
            assert found in starts or source[found - 1] == " ", (source, lines)
        pos = found + len(text)
        if line.endswith("…"):
            assert i == len(lines) - 1
            assert pos in starts or source[pos : pos + 1] == " ", (source, lines)


def badge(title: str, name: str, affiliation: str) -> BadgeData:
    return BadgeData(
        "KBO-00001", title, name, "ผู้ประกอบการ OTOP", affiliation, "งาน KBO มุกดาหาร", "7–8 มิ.ย. 64"
    )


CASES = [
    badge(t, n, a) for (t, n), a in zip(NAMES * 2, AFFILIATIONS + AFFILIATIONS[:3], strict=False)
]


@pytest.mark.parametrize("person", CASES, ids=lambda b: b.name[:12])
def test_badge_lines_break_only_between_words(person: BadgeData) -> None:
    pdf = thai_pdf()
    layout = layout_badge(pdf, person, *badge_origin(0))
    for part, source in (("name", person.display_name), ("affiliation", person.affiliation)):
        lines = [line.text for line in layout.lines if line.part == part]
        assert 1 <= len(lines) <= 2
        assert_breaks_between_words(source, lines)


def test_a_long_organisation_takes_two_lines_rather_than_an_ellipsis() -> None:
    pdf = thai_pdf()
    layout = layout_badge(pdf, badge("นาง", "บัวผัน ศรีสุข", AFFILIATIONS[0]), *badge_origin(0))
    lines = [line for line in layout.lines if line.part == "affiliation"]
    assert [line.text for line in lines] == [
        "วิสาหกิจชุมชนกลุ่มทอผ้าไหมมัดหมี่บ้าน",
        "หนองสูงเอกลักษณ์ของชุมชน",
    ]  # the district name stays whole
    assert all(line.x + line.width <= badge_origin(0)[0] + BADGE_W for line in lines)
    assert all(line.width < INNER_W for line in lines)  # beside the QR


@pytest.mark.parametrize("person", CASES, ids=lambda b: b.name[:12])
def test_picture_lines_break_only_between_words(person: BadgeData) -> None:
    for line in badge_lines(person):
        texts, size = fit_block(line.text, line.max_px, line.min_px, line.bold, line.max_lines)
        assert len(texts) <= line.max_lines
        for text in texts:
            assert shaping.pillow_font(size, line.bold).getlength(text) <= TEXT_W
        assert_breaks_between_words(" ".join(line.text.split()), list(texts))
