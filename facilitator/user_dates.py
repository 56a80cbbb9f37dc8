"""Dates as people type them, read one way for both faces, refused in the user's words.

`facilitator.thai.dates` reads every form a Thai office writes (Buddhist Era or Gregorian,
`7 มิ.ย. 64`, `07/06/2564`, `+7`) and refuses what is still ambiguous or implausible; this
module turns its refusal into a `UserError`, so the CLI and the TUI show it in the language of
the moment, with how the text was read.
"""

from __future__ import annotations

from datetime import date

from facilitator.errors import UserError
from facilitator.i18n import language
from facilitator.thai.dates import DateError, Window, parse_date, parse_days


class DateRefused(UserError, ValueError):
    """A date the user typed that cannot be taken as given (the message says how it was read)."""

    def __init__(self, error: DateError, what: str = "") -> None:
        super().__init__(error.key)
        self.error = error
        self.what = what

    def __str__(self) -> str:
        text = self.error.message(language())
        return f"{self.what}: {text}" if self.what else text


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
