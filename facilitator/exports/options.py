"""How an export is dressed: the language of its headings, the calendar, and whether phones show.

Every format reads the same `ExportOptions`, so a Thai office gets Buddhist Era dates and Thai
headings by default in every file, and phone numbers stay masked (PDPA) unless someone asks.
The export language is its own setting, not the interface language: an English-speaking
adviser may run the app in English and still print the Thai sign-in sheet for the office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from facilitator.i18n import LANGUAGES, t, text_in
from facilitator.thai.dates import (
    format_date_range,
    format_english_date,
    format_thai_date,
    thai_year,
)
from facilitator.thai.text import mask_phone


@dataclass(frozen=True)
class ExportOptions:
    """Dates in the Buddhist Era or Gregorian, Thai or English headings, phones masked or not."""

    lang: str = "th"
    buddhist_era: bool = True
    show_phones: bool = False
    day: date | None = None  # attendance: only this day's sessions

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(
                t("i18n.error.unknown_language", lang=self.lang, languages=", ".join(LANGUAGES))
            )

    def text(self, key: str, **values: object) -> str:
        """A heading from the message catalogue in the export's language (not the interface's)."""
        return text_in(self.lang, key, **values)

    def role(self, role: str) -> str:
        return self.text(f"role.{role}") if role else self.text("export.role.unknown")

    def date(self, d: date) -> str:
        """ "8 มิถุนายน 2564" (Thai, BE), "8 June 2021" (English, Gregorian), and the mixes."""
        if self.lang == "th":
            return format_thai_date(d, buddhist_era=self.buddhist_era)
        return format_english_date(d, buddhist_era=self.buddhist_era)

    def date_range(self, days: list[date]) -> str:
        """An event's dates: "7–8 มิถุนายน 2564", "7–8 June 2021"."""
        if not days:
            return ""
        start, end = min(days), max(days)
        if self.lang == "th":
            return format_date_range(start, end, buddhist_era=self.buddhist_era)
        if start == end:
            return self.date(start)
        return f"{self.date(start)} – {self.date(end)}"

    def short_date(self, d: date) -> str:
        """ "8 มิ.ย. 64" or "8 Jun 2021": for column headings and sheet names."""
        if self.lang == "th":
            return format_thai_date(d, short=True, buddhist_era=self.buddhist_era)
        return f"{d.day} {d.strftime('%b')} {thai_year(d, self.buddhist_era)}"

    def numeric_date(self, d: date) -> str:
        """ "08/06/2564" in the Buddhist Era (as Thai offices type dates), ISO when Gregorian."""
        if self.buddhist_era:
            return f"{d.day:02d}/{d.month:02d}/{thai_year(d)}"
        return d.isoformat()

    def moment(self, at: datetime) -> str:
        """A date and time: "8 มิ.ย. 64 09:12"."""
        return f"{self.short_date(at.date())} {at:%H:%M}"

    def phone(self, phone: str) -> str:
        """The phone as printed: masked (08x-xxx-1234) unless `show_phones`."""
        return phone if self.show_phones else mask_phone(phone)
