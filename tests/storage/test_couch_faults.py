"""A misbehaving server never hangs, exhausts or crashes the desk: every sync returns, with a
reason, and the desk loses nothing.

Each case is one the red-team run reproduced against the first version: one byte every few
seconds hung sync forever (the timeout was per read), a `_changes` feed whose `last_seq` never
moved looped (16,475 requests in a minute), a 1.5 GB body was read whole, and six malformed
answers were tracebacks. A fault-injecting proxy (tests/storage/fault_proxy.py) plays the bad
server in front of a real one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.storage.couch import (
    CouchClient,
    CouchError,
    CouchMalformed,
    CouchNoProgress,
    CouchNotCouchDB,
    CouchTimeout,
    CouchTooLarge,
    CouchUnreachable,
)
from facilitator.storage.couch_sync import CouchSync, public_url
from facilitator.storage.merge import Policy
from facilitator.storage.store import Store
from tests.pouchdb import new_database_name
from tests.storage.fault_proxy import FaultProxy, body, drip, endless, rewrite, since_of

POLICIES: dict[str, Policy] = {"participants": "lww", "checkins": "append"}


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Store]:
    wall = iter(range(1_717_000_000_000, 1_717_000_000_000 + 10**6))
    store = Store.open(tmp_path / "desk" / "event.json", "desk-a", POLICIES, lambda: next(wall))
    store.put_many(
        ("participants", {"name": f"คนที่ {n}", "note": "ก" * 2000}, f"p{n}") for n in range(30)
    )
    yield store
    store.close()


@pytest.fixture
def proxy(pouchdb_server: str) -> Iterator[FaultProxy]:
    with FaultProxy(pouchdb_server) as running:
        yield running


@pytest.fixture
def db(pouchdb_server: str, desk: Store) -> str:
    """A database already holding the desk's 30 records, pushed past the proxy."""
    name = new_database_name()
    url = f"{pouchdb_server}/{name}"
    CouchSync(desk, CouchClient(url), key=public_url(url)).sync()
    return name


def engine(store: Store, url: str, **kwargs: Any) -> CouchSync:
    client_options = {k: kwargs.pop(k) for k in ("timeout", "max_body", "clock") if k in kwargs}
    return CouchSync(store, CouchClient(url, **client_options), key=public_url(url), **kwargs)


def fresh(tmp_path: Path, name: str = "fresh") -> Store:
    return Store.open(tmp_path / name / "event.json", name, POLICIES)


@pytest.mark.timeout(30)
@pytest.mark.timed_wait
def test_a_server_dripping_one_byte_at_a_time_fails_at_the_deadline(
    proxy: FaultProxy, db: str, tmp_path: Path
) -> None:
    proxy.fault("_changes", drip(0.05))  # each byte well inside any per-read timeout
    with fresh(tmp_path) as store:
        with pytest.raises(CouchTimeout) as raised:
            engine(store, f"{proxy.url}/{db}", timeout=0.5).sync()

        assert isinstance(raised.value, CouchUnreachable), "the desk shows it as offline"
        assert raised.value.params["action"] == "read_changes"
        assert raised.value.params["seconds"] == "0.5"
        proxy.clear()
        assert engine(store, f"{proxy.url}/{db}").sync().pulled_new == 30


def test_a_huge_declared_body_is_refused_without_reading_it(
    proxy: FaultProxy, db: str, tmp_path: Path
) -> None:
    proxy.fault("_changes", endless(declared=True))
    with fresh(tmp_path) as store, pytest.raises(CouchTooLarge) as raised:
        engine(store, f"{proxy.url}/{db}", page_size=1).sync()

    assert raised.value.code == "too_large"
    assert proxy.sent < 16 * 1024 * 1024, "a 2 GB answer was not read"


def test_an_endless_body_is_cut_at_the_size_cap(proxy: FaultProxy, db: str) -> None:
    proxy.fault("_changes", endless(declared=False))
    client = CouchClient(f"{proxy.url}/{db}", max_body=1024 * 1024)

    with pytest.raises(CouchTooLarge) as raised:
        client.changes(None)

    assert raised.value.params["limit"] == "1 MiB"
    assert proxy.sent < 16 * 1024 * 1024, "streamed and counted, never read whole"


def test_a_page_too_big_for_the_cap_is_read_in_smaller_pages(
    db: str, pouchdb_server: str, tmp_path: Path
) -> None:
    with fresh(tmp_path) as store:
        report = engine(store, f"{pouchdb_server}/{db}", max_body=40_000, page_size=30).pull()

        assert report.pulled_new == 30
        assert report.pulled_pages > 1


