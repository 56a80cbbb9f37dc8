"""Thai dates in the Buddhist Era, as participants expect to read them.

Babel has no Buddhist calendar, so this is deliberately plain: the BE year is
the Gregorian year + 543, and month names come from fixed tables. Thai writes
no comma or ordinal: 2021-06-08 is "8 มิถุนายน 2564", short "8 มิ.ย. 64".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources

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


# --------------------------------------------------------------------------
# Reading dates as Thai users type them
# --------------------------------------------------------------------------
#
# The failure this prevents: "2564-06-07" taken as a Gregorian year prints as
# "7 มิถุนายน 3107" on the sign-in sheet, and "2021" taken as a Buddhist year
# becomes 1478. Every face (CLI options, roster cells, TUI fields) reads dates
# through `parse_date`, so a year is read one way everywhere, and a reading
# that is still doubtful is refused with how it was read rather than guessed.

#: A four-digit year from here up is a Buddhist Era year (2400 BE is 1857 CE).
BE_YEAR_FROM = 2400
#: Without a window, a date further than this from today is refused as a misreading.
SANE_YEARS = 50
#: Without a window, a two-digit year's nearest reading must beat the next by this much.
CLEAR_MARGIN = timedelta(days=10 * 365)


class Era(StrEnum):
    """The calendar a year was written in."""

    BUDDHIST = "be"
    GREGORIAN = "ce"


class DateForm(StrEnum):
    """Which way of writing a date the text was read as."""

    ISO = "iso"  # 2564-06-07, 2021/06/07
    NUMERIC = "numeric"  # 07/06/2564, 7-6-64, 7.6
    THAI_MONTH = "thai_month"  # 7 มิ.ย. 64, 7 มิถุนายน 2564
    ENGLISH_MONTH = "english_month"  # 7 June 2021, Jun 7, 2021
    RELATIVE = "relative"  # +7, -1
    WORD = "word"  # today, วันนี้, พรุ่งนี้


@dataclass(frozen=True)
class Window:
    """The dates a text may plausibly mean, e.g. the event's days with a margin either side.

    A typed date outside it is refused (with how it was read) instead of being stored: a due
    date in 3107 or an event day in 1978 is a misreading, not a plan.
    """

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"window ends before it starts: {self.first} > {self.last}")

    @classmethod
    def around(cls, days: Sequence[date], margin: timedelta = timedelta(days=365)) -> Window:
        """The event's days widened by `margin` on both sides."""
        if not days:
            raise ValueError("a window needs at least one day")
        return cls(min(days) - margin, max(days) + margin)

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.first <= d <= self.last

    def distance(self, d: date) -> int:
        """Days from the window to `d` (0 inside it)."""
        if d < self.first:
            return (self.first - d).days
        return max(0, (d - self.last).days)


@dataclass(frozen=True)
class ParsedDate:
    """A date read from text, and how it was read (so a face can show "read as ...")."""

    value: date
    text: str
    form: DateForm
    era: Era | None = None  # None: no year was written (yearless, relative, a word)

    def read_as(self, lang: str = "th") -> str:
        """The reading in words: "7 มิถุนายน พ.ศ. 2564 (ค.ศ. 2021)", "7 June 2021 (Gregorian; 2564 BE)"."""
        d = self.value
        return _reading(d.day, d.month, _written_year(d.year, self.era), self.era, lang)


def _written_year(gregorian: int, era: Era | None) -> int:
    return gregorian + BUDDHIST_ERA_OFFSET if era is Era.BUDDHIST else gregorian


def _reading(day: int, month: int, year: int, era: Era | None, lang: str) -> str:
    """A day as the parser understood it, with the era spelt out and the other era beside it.

    Works on plain numbers, so it can also describe a reading that is no real day.
    """
    months = THAI_MONTHS if lang == "th" else ENGLISH_MONTHS
    name = months[month - 1] if 1 <= month <= 12 else str(month)
    if era is Era.BUDDHIST:
        other = year - BUDDHIST_ERA_OFFSET
        if lang == "th":
            return f"{day} {name} พ.ศ. {year} (ค.ศ. {other})"
        return f"{day} {name} {year} BE ({other} in the Gregorian calendar)"
    if era is Era.GREGORIAN:
        other = year + BUDDHIST_ERA_OFFSET
        if lang == "th":
            return f"{day} {name} ค.ศ. {year} (พ.ศ. {other})"
        return f"{day} {name} {year}, a Gregorian year ({other} BE)"
    if lang == "th":
        return f"{day} {name} {year + BUDDHIST_ERA_OFFSET}"
    return f"{day} {name} {year}"


