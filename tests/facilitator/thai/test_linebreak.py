"""Thai text breaks between words, as a Thai reader expects, wherever the app lays it out.

The oracle is pythainlp's own newmm tokenizer with its stock dictionary: a line may end only
where that tokenizer puts a word boundary (or after a space). The widths here are plain
character counts, so the rules are seen without a font; the layout tests of the badges and
the sign-in sheet check the same with shaped widths.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.thai.linebreak import (
    ELLIPSIS,
    break_opportunities,
    fit_lines,
    shorten,
    size_steps,
    split_lines,
    words,
    wrap,
)
from facilitator.thai.text import clusters

LONG_THAI = [
    "วิสาหกิจชุมชนกลุ่มทอผ้าไหมมัดหมี่บ้านหนองสูงเอกลักษณ์ของชุมชน",
    "นางสาวปิ่นฟ้า ฝั่งน้ำ",
    "ผลิตภัณฑ์แปรรูปกล้วยตากอบน้ำผึ้งสมุนไพร",
    "กลุ่มแม่บ้านเกษตรกรทอผ้าฝ้ายย้อมครามธรรมชาติบ้านดอนตาล",
    "สำนักงานพัฒนาชุมชนจังหวัดมุกดาหาร",
    "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5 ขอนแก่น",
    "กลุ่มวิสาหกิจชุมชนผู้ผลิตข้าวฮางงอกบ้านนาโสก",
    "นักท่องเที่ยวเชิงเกษตรและผลิตภัณฑ์ชุมชนท่องเที่ยวโดยชุมชน",
    "ว่าที่ร้อยตรีหญิงประกายพรึกษ์ ศรีสวัสดิ์วัฒนาถาวรกุล",
]


def oracle_boundaries(text: str) -> set[int]:
    """Where pythainlp's stock newmm (no extra words of ours) separates tokens."""
    from pythainlp.tokenize import word_tokenize

    cuts, pos = set(), 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        pos += len(token)
        cuts.add(pos)
    return cuts


def chars(text: str) -> float:
    return float(len(text))


def line_starts(text: str, lines: list[str]) -> list[int]:
    """Where each line after the first begins in `text`."""
    starts, pos = [], 0
    for line in lines:
        pos = text.index(line, pos)
        starts.append(pos)
        pos += len(line)
    return starts[1:]


@pytest.mark.parametrize("text", LONG_THAI)
def test_words_put_back_together_are_the_text(text: str) -> None:
    assert "".join(words(text)) == text


@pytest.mark.parametrize("text", LONG_THAI)
def test_a_line_may_end_only_where_the_dictionary_ends_a_word(text: str) -> None:
    assert set(break_opportunities(text)) <= oracle_boundaries(text)


