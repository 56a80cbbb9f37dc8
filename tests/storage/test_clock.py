"""Someone sets a desk laptop's clock back an hour in the middle of the workshop.

Changes are ordered by their hybrid-logical-clock stamps, so a later change must always carry a
later stamp, whatever the wall clock says, including after the app is closed and opened again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from facilitator.storage.hlc import HybridLogicalClock, parse_stamp
from facilitator.storage.record import field_marks
from facilitator.storage.store import Store

HOUR_MS = 3_600_000
NINE_AM = 1_717_207_200_000  # 2024-06-01 09:00 Bangkok, in Unix milliseconds


class WallClock:
    """A wall clock the test can set, like the one in the laptop's settings."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_stamps_keep_rising_when_the_wall_clock_is_set_back_between_writes(
    tmp_path: Path,
) -> None:
    wall = WallClock(NINE_AM)
    with Store.open(tmp_path / "events.json", wall_ms=wall) as store:
        first = store.put("checkins", {"participant": "A001"})
        wall.ms -= HOUR_MS
        second = store.put("checkins", {"participant": "A002"})
        third = store.put("checkins", {"participant": "A003"})
        wall.ms += 2 * HOUR_MS
        fourth = store.put("checkins", {"participant": "A004"})

    stamps = [r["hlc"] for r in (first, second, third, fourth)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    # While the wall clock is behind, the clock keeps the old time and counts.
    assert parse_stamp(second["hlc"])[0] == NINE_AM
    assert parse_stamp(fourth["hlc"])[0] == NINE_AM + HOUR_MS


def test_stamps_keep_rising_across_a_restart_with_the_clock_set_back(tmp_path: Path) -> None:
    db = tmp_path / "events.json"
    wall = WallClock(NINE_AM)
    with Store.open(db, wall_ms=wall) as store:
        before = [store.put("checkins", {"participant": f"A{i:03d}"})["hlc"] for i in range(5)]

    wall.ms -= HOUR_MS
    with Store.open(db, wall_ms=wall) as store:
        after = store.put("checkins", {"participant": "B001"})["hlc"]

    assert after > max(before)


def test_stamps_keep_rising_after_a_power_cut_before_any_fold(tmp_path: Path) -> None:
    live = tmp_path / "live"
    wall = WallClock(NINE_AM)
    with Store.open(live / "events.json", wall_ms=wall) as store:
        edited = store.put("participants", {"name": "สมชาย"})
        # What the disk holds at the power cut: the stamp exists only in the journal.
        shutil.copytree(live, tmp_path / "after-cut", ignore=shutil.ignore_patterns("*.lock"))

    wall.ms -= HOUR_MS
    with Store.open(tmp_path / "after-cut" / "events.json", wall_ms=wall) as store:
        again = store.put("participants", {"name": "สมชาย ใจดี"}, edited["id"])

    assert again["hlc"] > edited["hlc"]
    assert field_marks(again)["name"] > field_marks(edited)["name"]


def test_the_clock_takes_a_later_stamp_seen_from_another_desk_as_its_floor() -> None:
    clock = HybridLogicalClock(WallClock(NINE_AM))
    other_desk = HybridLogicalClock(WallClock(NINE_AM + HOUR_MS)).now()

    clock.observe(other_desk)

    assert clock.now() > other_desk


def test_stamps_sort_as_strings_in_time_order() -> None:
    wall = WallClock(999)
    clock = HybridLogicalClock(wall)
    early = clock.now()
    wall.ms = 1_000
    later = clock.now()
    assert early < later  # "999" would sort after "1000" without the fixed width
