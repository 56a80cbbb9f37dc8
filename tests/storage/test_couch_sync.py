"""Desks sync with the office CouchDB over a bad network, and nothing is lost, doubled or leaked.

Everything runs against real servers, most tests against both pouchdb-server and the real
Apache CouchDB 3.4.3, as an ordinary member of a members-only database. The failures are the
ones a workshop and a provincial office produce: an answer lost after the server stored it,
another desk writing between our read and our write, a server that refuses a document, a page
read twice, a desk killed mid-pull, a database deleted and created again or restored from an old
backup, two servers replicating into conflicts, and a participant removed at one desk while
another still edits them. Clocks are injected: no test depends on the wall clock.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from facilitator.storage.couch import CouchClient, CouchUnreachable, ServerDoc
from facilitator.storage.couch_sync import (
    DESIGN_ID,
    CouchSync,
    PeopleViews,
    document_of,
    public_url,
)
from facilitator.storage.merge import Policy
from facilitator.storage.record import Record
from facilitator.storage.store import Store
from tests.couchdb import MEMBER, TestServer, through
from tests.pouchdb import CuttingProxy, new_database_name

POLICIES: dict[str, Policy] = {"participants": "lww", "checkins": "append", "event": "lww"}
PEOPLE = PeopleViews("participants", ("participant_id",))
REPO = Path(__file__).resolve().parents[2]

Opener = Callable[[str], Store]


@pytest.fixture
def open_store(tmp_path: Path) -> Iterator[Opener]:
    """Desks on one shared, injected clock that moves 1 ms per stamp: edits are ordered as the
    test makes them, whatever the machine's clock does."""
    wall = itertools.count(1_717_000_000_000)
    opened: list[Store] = []

    def opener(name: str) -> Store:
        store = Store.open(
            tmp_path / name / "event.json",
            station=name,
            policies=POLICIES,
            wall_ms=lambda: next(wall),
        )
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def db(server: TestServer) -> str:
    """A members-only database of the office, set up by its admin."""
    return server.new_database(members=[MEMBER[0]])


def fill(store: Store, people: int = 30, checkins: int = 60) -> None:
    store.put_many(
        ("participants", {"name": f"คนที่ {n}", "phone": f"08{n:08d}"}, f"p{n}")
        for n in range(people)
    )
    store.put_many(
        ("checkins", {"participant_id": f"p{n % people}", "session_id": f"s{n // people}"}, None)
        for n in range(checkins)
    )


def sync_of(store: Store, url: str, **kwargs: Any) -> CouchSync:
    return CouchSync(store, CouchClient(url), key=public_url(url), people=PEOPLE, **kwargs)


def member_sync(store: Store, server: TestServer, db: str, **kwargs: Any) -> CouchSync:
    return sync_of(store, server.url_for(db, MEMBER), **kwargs)


def server_docs(server: TestServer, db: str) -> list[dict[str, Any]]:
    return [d for d in server.all_docs(db) if not d["_id"].startswith("_design/")]


def assert_server_holds_exactly(store: Store, server: TestServer, db: str) -> None:
    """The server lists every live record of the desk as its document, and nothing else."""
    assert_docs_are_exactly(store, server_docs(server, db))


def assert_docs_are_exactly(store: Store, docs: list[dict[str, Any]]) -> None:
    """`docs` (an `_all_docs` dump) are the desk's live records as documents, and no more."""
    assert not [d["_id"] for d in docs if d.get("_conflicts")], "no conflicts left"
    on_server = {d["_id"]: {k: v for k, v in d.items() if k != "_rev"} for d in docs}
    live = {
        f"{table}:{r['id']}": document_of(table, r) for table, r in store.dump() if not r["deleted"]
    }
    assert on_server == live


def state(store: Store, include_deleted: bool = True) -> dict[tuple[str, str], Record]:
    return {(table, r["id"]): r for table, r in store.dump() if include_deleted or not r["deleted"]}


# --- an ordinary member pushes and pulls ----------------------------------------------------