def _plain(d: date, lang: str) -> str:
    return format_thai_date(d) if lang == "th" else format_english_date(d)


@dataclass(frozen=True)
class _Reading:
    """One way to understand the text: numbers as written plus the era chosen for the year."""

    day: int
    month: int
    year: int  # as written, in `era` (Gregorian when era is None)
    era: Era | None

    @property
    def gregorian_year(self) -> int:
        return self.year - BUDDHIST_ERA_OFFSET if self.era is Era.BUDDHIST else self.year

    def to_date(self) -> date | None:
        try:
            return date(self.gregorian_year, self.month, self.day)
        except ValueError:
            return None

    def describe(self, lang: str) -> str:
        return _reading(self.day, self.month, self.year, self.era, lang)


class DateError(ValueError):
    """A date the parser refuses, with a stable `code` for the catalogue (``dates.error.<code>``).

    `params` are language-neutral (the text as typed, ISO dates); `params_in(lang)` adds the
    reading and the window in words for one language, which is what the catalogue texts use.
    ``str(error)`` is the English message, for logs and tracebacks.
    """

    def __init__(
        self,
        code: str,
        text: str,
        readings: Sequence[_Reading] = (),
        window: Window | None = None,
        **params: object,
    ) -> None:
        self.code = code
        self.text = text
        self.readings = tuple(readings)
        self.window = window
        self.params: dict[str, object] = {"text": text, **params}
        if self.readings:
            first = self.readings[0]
            self.params.update(day=first.day, month=first.month, year=first.year)
            self.params["era"] = first.era.value if first.era else ""
        if window is not None:
            self.params.update(first_iso=window.first.isoformat(), last_iso=window.last.isoformat())
        super().__init__(self.message("en"))

    @property
    def key(self) -> str:
        """The catalogue key of the message: ``dates.error.<code>``."""
        return f"dates.error.{self.code}"

    def params_in(self, lang: str) -> dict[str, object]:
        """`params` plus `read` (the reading in words), `other` (a second reading, for an
        ambiguity or a swapped day and month), `first`/`last` (the window), in `lang`."""
        words = dict(self.params)
        if self.readings:
            words["read"] = self.readings[0].describe(lang)
        if len(self.readings) > 1:
            words["other"] = self.readings[1].describe(lang)
        if self.window is not None:
            words["first"] = _plain(self.window.first, lang)
            words["last"] = _plain(self.window.last, lang)
        return words

    def message(self, lang: str = "en") -> str:
        """The message in `lang`, straight from the catalogue file (facilitator/messages/thai.json)."""
        texts = _catalogue().get(self.key, {})
        template = texts.get(lang) or texts.get("en") or self.key
        try:
            return template.format(**self.params_in(lang))
        except (KeyError, IndexError):
            return template


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    # Read directly: facilitator.thai sits below facilitator.i18n's layer and may not import it.
    source = resources.files("facilitator") / "messages" / "thai.json"
    return json.loads(source.read_text(encoding="utf-8"))


# -- the words and names a date may be written with ------------------------------------------


def _month_key(text: str) -> str:
    return re.sub(r"[\s.]", "", text).casefold()


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    colloquial = (
        "มกรา",
        "กุมภา",
        "มีนา",
        "เมษา",
        "พฤษภา",
        "มิถุนา",
        "กรกฎา",
        "สิงหา",
        "กันยา",
        "ตุลา",
        "พฤศจิกา",
        "ธันวา",
    )
    for n, spellings in enumerate(zip(THAI_MONTHS, THAI_MONTHS_SHORT, colloquial, strict=True), 1):
        for spelling in spellings:
            names[_month_key(spelling)] = n
    return names


def _english_month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for n, name in enumerate(ENGLISH_MONTHS, 1):
        names[name.casefold()] = n
        names[name[:3].casefold()] = n
    names["sept"] = 9
    return names


_THAI_MONTH = _month_names()
_ENGLISH_MONTH = _english_month_names()
_ERA_MARKERS = {
    "พศ": Era.BUDDHIST,
    "be": Era.BUDDHIST,
    "คศ": Era.GREGORIAN,
    "ce": Era.GREGORIAN,
    "ad": Era.GREGORIAN,
}
_DAY_WORDS = {
    "today": 0,
    "วันนี้": 0,
    "tomorrow": 1,
    "พรุ่งนี้": 1,
    "yesterday": -1,
    "เมื่อวาน": -1,
    "เมื่อวานนี้": -1,
    "มะรืน": 2,
    "มะรืนนี้": 2,
}

