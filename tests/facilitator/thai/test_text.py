"""Names, look-ups, sort order and phone numbers as the registration desk meets them."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.thai.text import (
    TITLES,
    clean_text,
    digits_only,
    join_full_name,
    mask_phone,
    normalize_phone,
    phone_digits,
    search_key,
    search_keys,
    split_extension,
    split_full_name,
    split_title,
    thai_digits_to_arabic,
    thai_sort_key,
    toneless_key,
)

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts

# --------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------


def test_titles_are_listed_longest_first_so_nangsao_wins_over_nang() -> None:
    assert all(len(a) >= len(b) for a, b in itertools.pairwise(TITLES))
    assert TITLES.index("นางสาว") < TITLES.index("นาง")
    assert TITLES.index("ผศ.ดร.") < TITLES.index("ผศ.")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("นายสมชาย ใจดี", ("นาย", "สมชาย ใจดี")),
        ("นาย สมชาย ใจดี", ("นาย", "สมชาย ใจดี")),
        ("นางสาวบุญเรือง แก้วมณี", ("นางสาว", "บุญเรือง แก้วมณี")),
        ("นางสมศรี มีสุข", ("นาง", "สมศรี มีสุข")),
        ("น.ส.อรุณี ศรีสุข", ("น.ส.", "อรุณี ศรีสุข")),
        ("น.ส. อรุณี ศรีสุข", ("น.ส.", "อรุณี ศรีสุข")),
        ("ดร.ประเสริฐ วงศ์ใหญ่", ("ดร.", "ประเสริฐ วงศ์ใหญ่")),
        ("ผศ.ดร.วิไล พรหมมา", ("ผศ.ดร.", "วิไล พรหมมา")),
        ("ผศ. ดร. วิไล พรหมมา", ("ผศ.ดร.", "วิไล พรหมมา")),
        ("รศ.ดร.กมล ทองดี", ("รศ.ดร.", "กมล ทองดี")),
        ("ว่าที่ ร.ต.ชัยวัฒน์ สุขใจ", ("ว่าที่ ร.ต.", "ชัยวัฒน์ สุขใจ")),
        ("ว่าที่ร.ต.ชัยวัฒน์ สุขใจ", ("ว่าที่ ร.ต.", "ชัยวัฒน์ สุขใจ")),
        ("ว่าที่ ร.ต.หญิง มาลี ดวงดี", ("ว่าที่ ร.ต.หญิง", "มาลี ดวงดี")),
        ("ว่าที่ร้อยตรีสมพงษ์ ใจกล้า", ("ว่าที่ร้อยตรี", "สมพงษ์ ใจกล้า")),
        ("จ.ส.อ.บุญมี ศรีมุกดา", ("จ.ส.อ.", "บุญมี ศรีมุกดา")),
        ("ด.ต.สุรชัย คำมุงคุณ", ("ด.ต.", "สุรชัย คำมุงคุณ")),
        ("พ.ต.อ.อนันต์ ไชยสุข", ("พ.ต.อ.", "อนันต์ ไชยสุข")),
        ("Mr. John Smith", ("Mr.", "John Smith")),
        ("MRS JANE DOE", ("Mrs", "JANE DOE")),
        ("Dr.Anan", ("Dr.", "Anan")),
    ],
)
def test_the_title_is_split_off_with_or_without_a_space(
    written: str, expected: tuple[str, str]
) -> None:
    assert split_title(written) == expected


def test_nangsao_followed_by_a_vowel_is_nang_plus_a_name_starting_with_sao() -> None:
    # "สาวิตรี" is a name; "ิตรี" cannot start a word, so the title is นาง.
    assert split_title("นางสาวิตรี บุญมา") == ("นาง", "สาวิตรี บุญมา")


def test_a_title_alone_or_a_name_that_only_looks_like_one_stays_a_name() -> None:
    assert split_title("นาย") == ("", "นาย")
    assert split_title("นายิกา สุขดี") == ("", "นายิกา สุขดี")
    assert split_title("Drew Barrymore") == ("", "Drew Barrymore")
    assert split_title("คุณวุฒิ ทองมา") == ("", "คุณวุฒิ ทองมา")
    assert split_title("คุณ ทองมา") == ("คุณ", "ทองมา")
    assert split_title("สมชาย ใจดี") == ("", "สมชาย ใจดี")


def test_an_unlisted_thai_rank_abbreviation_is_still_taken_as_a_title() -> None:
    assert split_title("พ.จ.อ.สมหมาย ดีงาม") == ("พ.จ.อ.", "สมหมาย ดีงาม")


def test_full_name_gives_title_first_and_everything_else_as_last_name() -> None:
    assert split_full_name("นางสาวบุญเรือง  แก้วมณี") == ("นางสาว", "บุญเรือง", "แก้วมณี")
    assert split_full_name("นายประยุทธ ณ นคร") == ("นาย", "ประยุทธ", "ณ นคร")
    assert split_full_name("สมศักดิ์") == ("", "สมศักดิ์", "")
    assert split_full_name("") == ("", "", "")


def test_a_name_is_written_back_with_the_thai_title_glued_on() -> None:
    assert join_full_name("นาย", "สมชาย", "ใจดี") == "นายสมชาย ใจดี"
    assert join_full_name("Mr.", "John", "Smith") == "Mr. John Smith"
    assert join_full_name("", "สมชาย", "") == "สมชาย"


# --------------------------------------------------------------------------
# Search keys
# --------------------------------------------------------------------------


def test_text_pasted_from_word_or_line_is_cleaned() -> None:
    assert clean_text(" สมชาย\u200b\u00a0 ใจดี \n") == "สมชาย ใจดี"
    # ํ + า typed separately is the same as ำ
    assert clean_text("คํา") == "คำ"
    # a tone mark typed before the upper vowel looks the same on screen
    assert clean_text("ที\u0e48") == clean_text("ท\u0e48ี")


def test_exact_search_key_ignores_case_spacing_and_thai_digits() -> None:
    assert search_key("  Somchai   JAIDEE ") == "somchai jaidee"
    assert search_key("กลุ่ม ๑") == search_key("กลุ่ม 1")


def test_a_tone_mark_typo_still_finds_boonruang() -> None:
    on_roster = "บุญเรือง"
    typed = "บุญเรื่อง"
    assert search_key(typed) != search_key(on_roster)
    assert toneless_key(typed) == toneless_key(on_roster)
    assert toneless_key("ศักดิ์") == toneless_key("ศักดิ")
    assert search_keys("บุญเรือง") == (search_key("บุญเรือง"), toneless_key("บุญเรือง"))


def test_digits_only_reads_thai_digits_too() -> None:
    assert digits_only("๐๘๑-๒๓๔ 5678") == "0812345678"
    assert thai_digits_to_arabic("๓ ดาว") == "3 ดาว"


# --------------------------------------------------------------------------
# Thai dictionary order
# --------------------------------------------------------------------------


def test_words_sort_like_the_royal_institute_dictionary() -> None:
    dictionary_order = [
        "กก", "กะ", "กัก", "กา", "ก่า", "ก้า", "กำ", "กิ", "กุ้ง",
        "เก", "เก่ง", "เก็บ", "แก", "โก", "ใก", "ไก่", "ขา", "ฮา",
    ]  # fmt: skip
    shuffled = list(reversed(dictionary_order))
    assert sorted(shuffled, key=thai_sort_key) == dictionary_order


def test_names_sort_by_first_name_ignoring_the_title() -> None:
    roster = [
        "นายสมชาย ใจดี",
        "ดร.กมล ทองดี",
        "นางสาวไพลิน ศรีสุข",
        "นางเพ็ญศรี มีสุข",
        "นายบุญเรือง แก้วมณี",
        "น.ส.อรุณี ศรีสุข",
        "นายแสงเดือน ดวงดี",
    ]
    assert sorted(roster, key=thai_sort_key) == [
        "ดร.กมล ทองดี",
        "นายบุญเรือง แก้วมณี",  # บ
        "นางเพ็ญศรี มีสุข",  # เพ files under พ, and เ comes before ไ
        "นางสาวไพลิน ศรีสุข",
        "นายสมชาย ใจดี",  # ส + ม
        "นายแสงเดือน ดวงดี",  # แส files under ส, after สม because แ comes after consonants
        "น.ส.อรุณี ศรีสุข",
    ]


def test_thai_names_come_before_latin_names_and_case_does_not_split_them() -> None:
    names = ["Mr. anan B", "นายสมชาย ใจดี", "Ms. Alice", "ANAN A"]
    assert sorted(names, key=thai_sort_key) == [
        "นายสมชาย ใจดี",
        "Ms. Alice",
        "ANAN A",
        "Mr. anan B",
    ]


# --------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("081 234 5678", "081-234-5678"),
        ("+66 81-234-5678", "081-234-5678"),
        ("66812345678", "081-234-5678"),
        ("+66 (0) 81 234 5678", "081-234-5678"),
        ("0812345678", "081-234-5678"),
        ("081.234.5678", "081-234-5678"),
        ("๐๘๑๒๓๔๕๖๗๘", "081-234-5678"),
        ("812345678", "081-234-5678"),  # Excel dropped the leading 0
        ("042-611-234", "042-611-234"),
        ("(042) 611234", "042-611-234"),
        ("42611234", "042-611-234"),
        ("02 123 4567", "02-123-4567"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_phone_numbers_are_written_one_way(written: str, normal: str) -> None:
    assert normalize_phone(written) == normal


@pytest.mark.parametrize("junk", ["abc", "123", "081-234-567", "0812345678901", "081 ต่อ 12"])
def test_junk_is_not_a_phone_number(junk: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        normalize_phone(junk)


@pytest.mark.parametrize(
    "written",
    [
        "042-611-234 ต่อ 12",
        "042-611-234ต่อ12",
        "042 611234 ต่อ ๑๒",
        "042-611-234 ต. 12",
        "042-611-234 ext. 12",
        "042-611-234 Ext 12",
        "042-611-234 extension 12",
        "042-611-234 x12",
        "042-611-234 #12",
        "042-611-234 (ต่อ 12)",
        "042-611-234 กด 12",
        "42611234 ต่อ 12",  # Excel ate the 0, the office added the extension
    ],
)
def test_an_office_number_keeps_its_extension(written: str) -> None:
    assert normalize_phone(written) == "042-611-234 ต่อ 12"
    assert split_extension(normalize_phone(written)) == ("042-611-234", "12")
    assert phone_digits(written) == "042611234"


def test_a_number_without_an_extension_has_none() -> None:
    assert split_extension("081-234-5678") == ("081-234-5678", "")
    assert phone_digits("081-234-5678") == digits_only("081-234-5678") == "0812345678"
    assert phone_digits("") == ""


@given(
    st.sampled_from(["06", "08", "09", "02", "042", "053"]),
    st.text("0123456789", min_size=8, max_size=8),
    st.sampled_from(["{}", "{} ", "+66{}", "({})", "{}.{}"]),
)
def test_a_stored_number_and_the_number_as_typed_have_the_same_digits(
    start: str, rest: str, typing: str
) -> None:
    # The roster stores numbers as `normalize_phone` writes them, and reading those digits
    # takes a shortcut: it must agree with the full reading of the same number as typed.
    number = (start + rest)[: 10 if start in ("06", "08", "09") else 9]
    typed = typing.format(number[1:] if typing.startswith("+66") else number, "")
    stored = normalize_phone(typed)
    assert phone_digits(stored) == phone_digits(typed) == number


@pytest.mark.parametrize("junk", ["ต่อ 12", "042-611-234 ต่อ", "042-611-234 ต่อ 1234567"])
def test_an_extension_alone_or_empty_is_not_a_phone(junk: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        normalize_phone(junk)


def test_the_extension_survives_masking_and_the_number_does_not() -> None:
    assert mask_phone("042-611-234 ต่อ 12") == "04x-xxx-234 ต่อ 12"


def test_phones_are_masked_for_pdpa() -> None:
    assert mask_phone("081-234-5678") == "08x-xxx-5678"
    assert mask_phone("0812345678") == "08x-xxx-5678"
    assert mask_phone("042-611-234") == "04x-xxx-234"
    assert mask_phone("02-123-4567") == "02-xxx-4567"
    assert mask_phone("") == ""
    assert mask_phone("12345678901234") == "xxxxxxxxxx1234"


# --------------------------------------------------------------------------
# Whatever a volunteer types
# --------------------------------------------------------------------------

thai_and_latin = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x0E01, 0x0E5C)] + list("abcXYZ .-+()0123456789\u200b")
    ),
    max_size=30,
)


@given(thai_and_latin)
def test_any_text_gets_a_sort_key_and_keys_are_stable(text: str) -> None:
    thai_sort_key(text)
    assert search_key(search_key(text)) == search_key(text)
    assert clean_text(clean_text(text)) == clean_text(text)
    _, first, _ = split_full_name(text)
    assert " " not in first


@given(st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙ -+().", max_size=20))
def test_a_phone_is_either_refused_or_normal_and_stays_normal(text: str) -> None:
    try:
        normal = normalize_phone(text)
    except ValueError:
        return
    assert normalize_phone(normal) == normal
    assert mask_phone(normal).endswith(normal[-3:])
