"""A stamp from outside cannot poison this desk's clock, and later edits always sort later.

Issue 13: `"hlc": "9999999999999.99999"` in a bundle overflowed the clock's counter, so later
edits sorted below it and an acknowledged edit was reverted by re-importing the same bundle;
`"hlc": "abc"` was a traceback. The door is `check_envelope` (the layer above sets such a record
aside); behind it the clock itself refuses (`observe`) and never leaves its fixed width.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import pytest

from facilitator.storage.hlc import (
    MAX_COUNTER,
    ClockExhausted,
    HybridLogicalClock,
    StampRejected,
    format_stamp,
    parse_stamp,
    stamp_problem,
)
from facilitator.storage.record import MAX_RECORD_BYTES, check_envelope, stamp_new
from facilitator.storage.store import Store
from tests.reliability.damage import NINE_AM, Clock

DAY_MS = 86_400_000


class Fixed:
    """A wall clock that stands still (the counter has to do all the work)."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


@pytest.mark.parametrize(
    "stamp",
    [
        "abc",
        "",
        None,
        17,
        "1.2",
        "17172072000000.00000",  # 14 digits
        "1717207200000.000000",  # a sixth counter digit
        " 1717207200000.00000",
        "1717207200000.0000a",
        "١٧١٧٢٠٧٢٠٠٠٠٠.00000",  # Arabic-Indic digits pass str.isdigit
    ],
)
def test_a_malformed_stamp_is_named_not_adopted(stamp: object) -> None:
    clock = HybridLogicalClock(Fixed(NINE_AM))
    assert "malformed" in (stamp_problem(stamp, NINE_AM) or "")
    with pytest.raises(StampRejected) as refused:
        clock.observe(stamp)  # type: ignore[arg-type]
    assert refused.value.code == "stamp_rejected"
    assert clock.last == format_stamp(0, 0)


@pytest.mark.parametrize(
    "ahead_ms", [DAY_MS + 1, 365 * DAY_MS, 9_999_999_999_999 - NINE_AM], ids=["day", "year", "2286"]
)
def test_a_stamp_far_in_the_future_is_refused(ahead_ms: int) -> None:
    clock = HybridLogicalClock(Fixed(NINE_AM))
    stamp = format_stamp(NINE_AM + ahead_ms, 0)
    assert "future" in (stamp_problem(stamp, NINE_AM) or "")
    with pytest.raises(StampRejected):
        clock.observe(stamp)
    assert clock.now() < format_stamp(NINE_AM + 1, 0)


def test_a_stamp_within_a_day_of_drift_is_adopted() -> None:
    clock = HybridLogicalClock(Fixed(NINE_AM))
    other = format_stamp(NINE_AM + DAY_MS - 1, 7)
    clock.observe(other)
    assert clock.now() > other


def test_the_counter_carries_into_the_milliseconds_instead_of_growing_a_digit() -> None:
    clock = HybridLogicalClock(Fixed(NINE_AM), floor=format_stamp(NINE_AM, MAX_COUNTER - 2))
    stamps = [clock.now() for _ in range(5)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5
    assert {len(s) for s in stamps} == {19}
    assert parse_stamp(stamps[-1]) == (NINE_AM + 1, 2)


def test_a_hundred_thousand_stamps_in_one_millisecond_still_sort_in_order() -> None:
    clock = HybridLogicalClock(Fixed(NINE_AM))
    stamps = [clock.now() for _ in range(MAX_COUNTER + 10)]
    assert all(a < b for a, b in itertools.pairwise(stamps))


def test_the_clock_refuses_rather_than_sorts_below_the_end_of_its_width() -> None:
    clock = HybridLogicalClock(Fixed(NINE_AM), floor="9999999999999.99998")
    assert clock.now() == "9999999999999.99999"
    with pytest.raises(ClockExhausted):
        clock.now()


def test_merging_a_poisoned_record_is_refused_and_stores_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "event.json", station="desk-a", wall_ms=Clock()) as store:
        person = store.put("participants", {"name": "สมชาย"})
        poisoned = {**person, "name": "ชื่อปลอม", "hlc": "9999999999999.99999"}
        poisoned["clocks"] = {"name": "9999999999999.99999@evil", "deleted": person["hlc"] + "@x"}
        sequence = store.sequence

        for name in ("สมชาย ใจดี", "สมชาย ใจงาม"):  # the same bundle imported twice
            with pytest.raises(StampRejected):
                store.merge([("participants", poisoned)])
            edited = store.put("participants", {"name": name}, person["id"])

        assert store.sequence == sequence + 2
        assert store.get("participants", person["id"])["name"] == "สมชาย ใจงาม"
        assert edited["hlc"] > person["hlc"] and edited["hlc"] < "2"


def envelope(**changes: Any) -> dict[str, Any]:
    record = stamp_new({"name": "มาลี"}, "a" * 32, format_stamp(NINE_AM, 0), "desk-a")
    record.update(changes)
    return record


BAD_ENVELOPES: dict[str, Any] = {
    "not an object": ["a", "list"],
    "id a number": envelope(id=5),
    "id empty": envelope(id=""),
    "id with a slash": envelope(id="../etc"),
    "id with a space": envelope(id="a b"),
    "id too long": envelope(id="a" * 200),
    "hlc abc": envelope(hlc="abc"),
    "hlc 2286": envelope(hlc="9999999999999.99999"),
    "hlc tomorrow and a bit": envelope(hlc=format_stamp(NINE_AM + DAY_MS + 1, 0)),
    "station missing": {k: v for k, v in envelope().items() if k != "station"},
    "station a number": envelope(station=3),
    "deleted text": envelope(deleted="no"),
    "clocks a list": envelope(clocks=["x"]),
    "clock mark without station": envelope(clocks={"name": format_stamp(NINE_AM, 0)}),
    "clock mark in 2286": envelope(clocks={"name": "9999999999999.99999@x"}),
    "clock mark after the record": envelope(clocks={"name": format_stamp(NINE_AM, 5) + "@x"}),
    "not a number": envelope(score=math.nan),
    "huge": envelope(note="x" * (MAX_RECORD_BYTES + 1)),
}


@pytest.mark.parametrize("bad", BAD_ENVELOPES.values(), ids=BAD_ENVELOPES.keys())
def test_check_envelope_names_why_a_record_must_not_be_merged(bad: Any) -> None:
    reason = check_envelope(bad, NINE_AM)
    assert isinstance(reason, str) and reason


def test_check_envelope_passes_what_this_desk_itself_writes(tmp_path: Path) -> None:
    with Store.open(tmp_path / "event.json", station="desk-a", wall_ms=Clock()) as store:
        person = store.put("participants", {"name": "สมชาย", "star_level": 3})
        changed = store.put("participants", {"name": "สมชาย ใจดี"}, person["id"])
        deleted = store.delete("participants", person["id"])
        assert check_envelope(envelope(), NINE_AM) is None
        for good in (person, changed, deleted):
            assert store.check_incoming(good) is None
