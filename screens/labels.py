"""Small formatting shared by the screens (role names, dates in the header, people by id)."""

from __future__ import annotations

from datetime import date

from facilitator.desk import Desk
from facilitator.i18n import language, t
from facilitator.thai_dates import format_english_date, format_thai_date


def role_label(role: str) -> str:
    return t(f"role.{role}")


def day_label(d: date) -> str:
    """A date as the desk's language writes it (Buddhist Era in Thai)."""
    if language() == "th":
        return format_thai_date(d, short=True)
    return format_english_date(d)


def names(desk: Desk, ids: list[str]) -> str:
    """People's names from their ids (an unknown id is shown as it is)."""
    return ", ".join(desk.mentoring.owner_label(i) for i in ids)
