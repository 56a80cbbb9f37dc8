"""Who is paid what from the project budget, from the attendance only this desk knows.

The finance officer pays meals, lodging and travel at the rates the event set per role
(`event rates producer travel=300/day`), for the days a person counts as present: a day counts
when they were checked in for any of its sessions, or for all of them when the rule says so
(`event set pay_days=all`), and nobody with fewer than `pay_min_days` counted days is paid.
Who is left out is listed apart with why, so the officer can answer the person who asks.

Decided once here (`build_payments`); the PDF form and the workbook only lay it out, so the
two always agree to the satang.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from facilitator.errors import UserError
from facilitator.event_settings import PAY_KINDS, PaperworkSettings
from facilitator.exports.attendance import AttendanceRow, build_attendance
from facilitator.exports.options import ExportOptions
from facilitator.exports.sources import ExportSources
from facilitator.models import Event, Participant

ZERO = Decimal(0)


@dataclass(frozen=True)
class DayAttendance:
    """How much of one event day a person attended, and whether the day counts for pay."""

    day: date
    attended: int
    sessions: int
    counts: bool


@dataclass(frozen=True)
class PaymentRow:
    """One person paid: the amounts per kind (meals, lodging, travel) and the days behind them."""

    number: int
    participant: Participant
    days: tuple[DayAttendance, ...]
    amounts: dict[str, Decimal]

    @property
    def counted_days(self) -> int:
        return sum(1 for d in self.days if d.counts)

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


@dataclass(frozen=True)
class Unpaid:
    """Someone with a paid role whose attendance does not meet the rule, and why."""

    participant: Participant | None
    participant_id: str
    reason: str  # "absent", "incomplete_days", "too_few_days", "unknown_person", "removed"
    days: tuple[DayAttendance, ...] = ()

    def reason_text(self, opts: ExportOptions, min_days: int) -> str:
        """Why, in the export's language, naming the days that fell short."""
        counted = sum(1 for d in self.days if d.counts)
        if self.reason == "removed":  # what they attended, whatever the pay rule counts
            counted = sum(1 for d in self.days if d.attended)
        partial = ", ".join(
            opts.text(
                "paperwork.unpaid.partial_day",
                day=opts.short_date(d.day),
                attended=d.attended,
                sessions=d.sessions,
            )
            for d in self.days
            if d.attended > 0 and not d.counts
        )
        text = opts.text(
            f"paperwork.unpaid.{self.reason}", days=counted, min_days=min_days, partial=partial
        )
        return text


@dataclass(frozen=True)
class PaymentTable:
    """Everyone paid, in roster order, and everyone left out; with the settings they came from."""

    event: Event
    settings: PaperworkSettings
    rows: tuple[PaymentRow, ...]
    unpaid: tuple[Unpaid, ...]
    kinds: tuple[str, ...] = PAY_KINDS

    def total(self, kind: str | None = None) -> Decimal:
        """The sum of one kind over everyone paid, or of everything."""
        if kind is None:
            return sum((r.total for r in self.rows), ZERO)
        return sum((r.amounts.get(kind, ZERO) for r in self.rows), ZERO)


def _days(
    event: Event, row: AttendanceRow, settings: PaperworkSettings
) -> tuple[DayAttendance, ...]:
    out = []
    for day in event.days:
        ids = [s.id for s in event.sessions_on(day)]
        attended = sum(1 for sid in ids if sid in row.cells)
        out.append(
            DayAttendance(day, attended, len(ids), settings.pay_rule.counts(attended, len(ids)))
        )
    return tuple(out)


def build_payments(sources: ExportSources) -> PaymentTable:
    """Amounts for every person whose role has a rate, from the whole event's attendance."""
    event = sources.events.current
    settings = sources.events.settings.current
    table = build_attendance(sources)
    paid_roles = set(settings.paid_roles())
    if not paid_roles:
        # A form with no rows and "ศูนย์บาทถ้วน" looks like a finished document: say why
        # there is nothing to pay instead, before any file is written.
        raise UserError("paperwork.error.no_rates")
    rule = settings.pay_rule
    rows: list[PaymentRow] = []
    unpaid: list[Unpaid] = []
    for att in table.rows:
        person = att.participant
        if person is None:
            if att.cells:  # checked in with a valid code, but no name here to pay
                unpaid.append(Unpaid(None, att.participant_id, "unknown_person"))
            continue
        if person.role not in paid_roles:
            continue
        days = _days(event, att, settings)
        if not att.on_roster:
            # Taken off the roster (a mistaken walk-in, a namesake): their check-ins stay on
            # the sign-in sheet, marked, but the project pays nobody who is not on its list.
            unpaid.append(Unpaid(person, person.id, "removed", days))
            continue
        counted = sum(1 for d in days if d.counts)
        if counted < rule.min_days:
            if not any(d.attended for d in days):
                reason = "absent"
            elif counted == 0 and rule.day == "all":
                reason = "incomplete_days"
            else:
                reason = "too_few_days"
            unpaid.append(Unpaid(person, person.id, reason, days))
            continue
        amounts = {}
        for kind in PAY_KINDS:
            rate = settings.rate(person.role, kind)
            amounts[kind] = rate.for_days(counted) if rate else ZERO
        rows.append(PaymentRow(len(rows) + 1, person, days, amounts))
    return PaymentTable(event, settings, tuple(rows), tuple(unpaid))


def money(amount: Decimal) -> str:
    """ "1,200.00"; nothing to pay is a dash, as the form is filled by hand."""
    return f"{amount:,.2f}" if amount else "-"


def baht_words(amount: Decimal) -> str:
    """The amount in Thai words, as the form wants it under the total: "หนึ่งพันสองร้อยบาทถ้วน"."""
    import os

    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")  # pythainlp writes nothing to HOME
    from pythainlp.util import bahttext

    return bahttext(float(amount)) if amount else "ศูนย์บาทถ้วน"
