"""The Mukdahan workshop after its two days, as the paperwork tests start from it.

The demo event (50 people) with a fixed pattern of check-ins over 7–8 June 2021, the office's
settings (office, payer, certifier, two certificate signers) and the rates of the demo's
budget: producers get travel at 300 baht a day, KBO mentors 800 baht lodging a day and 500
baht travel once. Everything is fixed (the desk's clock, the pattern), so the documents are the
same on every run but for the random ids inside the QR codes.

Who came (roster position n, 0-based): n % 7 == 6 never came; the others came on the first
morning; n % 5 == 4 missed the first afternoon; n % 9 == 8 missed the second morning; all of
them came on the second afternoon.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from facilitator.desk import Desk
from facilitator.models import Participant
from tests.demo_desks import open_demo_desk

DAY1, DAY2 = date(2021, 6, 7), date(2021, 6, 8)
OFFICE = "สำนักงานพัฒนาชุมชนจังหวัดมุกดาหาร"
PAYER = ("นางสาวรัตนา ศรีสุข", "นักวิชาการเงินและบัญชีชำนาญการ")
CERTIFIER = ("นายสมชาย ใจดี", "พัฒนาการจังหวัดมุกดาหาร")
SIGNER2 = ("ผศ.ดร.วิไลวรรณ คำแสน", "ประธานเครือข่าย KBO จังหวัดมุกดาหาร")


def sessions_attended(n: int) -> list[tuple[date, time]]:
    """The check-ins of the person at roster position `n` (see the module's doc)."""
    if n % 7 == 6:
        return []
    times = [(DAY1, time(8, 40))]
    if n % 5 != 4:
        times.append((DAY1, time(13, 5)))
    if n % 9 != 8:
        times.append((DAY2, time(8, 50)))
    times.append((DAY2, time(13, 10)))
    return times


def open_paperwork_desk(path: Path, rates: bool = True) -> Desk:
    """The demo desk with the check-ins, the settings and (unless `rates` is off) the rates."""
    desk = open_demo_desk(path, first_day=DAY1)
    for n, person in enumerate(desk.participants.all()):
        for day, at in sessions_attended(n):
            desk.checkins.check_in(person.id, now=datetime.combine(day, at))
    desk.events.settings.update(
        {
            "office": OFFICE,
            "payer": "|".join(PAYER),
            "certifier": "|".join(CERTIFIER),
            "signer1": "|".join(CERTIFIER),
            "signer2": "|".join(SIGNER2),
        }
    )
    if rates:
        desk.events.settings.set_rates("producer", {"travel": "300/day", "meals": "0"})
        desk.events.settings.set_rates("mentor", {"lodging": "800/day", "travel": "500"})
    return desk


def expected_pay(n: int, person: Participant, day_rule: str = "any") -> Decimal | None:
    """What the rates above pay the person at position `n`; None when they are not paid."""
    attended = sessions_attended(n)
    per_day = {d: sum(1 for day, _ in attended if day == d) for d in (DAY1, DAY2)}
    days = sum(1 for d, k in per_day.items() if k and (day_rule == "any" or k == 2))
    if person.role == "producer":
        return Decimal(300 * days) if days else None
    if person.role == "mentor":
        return Decimal(800 * days + 500) if days else None
    return None