def test_a_member_pushes_and_a_new_desk_pulls_everything(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a = open_store("desk-a")
    fill(a)
    report = member_sync(a, server, db, batch_size=25).sync()
    assert (report.pushed, report.waiting, report.design) == (90, 0, "not permitted")
    assert_server_holds_exactly(a, server, db)

    c = open_store("desk-c")
    report = member_sync(c, server, db, page_size=20).sync()
    assert (report.pulled_new, report.pushed) == (90, 0)
    assert state(c) == state(a)
    assert member_sync(c, server, db).pending() == [], "what was pulled is not pushed back"


def test_a_member_syncs_with_a_session_cookie(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a = open_store("desk-a")
    fill(a, people=5, checkins=5)
    url = server.url_for(db, MEMBER)

    report = CouchSync(a, CouchClient(url, auth="cookie"), key=public_url(url)).sync()

    assert (report.pushed, report.waiting) == (10, 0)
    assert_server_holds_exactly(a, server, db)


def test_only_what_changed_is_pushed_and_a_sync_costs_a_handful_of_requests(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a = open_store("desk-a")
    fill(a)
    with CuttingProxy(server.url) as proxy:
        engine = sync_of(a, through(proxy.url, db, MEMBER))
        engine.sync()
        engine.sync()  # reads back its own pushes once
        a.put("checkins", {"participant_id": "p3", "session_id": "s9"}, "late-one")
        assert [r["id"] for _, r in engine.pending()] == ["late-one"]
        before = len(proxy.requests)
        report = engine.sync()
        requests = proxy.requests[before:]
    assert (report.pushed, report.already_there) == (1, 0)
    assert len(requests) <= 6, requests
    assert_server_holds_exactly(a, server, db)


def test_a_lost_answer_to_a_stored_batch_is_retried_without_doubles(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a = open_store("desk-a")
    fill(a)
    with CuttingProxy(server.url) as proxy:
        url = through(proxy.url, db, MEMBER)
        proxy.drop_next_response("_bulk_docs")
        with pytest.raises(CouchUnreachable):
            sync_of(a, url, batch_size=40).sync()
        assert proxy.dropped, "the server stored the batch; only the answer was lost"
        report = sync_of(a, url, batch_size=40).push()
    assert report.already_there == 40, "the first batch is recognised, not sent again"
    assert report.pushed == 50
    assert member_sync(a, server, db).sync().waiting == 0
    assert_server_holds_exactly(a, server, db)


class InterleavingClient(CouchClient):
    """A real client; once, right after it read the server's copies, another desk writes."""

    def __init__(self, url: str, meanwhile: Callable[[], None]) -> None:
        super().__init__(url)
        self.meanwhile: Callable[[], None] | None = meanwhile

    def read_docs(self, ids: list[str]) -> dict[str, ServerDoc]:
        found = super().read_docs(ids)
        if self.meanwhile is not None:
            action, self.meanwhile = self.meanwhile, None
            action()
        return found


def test_a_conflict_inside_a_201_is_merged_and_retried(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a, b = open_store("desk-a"), open_store("desk-b")
    fill(a, people=3, checkins=0)
    member_sync(a, server, db).sync()
    member_sync(b, server, db).sync()
    a.put("participants", {"phone": "0811111111"}, "p1")
    b.put("participants", {"district": "เมือง"}, "p1")

    url = server.url_for(db, MEMBER)
    meanwhile = InterleavingClient(url, lambda: member_sync(a, server, db).sync())
    report = CouchSync(b, meanwhile, key=public_url(url)).sync()
    assert report.conflicts_merged == 1
    assert report.waiting == 0
    member_sync(a, server, db).sync()
    for desk in (a, b):
        person = desk.get("participants", "p1")
        assert (person["phone"], person["district"]) == ("0811111111", "เมือง")
        assert_server_holds_exactly(desk, server, db)


def test_a_document_the_server_refuses_stays_queued_and_is_shown(
    open_store: Opener, server: TestServer, db: str
) -> None:
    validator = (
        "function (doc) { if (doc.name === 'ห้ามส่ง') "
        "{ throw({forbidden: 'this name is not allowed here'}); } }"
    )
    status, _ = server.call("PUT", f"/{db}/_design/rules", {"validate_doc_update": validator})
    assert status == 201
    a = open_store("desk-a")
    fill(a, people=3, checkins=2)
    a.put("participants", {"name": "ห้ามส่ง"}, "p2")
    report = member_sync(a, server, db).sync()
    assert [r.doc_id for r in report.rejected] == ["participants:p2"]
    assert "not allowed" in report.rejected[0].reason
    assert report.waiting == 1
    assert [r["id"] for _, r in member_sync(a, server, db).pending()] == ["p2"]
    a.put("participants", {"name": "ส่งได้"}, "p2")
    report = member_sync(a, server, db).sync()
    assert (report.rejected, report.waiting) == ([], 0)
    assert_server_holds_exactly(a, server, db)


def test_the_same_page_of_changes_applied_twice_changes_nothing(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a, b = open_store("desk-a"), open_store("desk-b")
    fill(a)
    member_sync(a, server, db).sync()
    engine = member_sync(b, server, db, page_size=25)
    engine.pull()
    before = state(b)
    b.set_local(engine.checkpoint_key, None)  # as if the checkpoint had never been saved
    report = engine.pull()
    assert (report.pulled_new, report.pulled_updated) == (0, 0)
    assert report.pulled_pages == 4
    assert state(b) == before == state(a)


PULLER = """
import sys
from facilitator.storage.couch import CouchClient
from facilitator.storage.couch_sync import CouchSync, public_url
from facilitator.storage.store import Store
policies = {"participants": "lww", "checkins": "append"}
store = Store.open(sys.argv[1], station="desk-k", policies=policies)
engine = CouchSync(store, CouchClient(sys.argv[2]), key=public_url(sys.argv[2]), page_size=7,
                   on_progress=lambda report: print(report.pulled_pages, flush=True))
engine.pull()
print("done", flush=True)
"""


def test_a_desk_killed_in_the_middle_of_a_pull_finishes_it_on_the_next_run(
    open_store: Opener, pouchdb_server: str, tmp_path: Path
) -> None:
    url = f"{pouchdb_server}/{new_database_name()}"
    source = open_store("desk-a")
    fill(source, people=150, checkins=150)
    sync_of(source, url).sync()
    killed_at: list[str] = []
    path = tmp_path / "killed" / "event.json"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for pages_before_kill in (1, 3, 9, 20):
        child = subprocess.Popen(
            [sys.executable, "-c", PULLER, str(path), url],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        line = ""
        for _ in range(pages_before_kill):
            line = child.stdout.readline().strip()
            if not line or line == "done":
                break
        child.send_signal(signal.SIGKILL)
        child.wait()
        killed_at.append(line)
    assert any(mark.isdigit() for mark in killed_at), "at least one kill landed mid-pull"
    with Store.open(path, station="desk-k", policies=POLICIES) as survivor:
        partial = len(list(survivor.dump()))
        assert partial > 0
        report = sync_of(survivor, url).pull()
        assert report.pulled_new == 300 - partial
        assert state(survivor) == state(source)


# --- a server that lost what it was given ------------------------------------------------------


def test_a_database_deleted_and_created_again_is_refilled_by_the_next_sync(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a = open_store("desk-a")
    fill(a)
    engine = member_sync(a, server, db)
    engine.sync()

    server.delete_database(db)
    server.new_database(members=[MEMBER[0]], name=db)
    assert engine.pending() == [], "the desk alone cannot know"
    report = engine.sync()

    assert report.refilled
    assert (report.pushed, report.waiting) == (90, 0)
    assert_server_holds_exactly(a, server, db)
    c = open_store("desk-c")
    assert member_sync(c, server, db).sync().pulled_new == 90
    assert not member_sync(a, server, db).sync().refilled, "refilled once, then trusted"


def test_a_server_restored_from_an_old_backup_gets_back_only_what_it_lost(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a = open_store("desk-a")
    fill(a, people=30, checkins=0)
    engine = member_sync(a, server, db)
    engine.sync()
    backup = server.new_database()
    server.replicate(db, backup)
    status, checkpoint = server.call("GET", f"/{db}/_local/{engine.replication_id}")
    assert status == 200
    a.put_many(("participants", {"name": f"มาทีหลัง {n}"}, f"late{n}") for n in range(10))
    engine.sync()

    # The office restores last night's copy: the documents and the checkpoint of that time.
    server.delete_database(db)
    server.new_database(members=[MEMBER[0]], name=db)
    server.replicate(backup, db)
    old = {k: v for k, v in checkpoint.items() if k not in {"_id", "_rev"}}
    assert server.call("PUT", f"/{db}/_local/{engine.replication_id}", old)[0] == 201
    report = engine.sync()

    assert report.refilled
    assert (report.pushed, report.waiting) == (10, 0), "the 30 it still held are not resent"
    assert_server_holds_exactly(a, server, db)


# --- deletions --------------------------------------------------------------------------------


def test_a_removed_participant_is_a_couchdb_deletion_and_stays_removed(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a, b, c = open_store("desk-a"), open_store("desk-b"), open_store("desk-c")
    fill(a, people=3, checkins=0)
    for desk in (a, b, c):
        member_sync(desk, server, db).sync()
    b.put("participants", {"phone": "0899999999"}, "p1")  # offline, before the removal
    a.delete("participants", "p1")
    member_sync(a, server, db).sync()

    docs = {d["_id"] for d in server_docs(server, db)}
    assert "participants:p1" not in docs, "Fauxton, PouchDB and views do not list it"
    status, _ = server.call("GET", f"/{db}/participants:p1")
    assert status == 404
    [tombstone] = CouchClient(server.url_for(db)).leaf_docs("participants:p1")
    assert tombstone["_deleted"] and tombstone["deleted"] is True
    assert "name" not in tombstone and "phone" not in tombstone, "no personal data stays"
    assert {"id", "hlc", "station", "clocks", "type"} <= tombstone.keys()

    for desk in (b, c, a, b):
        member_sync(desk, server, db).sync()
    for desk in (a, b, c):
        assert desk.get("participants", "p1")["deleted"] is True  # type: ignore[index]
        assert "p1" not in {r["id"] for r in desk.records("participants")}
    assert "participants:p1" not in {d["_id"] for d in server_docs(server, db)}
    assert_server_holds_exactly(b, server, db)


# --- two servers replicating -------------------------------------------------------------------


def test_two_servers_replicating_both_ways_end_without_conflicts_and_with_both_edits(
    open_store: Opener, server: TestServer
) -> None:
    province, department = (server.new_database(members=[MEMBER[0]]) for _ in range(2))
    a, b, c = open_store("desk-a"), open_store("desk-b"), open_store("desk-c")
    fill(a, people=3, checkins=0)
    member_sync(a, server, province).sync()
    server.replicate(province, department)
    member_sync(b, server, department).sync()
    a.put("participants", {"phone": "0811111111"}, "p1")  # at the province's desk
    b.put("participants", {"district": "ดอนตาล"}, "p1")  # at the department's
    member_sync(a, server, province).sync()
    member_sync(b, server, department).sync()
    server.replicate(province, department)
    server.replicate(department, province)
    assert [d for d in server_docs(server, province) if d.get("_conflicts")], "a real conflict"

    report = member_sync(c, server, province).sync()  # a fresh desk, on one side only
    assert report.conflicts_merged == 1
    assert not [d for d in server_docs(server, province) if d.get("_conflicts")]
    server.replicate(province, department)
    server.replicate(department, province)
    member_sync(a, server, province).sync()
    member_sync(b, server, department).sync()

    for name in (province, department):
        assert not [d["_id"] for d in server_docs(server, name) if d.get("_conflicts")]
    for desk in (a, b, c):
        person = desk.get("participants", "p1")
        assert (person["phone"], person["district"]) == ("0811111111", "ดอนตาล")  # type: ignore[index]
    assert state(a) == state(b) == state(c)


def test_a_removal_on_one_server_wins_over_an_older_edit_on_the_other(
    open_store: Opener, server: TestServer
) -> None:
    province, department = (server.new_database(members=[MEMBER[0]]) for _ in range(2))
    a, b, c = open_store("desk-a"), open_store("desk-b"), open_store("desk-c")
    fill(a, people=3, checkins=0)
    member_sync(a, server, province).sync()
    server.replicate(province, department)
    member_sync(b, server, department).sync()
    b.put("participants", {"name": "แก้ชื่อ"}, "p2")  # first, on the department's side
    a.delete("participants", "p2")  # later, on the province's
    member_sync(b, server, department).sync()
    member_sync(a, server, province).sync()
    server.replicate(province, department)  # the edit wins CouchDB's pick: a live revision
    server.replicate(department, province)
    assert "participants:p2" in {d["_id"] for d in server_docs(server, province)}

    member_sync(c, server, province).sync()
    server.replicate(province, department)
    for desk, side in ((a, province), (b, department), (c, province)):
        member_sync(desk, server, side).sync()

    for name in (province, department):
        assert "participants:p2" not in {d["_id"] for d in server_docs(server, name)}
    for desk in (a, b, c):
        assert desk.get("participants", "p2")["deleted"] is True  # type: ignore[index]


# --- what other tools and other people see --------------------------------------------------


def test_the_dump_holds_nothing_the_desk_keeps_secret(
    open_store: Opener, server: TestServer, db: str
) -> None:
    secret = "event-signing-key-4f1c"

    def keep_key_home(table: str, record: Record) -> Record:
        return {k: v for k, v in record.items() if k != "key"} if table == "event" else record

    a = open_store("desk-a")
    a.put("event", {"name": "โครงการ KBO มุกดาหาร", "key": secret}, "ev1")
    fill(a, people=3, checkins=3)
    report = member_sync(a, server, db, outgoing=keep_key_home).sync()
    assert report.pushed == 7

    status, dump = server.call("GET", f"/{db}/_all_docs?include_docs=true&conflicts=true")
    assert status == 200 and secret not in json.dumps(dump, ensure_ascii=False)
    c = open_store("desk-c")
    member_sync(c, server, db).sync()
    assert c.get("event", "ev1")["name"] == "โครงการ KBO มุกดาหาร"  # type: ignore[index]
    assert "key" not in c.get("event", "ev1")  # type: ignore[operator]
    assert a.get("event", "ev1")["key"] == secret, "the desk keeps it"  # type: ignore[index]
    assert member_sync(a, server, db, outgoing=keep_key_home).sync().pushed == 0


def test_the_views_list_records_by_type_and_by_participant(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a = open_store("desk-a")
    fill(a, people=3, checkins=6)
    a.delete("checkins", next(r["id"] for r in a.records("checkins")))
    report = sync_of(a, server.url_for(db)).sync()  # the office's admin may install them
    assert report.design == "installed"

    status, by_type = server.call("GET", f"/{db}/{DESIGN_ID}/_view/by_type?group=true")
    assert status == 200, by_type
    counts = {row["key"]: row["value"] for row in by_type["rows"]}
    assert counts == {"participants": 3, "checkins": 5}, "the removed one is not listed"
    key = quote(json.dumps(["p1", "checkins"]))
    status, rows = server.call(
        "GET", f"/{db}/{DESIGN_ID}/_view/by_participant?reduce=false&key={key}"
    )
    assert status == 200 and len(rows["rows"]) == 2
    assert member_sync(a, server, db).sync().design == "present"


def test_incoming_records_can_be_set_aside_and_damaged_ones_are_reported(
    open_store: Opener, server: TestServer, db: str
) -> None:
    a = open_store("desk-a")
    fill(a, people=3, checkins=0)
    member_sync(a, server, db).sync()
    client = CouchClient(server.url_for(db, MEMBER))
    client.bulk_docs(
        [
            {"_id": "participants:bad1", "id": "bad1", "hlc": "abc", "station": "x"},
            {"_id": "participants:bad2", "id": "bad2", "hlc": "9" * 13 + ".00000"},
            {"_id": "notes-from-fauxton", "text": "not the desks' business"},
        ]
    )

    def no_p0(table: str, record: Record) -> Record | None:
        return None if record["id"] == "p0" else record

    c = open_store("desk-c")
    report = member_sync(c, server, db, incoming=no_p0).sync()

    reasons = {s.doc_id: s.reason for s in report.skipped}
    assert set(reasons) == {"participants:bad1", "participants:bad2", "participants:p0"}
    assert "clock stamp" in reasons["participants:bad1"]
    assert "station" in reasons["participants:bad2"]
    assert "set aside" in reasons["participants:p0"]
    assert {r["id"] for r in c.records("participants")} == {"p1", "p2"}

    before = server.call("GET", f"/{db}/participants:p0")[1]
    c.put("participants", {"name": "ของโต๊ะ C"}, "p0")
    report = member_sync(c, server, db, incoming=no_p0).sync()
    assert report.waiting == 1, "a copy this desk cannot read is never overwritten"
    assert server.call("GET", f"/{db}/participants:p0")[1] == before