_THAI_DIGIT_TABLE = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_PREFIX = re.compile(r"^(?:วัน\S{0,10}?ที่|วันที่|ที่)\s*")
_RELATIVE = re.compile(r"([+-])\s*(\d{1,7})\s*(?:d|days?|วัน)?", re.IGNORECASE)
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?")
# 7 มิ.ย. 64 / 7 มิถุนายน พ.ศ. 2564 / 7 June 2021 BE; and June 7, 2021. Groups: day, month,
# year, whatever follows the year (an era marker, or words that make it no date).
_DAY_FIRST = re.compile(r"(\d{1,2})\s*([^\d\s,][^\d,]*?)(?:\s*,?\s*(\d{4}|\d{2})\s*(\D*))?")
_MONTH_FIRST = re.compile(
    r"([A-Za-z][A-Za-z.]*)\s*(\d{1,2})(?:(?:\s*,\s*|\s+)(\d{4}|\d{2})\s*(\D*))?"
)


def _normal(text: str) -> str:
    """Thai digits as 0-9, one space between words, no zero-width characters."""
    text = text.translate(_THAI_DIGIT_TABLE)
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _era_marker(text: str) -> Era | str:
    """The era a marker names; "" for no marker; the text itself when it is not a marker."""
    key = _month_key(text)
    if not key:
        return ""
    return _ERA_MARKERS.get(key, text)


_ERA_SUFFIX = re.compile(r"\s*(พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|B\.?E\.?|C\.?E\.?|A\.?D\.?)$", re.IGNORECASE)


def _split_era_suffix(text: str) -> tuple[str, Era | None]:
    """ "7/6/2564 พ.ศ." -> ("7/6/2564", BUDDHIST); "มิถุนายน พ.ศ." -> ("มิถุนายน", BUDDHIST)."""
    m = _ERA_SUFFIX.search(text)
    if m is None or not text[: m.start()].strip():
        return text, None
    era = _ERA_MARKERS.get(_month_key(m[1]))
    return (text[: m.start()].strip(), era) if era else (text, None)


# -- choosing among readings ---------------------------------------------------------------


def _year_readings(
    year_text: str | None, era: Era | None, today: date
) -> list[tuple[int, Era | None]]:
    """Every (year as written, era) the year text may mean, most likely first.

    Four digits: the era marker if given, else BE from 2400 up and Gregorian below (so
    2564 is never year 2564 CE, and 2021 is never 2021 BE). Two digits: the marker, else
    BE (the Thai habit, "7/6/64") or CE (a Gregorian export's "8 มิ.ย. 21") in any nearby
    century; readings are at least 43 years apart, so the one inside the window, or
    clearly nearest today, wins. No year: this year, last year or next.
    """
    if year_text is None:
        return [(today.year + k, None) for k in (0, -1, 1)]
    number = int(year_text)
    if len(year_text) == 2:
        be = [(century + number, Era.BUDDHIST) for century in (2500, 2400, 2600)]
        ce = [(century + number, Era.GREGORIAN) for century in (2000, 1900, 2100)]
        if era is Era.BUDDHIST:
            return be
        if era is Era.GREGORIAN:
            return ce
        return be + ce
    if era is not None:
        return [(number, era)]
    return [(number, Era.BUDDHIST if number >= BE_YEAR_FROM else Era.GREGORIAN)]


def _choose(
    text: str,
    form: DateForm,
    day: int,
    month: int,
    years: list[tuple[int, Era | None]],
    today: date,
    window: Window | None,
    swappable: bool = False,
) -> ParsedDate:
    readings = [_Reading(day, month, year, era) for year, era in years]
    dated = [(r, d) for r in readings if (d := r.to_date()) is not None]
    if not dated:
        raise DateError("invalid", text, readings[:1])
    if window is not None:
        inside = [(r, d) for r, d in dated if d in window]
        if len(inside) > 1 and all(r.era is None for r, _ in inside):
            # No year written: the day meant is the one nearest today (a wide window may
            # hold last June and this June alike).
            inside = [min(inside, key=lambda rd: abs((rd[1] - today).days))]
        if len(inside) == 1:
            reading, value = inside[0]
            return ParsedDate(value, text, form, reading.era)
        if len(inside) > 1:
            raise DateError("ambiguous", text, [r for r, _ in inside[:2]], window)
        if swappable and day <= 12 and month <= 12 and day != month:
            for year, era in years:
                swapped = _Reading(month, day, year, era)
                if swapped.to_date() in window:
                    raise DateError("swapped", text, [dated[0][0], swapped], window)
        nearest = min(dated, key=lambda rd: window.distance(rd[1]))
        raise DateError("outside_window", text, [nearest[0]], window)
    sane = [(r, d) for r, d in dated if abs(d.year - today.year) <= SANE_YEARS]
    if not sane:
        raise DateError("implausible", text, [dated[0][0]], years=SANE_YEARS)
    sane.sort(key=lambda rd: abs((rd[1] - today).days))
    if len(sane) > 1 and sane[0][0].era is not None:
        near, next_near = (abs((d - today).days) for _, d in sane[:2])
        if next_near - near < CLEAR_MARGIN.days:
            raise DateError("ambiguous", text, [r for r, _ in sane[:2]])
    reading, value = sane[0]
    return ParsedDate(value, text, form, reading.era)


