"""Three desks, bundles and a real CouchDB mixed in any order: everyone ends up the same.

The merge laws are proven for whole-store merges in test_merge_laws.py. Here the transports are
real: a desk sometimes hands another a bundle file (write, read back, merge), sometimes pushes
to or pulls from the pouchdb-server, in random order with repeats. At the end every desk syncs
with the server twice round; then the three desks and the server hold the same records (a
tombstone that came through the server without the removed person's data aside), and every
check-in ever made is there exactly once.
"""

from __future__ import annotations

import json
import tempfile
import urllib.request
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from facilitator.storage.bundle import make_bundle, read_bundle, write_bundle
from facilitator.storage.couch import CouchClient
from facilitator.storage.couch_sync import CouchSync, public_url
from tests.pouchdb import new_database_name
from tests.storage.test_couch_sync import assert_docs_are_exactly
from tests.storage.test_merge_laws import checkin_op, clock_op, edit_op, play, state_of, three_desks


def shown(state: dict) -> dict:
    """What a desk holds, with each tombstone cut to what a CouchDB deletion keeps.

    The server's copy of a removed record drops the person's data (PDPA), so a desk that heard
    of the removal from the server holds less of a tombstone than the desk that removed it;
    every live record, and which records are removed and when, must still be the same.
    """
    return {
        key: record
        if not record.get("deleted")
        else {k: record[k] for k in ("id", "hlc", "station", "deleted") if k in record}
        for key, record in state.items()
    }


bundle_op = st.tuples(st.just("bundle"), st.integers(0, 2), st.integers(0, 2))
couch_op = st.tuples(st.just("couch"), st.integers(0, 2), st.sampled_from(["push", "pull", "both"]))
mixed_history = st.lists(st.one_of(edit_op, checkin_op, clock_op, bundle_op, couch_op), max_size=25)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mixed_history)
# Two desks change one person at the same stamp and one removes them: the merged tombstone
# must replace the server's (a deletion written over a deletion names the rev it extends).
@example(
    [
        ("edit", 0, "p0", "name", "สมชาย"),
        ("edit", 0, "p0", "name", "สมชาย"),
        ("edit", 0, "p1", "name", "สมชาย"),
        ("edit", 0, "p1", "deleted", "สมชาย"),
        ("edit", 1, "p0", "name", "สมชาย"),
        ("edit", 1, "p0", "name", "สมชาย"),
        ("edit", 1, "p1", "name", "สมชาย"),
        ("edit", 1, "p1", "name", "สมหญิง"),
    ]
)
def test_bundles_and_couchdb_in_any_order_converge(pouchdb_server: str, ops: list) -> None:
    url = f"{pouchdb_server}/{new_database_name()}"
    CouchClient(url).ensure_database()
    with three_desks() as desks, tempfile.TemporaryDirectory() as scratch:

        def couch(index: int, push: bool = True, pull: bool = True) -> None:
            CouchSync(desks[index].store, CouchClient(url), key=public_url(url)).sync(
                push=push, pull=pull
            )

        local_ops = []
        for n, op in enumerate(ops):
            if op[0] == "bundle":
                source, target = desks[op[2]].store, desks[op[1]].store
                if source is not target:
                    path = write_bundle(make_bundle(source, "event-1"), Path(scratch) / f"{n}.json")
                    target.merge(list(read_bundle(path).items()))
            elif op[0] == "couch":
                couch(op[1], push=op[2] != "pull", pull=op[2] != "push")
            else:
                play(desks, [op])
                local_ops.append(op)

        for _ in range(2):
            for index in range(3):
                couch(index)

        states = [shown(state_of(d.store)) for d in desks]
        assert states[0] == states[1] == states[2]
        with urllib.request.urlopen(f"{url}/_all_docs?include_docs=true&conflicts=true") as dump:
            docs = [row["doc"] for row in json.load(dump)["rows"]]
        assert_docs_are_exactly(desks[0].store, [d for d in docs if "_design/" not in d["_id"]])
        made = sorted({c for d in desks for c in d.checkins_made})
        for d in desks:
            assert sorted(r["id"] for r in d.store.records("checkins")) == made
