"""Three desks work offline, with wrong clocks, and swap data in any order: they must agree.

Hypothesis writes the histories: desks A, B and C (real Stores in temporary folders, each with its
own station and a wall clock the test controls) edit the same participants, record check-ins,
have their clocks set back or forward, and now and then pull another desk's whole state. The
laws that make sync safe are then checked on what the desks hold:

- commutative: merging A into B gives what merging B into A gives;
- associative: (A+B)+C is A+(B+C), so it does not matter who relays whose data;
- idempotent: merging what you already have changes nothing (a bundle imported twice);
- convergence: after any exchanges, once everybody has heard from everybody, all desks hold the
  same records, and every check-in ever made is there exactly once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.storage.merge import Policy, merge_records
from facilitator.storage.record import Record
from facilitator.storage.store import Store

POLICIES: dict[str, Policy] = {"participants": "lww", "checkins": "append"}
STATIONS = ("desk-a", "desk-b", "desk-c")
PEOPLE = ("p0", "p1", "p2")
START_MS = 1_717_207_200_000  # 2024-06-01 09:00 +07, the first morning of a workshop

State = dict[tuple[str, str], Record]


@dataclass
class ManualClock:
    """A desk laptop's wall clock: moves on by itself, and sometimes someone sets it wrong."""

    ms: int = START_MS

    def __call__(self) -> int:
        return self.ms


@dataclass
class DeskSim:
    """One desk: a real Store on disk plus the clock it reads."""

    store: Store
    clock: ManualClock
    checkins_made: list[str] = field(default_factory=list)


# -- what a desk can do ---------------------------------------------------------------------

edit_op = st.tuples(
    st.just("edit"),
    st.integers(0, 2),
    st.sampled_from(PEOPLE),
    st.sampled_from(["name", "phone", "district", "deleted"]),
    st.sampled_from(["สมชาย", "สมหญิง", "0812345678", "เมือง", "", True, False]),
)
checkin_op = st.tuples(st.just("checkin"), st.integers(0, 2), st.sampled_from(PEOPLE))
# The same fact recorded at two desks under one id (a deterministic id, or a copied record):
# the two copies may differ in who stamped them, and every desk must keep the same one.
same_fact_op = st.tuples(
    st.just("fact"), st.integers(0, 2), st.sampled_from(PEOPLE), st.sampled_from(["scan", "hand"])
)
clock_op = st.tuples(
    st.just("clock"),
    st.integers(0, 2),
    st.integers(-3_600_000, 3_600_000),  # +-1 hour
)
# Two laptops whose clocks read exactly the same: equal stamps, only the station tells them apart.
same_time_op = st.tuples(st.just("set"), st.integers(0, 2), st.integers(0, 3))
pull_op = st.tuples(st.just("pull"), st.integers(0, 2), st.integers(0, 2))
tick_op = st.tuples(st.just("tick"), st.integers(0, 2), st.integers(0, 5))
history = st.lists(
    st.one_of(edit_op, checkin_op, same_fact_op, clock_op, same_time_op, pull_op, tick_op),
    max_size=40,
)

LAW_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def three_desks() -> Iterator[list[DeskSim]]:
    with tempfile.TemporaryDirectory(prefix="merge-laws-") as folder:
        desks = []
        for station in STATIONS:
            clock = ManualClock()
            store = Store.open(
                Path(folder) / station / "event.json",
                station=station,
                policies=POLICIES,
                wall_ms=clock,
            )
            desks.append(DeskSim(store, clock))
        try:
            yield desks
        finally:
            for desk in desks:
                desk.store.close()


def play(desks: list[DeskSim], ops: list[tuple[Any, ...]]) -> None:
    """Run a history: every op is something a person (or the sync) does at one desk."""
    for op in ops:
        kind, who = op[0], desks[op[1]]
        if kind != "set":
            who.clock.ms += 7  # time passes between any two things a person does
        if kind == "edit":
            _, _, person, name, value = op
            who.store.put("participants", {name: value}, person)
        elif kind == "checkin":
            checkin_id = f"{who.store.station}-{len(who.checkins_made)}"
            who.store.put("checkins", {"participant": op[2], "session": "am"}, checkin_id)
            who.checkins_made.append(checkin_id)
        elif kind == "fact":
            fact_id = f"{op[2]}-am"
            who.store.put("checkins", {"participant": op[2], "session": "am", "by": op[3]}, fact_id)
            who.checkins_made.append(fact_id)
        elif kind == "set":
            who.clock.ms = START_MS + op[2]
        elif kind == "clock":
            who.clock.ms += op[2]
        elif kind == "tick":
            for _ in range(op[2]):
                who.clock.ms += 1
        elif kind == "pull":
            source = desks[op[2]].store
            if source is not who.store:
                who.store.merge(list(source.dump()))