def _relative(
    text: str, days: int, form: DateForm, today: date, window: Window | None
) -> ParsedDate:
    try:
        value = today + timedelta(days=days)
    except OverflowError:
        raise DateError("too_far", text) from None
    if window is not None and value not in window:
        raise DateError(
            "outside_window", text, [_Reading(value.day, value.month, value.year, None)], window
        )
    if window is None and abs(value.year - today.year) > SANE_YEARS:
        raise DateError(
            "implausible",
            text,
            [_Reading(value.day, value.month, value.year, None)],
            years=SANE_YEARS,
        )
    return ParsedDate(value, text, form, None)


def _named_month(name: str) -> tuple[int, DateForm] | None:
    key = _month_key(name)
    if key in _THAI_MONTH:
        return _THAI_MONTH[key], DateForm.THAI_MONTH
    if key in _ENGLISH_MONTH:
        return _ENGLISH_MONTH[key], DateForm.ENGLISH_MONTH
    return None


def parse_date(
    text: str,
    today: date,
    window: Window | None = None,
    *,
    default_year: tuple[str, Era | None] | None = None,
) -> ParsedDate:
    """Read a date the way a Thai user types it; refuse it when the reading is doubtful.

    Forms: ISO with either era (``2564-06-07`` is 2021-06-07: a year from 2400 up is BE),
    ``DD/MM/YYYY`` / ``D-M-YY`` / ``D.M`` (day first, as Thai offices write), ``7 มิ.ย. 64``,
    ``7 มิถุนายน พ.ศ. 2564``, ``7 June 2021``, ``Jun 7, 2021``, Thai digits, ``+7`` / ``-1``
    (days from `today`), ``today`` / ``วันนี้`` / ``พรุ่งนี้`` / ``เมื่อวาน``.

    `today` is passed in, never read from the clock, so a test (or a desk whose clock is
    wrong) gets the same answer every time. With a `window`, the date must fall inside it;
    without one, within `SANE_YEARS` of today. `default_year` (the year text and era of the
    other end of a range) fills in a year left out.

    Raises `DateError` (``dates.error.<code>``): ``empty``, ``not_a_date``, ``invalid`` (no
    such day), ``implausible``, ``too_far`` (past the calendar's ends), ``outside_window``,
    ``ambiguous``, ``swapped``.
    """
    s = _normal(text)
    if not s:
        raise DateError("empty", text)
    lowered = s.casefold()
    if lowered in _DAY_WORDS:
        return _relative(text, _DAY_WORDS[lowered], DateForm.WORD, today, window)
    if m := _RELATIVE.fullmatch(s):
        sign = -1 if m[1] == "-" else 1
        return _relative(text, sign * int(m[2]), DateForm.RELATIVE, today, window)
    s, marked = _split_era_suffix(_PREFIX.sub("", s))
    if m := _ISO.fullmatch(s):
        years = _year_readings(m[1], marked, today)
        return _choose(text, DateForm.ISO, int(m[4]), int(m[3]), years, today, window)
    if m := _NUMERIC.fullmatch(s):
        year_text, era = (m[4], marked) if m[4] else (default_year or (None, None))
        years = _year_readings(year_text, era, today)
        return _choose(
            text, DateForm.NUMERIC, int(m[1]), int(m[3]), years, today, window, swappable=True
        )
    if marked is not None:
        s = f"{s} {marked.value}"  # named months read their own era markers
    for pattern, day_group, month_group in ((_DAY_FIRST, 1, 2), (_MONTH_FIRST, 2, 1)):
        m = pattern.fullmatch(s)
        if not m:
            continue
        month_text, era = _split_era_suffix(m[month_group].strip())
        named = _named_month(month_text)
        if named is None:
            continue
        suffix = _era_marker(m[4] or "")
        if not isinstance(suffix, Era) and suffix:
            continue  # words after the year that are not an era
        if isinstance(suffix, Era):
            if era is not None and era is not suffix:
                raise DateError("not_a_date", text)
            era = suffix
        year_text = m[3]
        if year_text is None and default_year is not None:
            year_text, era = default_year[0], era or default_year[1]
        years = _year_readings(year_text, era, today)
        month, form = named
        return _choose(text, form, int(m[day_group]), month, years, today, window)
    raise DateError("not_a_date", text)


