"""How the app writes the things both faces show: roles, days, sessions and people.

One function per thing, used by the CLI, the TUI and the exports alike, so a session or a
person reads the same everywhere.
"""

from __future__ import annotations

from datetime import date

from facilitator.i18n import language, t
from facilitator.thai.dates import format_english_date, format_thai_date


def role_label(role: str) -> str:
    """A role in the interface language."""
    return t(f"role.{role}")


def day_label(d: date) -> str:
    """A date as the desk's language writes it (Buddhist Era in Thai)."""
    if language() == "th":
        return format_thai_date(d, short=True)
    return format_english_date(d)