def state_of(store: Store) -> State:
    return {(table, record["id"]): record for table, record in store.dump()}


def merge_states(*states: State) -> State:
    """The pure merge of whole desk states, record by record, with the tables' policies."""
    merged: State = {}
    for state in states:
        for key, record in state.items():
            current = merged.get(key)
            merged[key] = (
                record if current is None else merge_records(current, record, POLICIES[key[0]])
            )
    return merged


def merged_in_a_fresh_store(folder: Path, name: str, *states: State) -> State:
    """Merge states into a brand-new desk, through Store.merge and its journal, then reopen it."""
    path = folder / name / "event.json"
    with Store.open(path, station=f"fresh-{name}", policies=POLICIES) as store:
        for state in states:
            store.merge([(table, record) for (table, _), record in state.items()])
    with Store.open(path, policies=POLICIES) as reopened:
        return state_of(reopened)


@LAW_SETTINGS
@given(history)
def test_merging_whole_desks_is_commutative_associative_and_idempotent(ops: list) -> None:
    with three_desks() as desks, tempfile.TemporaryDirectory() as scratch:
        play(desks, ops)
        a, b, c = (state_of(d.store) for d in desks)
        folder = Path(scratch)

        assert merge_states(a, b) == merge_states(b, a)
        assert merge_states(merge_states(a, b), c) == merge_states(a, merge_states(b, c))
        ab = merge_states(a, b)
        assert merge_states(ab, ab) == ab
        assert merge_states(ab, a) == ab

        # The same laws through the real store: what is written to disk and read back.
        assert merged_in_a_fresh_store(folder, "ab", a, b) == merged_in_a_fresh_store(
            folder, "ba", b, a
        )
        assert merged_in_a_fresh_store(folder, "abc", a, b, c) == merge_states(a, b, c)
        assert merged_in_a_fresh_store(folder, "cab", c, a, b) == merge_states(a, b, c)


@LAW_SETTINGS
@given(history)
def test_importing_what_a_desk_already_has_changes_nothing(ops: list) -> None:
    with three_desks() as desks:
        play(desks, ops)
        a, b = desks[0].store, desks[1].store
        a.merge(list(b.dump()))
        before = state_of(a)
        report = a.merge(list(b.dump()))
        assert (report.added, report.updated) == (0, 0)
        report = a.merge(list(a.dump()))
        assert (report.added, report.updated) == (0, 0)
        assert state_of(a) == before


@LAW_SETTINGS
@given(history, st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=12))
def test_desks_that_swap_data_in_any_order_end_up_the_same(
    ops: list, exchanges: list[tuple[int, int]]
) -> None:
    with three_desks() as desks:
        play(desks, ops)
        # Random extra exchanges (repeats and self-syncs included), then everybody hears from
        # everybody: a ring twice round is enough for three desks.
        for to, source in exchanges:
            if to != source:
                desks[to].store.merge(list(desks[source].store.dump()))
        for to, source in [(0, 1), (1, 2), (2, 0), (0, 1), (1, 2), (2, 0)]:
            desks[to].store.merge(list(desks[source].store.dump()))

        states = [state_of(d.store) for d in desks]
        assert states[0] == states[1] == states[2]
        assert states[0] == merge_states(*states)

        made = [checkin for d in desks for checkin in d.checkins_made]
        held = [d.store.records("checkins") for d in desks]
        for records in held:
            ids = [r["id"] for r in records]
            assert sorted(ids) == sorted(set(made)), "every check-in ever made, each exactly once"


@LAW_SETTINGS
@given(history)
def test_a_desk_whose_clock_went_back_still_wins_with_its_later_edit(ops: list) -> None:
    """After any history, an edit made after seeing the others' data beats everything it saw."""
    with three_desks() as desks:
        play(desks, ops)
        late = desks[2]
        late.store.merge(list(desks[0].store.dump()))
        late.store.merge(list(desks[1].store.dump()))
        late.clock.ms -= 86_400_000  # someone set the laptop back a whole day
        late.store.put("participants", {"phone": "0899999999"}, "p0")
        for other in desks[:2]:
            other.store.merge(list(late.store.dump()))
            assert other.store.get("participants", "p0")["phone"] == "0899999999"