@pytest.mark.parametrize("text", LONG_THAI)
@pytest.mark.parametrize("width", [8, 12, 16, 25])
def test_wrapped_lines_fit_and_break_between_words(text: str, width: int) -> None:
    lines = wrap(text, chars, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    longest_word = max(len(w) for w in words(text))
    for line in lines:
        assert len(line) <= width or len(line) == longest_word
    if longest_word <= width:  # nothing needed a cluster cut
        for start in line_starts(text, lines):
            assert start in oracle_boundaries(text) or text[start - 1] == " "


def test_the_examples_of_the_issue_break_where_a_reader_would() -> None:
    org = LONG_THAI[0]
    lines = wrap(org, chars, 30)
    assert all("เอกลักษณ์" in line or "ลักษณ์" not in line for line in lines)
    assert "ข / องชุมชน" not in " / ".join(lines)
    assert wrap("นักท่องเที่ยวเชิงเกษตร", chars, 15) == ["นักท่องเที่ยว", "เชิงเกษตร"]


def test_a_word_longer_than_a_line_is_cut_between_clusters_only() -> None:
    lines = wrap("ก" * 30 + "ยิ่ง" * 5, chars, 10)
    assert all(len(line) <= 10 for line in lines)
    for line in lines:
        assert clusters(line)[0][0] not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e48\u0e49"


def test_no_line_starts_with_closing_punctuation_or_mai_yamok() -> None:
    text = "ผลิตภัณฑ์ดีๆ (มผช.) ของกลุ่ม, กรุงเทพฯ และ KBO-2564"
    for width in range(6, 30):
        for line in wrap(text, chars, width):
            assert line[0] not in ")ๆฯ,.", (width, line)
            assert line[-1] != "("


def test_abbreviations_and_latin_words_stay_whole() -> None:
    assert "มผช." in words("มาตรฐาน มผช. และ อย.")
    assert 4 not in break_opportunities("KBO-2564 OTOP")  # "KBO-" then "2564": allowed
    assert 1 not in break_opportunities("e-mail")
    assert all(p not in break_opportunities("08:30–12:00 น.") for p in range(1, 11))


def test_max_lines_shortens_the_last_line_at_a_word() -> None:
    org = LONG_THAI[0]
    lines = wrap(org, chars, 20, max_lines=2)
    assert len(lines) == 2 and lines[1].endswith(ELLIPSIS)
    shown = "".join(lines).removesuffix(ELLIPSIS)
    assert org.startswith(shown) and len(shown) in oracle_boundaries(org)


def test_shorten_keeps_whole_words() -> None:
    org = LONG_THAI[2]
    short = shorten(org, chars, 20)
    assert short.endswith(ELLIPSIS) and len(short) <= 20
    assert len(short) - 1 in oracle_boundaries(org)
    assert shorten("สั้น", chars, 20) == "สั้น"
    assert shorten("x" * 40, chars, 10) == "x" * 9 + ELLIPSIS  # one long word: cut inside
    assert shorten("ยิ่งยิ่งยิ่ง", chars, 3) == ELLIPSIS  # no whole cluster fits with the …
    assert shorten("อะไร", chars, 0) == ELLIPSIS


def test_two_balanced_lines_prefer_the_space_on_a_tie() -> None:
    assert split_lines("สมชาย ใจดี", chars) == ["สมชาย", "ใจดี"]
    first, second = split_lines(LONG_THAI[2], chars)
    assert abs(len(first) - len(second)) <= 8


def test_fit_lines_finds_the_largest_size_that_fits_the_lines() -> None:
    def measure(text: str, size: float) -> float:
        return len(text) * size

    lines, size = fit_lines(LONG_THAI[0], measure, 100, size_steps(10, 2, 1), 2)
    assert len(lines) <= 2 and all(measure(line, size) <= 100 for line in lines)
    bigger = size + 1
    assert len(wrap(LONG_THAI[0], lambda t: measure(t, bigger), 100)) > 2
    lines, size = fit_lines(LONG_THAI[0], measure, 10, [2.0], 2)  # cannot fit: shortened
    assert size == 2 and len(lines) == 2 and lines[-1].endswith(ELLIPSIS)


def test_size_steps_include_both_ends() -> None:
    assert size_steps(8, 7) == [8, 7.75, 7.5, 7.25, 7]
    assert size_steps(7.1, 7) == [7.1, 7]
    assert size_steps(6, 7) == [7]


thai_or_latin = st.text(
    alphabet=st.sampled_from(list("กขคงจฉชซญดตถทนบปผพฟมยรลวสหอฮะัาำิีึืุูเแโใไ่้๊๋็์ๆฯ abc-().,")),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(thai_or_latin, st.integers(min_value=3, max_value=30))
def test_any_text_wraps_without_losing_a_character(text: str, width: int) -> None:
    lines = wrap(text, chars, width)
    squeezed = " ".join(text.split())
    assert "".join(lines).replace(" ", "") == squeezed.replace(" ", "")
    for line in lines:
        assert len(line) <= width or len(clusters(line)) == 1 or " " not in line


def test_the_dictionary_is_not_loaded_until_a_text_does_not_fit(tmp_path: Path) -> None:
    """Start-up pays nothing for the word breaker: neither the CLI nor a text that fits."""
    code = (
        "import sys\n"
        "import facilitator.cli, facilitator.thai.linebreak as lb\n"
        "assert 'pythainlp' not in sys.modules, 'imported at start-up'\n"
        "assert lb.wrap('สั้น', len, 10) == ['สั้น']\n"
        "assert 'pythainlp' not in sys.modules, 'imported for a text that fits'\n"
        "lb.wrap('นักท่องเที่ยวเชิงเกษตร', len, 15)\n"
        "assert 'pythainlp' in sys.modules\n"
    )
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("PYTHAINLP_READ_ONLY", None)
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
    assert list(tmp_path.iterdir()) == [], "pythainlp must not write into the user's home"
