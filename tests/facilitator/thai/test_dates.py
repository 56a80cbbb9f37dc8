"""A facilitator prints dates the way Thai participants read them: Buddhist Era."""

from datetime import date

import pytest

from facilitator.thai.dates import (
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    format_date_range,
    format_english_date,
    format_thai_date,
)


def test_the_workshop_day_reads_in_the_buddhist_era() -> None:
    d = date(2021, 6, 8)
    assert format_thai_date(d) == "8 มิถุนายน 2564"
    assert format_thai_date(d, short=True) == "8 มิ.ย. 64"
    assert format_thai_date(d, buddhist_era=False) == "8 มิถุนายน 2021"
    assert format_thai_date(d, short=True, buddhist_era=False) == "8 มิ.ย. 21"


@pytest.mark.parametrize(
    ("month", "full", "short"),
    [
        (1, "มกราคม", "ม.ค."),
        (2, "กุมภาพันธ์", "ก.พ."),
        (3, "มีนาคม", "มี.ค."),
        (4, "เมษายน", "เม.ย."),
        (5, "พฤษภาคม", "พ.ค."),
        (6, "มิถุนายน", "มิ.ย."),
        (7, "กรกฎาคม", "ก.ค."),
        (8, "สิงหาคม", "ส.ค."),
        (9, "กันยายน", "ก.ย."),
        (10, "ตุลาคม", "ต.ค."),
        (11, "พฤศจิกายน", "พ.ย."),
        (12, "ธันวาคม", "ธ.ค."),
    ],
)
def test_every_month_has_its_thai_name(month: int, full: str, short: str) -> None:
    assert THAI_MONTHS[month - 1] == full
    assert THAI_MONTHS_SHORT[month - 1] == short
    assert format_thai_date(date(2024, month, 1)) == f"1 {full} 2567"
    assert format_thai_date(date(2024, month, 1), short=True) == f"1 {short} 67"


def test_tables_have_twelve_distinct_months() -> None:
    assert len(set(THAI_MONTHS)) == 12
    assert len(set(THAI_MONTHS_SHORT)) == 12


def test_short_years_keep_two_digits() -> None:
    # 2000 CE is 2543 BE; 1957 CE is 2500 BE, whose short form is "00".
    assert format_thai_date(date(2000, 1, 5), short=True) == "5 ม.ค. 43"
    assert format_thai_date(date(1957, 12, 31), short=True) == "31 ธ.ค. 00"


def test_leap_day() -> None:
    assert format_thai_date(date(2024, 2, 29)) == "29 กุมภาพันธ์ 2567"


def test_a_two_day_workshop_names_the_month_once() -> None:
    assert format_date_range(date(2021, 6, 7), date(2021, 6, 8)) == "7–8 มิถุนายน 2564"


def test_a_workshop_across_a_month_end_names_both_months() -> None:
    assert format_date_range(date(2021, 6, 30), date(2021, 7, 1)) == "30 มิถุนายน – 1 กรกฎาคม 2564"


def test_a_workshop_across_new_year_names_both_years() -> None:
    assert (
        format_date_range(date(2021, 12, 31), date(2022, 1, 1)) == "31 ธันวาคม 2564 – 1 มกราคม 2565"
    )


def test_a_one_day_event_is_just_its_date() -> None:
    assert format_date_range(date(2021, 6, 8), date(2021, 6, 8)) == "8 มิถุนายน 2564"


def test_dates_given_backwards_still_read_forwards() -> None:
    assert format_date_range(date(2021, 6, 8), date(2021, 6, 7)) == "7–8 มิถุนายน 2564"


def test_short_and_gregorian_ranges() -> None:
    assert format_date_range(date(2021, 6, 7), date(2021, 6, 8), short=True) == "7–8 มิ.ย. 64"
    assert (
        format_date_range(date(2021, 6, 7), date(2021, 6, 8), buddhist_era=False)
        == "7–8 มิถุนายน 2021"
    )


def test_english_dates_for_foreign_mentors() -> None:
    assert format_english_date(date(2021, 6, 8)) == "8 June 2021"
    assert format_english_date(date(2021, 6, 8), buddhist_era=True) == "8 June 2564 BE"
