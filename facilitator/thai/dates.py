"""Thai dates in the Buddhist Era, as participants expect to read them.

Babel has no Buddhist calendar, so this is deliberately plain: the BE year is
the Gregorian year + 543, and month names come from fixed tables. Thai writes
no comma or ordinal: 2021-06-08 is "8 มิถุนายน 2564", short "8 มิ.ย. 64".
"""

from __future__ import annotations

from datetime import date

BUDDHIST_ERA_OFFSET = 543

THAI_MONTHS: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)

THAI_MONTHS_SHORT: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

ENGLISH_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Range dash between days, as in "7–8 มิถุนายน 2564".
EN_DASH = "–"


def thai_year(d: date, buddhist_era: bool = True) -> int:
    """The year as a Thai reader counts it (BE by default)."""
    return d.year + BUDDHIST_ERA_OFFSET if buddhist_era else d.year


def _year_text(d: date, short: bool, buddhist_era: bool) -> str:
    year = thai_year(d, buddhist_era)
    return f"{year % 100:02d}" if short else str(year)


def _month_text(d: date, short: bool) -> str:
    return (THAI_MONTHS_SHORT if short else THAI_MONTHS)[d.month - 1]


def format_thai_date(d: date, short: bool = False, buddhist_era: bool = True) -> str:
    """Like "8 มิถุนายน 2564"; short "8 มิ.ย. 64"; Gregorian "8 มิถุนายน 2021"."""
    return f"{d.day} {_month_text(d, short)} {_year_text(d, short, buddhist_era)}"


def format_date_range(
    start: date, end: date, short: bool = False, buddhist_era: bool = True
) -> str:
    """A workshop's dates, saying each month and year only once where shared.

    "7–8 มิถุนายน 2564", "30 มิถุนายน – 1 กรกฎาคม 2564",
    "31 ธันวาคม 2564 – 1 มกราคม 2565"; a one-day event is just its date.
    Arguments given in the wrong order are swapped rather than printed backwards.
    """
    if end < start:
        start, end = end, start
    if start == end:
        return format_thai_date(start, short, buddhist_era)
    tail = format_thai_date(end, short, buddhist_era)
    if start.year != end.year:
        return f"{format_thai_date(start, short, buddhist_era)} {EN_DASH} {tail}"
    if start.month != end.month:
        return f"{start.day} {_month_text(start, short)} {EN_DASH} {tail}"
    return f"{start.day}{EN_DASH}{tail}"


def format_english_date(d: date, buddhist_era: bool = False) -> str:
    """Like "8 June 2021", or "8 June 2564 BE" for English text keeping the Thai year."""
    month = ENGLISH_MONTHS[d.month - 1]
    if buddhist_era:
        return f"{d.day} {month} {thai_year(d)} BE"
    return f"{d.day} {month} {d.year}"
