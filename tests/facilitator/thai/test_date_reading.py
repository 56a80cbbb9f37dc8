"""A facilitator types dates the way Thai offices write them, and the desk reads them right.

The event is the Mukdahan workshop of 7–8 June 2564 (2021). `today` is always passed in: the
wall clock never decides what "+7" or "7/6" means in a test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator import i18n
from facilitator.thai.dates import (
    DateError,
    DateForm,
    Era,
    ParsedDate,
    Window,
    format_english_date,
    format_thai_date,
    parse_date,
    parse_days,
)

TODAY = date(2021, 5, 20)  # the facilitator prepares the event three weeks ahead
DAY1, DAY2 = date(2021, 6, 7), date(2021, 6, 8)
EVENT = Window.around([DAY1, DAY2], margin=timedelta(days=120))

BE, CE = Era.BUDDHIST, Era.GREGORIAN


@pytest.mark.parametrize(
    ("typed", "form", "era"),
    [
        ("2564-06-07", DateForm.ISO, BE),
        ("2021-06-07", DateForm.ISO, CE),
        ("2564/6/7", DateForm.ISO, BE),
        ("07/06/2564", DateForm.NUMERIC, BE),
        ("7/6/2564", DateForm.NUMERIC, BE),
        ("7/6/2021", DateForm.NUMERIC, CE),
        ("07-06-2564", DateForm.NUMERIC, BE),
        ("7.6.2564", DateForm.NUMERIC, BE),
        ("7/6/64", DateForm.NUMERIC, BE),
        ("7/6/2564 พ.ศ.", DateForm.NUMERIC, BE),
        ("7 มิ.ย. 64", DateForm.THAI_MONTH, BE),
        ("7 มิ.ย. 2564", DateForm.THAI_MONTH, BE),
        ("7มิ.ย.64", DateForm.THAI_MONTH, BE),
        ("7 มิย 64", DateForm.THAI_MONTH, BE),
        ("7 มิถุนายน 2564", DateForm.THAI_MONTH, BE),
        ("7 มิถุนา 64", DateForm.THAI_MONTH, BE),
        ("วันที่ 7 มิถุนายน พ.ศ. 2564", DateForm.THAI_MONTH, BE),
        ("วันจันทร์ที่ 7 มิถุนายน 2564", DateForm.THAI_MONTH, BE),
        ("7 มิถุนายน ค.ศ. 2021", DateForm.THAI_MONTH, CE),
        ("7 June 2021", DateForm.ENGLISH_MONTH, CE),
        ("7 Jun 2021", DateForm.ENGLISH_MONTH, CE),
        ("7 june 2021", DateForm.ENGLISH_MONTH, CE),
        ("June 7, 2021", DateForm.ENGLISH_MONTH, CE),
        ("7 June 2564 BE", DateForm.ENGLISH_MONTH, BE),
        ("7 Jun 2564", DateForm.ENGLISH_MONTH, BE),  # an English export with BE years
        ("๗ มิ.ย. ๖๔", DateForm.THAI_MONTH, BE),
        ("๐๗/๐๖/๒๕๖๔", DateForm.NUMERIC, BE),
        ("  7   มิ.ย.   64 ", DateForm.THAI_MONTH, BE),
    ],
)
def test_every_way_of_writing_the_first_day_reads_as_7_june_2021(
    typed: str, form: DateForm, era: Era
) -> None:
    for window in (None, EVENT):
        parsed = parse_date(typed, TODAY, window)
        assert parsed == ParsedDate(DAY1, typed, form, era)


def test_a_year_from_2400_up_is_buddhist_and_below_it_gregorian() -> None:
    assert parse_date("2564-06-07", TODAY).value == date(2021, 6, 7)
    assert parse_date("2021-06-07", TODAY).value == date(2021, 6, 7)
    assert parse_date("1/1/2400", TODAY, Window(date(1800, 1, 1), date(2100, 1, 1))).value == (
        date(1857, 1, 1)
    )


@pytest.mark.parametrize(
    "typed", ["2564-06-07", "07/06/2564", "7 มิถุนายน 2564", "7 มิ.ย. 64", "7/6/64", "7/6/2021"]
)
def test_the_buddhist_era_trap_never_gives_3107_or_1478(typed: str) -> None:
    """ "2564" taken as Gregorian printed "7 มิถุนายน 3107"; "2021" taken as BE would be 1478."""
    for window in (None, EVENT):
        value = parse_date(typed, TODAY, window).value
        assert value.year == 2021
        assert format_thai_date(value) == "7 มิถุนายน 2564"


def test_a_year_forced_into_the_wrong_era_is_refused_with_how_it_was_read() -> None:
    with pytest.raises(DateError) as gregorian:
        parse_date("7 มิ.ย. 2564 ค.ศ.", TODAY)
    assert gregorian.value.code == "implausible"
    assert gregorian.value.params_in("en")["read"] == "7 June 2564, a Gregorian year (3107 BE)"
    assert "พ.ศ. 3107" in gregorian.value.message("th")
    with pytest.raises(DateError) as buddhist:
        parse_date("7 มิถุนายน 2021 พ.ศ.", TODAY, EVENT)
    assert buddhist.value.code == "outside_window"
    assert "1478 in the Gregorian calendar" in buddhist.value.message("en")


def test_a_doubly_converted_year_is_far_outside_the_event() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("3107-06-07", TODAY, EVENT)
    error = caught.value
    assert error.code == "outside_window" and error.key == "dates.error.outside_window"
    assert error.params["text"] == "3107-06-07" and error.params["year"] == 3107
    assert error.params["era"] == "be"
    assert "7 June 3107 BE" in error.message("en") and "6 October 2021" in error.message("en")
    assert "7 มิถุนายน พ.ศ. 3107" in error.message("th")
    assert str(error) == error.message("en")


def test_two_digit_years_are_buddhist_unless_the_gregorian_reading_is_the_near_one() -> None:
    assert parse_date("7/6/64", TODAY).value == DAY1  # 2564 BE, not 2064 or 1964
    assert parse_date("1/1/99", date(2000, 1, 1)).value == date(1999, 1, 1)
    read_back = parse_date("8 มิ.ย. 21", TODAY)  # a --gregorian export's short date
    assert read_back.value == DAY2 and read_back.era is CE
    with pytest.raises(DateError, match="outside"):
        parse_date("7/6/21", date(1980, 1, 1), Window(date(1979, 1, 1), date(1981, 1, 1)))


def test_days_from_today_and_the_words_for_them() -> None:
    assert parse_date("+7", TODAY) == ParsedDate(date(2021, 5, 27), "+7", DateForm.RELATIVE)
    assert parse_date("-1", TODAY).value == date(2021, 5, 19)
    assert parse_date("+๗", TODAY).value == date(2021, 5, 27)
    assert parse_date("+ 30 วัน", TODAY).value == date(2021, 6, 19)
    assert parse_date("today", TODAY).value == TODAY
    assert parse_date("วันนี้", TODAY) == ParsedDate(TODAY, "วันนี้", DateForm.WORD)
    assert parse_date("พรุ่งนี้", TODAY).value == date(2021, 5, 21)
    assert parse_date("Tomorrow", TODAY).value == date(2021, 5, 21)
    assert parse_date("เมื่อวาน", TODAY).value == date(2021, 5, 19)


def test_a_day_without_a_year_is_the_one_nearest_today() -> None:
    assert parse_date("7/6", TODAY).value == DAY1
    assert parse_date("7 มิ.ย.", TODAY, EVENT).value == DAY1
    assert parse_date("2 ม.ค.", date(2021, 12, 30)).value == date(2022, 1, 2)
    assert parse_date("7 มิ.ย.", TODAY).era is None


def test_a_date_outside_the_window_is_refused_even_when_it_exists() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("+400", TODAY, EVENT)
    assert caught.value.code == "outside_window"
    words = caught.value.params_in("th")
    assert words["first"] == format_thai_date(EVENT.first)
    assert words["last"] == format_thai_date(EVENT.last)


def test_month_and_day_swapped_is_named_when_only_the_swap_fits_the_event() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("6/7/2021", TODAY, Window(DAY1, DAY2))  # American order for 7 June
    assert caught.value.code == "swapped"
    assert caught.value.params_in("en")["other"].startswith("7 June 2021")
    assert parse_date("6/7/2021", TODAY).value == date(2021, 7, 6)  # day first, as Thai write


def test_a_reading_that_could_be_two_dates_is_refused() -> None:
    both = Window(date(2000, 1, 1), date(2100, 1, 1))
    with pytest.raises(DateError) as caught:
        parse_date("7/6/64", TODAY, both)  # 2564 BE (2021) or 2064 CE
    assert caught.value.code == "ambiguous"
    text = caught.value.message("en")
    assert "7 June 2564 BE" in text and "7 June 2064" in text


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("next week", "not_a_date"),
        ("2564", "not_a_date"),
        ("7 Juneish 2021", "not_a_date"),
        ("7 มิถุนายน 2564 บ่าย", "not_a_date"),
        ("31/6/2564", "invalid"),
        ("29/2/2565", "invalid"),  # 2022 is no leap year
        ("7/13/2021", "invalid"),
        ("7/6/2200", "implausible"),
        ("+99999", "implausible"),
        ("-999999", "too_far"),
        ("1/1/42", "ambiguous"),  # 2542 BE (1999) or 2042 CE: both about 21 years away
    ],
)
def test_what_is_not_a_date_is_refused_with_a_stable_code(typed: str, code: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(typed, TODAY)
    assert caught.value.code == code
    assert caught.value.params["text"] == typed
    for lang in i18n.LANGUAGES:  # the catalogue has it, and every field is filled
        message = i18n.text_in(lang, caught.value.key, **caught.value.params_in(lang))
        assert message == caught.value.message(lang)
        assert "{" not in message and not message.startswith("dates.error")


def test_a_leap_day_in_the_buddhist_era() -> None:
    assert parse_date("29/2/2567", TODAY).value == date(2024, 2, 29)


# -- the event's days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "2564-06-07..2564-06-08",
        "2021-06-07..2021-06-08",
        "2564-06-07,2564-06-08",
        "2021-06-07, 2021-06-08",
        "7-8 มิ.ย. 64",
        "7–8 มิถุนายน 2564",
        "7 - 8 มิถุนายน 2564",
        "7/6/2564 ถึง 8/6/2564",
        "7 มิ.ย. – 8 มิ.ย. 64",
        "7 June 2021 to 8 June 2021",
        "๗-๘ มิ.ย. ๖๔",
    ],
)
def test_the_two_workshop_days_in_any_form(typed: str) -> None:
    parsed = parse_days(typed, TODAY)
    assert parsed.days == (DAY1, DAY2)
    assert parse_days(typed, TODAY, EVENT).days == (DAY1, DAY2)


def test_a_range_across_a_month_end_borrows_its_year_from_the_end() -> None:
    parsed = parse_days("30 มิ.ย. – 1 ก.ค. 64", TODAY)
    assert parsed.days == (date(2021, 6, 30), date(2021, 7, 1))
    assert {r.era for r in parsed.readings} == {BE}


def test_a_range_without_years_is_the_one_nearest_today() -> None:
    december = date(2021, 12, 20)
    assert parse_days("7/12 – 8/12", december).days == (date(2021, 12, 7), date(2021, 12, 8))
    days = parse_days("30/12 - 2/1", december).days
    assert (days[0], days[-1]) == (date(2021, 12, 30), date(2022, 1, 2))


def test_lists_and_ranges_mix_and_repeats_collapse() -> None:
    parsed = parse_days("2564-06-08, 2564-06-07..2564-06-08", TODAY)
    assert parsed.days == (DAY1, DAY2)


def test_a_backwards_or_endless_range_is_refused() -> None:
    with pytest.raises(DateError) as backwards:
        parse_days("2564-06-08..2564-06-07", TODAY)
    assert backwards.value.code == "range_backwards"
    assert "8 มิถุนายน" in backwards.value.message("th")
    with pytest.raises(DateError) as long:
        parse_days("2021-01-01..2021-12-31", TODAY)
    assert long.value.code == "range_too_long" and long.value.params["count"] == 365
    with pytest.raises(DateError, match="3107"):
        parse_days("3107-06-07..3107-06-08", TODAY, EVENT)
    with pytest.raises(DateError) as empty:
        parse_days(" , ", TODAY)
    assert empty.value.code == "empty"


# -- whatever the exports print reads back as the same day --------------------------------------

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@given(days)
def test_every_date_the_app_prints_reads_back_as_itself(d: date) -> None:
    be = d.year + 543
    written = [
        format_thai_date(d),
        format_thai_date(d, short=True),
        format_thai_date(d, buddhist_era=False),
        format_english_date(d),
        format_english_date(d, buddhist_era=True),
        f"{d.day:02d}/{d.month:02d}/{be}",
        f"{be}-{d.month:02d}-{d.day:02d}",
        d.isoformat(),
    ]
    for text in written:
        assert parse_date(text, d).value == d, text
    assert parse_date(format_thai_date(d, short=True, buddhist_era=False), d).value == d


@given(st.text(max_size=25))
def test_any_text_is_a_date_or_a_date_error(text: str) -> None:
    try:
        parsed = parse_date(text, TODAY, EVENT)
    except DateError as error:
        assert error.message("th") and error.message("en")
        return
    assert parsed.value in EVENT
