"""The desk talks to the office's CouchDB as an ordinary member and understands every answer.

Most tests run twice: against pouchdb-server and against the real Apache CouchDB 3.4.3, each
with an admin who set up users and members-only databases, the way a provincial office does.
"""

from __future__ import annotations

import json
import re
import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.storage.couch import (
    ACTIONS,
    ERROR_CODES,
    ChangesPage,
    CouchBadUrl,
    CouchClient,
    CouchCredentialsNeeded,
    CouchError,
    CouchForbidden,
    CouchNoDatabase,
    CouchNotCouchDB,
    CouchUnauthorized,
    CouchUnreachable,
    redact,
)
from tests.couchdb import MEMBER, OUTSIDER, TestServer, through
from tests.pouchdb import CuttingProxy, new_database_name, running_pouchdb
from tests.storage.fault_proxy import FaultProxy, body, status

CATALOGUE = Path(__file__).resolve().parents[2] / "facilitator" / "messages" / "couch.json"


@pytest.fixture
def members_db(server: TestServer) -> str:
    """A database only `MEMBER` (and the admin) may use."""
    return server.new_database(members=[MEMBER[0]])


@pytest.fixture
def member(server: TestServer, members_db: str) -> CouchClient:
    """A client logged in as an ordinary member of `members_db`."""
    return CouchClient(server.url_for(members_db, MEMBER))


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


# --- the database, as an ordinary member ---------------------------------------------------


def test_a_member_uses_the_database_without_ever_trying_to_create_it(
    server: TestServer, members_db: str
) -> None:
    with CuttingProxy(server.url) as proxy:
        client = CouchClient(through(proxy.url, members_db, MEMBER))
        info = client.open_database()
        client.bulk_docs([{"_id": "people:somchai", "name": "สมชาย"}])
        stored = client.get_docs(["people:somchai"])

    assert info["db_name"] == members_db
    assert not [r for r in proxy.requests if r.startswith("PUT")]
    assert list(stored) == ["people:somchai"]


def test_the_admin_creates_a_missing_database_and_opening_it_again_is_harmless(
    server: TestServer,
) -> None:
    client = CouchClient(server.url_for(new_database_name()))

    client.open_database()
    client.open_database()

    assert client.info()["doc_count"] == 0


def test_a_member_cannot_create_a_missing_database_and_is_told_so(
    server: TestServer,
) -> None:
    if server.kind == "pouchdb":
        pytest.skip("express-pouchdb 4.2.0 crashes on a non-admin PUT /db (routes/db.js)")
    client = CouchClient(server.url_for("never_created", MEMBER))

    with pytest.raises(CouchNoDatabase) as raised:
        client.open_database()

    assert raised.value.code == "no_database"
    assert raised.value.params["database"] == "never_created"
    assert raised.value.params["user"] == MEMBER[0]
    assert "may not create it" in str(raised.value)


def test_wrong_password_and_not_a_member_are_told_apart(
    server: TestServer, members_db: str
) -> None:
    wrong = CouchClient(server.url_for(members_db, (MEMBER[0], "wrong-pw")))
    outsider = CouchClient(server.url_for(members_db, OUTSIDER))
    anonymous = CouchClient(f"{server.url}/{members_db}")

    with pytest.raises(CouchUnauthorized) as bad_password:
        wrong.open_database()
    with pytest.raises(CouchForbidden) as not_member:
        outsider.open_database()
    with pytest.raises(CouchCredentialsNeeded) as nobody:
        anonymous.open_database()

    assert (bad_password.value.code, bad_password.value.status) == ("unauthorized", 401)
    assert not_member.value.code == "forbidden"
    assert not_member.value.params["user"] == OUTSIDER[0]
    assert "not a member" in str(not_member.value)
    assert nobody.value.code == "credentials_needed"
    for raised in (bad_password, not_member):
        assert "wrong-pw" not in str(raised.value) and OUTSIDER[1] not in str(raised.value)
        assert MEMBER[1] not in repr(raised.value.params)


