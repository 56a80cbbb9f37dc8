"""A desk syncs with the office CouchDB over a bad network, and nothing is lost or doubled.

Everything runs against a real CouchDB-compatible server (tests/node/server.js). The failures are
the ones a workshop hall produces: the answer to a write lost after the server stored it, another
desk writing the same record between our read and our write, a server that refuses a document,
the same page of changes read twice, and the desk's process killed in the middle of a pull.
After a re-run the server holds every record once, with no conflicts, and the desk lost nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.storage.couch import CouchClient, CouchUnreachable
from facilitator.storage.couch_sync import CouchSync, public_url, record_of
from facilitator.storage.merge import Policy
from facilitator.storage.store import Store
from tests.pouchdb import CuttingProxy, new_database_name

POLICIES: dict[str, Policy] = {"people": "lww", "visits": "append"}
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_url(pouchdb_server: str) -> str:
    return f"{pouchdb_server}/{new_database_name()}"


@pytest.fixture
def open_store(tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    opened: list[Store] = []

    def opener(name: str) -> Store:
        store = Store.open(tmp_path / name / "event.json", station=name, policies=POLICIES)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()


def fill(store: Store, people: int = 30, visits: int = 60) -> None:
    store.put_many(("people", {"name": f"คนที่ {n}", "n": n}, f"p{n}") for n in range(people))
    store.put_many(("visits", {"person": f"p{n % people}", "at": n}, None) for n in range(visits))


def sync_of(store: Store, url: str, **kwargs: Any) -> CouchSync:
    return CouchSync(store, CouchClient(url), key=public_url(url), **kwargs)


def server_docs(url: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{url}/_all_docs?include_docs=true&conflicts=true") as answer:
        rows = json.load(answer)["rows"]
    return [row["doc"] for row in rows if not row["id"].startswith("_design/")]


def assert_server_holds_exactly(store: Store, url: str) -> None:
    docs = server_docs(url)
    assert not [d["_id"] for d in docs if d.get("_conflicts")], "no conflicts left"
    ids = [d["_id"] for d in docs]
    assert len(ids) == len(set(ids))
    on_server = {d["_id"]: record_of(d)[1] for d in docs}  # type: ignore[index]
    local = {f"{table}:{r['id']}": r for table, r in store.dump()}
    assert on_server == local


def state(store: Store) -> dict[tuple[str, str], dict[str, Any]]:
    return {(table, r["id"]): r for table, r in store.dump()}


def test_a_desk_pushes_and_a_new_desk_pulls_everything(open_store, db_url: str) -> None:
    a = open_store("desk-a")
    fill(a)
    report = sync_of(a, db_url, batch_size=25).sync()
    assert (report.pushed, report.waiting) == (90, 0)
    assert_server_holds_exactly(a, db_url)

    c = open_store("desk-c")
    report = sync_of(c, db_url, page_size=20).sync()
    assert report.pulled_new == 90
    assert state(c) == state(a)
    assert sync_of(c, db_url).pending() == [], "what was pulled is not pushed back"


def test_only_changes_are_pushed_the_second_time(open_store, db_url: str) -> None:
    a = open_store("desk-a")
    fill(a)
    engine = sync_of(a, db_url)
    engine.sync()
    a.put("people", {"phone": "0812345678"}, "p3")
    assert [r["id"] for _, r in engine.pending()] == ["p3"]
    report = engine.sync()
    assert report.pushed == 1
    assert_server_holds_exactly(a, db_url)


def test_a_lost_answer_to_a_stored_batch_is_retried_without_doubles(
    open_store, pouchdb_server: str
) -> None:
    name = new_database_name()
    a = open_store("desk-a")
    fill(a)
    with CuttingProxy(pouchdb_server) as proxy:
        url = f"{proxy.url}/{name}"
        proxy.drop_next_response("_bulk_docs")
        with pytest.raises(CouchUnreachable):
            sync_of(a, url, batch_size=40).sync()
        assert proxy.dropped, "the server stored the batch; only the answer was lost"
        report = sync_of(a, url, batch_size=40).push()
    assert report.already_there == 40, "the first batch is recognised, not sent again"
    assert report.pushed == 50
    assert sync_of(a, f"{pouchdb_server}/{name}").sync().waiting == 0
    assert_server_holds_exactly(a, f"{pouchdb_server}/{name}")


class InterleavingClient(CouchClient):
    """A real client; once, right after it read the server's copies, another desk writes."""

    def __init__(self, url: str, meanwhile: Callable[[], None]) -> None:
        super().__init__(url)
        self.meanwhile: Callable[[], None] | None = meanwhile

    def get_docs(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        found = super().get_docs(ids)
        if self.meanwhile is not None:
            action, self.meanwhile = self.meanwhile, None
            action()
        return found


def test_a_conflict_inside_a_201_is_merged_and_retried(open_store, db_url: str) -> None:
    a, b = open_store("desk-a"), open_store("desk-b")
    fill(a, people=3, visits=0)
    sync_of(a, db_url).sync()
    sync_of(b, db_url).sync()
    a.put("people", {"phone": "0811111111"}, "p1")
    b.put("people", {"district": "เมือง"}, "p1")

    engine_b = CouchSync(
        b, InterleavingClient(db_url, lambda: sync_of(a, db_url).sync()), key=public_url(db_url)
    )
    report = engine_b.sync()
    assert report.conflicts_merged == 1
    assert report.waiting == 0
    sync_of(a, db_url).sync()
    for desk in (a, b):
        person = desk.get("people", "p1")
        assert (person["phone"], person["district"]) == ("0811111111", "เมือง")
        assert_server_holds_exactly(desk, db_url)


def test_a_document_the_server_refuses_stays_queued_and_is_shown(open_store, db_url: str) -> None:
    client = CouchClient(db_url)
    client.ensure_database()
    validator = (
        "function (doc) { if (doc.name === 'ห้ามส่ง') "
        "{ throw({forbidden: 'this name is not allowed here'}); } }"
    )
    client.bulk_docs([{"_id": "_design/rules", "validate_doc_update": validator}])
    a = open_store("desk-a")
    fill(a, people=3, visits=2)
    a.put("people", {"name": "ห้ามส่ง"}, "p2")
    report = sync_of(a, db_url).sync()
    assert [r.doc_id for r in report.rejected] == ["people:p2"]
    assert "not allowed" in report.rejected[0].reason
    assert report.waiting == 1
    assert [r["id"] for _, r in sync_of(a, db_url).pending()] == ["p2"]
    a.put("people", {"name": "ส่งได้"}, "p2")
    report = sync_of(a, db_url).sync()
    assert (report.rejected, report.waiting) == ([], 0)
    assert_server_holds_exactly(a, db_url)


def test_the_same_page_of_changes_applied_twice_changes_nothing(open_store, db_url: str) -> None:
    a, b = open_store("desk-a"), open_store("desk-b")
    fill(a)
    sync_of(a, db_url).sync()
    engine = sync_of(b, db_url, page_size=25)
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
store = Store.open(sys.argv[1], station="desk-k", policies={"people": "lww", "visits": "append"})
engine = CouchSync(store, CouchClient(sys.argv[2]), key=public_url(sys.argv[2]), page_size=7,
                   on_progress=lambda report: print(report.pulled_pages, flush=True))
engine.pull()
print("done", flush=True)
"""


def test_a_desk_killed_in_the_middle_of_a_pull_finishes_it_on_the_next_run(
    open_store, db_url: str, tmp_path: Path
) -> None:
    source = open_store("desk-a")
    fill(source, people=150, visits=150)
    sync_of(source, db_url).sync()
    killed_at: list[str] = []
    path = tmp_path / "killed" / "event.json"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for pages_before_kill in (1, 3, 9, 20):
        child = subprocess.Popen(
            [sys.executable, "-c", PULLER, str(path), db_url],
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
        time.sleep(0.05)
    assert any(mark.isdigit() for mark in killed_at), "at least one kill landed mid-pull"
    with Store.open(path, station="desk-k", policies=POLICIES) as survivor:
        partial = len(list(survivor.dump()))
        assert partial > 0
        report = sync_of(survivor, db_url).pull()
        assert report.pulled_new == 300 - partial
        assert state(survivor) == state(source)
