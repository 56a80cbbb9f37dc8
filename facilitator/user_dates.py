"""Dates as people type them, read one way for both faces, refused in the user's words.

`facilitator.thai.dates` reads every form a Thai office writes (Buddhist Era or Gregorian,
`7 มิ.ย. 64`, `07/06/2564`, `+7`) and refuses what is still ambiguous or implausible; this
module turns its refusal into a `UserError`, so the CLI and the TUI show it in the language of
the moment, with how the text was read.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from facilitator.errors import UserError
from facilitator.i18n import language
from facilitator.thai.dates import DateError, Window, parse_date, parse_days
from facilitator.thai.text import thai_digits_to_arabic


class DateRefused(UserError, ValueError):
    """A date the user typed that cannot be taken as given (the message says how it was read)."""

    def __init__(self, error: DateError, what: str = "") -> None:
        super().__init__(error.key)
        self.error = error
        self.what = what

    def __str__(self) -> str:
        return _naming(self.what, self.error.message(language()))


def _naming(what: str, text: str) -> str:
    """A refusal's text after the option or field it is about ("--at: ...")."""
    return f"{what}: {text}" if what else text


def read_date(
    text: str,
    today: date,
    window: Window | None = None,
    what: str = "",
    refused: type[DateRefused] = DateRefused,
) -> date:
    """One date as typed; `refused` (naming `what`, e.g. "--day") when it cannot be read."""
    try:
        return parse_date(text, today, window).value
    except DateError as exc:
        raise refused(exc, what) from None


def read_days(text: str, today: date, window: Window | None = None, what: str = "") -> list[date]:
    """Days given as a list or a range (`2564-06-07..2564-06-08`, `7-8 มิ.ย. 64`)."""
    try:
        return list(parse_days(text, today, window).days)
    except DateError as exc:
        raise DateRefused(exc, what) from None


def around_event(days: list[date]) -> Window | None:
    """The plausible window for dates about an event: its days, give or take a year."""
    return Window.around(days) if days else None


#: A clock time at the end of a moment: "09:05", "9.05", "09:05 น.", after a "T" or a space.
_CLOCK = re.compile(r"(?:^|(?<=\d)T|\s+)(\d{1,2})[:.](\d{2})(?:\s*น\.?)?$")


class MomentRefused(UserError, ValueError):
    """A date and time the user typed that cannot be read (not a time, or no such hour)."""

    def __init__(self, text: str, what: str = "") -> None:
        super().__init__("dates.error.moment", text=text)
        self.what = what

    def __str__(self) -> str:
        return _naming(self.what, super().__str__())


def read_moment(text: str, today: date, window: Window | None = None, what: str = "") -> datetime:
    """A local date and time as typed: ``09:05`` (today), ``2564-06-07T09:05``, ``7/6/64 9.05``.

    The date part goes through `read_date`, so a Buddhist Era year is read as one: Python's own
    `datetime.fromisoformat("2564-06-07T09:05")` would happily take the year 2564 CE, and a paper
    sheet entered later would land five centuries out.
    """
    s = thai_digits_to_arabic(text.strip())
    m = _CLOCK.search(s)
    if m is None:
        raise MomentRefused(text, what)
    hour, minute = int(m[1]), int(m[2])
    if hour > 23 or minute > 59:
        raise MomentRefused(text, what)
    date_text = s[: m.start()].strip()
    day = read_date(date_text, today, window, what) if date_text else today
    return datetime.combine(day, time(hour, minute))