def test_cookie_sessions_send_the_password_once_and_log_in_again_when_one_expires(
    server: TestServer, members_db: str
) -> None:
    with FaultProxy(server.url) as proxy:
        url = through(proxy.url, members_db, MEMBER)
        client = CouchClient(url, auth="cookie")
        client.open_database()
        client.bulk_docs([{"_id": "people:malee"}])
        proxy.fault("_all_docs", status(401), times=1)  # the session expired meanwhile

        assert list(client.get_docs(["people:malee"])) == ["people:malee"]

    logins = [r for r in proxy.requests if r == "POST /_session"]
    assert len(logins) == 2
    assert set(proxy.credentials) == {"none", "cookie"}, "never Basic auth"
    assert MEMBER[1] not in repr(client) and MEMBER[1] not in repr(vars(client))


def test_a_cookie_login_with_the_wrong_password_is_unauthorized(
    server: TestServer, members_db: str
) -> None:
    client = CouchClient(server.url_for(members_db, (MEMBER[0], "wrong-pw")), auth="cookie")

    with pytest.raises(CouchUnauthorized):
        client.open_database()


def test_an_address_that_is_not_couchdb_says_so(server: TestServer) -> None:
    login_page = b"<html><body>Hotel wifi: please log in</body></html>"
    with FaultProxy(server.url) as proxy:
        proxy.fault("", body(login_page, content_type="text/html"))
        with pytest.raises(CouchNotCouchDB) as html:
            CouchClient(f"{proxy.url}/workshop").open_database()
        proxy.clear()
        proxy.fault("", body(b"", status=302))
        with pytest.raises(CouchNotCouchDB) as redirect:
            CouchClient(f"{proxy.url}/workshop").open_database()
        proxy.clear()
        proxy.fault("", body(b'{"hello": "a JSON API"}'))
        with pytest.raises(CouchNotCouchDB):
            CouchClient(f"{proxy.url}/workshop").open_database()

    assert html.value.code == "not_couchdb"
    assert "wifi login page" in str(html.value)
    assert "redirect" in redirect.value.params["detail"]


# --- writing and reading ----------------------------------------------------------------------


def test_a_thousand_registrations_written_at_once_each_get_their_own_answer(
    member: CouchClient,
) -> None:
    docs = [{"_id": f"p{n:04}", "name": f"ผู้เข้าร่วม {n}"} for n in range(1000)]

    results = member.bulk_docs(docs)

    assert [r.id for r in results] == [d["_id"] for d in docs]
    assert all(r.ok and r.error is None for r in results)
    assert all(r.rev and r.rev.startswith("1-") for r in results)
    stored = member.get_docs([d["_id"] for d in docs])
    assert len(stored) == 1000
    assert stored["p0042"]["name"] == "ผู้เข้าร่วม 42"
    assert member.info()["doc_count"] == 1000


def test_an_edit_from_a_stale_revision_is_a_conflict_inside_a_successful_answer(
    member: CouchClient,
) -> None:
    [first] = member.bulk_docs([{"_id": "somchai", "shop": "ผ้าไหม"}])
    [second] = member.bulk_docs([{"_id": "somchai", "_rev": first.rev, "shop": "ผ้าฝ้าย"}])

    stale, fresh = member.bulk_docs(
        [
            {"_id": "somchai", "_rev": first.rev, "shop": "จักสาน"},
            {"_id": "malee", "shop": "น้ำพริก"},
        ]
    )

    assert stale.conflict and not stale.ok
    assert stale.rev is None
    assert stale.reason
    assert fresh.ok and not fresh.conflict
    assert member.get_docs(["somchai"])["somchai"]["_rev"] == second.rev


