"""How the app writes the things both faces show: roles, days, sessions and people.

One function per thing, used by the CLI, the TUI and the exports alike, so a session or a
person reads the same everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from facilitator.i18n import language, t
from facilitator.thai.dates import format_english_date, format_thai_date

if TYPE_CHECKING:
    from facilitator.event import SessionPick
    from facilitator.models import Participant, SessionSlot


def role_label(role: str) -> str:
    """A role in the interface language."""
    return t(f"role.{role}")


def day_label(d: date) -> str:
    """A date as the desk's language writes it (Buddhist Era in Thai)."""
    if language() == "th":
        return format_thai_date(d, short=True)
    return format_english_date(d)


def typed_date(iso: str) -> str:
    """A stored date (YYYY-MM-DD, or "") as a field shows it: what the user would type,
    and what the date reader takes back (``15 ธ.ค. 69``), never the ISO form."""
    if not iso:
        return ""
    try:
        return day_label(date.fromisoformat(iso))
    except ValueError:
        return iso


def session_label(slot: SessionSlot) -> str:
    """ "ช่วงเช้า 07/06": the day matters on a two-day workshop."""
    return t("checkin.session", name=slot.name, day=slot.day.strftime("%d/%m"))


def session_span(slot: SessionSlot | None, with_day: bool = False) -> str:
    """ "ช่วงเช้า 08:30–12:00", as the sign-in sheet names a session; `with_day` adds its
    date ("ช่วงเช้า 3 ธ.ค. 69 08:30–12:00") where the day cannot be taken for granted."""
    if slot is None:
        return ""
    day = f" {day_label(slot.day)}" if with_day else ""
    return f"{slot.name}{day} {slot.start:%H:%M}–{slot.end:%H:%M}"


def pick_label(pick: SessionPick) -> str:
    """Which session scans count for now, and why (the TUI's header, the CLI's answer)."""
    if pick.session is None:
        return t(f"checkin.pick.{pick.reason}")
    return t(f"checkin.pick.{pick.reason}", session=session_label(pick.session))


def person_details(participant: Participant) -> str:
    """Role · product or organisation: what is said after a person's name."""
    return " · ".join(x for x in (role_label(participant.role), participant.affiliation) if x)


def describe_person(participant: Participant | None, participant_id: str | None) -> str:
    """Name · role · product or organisation; just the id for someone not synced yet."""
    if participant is None:
        return t("checkin.unknown_person", participant_id=participant_id or "?")
    return " · ".join(x for x in (participant.display_name, person_details(participant)) if x)