def test_a_feed_that_never_moves_on_stops_with_no_progress(
    proxy: FaultProxy, db: str, tmp_path: Path
) -> None:
    def stuck(path: str, feed: Any) -> Any:
        return {**feed, "last_seq": since_of(path) or feed["last_seq"]}

    proxy.fault("_changes", rewrite(stuck))
    with fresh(tmp_path) as store:
        with pytest.raises(CouchNoProgress) as raised:
            engine(store, f"{proxy.url}/{db}", page_size=5).pull()

        assert raised.value.code == "no_progress"
        assert len([r for r in proxy.requests if "_changes" in r]) == 2
        assert 0 < store.count("participants") < 30, "the page before it is kept"


MALFORMED = [
    ("_changes", b"<html>Bad Gateway</html>"),
    ("_changes", b'{"results": "nope", "last_seq": 1}'),
    ("_changes", b'{"results": []}'),
    ("_changes", b'{"results": [{"seq": 1}], "last_seq": 2}'),
    ("_changes", b'{"results": [{"id": "participants:x", "seq": 1, "changes": 7}], "last_seq": 2}'),
    ("_changes", b'{"results": [{"id": "x", "seq": 1, "doc": "text"}], "last_seq": 2}'),
    ("_changes", b"[1, 2, 3]"),
    ("_changes", b'{"results": ['),
    ("_all_docs", b'{"rows": [{"id": "participants:p1", "value": 1}]}'),
    ("_all_docs", b'{"total_rows": 1}'),
    ("_all_docs", b'{"rows": [{"id": "participants:p1", "value": {"rev": 5}}]}'),
    ("_bulk_docs", b'{"ok": true}'),
    ("_bulk_docs", b"[]"),
    ("_bulk_docs", b'["not a row"]'),
    ("_local", b'"a string"'),
]


@pytest.mark.parametrize(("path", "raw"), MALFORMED)
def test_a_malformed_answer_is_a_clear_error_and_changes_nothing(
    proxy: FaultProxy, pouchdb_server: str, desk: Store, path: str, raw: bytes
) -> None:
    name = new_database_name()
    desk.put("participants", {"name": "ใหม่"}, "new")  # so there is something to push
    proxy.fault(path, body(raw))

    with pytest.raises(CouchMalformed) as raised:
        engine(desk, f"{proxy.url}/{name}").sync()

    assert raised.value.code == "malformed"
    assert proxy.url in str(raised.value) and raised.value.params["detail"]
    assert desk.count("participants") == 31, "nothing lost, nothing half-merged"
    assert desk.get("participants", "new")["name"] == "ใหม่"  # type: ignore[index]


def test_a_gateway_error_page_is_offline_and_a_login_page_is_not_couchdb(
    proxy: FaultProxy, db: str, tmp_path: Path
) -> None:
    with fresh(tmp_path) as store:
        proxy.fault("_changes", body(b"<html>503</html>", status=503, content_type="text/html"))
        with pytest.raises(CouchUnreachable) as gateway:
            engine(store, f"{proxy.url}/{db}").sync()
        proxy.clear()
        proxy.fault(f"/{db}", body(b"<html>login</html>", content_type="text/html"))
        with pytest.raises(CouchNotCouchDB):
            engine(store, f"{proxy.url}/{db}").sync()

    assert gateway.value.code == "unreachable" and gateway.value.status == 503


class SteppingClock:
    """A monotonic clock that moves `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_a_whole_sync_has_a_deadline_even_when_each_request_is_quick(
    pouchdb_server: str, desk: Store, tmp_path: Path
) -> None:
    url = f"{pouchdb_server}/{new_database_name()}"
    slow_server: Callable[[], float] = SteppingClock(step=1.0)  # every request "takes" 1 s

    with pytest.raises(CouchTimeout) as raised:
        engine(desk, url, clock=slow_server, deadline=8.0, batch_size=2).sync()

    assert (raised.value.params["action"], raised.value.params["seconds"]) == ("sync", "8")
    report = engine(desk, url).sync()
    assert report.waiting == 0 and report.pushed + report.already_there == 30
    with fresh(tmp_path) as other:
        assert engine(other, url).sync().pulled_new == 30


def test_every_fault_is_a_couch_error(proxy: FaultProxy, db: str, tmp_path: Path) -> None:
    """Whatever the server does, the caller needs to catch one exception type."""
    for responder in (body(b"\xff\xfe garbage"), body(b"{}", status=418), endless(True)):
        proxy.clear()
        proxy.fault("", responder)
        with fresh(tmp_path) as store, pytest.raises(CouchError):
            engine(store, f"{proxy.url}/{db}").sync()