# -- several days: the event's --days ------------------------------------------------------


@dataclass(frozen=True)
class ParsedDays:
    """Days read from a list or range, sorted and without repeats, with each end's reading."""

    days: tuple[date, ...]
    text: str
    readings: tuple[ParsedDate, ...]


#: Longest range accepted: a workshop runs days, not months; a longer range is a typo.
MAX_RANGE_DAYS = 31

_RANGE_SEPARATOR = re.compile(r"\s*\.\.\s*|\s*[–—]\s*|\s+-\s+|\s+(?:ถึง|to)\s+", re.IGNORECASE)
_DAY_SPAN = re.compile(r"(\d{1,2})\s*[-–—]\s*(\d{1,2})\s*([^\d\s].*)")
_YEAR_AT_END = re.compile(r"(?:(พ\.?ศ\.?|ค\.?ศ\.?)\s*)?(\d{4}|\d{2})\s*([A-Za-z.]*)$")


def _tail_year(text: str) -> tuple[str, Era | None] | None:
    """The year (and era marker) written at the end of a date, to lend to a range's start."""
    m = _YEAR_AT_END.search(_normal(text))
    if not m:
        return None
    marker = _era_marker(m[1] or m[3] or "")
    return m[2], marker if isinstance(marker, Era) else None


def _parse_span(part: str, today: date, window: Window | None) -> tuple[ParsedDate, ParsedDate]:
    s = _normal(part)
    if m := _DAY_SPAN.fullmatch(s):  # 7-8 มิ.ย. 64: the days share the month and the year
        last = parse_date(f"{m[2]} {m[3]}", today, window)
        first = parse_date(f"{m[1]} {m[3]}", today, window)
        return _renamed(first, part), _renamed(last, part)
    pieces = _RANGE_SEPARATOR.split(s)
    if len(pieces) == 1:
        one = parse_date(part, today, window)
        return one, one
    if len(pieces) != 2 or not all(pieces):
        raise DateError("not_a_date", part)
    start_text, end_text = pieces
    last = parse_date(end_text, today, window)
    named = (DateForm.THAI_MONTH, DateForm.ENGLISH_MONTH, DateForm.NUMERIC)
    # The start borrows the end's year only when the end wrote one ("30 มิ.ย. – 1 ก.ค. 64").
    lent = _tail_year(end_text) if last.era is not None and last.form in named else None
    first = parse_date(start_text, today, window, default_year=lent)
    return first, last


def _as_reading(parsed: ParsedDate) -> _Reading:
    d = parsed.value
    return _Reading(d.day, d.month, _written_year(d.year, parsed.era), parsed.era)


def _renamed(parsed: ParsedDate, text: str) -> ParsedDate:
    return ParsedDate(parsed.value, text, parsed.form, parsed.era)


def parse_days(text: str, today: date, window: Window | None = None) -> ParsedDays:
    """The event's days as typed for ``--days``: ranges, lists, or both.

    ``2564-06-07..2564-06-08``, ``2021-06-07,2021-06-08``, ``7-8 มิ.ย. 64``,
    ``30 มิ.ย. – 1 ก.ค. 64``, ``7/6/2564 ถึง 8/6/2564``; every end read by `parse_date`
    (so the start of "30 มิ.ย. – 1 ก.ค. 64" borrows the year of its end).

    Raises `DateError`: the codes of `parse_date`, plus ``range_backwards`` and
    ``range_too_long`` (over `MAX_RANGE_DAYS`).
    """
    parts = [p for p in re.split(r"\s*[,;]\s*", _normal(text)) if p]
    if not parts:
        raise DateError("empty", text)
    days: set[date] = set()
    readings: list[ParsedDate] = []
    for part in parts:
        first, last = _parse_span(part, today, window)
        if last.value < first.value:
            raise DateError("range_backwards", part, [_as_reading(first), _as_reading(last)])
        span = (last.value - first.value).days + 1
        if span > MAX_RANGE_DAYS:
            raise DateError("range_too_long", part, count=span, limit=MAX_RANGE_DAYS)
        days.update(first.value + timedelta(days=n) for n in range(span))
        readings += [first] if first is last else [first, last]
    if len(days) > MAX_RANGE_DAYS:
        raise DateError("range_too_long", text, count=len(days), limit=MAX_RANGE_DAYS)
    return ParsedDays(tuple(sorted(days)), text, tuple(readings))