def test_reading_documents_tells_conflicts_and_deletions(member: CouchClient) -> None:
    member.bulk_docs(
        [
            {"_id": "split", "_rev": "1-aaa", "v": "a"},
            {"_id": "split", "_rev": "1-bbb", "v": "b"},
        ],
        new_edits=False,  # what a replication between two servers leaves behind
    )
    [gone] = member.bulk_docs([{"_id": "gone"}])
    member.bulk_docs([{"_id": "gone", "_rev": gone.rev, "_deleted": True, "hlc": "kept"}])

    found = member.read_docs(["split", "gone", "never-existed"])

    assert set(found) == {"split", "gone"}
    assert (found["split"].rev, found["split"].conflicts) == ("1-bbb", ("1-aaa",))
    assert found["gone"].deleted and found["gone"].doc is None
    loser = member.bulk_get([("split", "1-aaa"), ("gone", found["gone"].rev)])
    assert loser[("split", "1-aaa")]["v"] == "a"
    assert loser[("gone", found["gone"].rev)]["hlc"] == "kept", "a deletion keeps its body"
    assert {d["_rev"] for d in member.leaf_docs("split")} == {"1-aaa", "1-bbb"}
    assert list(member.get_docs(["split", "gone"])) == ["split"]


def test_checkpoints_live_in_local_documents(member: CouchClient) -> None:
    assert member.get_local("desk-a") is None

    rev = member.put_local("desk-a", {"push_seq": 3})
    member.put_local("desk-a", {"push_seq": 4, "_rev": rev})

    assert member.get_local("desk-a")["push_seq"] == 4  # type: ignore[index]
    assert member.changes(None).results == [], "_local documents are not replicated"


# --- the changes feed --------------------------------------------------------------------------


def test_paging_through_changes_returns_every_document_exactly_once(member: CouchClient) -> None:
    member.bulk_docs([{"_id": f"p{n:02}", "n": n} for n in range(25)])

    pages, last_seq = _read_whole_feed(member, limit=7)

    assert [len(p.results) for p in pages] == [7, 7, 7, 4]
    seen = Counter(change.id for page in pages for change in page.results)
    assert set(seen) == {f"p{n:02}" for n in range(25)}
    assert set(seen.values()) == {1}
    change = pages[0].results[0]
    assert isinstance(change.seq, str) and isinstance(last_seq, str)
    assert change.doc is not None and change.doc["_id"] == change.id
    assert change.leaves == (change.doc["_rev"],)
    assert change.deleted is False


def test_the_feed_picks_up_where_it_stopped_and_shows_every_leaf(member: CouchClient) -> None:
    [somchai] = member.bulk_docs([{"_id": "somchai"}])
    caught_up = member.changes(None).last_seq

    member.bulk_docs([{"_id": "somchai", "_rev": somchai.rev, "_deleted": True, "why": "left"}])
    member.bulk_docs([{"_id": "split", "_rev": "1-aaa"}, {"_id": "split", "_rev": "1-bbb"}], False)
    page = member.changes(caught_up)

    assert [(c.id, c.deleted) for c in page.results] == [("somchai", True), ("split", False)]
    assert page.results[0].doc["why"] == "left"  # type: ignore[index]
    assert set(page.results[1].leaves) == {"1-aaa", "1-bbb"}
    assert page.results[1].doc["_conflicts"] == ["1-aaa"]  # type: ignore[index]
    assert member.changes(page.last_seq).results == []


# --- when the network lets us down -----------------------------------------------------------


def test_nobody_listening_is_unreachable_and_says_what_to_do() -> None:
    client = CouchClient(f"http://127.0.0.1:{_closed_port()}/workshop")

    with pytest.raises(CouchUnreachable) as raised:
        client.info()

    assert raised.value.code == "unreachable"
    message = str(raised.value)
    assert client.server_url in message
    assert "is the server running" in message
    assert "safe to sync again" in message


def test_a_server_that_never_answers_times_out(silent_port: int) -> None:
    client = CouchClient(f"http://127.0.0.1:{silent_port}/workshop", timeout=0.3)

    with pytest.raises(CouchUnreachable) as raised:
        client.bulk_docs([{"_id": "somchai"}])

    assert raised.value.code == "timeout"
    assert raised.value.params["seconds"] == "0.3"


