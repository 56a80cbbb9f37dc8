"""A big fair's roster made up of Thai names: many distinct, some shared, so that search has
ties to break and a one-letter query matches far more people than a screen shows."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from facilitator.desk import Desk
from facilitator.models import Participant

CONSONANTS = "กขคงจชซดตทธนบปผพฟมยรลวศสหอ"
SYLLABLES = ("{}า", "{}ิ", "{}ี", "{}ุ", "{}ู", "เ{}", "แ{}", "โ{}", "ไ{}", "{}ั{}", "{}ำ", "{}่า")
COMMON_FIRST = ["สมชาย", "สมศรี", "บุญมี", "วีระพงษ์", "อรุณี", "ศรีสุดา"]
ORGS = ["กลุ่มทอผ้าบ้านนาโพธิ์", "สำนักงานพัฒนาชุมชน", "วิสาหกิจชุมชนสมุนไพร", ""]
DISTRICTS = ["เมืองมุกดาหาร", "ดอนตาล", "หว้านใหญ่", "คำชะอี"]


def thai_word(rng: random.Random, syllables: int) -> str:
    parts = []
    for _ in range(syllables):
        pattern = rng.choice(SYLLABLES)
        parts.append(pattern.format(*(rng.choice(CONSONANTS) for _ in range(pattern.count("{}")))))
    return "".join(parts)


def random_roster(size: int, seed: int) -> list[Participant]:
    """Thai names, many distinct and some shared (ties in the order), titles, phones."""
    rng = random.Random(seed)
    people = []
    for n in range(size):
        first = rng.choice(COMMON_FIRST) if rng.random() < 0.3 else thai_word(rng, 2)
        people.append(
            Participant(
                id="",
                title=rng.choice(["นาย", "นาง", "นางสาว", "ดร."]),
                first_name=first,
                last_name=thai_word(rng, rng.randint(2, 4)),
                nickname=rng.choice(["", "แดง", "น้อย", thai_word(rng, 1)]),
                organisation=rng.choice(ORGS),
                district=rng.choice(DISTRICTS),
                phone=f"08{rng.choice('1234569')}-{n // 10000 % 1000:03d}-{rng.randint(0, 9999):04d}",
                roster_order=n + 1,
            )
        )
    return people


def open_fair(path: Path, size: int, seed: int = 14) -> Desk:
    """A desk whose event has `size` people of `random_roster`, imported in one write."""
    desk = Desk.open(path)
    desk.events.create("มหกรรม OTOP", "มุกดาหาร", [date(2021, 6, 7)])
    desk.participants.apply_batch(random_roster(size, seed=seed), [])
    return desk
