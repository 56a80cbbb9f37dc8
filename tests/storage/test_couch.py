"""The desk talks to a real CouchDB-compatible server and understands every answer it gets."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator

import pytest

from facilitator.storage.couch import ChangesPage, CouchClient, CouchError, CouchUnreachable, redact
from tests.pouchdb import CuttingProxy, new_database_name, running_pouchdb


@pytest.fixture
def couch(pouchdb_server: str) -> CouchClient:
    """A client on a fresh, created database of the shared test server."""
    client = CouchClient(f"{pouchdb_server}/{new_database_name()}")
    client.ensure_database()
    return client


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers, like a hung server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _read_whole_feed(couch: CouchClient, limit: int) -> tuple[list[ChangesPage], str]:
    pages: list[ChangesPage] = []
    since: str | None = None
    while True:
        page = couch.changes(since, limit=limit)
        if not page.results:
            return pages, page.last_seq
        pages.append(page)
        since = page.last_seq


# --- the database ---------------------------------------------------------------


def test_the_workshop_database_is_created_and_creating_it_again_is_harmless(
    pouchdb_server: str,
) -> None:
    client = CouchClient(f"{pouchdb_server}/{new_database_name()}")

    client.ensure_database()
    client.ensure_database()

    assert client.info()["doc_count"] == 0
    assert client.server_url == pouchdb_server


def test_a_database_that_was_never_created_is_reported_with_advice(pouchdb_server: str) -> None:
    client = CouchClient(f"{pouchdb_server}/never_created")

    with pytest.raises(CouchError) as raised:
        client.info()

    assert raised.value.status == 404
    assert "never_created" in str(raised.value)
    assert "create it" in str(raised.value)


# --- writing and reading ----------------------------------------------------------


def test_a_thousand_registrations_written_at_once_each_get_their_own_answer(
    couch: CouchClient,
) -> None:
    docs = [{"_id": f"p{n:04}", "name": f"ผู้เข้าร่วม {n}"} for n in range(1000)]

    results = couch.bulk_docs(docs)

    assert [r.id for r in results] == [d["_id"] for d in docs]
    assert all(r.ok and r.error is None for r in results)
    assert all(r.rev and r.rev.startswith("1-") for r in results)
    stored = couch.get_docs([d["_id"] for d in docs])
    assert len(stored) == 1000
    assert stored["p0042"]["name"] == "ผู้เข้าร่วม 42"
    assert couch.info()["doc_count"] == 1000


def test_an_edit_from_a_stale_revision_is_a_conflict_inside_a_successful_answer(
    couch: CouchClient,
) -> None:
    [first] = couch.bulk_docs([{"_id": "somchai", "shop": "ผ้าไหม"}])
    [second] = couch.bulk_docs([{"_id": "somchai", "_rev": first.rev, "shop": "ผ้าฝ้าย"}])

    stale, fresh = couch.bulk_docs(
        [
            {"_id": "somchai", "_rev": first.rev, "shop": "จักสาน"},
            {"_id": "malee", "shop": "น้ำพริก"},
        ]
    )

    assert stale.conflict and not stale.ok
    assert stale.rev is None
    assert stale.reason
    assert fresh.ok and not fresh.conflict
    assert couch.get_docs(["somchai"])["somchai"]["_rev"] == second.rev
    assert couch.get_docs(["somchai"])["somchai"]["shop"] == "ผ้าฝ้าย"


def test_reading_documents_leaves_out_the_missing_and_the_deleted(couch: CouchClient) -> None:
    kept, gone = couch.bulk_docs([{"_id": "kept"}, {"_id": "gone"}])
    couch.bulk_docs([{"_id": "gone", "_rev": gone.rev, "_deleted": True}])

    found = couch.get_docs(["kept", "gone", "never-existed"])

    assert list(found) == ["kept"]
    assert found["kept"]["_rev"] == kept.rev
    assert couch.get_docs([]) == {}
    assert couch.bulk_docs([]) == []


# --- the changes feed ---------------------------------------------------------------


def test_paging_through_changes_returns_every_document_exactly_once(couch: CouchClient) -> None:
    couch.bulk_docs([{"_id": f"p{n:02}", "n": n} for n in range(25)])

    pages, last_seq = _read_whole_feed(couch, limit=7)

    assert [len(p.results) for p in pages] == [7, 7, 7, 4]
    seen = Counter(change["id"] for page in pages for change in page.results)
    assert set(seen) == {f"p{n:02}" for n in range(25)}
    assert set(seen.values()) == {1}
    change = pages[0].results[0]
    assert isinstance(change["seq"], str) and isinstance(last_seq, str)
    assert change["doc"]["_id"] == change["id"]
    assert change["deleted"] is False


def test_the_feed_picks_up_where_it_stopped_and_reports_deletions(couch: CouchClient) -> None:
    [somchai] = couch.bulk_docs([{"_id": "somchai"}])
    caught_up = couch.changes(None).last_seq

    couch.bulk_docs([{"_id": "somchai", "_rev": somchai.rev, "_deleted": True}])
    couch.bulk_docs([{"_id": "malee"}])
    page = couch.changes(caught_up)

    assert [(c["id"], c["deleted"]) for c in page.results] == [
        ("somchai", True),
        ("malee", False),
    ]
    assert couch.changes(page.last_seq).results == []


# --- when the network lets us down ------------------------------------------------------


def test_nobody_listening_is_unreachable_and_says_what_to_do() -> None:
    client = CouchClient(f"http://127.0.0.1:{_closed_port()}/workshop")

    with pytest.raises(CouchUnreachable) as raised:
        client.info()

    message = str(raised.value)
    assert client.server_url in message
    assert "running" in message
    assert "safe to try again" in message


def test_a_server_that_never_answers_times_out_as_unreachable(silent_port: int) -> None:
    client = CouchClient(f"http://127.0.0.1:{silent_port}/workshop", timeout=0.3)

    with pytest.raises(CouchUnreachable, match=r"did not answer .* within 0\.3 s"):
        client.bulk_docs([{"_id": "somchai"}])


def test_a_server_that_drops_off_the_network_comes_back_with_its_data() -> None:
    with running_pouchdb() as server:
        client = CouchClient(server.database_url())
        client.ensure_database()
        client.bulk_docs([{"_id": "somchai"}])

        server.stop()
        with pytest.raises(CouchUnreachable):
            client.changes(None)
        server.start()

        assert list(client.get_docs(["somchai"])) == ["somchai"]


def test_a_lost_answer_is_unreachable_although_the_write_happened(couch: CouchClient) -> None:
    with CuttingProxy(couch.server_url) as proxy:
        through_proxy = CouchClient(f"{proxy.url}/{couch.database}")
        proxy.drop_next_response("_bulk_docs")

        with pytest.raises(CouchUnreachable, match="outcome is unknown"):
            through_proxy.bulk_docs([{"_id": "somchai"}])

        assert proxy.dropped == [f"POST /{couch.database}/_bulk_docs"]
        assert list(through_proxy.get_docs(["somchai"])) == ["somchai"]


# --- credentials --------------------------------------------------------------------------


def test_wrong_credentials_are_refused_without_ever_showing_the_password() -> None:
    with running_pouchdb(admin=("desk", "s3cret-pw")) as server:
        good = CouchClient(server.database_url())
        good.ensure_database()
        wrong = CouchClient(f"http://desk:wrong-pw@127.0.0.1:{server.port}/{good.database}")

        with pytest.raises(CouchError) as raised:
            wrong.info()

    assert raised.value.status == 401
    assert "password" in str(raised.value)
    assert "wrong-pw" not in str(raised.value)
    for client in (good, wrong):
        assert "pw" not in repr(client) and "pw" not in str(client)
        assert "desk" in repr(client)


def test_credentials_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUCHDB_USER", "desk")
    monkeypatch.setenv("COUCHDB_PASSWORD", "s3cret-pw")
    with running_pouchdb(admin=("desk", "s3cret-pw")) as server:
        client = CouchClient(server.database_url(with_credentials=False))

        client.ensure_database()

        assert client.info()["doc_count"] == 0


def test_an_unreachable_server_does_not_leak_the_password_either() -> None:
    client = CouchClient(f"http://desk:s3cret-pw@127.0.0.1:{_closed_port()}/workshop")

    with pytest.raises(CouchUnreachable) as raised:
        client.ensure_database()

    assert "s3cret-pw" not in str(raised.value)
    assert "s3cret-pw" not in repr(client)


def test_urls_are_redacted_for_logs_and_screens() -> None:
    assert redact("http://desk:s3cret@10.0.0.5:5984/kbo") == "http://desk:***@10.0.0.5:5984/kbo"
    assert redact("https://couch.example.org/kbo") == "https://couch.example.org/kbo"


def test_a_url_without_a_database_is_refused_with_an_example() -> None:
    with pytest.raises(CouchError, match="names no database") as raised:
        CouchClient("http://desk:s3cret@127.0.0.1:5984/")

    assert "s3cret" not in str(raised.value)