def test_a_server_that_drops_off_the_network_comes_back_with_its_data() -> None:
    with running_pouchdb() as server:
        client = CouchClient(server.database_url())
        client.open_database()
        client.bulk_docs([{"_id": "somchai"}])

        server.stop()
        with pytest.raises(CouchUnreachable):
            client.changes(None)
        server.start()

        assert list(client.get_docs(["somchai"])) == ["somchai"]


def test_a_lost_answer_is_unreachable_although_the_write_happened(
    server: TestServer, members_db: str
) -> None:
    with CuttingProxy(server.url) as proxy:
        through_proxy = CouchClient(through(proxy.url, members_db, MEMBER))
        proxy.drop_next_response("_bulk_docs")

        with pytest.raises(CouchUnreachable, match="outcome is unknown"):
            through_proxy.bulk_docs([{"_id": "somchai"}])

        assert proxy.dropped == [f"POST /{members_db}/_bulk_docs"]
        assert list(through_proxy.get_docs(["somchai"])) == ["somchai"]


# --- credentials and messages -------------------------------------------------------------------


def test_an_unreachable_server_does_not_leak_the_password_either() -> None:
    client = CouchClient(f"http://desk:s3cret-pw@127.0.0.1:{_closed_port()}/workshop")

    with pytest.raises(CouchUnreachable) as raised:
        client.open_database()

    assert "s3cret-pw" not in str(raised.value)
    assert "s3cret-pw" not in repr(raised.value.params)
    assert "s3cret-pw" not in repr(client) and "s3cret-pw" not in str(client)


def test_credentials_can_come_from_the_environment(
    server: TestServer, members_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUCHDB_USER", MEMBER[0])
    monkeypatch.setenv("COUCHDB_PASSWORD", MEMBER[1])
    client = CouchClient(f"{server.url}/{members_db}")

    assert client.open_database()["db_name"] == members_db


def test_urls_are_redacted_for_logs_and_screens() -> None:
    assert redact("http://desk:s3cret@10.0.0.5:5984/kbo") == "http://desk:***@10.0.0.5:5984/kbo"
    assert redact("https://couch.example.org/kbo") == "https://couch.example.org/kbo"


@pytest.mark.parametrize(
    "url", ["http://desk:s3cret@127.0.0.1:5984/", "ftp://desk:s3cret@host/db", "http://[::1"]
)
def test_a_bad_address_is_refused_with_an_example(url: str) -> None:
    with pytest.raises(CouchBadUrl) as raised:
        CouchClient(url)

    assert raised.value.code == "bad_url"
    assert "s3cret" not in str(raised.value)
    assert "http://host:5984/database" in str(raised.value)


def test_every_error_code_has_thai_and_english_text_with_the_same_fields() -> None:
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    fields = re.compile(r"{(\w+)")

    for code, cls in ERROR_CODES.items():
        texts = catalogue[f"couch.error.{code}"]
        english = set(fields.findall(cls.template))
        assert set(fields.findall(texts["en"])) == english, code
        assert set(fields.findall(texts["th"])) == english, code
        assert re.search("[\u0e00-\u0e7f]", texts["th"]), f"{code} has Thai text"
        assert texts["en"] == cls.template, "the desk's English is the client's English"
    for key, english in ACTIONS.items():
        assert catalogue[f"couch.action.{key}"]["en"] == english
    expected = {f"couch.error.{c}" for c in ERROR_CODES} | {f"couch.action.{a}" for a in ACTIONS}
    assert set(catalogue) == expected


def test_every_error_is_a_couch_error_with_its_code_and_no_missing_field() -> None:
    for code, cls in ERROR_CODES.items():
        error = cls(server="http://127.0.0.1:5984")
        assert isinstance(error, CouchError)
        assert error.code == code
        assert "{" not in str(error)
