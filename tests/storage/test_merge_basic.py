"""Two desks edit the same roster offline; when they sync, both must end up with the same data.

That holds only if merging is commutative (desk order does not matter), associative (grouping of
syncs does not matter) and idempotent (syncing twice changes nothing). These are handmade cases
a workshop produces; property tests over random histories come with the sync engine.
"""

from __future__ import annotations

from itertools import permutations

import pytest

from facilitator.storage.merge import Policy, merge_records
from facilitator.storage.record import Record, field_marks, stamp_change, stamp_new


def stamp(minute: int, counter: int = 0) -> str:
    return f"{1_717_207_200_000 + minute * 60_000:013d}.{counter:05d}"


def edit(old: Record, minute: int, station: str, **changes: object) -> Record:
    changed = stamp_change(old, changes, stamp(minute), station)
    assert changed is not None
    return changed


SOMCHAI = stamp_new(
    {"name": "สมชาย", "phone": "0812345678", "district": "เมือง"}, "p1", stamp(0), "desk-a"
)
# Desk A fixes the phone number while desk B, offline, fixes the district.
PHONE_FIXED_AT_A = edit(SOMCHAI, 5, "desk-a", phone="0812345679")
DISTRICT_FIXED_AT_B = edit(SOMCHAI, 6, "desk-b", district="หาดใหญ่")
# Desk C removes the duplicate entry; a tombstone, not a disappearance.
DELETED_AT_C = edit(SOMCHAI, 4, "desk-c", deleted=True)
# Two desks change the same field at the same moment: the station breaks the tie.
NAME_AT_A = edit(SOMCHAI, 7, "desk-a", name="สมชาย ใจดี")
NAME_AT_B = edit(SOMCHAI, 7, "desk-b", name="สมชาย ใจงาม")

VERSIONS = [SOMCHAI, PHONE_FIXED_AT_A, DISTRICT_FIXED_AT_B, DELETED_AT_C, NAME_AT_A, NAME_AT_B]
PAIRS = [(a, b) for a, b in permutations(VERSIONS, 2)]
TRIPLES = list(permutations(VERSIONS, 3))

CHECKIN_AT_A = stamp_new({"participant": "p1", "session": "s1"}, "c1", stamp(1), "desk-a")
CHECKIN_COPY = dict(CHECKIN_AT_A)
CHECKIN_ODD = stamp_new({"participant": "p1", "session": "s1"}, "c1", stamp(1), "desk-b")


def merge_all(records: tuple[Record, ...] | list[Record], policy: Policy = "lww") -> Record:
    merged = records[0]
    for record in records[1:]:
        merged = merge_records(merged, record, policy)
    return merged


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_the_order_in_which_two_desks_sync_does_not_matter(a: Record, b: Record) -> None:
    assert merge_records(a, b) == merge_records(b, a)


@pytest.mark.parametrize(("a", "b", "c"), TRIPLES)
def test_the_grouping_of_syncs_does_not_matter(a: Record, b: Record, c: Record) -> None:
    assert merge_records(merge_records(a, b), c) == merge_records(a, merge_records(b, c))


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_syncing_the_same_change_again_changes_nothing(a: Record, b: Record) -> None:
    merged = merge_records(a, b)
    assert merge_records(merged, merged) == merged
    assert merge_records(merged, a) == merged
    assert merge_records(merged, b) == merged
    assert merge_records(a, a) == a


def test_edits_of_different_fields_on_two_desks_are_both_kept() -> None:
    merged = merge_records(PHONE_FIXED_AT_A, DISTRICT_FIXED_AT_B)
    assert (merged["phone"], merged["district"]) == ("0812345679", "หาดใหญ่")
    assert merged["name"] == "สมชาย"
    assert merged["hlc"] == DISTRICT_FIXED_AT_B["hlc"]


def test_the_same_field_edited_at_the_same_moment_resolves_the_same_way_everywhere() -> None:
    assert merge_records(NAME_AT_A, NAME_AT_B)["name"] == "สมชาย ใจงาม"
    assert merge_records(NAME_AT_B, NAME_AT_A)["name"] == "สมชาย ใจงาม"


def test_a_deletion_survives_later_edits_of_other_fields_in_any_order() -> None:
    for order in permutations([DELETED_AT_C, PHONE_FIXED_AT_A, DISTRICT_FIXED_AT_B, NAME_AT_A]):
        merged = merge_all(list(order))
        assert merged["deleted"] is True
        assert merged["phone"] == "0812345679" and merged["name"] == "สมชาย ใจดี"


def test_a_check_in_is_a_fact_two_copies_of_it_are_one() -> None:
    assert merge_records(CHECKIN_AT_A, CHECKIN_COPY, "append") == CHECKIN_AT_A
    one_way = merge_records(CHECKIN_AT_A, CHECKIN_ODD, "append")
    assert one_way == merge_records(CHECKIN_ODD, CHECKIN_AT_A, "append")
    assert merge_records(one_way, CHECKIN_AT_A, "append") == one_way


def test_a_record_written_whole_carries_no_marks_and_an_edit_names_only_the_older_fields() -> None:
    assert SOMCHAI["clocks"] == {}
    assert PHONE_FIXED_AT_A["clocks"] == {
        key: f"{stamp(0)}@desk-a" for key in ("name", "district", "deleted")
    }
    assert field_marks(PHONE_FIXED_AT_A)["phone"] == f"{stamp(5)}@desk-a"


def test_marks_spelled_out_by_an_older_release_merge_as_the_short_ones_do() -> None:
    """A file from before the marks were left out says every mark; both forms mean the same."""

    def spelled_out(record: Record) -> Record:
        return {**record, "clocks": field_marks(record)}

    for a, b in permutations(VERSIONS, 2):
        short = merge_records(a, b)
        for old_a, old_b in (
            (spelled_out(a), b),
            (a, spelled_out(b)),
            (spelled_out(a), spelled_out(b)),
        ):
            assert merge_records(old_a, old_b) == short
            assert merge_records(old_b, old_a) == short
