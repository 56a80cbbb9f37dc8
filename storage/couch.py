"""A CouchDB HTTP client over the standard library that always returns, with an error that says why.

The failures it prevents, each seen against a real server:

* **An ordinary user could not sync.** The old client `PUT` the database on every run, which
  CouchDB refuses to anyone but a server admin, and the desk then said the password was wrong.
  `open_database` asks `GET /db` first and creates the database only when it is missing.
* **One byte every three seconds hung sync forever**, because a socket timeout bounds each read,
  not the request. Every request here has one deadline for the whole exchange (connect, send,
  headers, body): a watchdog cuts the socket when it passes. `deadline()` adds a budget for a
  whole sync run on top.
* **A 1.5 GB answer was read whole.** Bodies are streamed and counted; past `max_body` the
  request fails with `too_large` without reading the rest.
* **Malformed answers were tracebacks.** Every answer is checked for the shape CouchDB sends;
  anything else is a `malformed` error naming what was wrong, never a KeyError.

Every failure is a `CouchError` with a stable `code` (one subclass per code), `params` (strings,
for the desk's own words in Thai or English, see `facilitator/messages/couch.json`) and an
English message. `CouchUnreachable` (and its `CouchTimeout`) mean the request may or may not have
reached the server: the caller retries the same idempotent write, never assumes it failed.

Credentials come from the URL (`http://user:pass@host:5984/db`) or `COUCHDB_USER` /
`COUCHDB_PASSWORD`, and travel as Basic auth or, with `auth="cookie"`, as CouchDB's `_session`
cookie (logged in once, renewed once on a 401). They never appear in `repr`, `str`, errors or
logs. The client knows nothing of what the documents mean.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from typing import Any, ClassVar, Literal
from urllib.parse import quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = [
    "ACTIONS",
    "ERROR_CODES",
    "Change",
    "ChangesPage",
    "CouchBadUrl",
    "CouchClient",
    "CouchCredentialsNeeded",
    "CouchError",
    "CouchForbidden",
    "CouchMalformed",
    "CouchNoDatabase",
    "CouchNoProgress",
    "CouchNotCouchDB",
    "CouchRefused",
    "CouchTLS",
    "CouchTimeout",
    "CouchTooLarge",
    "CouchUnauthorized",
    "CouchUnreachable",
    "DocResult",
    "ServerDoc",
    "redact",
]

MAX_BODY = 64 * 1024 * 1024
"""The largest answer read by default: a page of 500 documents is well under a megabyte."""
_CHUNK = 64 * 1024
_GATEWAY_STATUSES = frozenset({502, 503, 504})
_MISSING_DATABASE_REASONS = frozenset({"Database does not exist.", "no_db_file"})
_DETAIL_LIMIT = 160  # characters of a server's own reason kept in a message


# -- errors ---------------------------------------------------------------------------------

ACTIONS = {
    "check_database": "checking the database",
    "create_database": "creating the database",
    "read_database": "reading the database",
    "write_documents": "writing documents",
    "read_documents": "reading documents",
    "read_revisions": "reading revisions",
    "read_document": "reading a document",
    "write_document": "writing a document",
    "read_changes": "reading the changes feed",
    "check_user": "checking the user",
    "log_in": "logging in",
    "sync": "this sync",
}
"""What a request was doing, by the key errors carry in `params["action"]` (the desk's own words
are `couch.action.<key>` in the message catalogue)."""


class CouchError(Exception):
    """CouchDB refused or could not do what was asked.

    `code` is stable (the desk's message catalogue is keyed by it: `couch.error.<code>`),
    `params` fill the message's `{fields}` (all strings; `params["action"]` is a key of
    `ACTIONS`, whose words are `couch.action.<key>`), `status` is the HTTP status when the
    server answered, else None. No field ever holds a password or a session cookie.
    """

    code: ClassVar[str] = "refused"
    template: ClassVar[str] = "CouchDB at {server} refused {action} with HTTP {status} ({detail})."

    def __init__(self, status: int | None = None, **params: object) -> None:
        self.status = status
        if status is not None:
            params.setdefault("status", status)
        self.params: dict[str, str] = {k: str(v) for k, v in params.items()}
        english = dict(self.params)
        if "action" in english:
            english["action"] = ACTIONS.get(english["action"], english["action"])
        super().__init__(self.template.format_map(_Blank(english)))


class _Blank(dict[str, str]):
    """Formats a template whose field was not given as an empty string, never a KeyError."""

    def __missing__(self, key: str) -> str:
        return ""


class CouchRefused(CouchError):
    """Any other refusal: the server answered with an HTTP error this client has no name for."""


class CouchBadUrl(CouchError):
    code = "bad_url"
    template = (
        "The CouchDB address {url} is not valid ({detail}); write it like "
        "http://host:5984/database."
    )


class CouchUnreachable(CouchError):
    """The server could not be reached or stopped answering: the outcome is unknown."""

    code = "unreachable"
    template = (
        "Cannot reach CouchDB at {server} during {action} ({detail}). Everything is safe on this "
        "desk; the outcome is unknown, so it is safe to sync again once the network is back."
    )


class CouchTimeout(CouchUnreachable):
    """The deadline of one request, or of a whole sync run, passed before the answer ended."""

    code = "timeout"
    template = (
        "CouchDB at {server} did not finish {action} within {seconds} s. Everything is safe on "
        "this desk; the outcome is unknown, so it is safe to sync again."
    )


class CouchTLS(CouchError):
    code = "tls"
    template = (
        "The secure connection to {server} failed ({detail}); check the https address and the "
        "server's certificate."
    )


class CouchCredentialsNeeded(CouchError):
    code = "credentials_needed"
    template = (
        "CouchDB at {server} needs a user name and password for the database {database}. Give "
        "them in the address or in COUCHDB_USER and COUCHDB_PASSWORD."
    )


class CouchUnauthorized(CouchError):
    code = "unauthorized"
    template = (
        "CouchDB at {server} did not accept the user name {user} with its password. Check the "
        "user name and password."
    )


class CouchForbidden(CouchError):
    code = "forbidden"
    template = (
        "The CouchDB user {user} is not a member of the database {database} on {server}. Ask "
        "the office's CouchDB admin to add this user to the database's members."
    )


class CouchNoDatabase(CouchError):
    code = "no_database"
    template = (
        "There is no database {database} on {server}, and the user {user} may not create it. "
        "Check the database name, or ask the office's CouchDB admin to create it and add this "
        "user to its members."
    )


class CouchNotCouchDB(CouchError):
    code = "not_couchdb"
    template = (
        "{server} answers, but not as CouchDB ({detail}). Check the address and the port: "
        "a wifi login page or another web server may be answering there."
    )


class CouchTooLarge(CouchError):
    code = "too_large"
    template = (
        "The answer of CouchDB at {server} to {action} is larger than {limit}; it was refused "
        "without being read. Nothing was changed by it."
    )


class CouchMalformed(CouchError):
    code = "malformed"
    template = (
        "CouchDB at {server} answered {action} with something this desk does not understand "
        "({detail}). Nothing was changed by it; check that the address points at CouchDB."
    )


class CouchNoProgress(CouchError):
    code = "no_progress"
    template = (
        "CouchDB at {server} keeps sending changes without moving on from the same place, so "
        "the pull was stopped. Nothing is lost; sync again later or ask the office to check "
        "the server."
    )


ERROR_CODES: dict[str, type[CouchError]] = {
    cls.code: cls
    for cls in (
        CouchRefused,
        CouchBadUrl,
        CouchUnreachable,
        CouchTimeout,
        CouchTLS,
        CouchCredentialsNeeded,
        CouchUnauthorized,
        CouchForbidden,
        CouchNoDatabase,
        CouchNotCouchDB,
        CouchTooLarge,
        CouchMalformed,
        CouchNoProgress,
    )
}
"""Every error code the client raises, with its class: the message catalogue must cover them."""


# -- what the calls return ---------------------------------------------------------------------


@dataclass(frozen=True)
class DocResult:
    """What CouchDB decided for one document of a `_bulk_docs` request.

    A conflict arrives inside a successful 201 answer, so each row must be read.
    """

    id: str
    ok: bool
    rev: str | None
    error: str | None
    reason: str | None

    @property
    def conflict(self) -> bool:
        """True when the document was written from a stale `_rev`."""
        return self.error == "conflict"


@dataclass(frozen=True)
class ServerDoc:
    """The server's current state of one document: its winning revision, and the others.

    `doc` is the winner's body (None when the winner is a deletion: `_all_docs` leaves it out).
    `conflicts` are the losing live revisions; a replication between servers leaves them.
    """

    id: str
    rev: str
    deleted: bool
    doc: dict[str, Any] | None
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """One row of the `_changes` feed: the winner (`doc`) and every leaf revision (`leaves`)."""

    id: str
    seq: str
    deleted: bool
    doc: dict[str, Any] | None
    leaves: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangesPage:
    """One page of the `_changes` feed. `last_seq` is opaque: pass it back as `since` unchanged.

    `pending` is how many changes are left after this page, when the server says (CouchDB does,
    PouchDB does not).
    """

    results: list[Change]
    last_seq: str
    pending: int | None = None


# -- addresses ----------------------------------------------------------------------------------


def redact(url: str) -> str:
    """`url` with its password replaced by `***`, safe for logs and screens."""
    try:
        parts = urlsplit(url)
        password = parts.password
        hostname = parts.hostname
        port = parts.port
    except ValueError:
        return "<unparseable URL>"
    if password is None or hostname is None:
        return url
    host = f"[{hostname}]" if ":" in hostname else hostname
    if port is not None:
        host = f"{host}:{port}"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _seq(value: Any) -> str:
    """A sequence as text: CouchDB sends opaque strings, PouchDB sends numbers."""
    return value if isinstance(value, str) else json.dumps(value)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MiB" if n >= 1024 * 1024 else f"{n:,} bytes"


class _Secret:
    """A password or a session cookie: its repr is `***`, so no traceback or log shows it."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "***"

    __str__ = __repr__


@dataclass
class _Answer:
    status: int
    body: Any
    cookies: list[str] = field(default_factory=list)


class _Watchdog:
    """Cuts a connection's socket when its deadline passes, so no read can outlive it.

    A socket timeout bounds each `recv`; a server that drips one byte just inside it keeps a
    request alive forever. Shutting the socket down makes the blocked read return at once.
    """

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.fired = False
        self._connection = connection
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        sock = self._connection.sock
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


# -- the client -------------------------------------------------------------------------------


class CouchClient:
    """Talks to one database on one CouchDB server.

    `timeout` is the deadline of each request as a whole, in seconds. `clock` (monotonic seconds)
    is what `deadline()` budgets against; tests inject one. Each request opens its own
    connection: a desk syncs a few times a minute, and a fresh connection never trips over one
    the hotel wifi silently dropped.
    """

    def __init__(
        self,
        url: str,
        timeout: float = 10.0,
        *,
        auth: Literal["basic", "cookie"] = "basic",
        max_body: int = MAX_BODY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise CouchBadUrl(url=redact(url), detail=str(exc)) from None
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise CouchBadUrl(url=redact(url), detail="it must start with http:// or https://")
        prefix, _, database = parts.path.rstrip("/").rpartition("/")
        if not database:
            raise CouchBadUrl(url=redact(url), detail="it names no database")
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        netloc = host if port is None else f"{host}:{port}"

        self.database: str = unquote(database)
        self.server_url: str = urlunsplit((parts.scheme, netloc, prefix, "", ""))
        self.timeout = timeout
        self.max_body = max_body
        self.auth = auth
        self.clock = clock
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = port
        self._prefix = prefix
        user = unquote(parts.username) if parts.username else os.environ.get("COUCHDB_USER")
        password = (
            unquote(parts.password)
            if parts.password is not None
            else os.environ.get("COUCHDB_PASSWORD")
        )
        self.user: str | None = user or None
        self._password = _Secret(password or "")
        self._cookie: _Secret | None = None
        self._run_deadline: float | None = None
        self._run_seconds: float = 0.0

    def __repr__(self) -> str:
        user = f", user={self.user!r}" if self.user else ""
        return f"CouchClient(server_url={self.server_url!r}, database={self.database!r}{user})"

    __str__ = __repr__

    # -- a budget for a whole run ----------------------------------------------------------

    @contextmanager
    def deadline(self, seconds: float | None) -> Iterator[None]:
        """Bound every request inside the block by one budget of `seconds` (None: no budget).

        A sync of many pages is many requests; each has its own deadline, and this bounds their
        sum, so a server that answers each request just in time still cannot hold a sync.
        """
        saved = self._run_deadline, self._run_seconds
        if seconds is not None:
            self._run_deadline, self._run_seconds = self.clock() + seconds, seconds
        try:
            yield
        finally:
            self._run_deadline, self._run_seconds = saved

    # -- the database ----------------------------------------------------------------------

    def open_database(self, create: bool = True) -> dict[str, Any]:
        """Check that the database exists (`GET`), creating it only when it is missing.

        A member of a database may read and write it but not create it (CouchDB answers a
        member's `PUT /db` with 401 even when the database exists), so the `PUT` is sent only
        after a 404, and its refusal is `no_database`. Anything that is not CouchDB's answer
        is `not_couchdb`. Returns the database information.
        """
        try:
            answer = self._request("GET", self._db(""), action="check_database")
        except CouchMalformed as exc:
            raise CouchNotCouchDB(
                exc.status, server=self.server_url, detail=exc.params.get("detail", "")
            ) from None
        except CouchRefused as exc:
            if exc.status is not None and 300 <= exc.status < 400:
                raise CouchNotCouchDB(
                    exc.status, server=self.server_url, detail=f"a redirect (HTTP {exc.status})"
                ) from None
            raise
        except CouchNoDatabase:
            if not create:
                raise
            self._create()
            answer = self._request("GET", self._db(""), action="check_database")
        info = answer.body
        if not isinstance(info, dict) or not isinstance(info.get("db_name"), str):
            raise CouchNotCouchDB(
                answer.status, server=self.server_url, detail="no database information"
            )
        return info

    def ensure_database(self) -> None:
        """`open_database(create=True)`, for callers that need no information back."""
        self.open_database(create=True)

    def _create(self) -> None:
        try:
            self._request("PUT", self._db(""), accept=(201, 202, 412), action="create_database")
        except (CouchUnauthorized, CouchForbidden, CouchCredentialsNeeded) as exc:
            raise CouchNoDatabase(
                exc.status, server=self.server_url, database=self.database, user=self._who
            ) from None

    def info(self) -> dict[str, Any]:
        """The database information (doc_count, update_seq, ...)."""
        body = self._request("GET", self._db(""), action="read_database").body
        return self._shaped(body, dict, "read_database", "not an object")

    # -- documents -------------------------------------------------------------------------

    def bulk_docs(self, docs: list[dict[str, Any]], new_edits: bool = True) -> list[DocResult]:
        """Write `docs` in one request; CouchDB's verdict for each, in order."""
        if not docs:
            return []
        action = "write_documents"
        payload: dict[str, Any] = {"docs": docs}
        if not new_edits:
            payload["new_edits"] = False
        body = self._request("POST", self._db("/_bulk_docs"), payload=payload, action=action).body
        rows = self._shaped(body, list, action, "not a list of results")
        if new_edits and len(rows) != len(docs):
            raise CouchMalformed(
                server=self.server_url,
                action=action,
                detail=f"{len(rows)} results for {len(docs)} documents",
            )
        results = []
        for row in rows:
            self._shaped(row, dict, action, "a result is not an object")
            error = row.get("error")
            results.append(
                DocResult(
                    id=str(row.get("id", "")),
                    ok=error is None,
                    rev=row.get("rev") if isinstance(row.get("rev"), str) else None,
                    error=None if error is None else str(error),
                    reason=None if row.get("reason") is None else str(row.get("reason")),
                )
            )
        return results

    def read_docs(self, ids: list[str]) -> dict[str, ServerDoc]:
        """The server's state of each existing document (winner, conflicts, deletion); absent
        ids are left out. One `_all_docs` request with `conflicts=true`."""
        if not ids:
            return {}
        action = "read_documents"
        body = self._request(
            "POST",
            self._db("/_all_docs"),
            query={"include_docs": "true", "conflicts": "true"},
            payload={"keys": ids},
            action=action,
        ).body
        rows = self._shaped(body, dict, action, "not an object").get("rows")
        self._shaped(rows, list, action, "no list of rows")
        found: dict[str, ServerDoc] = {}
        for row in rows:
            self._shaped(row, dict, action, "a row is not an object")
            if "error" in row:
                continue  # not_found: the server never had it
            value, doc, did = row.get("value"), row.get("doc"), row.get("id")
            if not isinstance(did, str) or not isinstance(value, dict):
                raise CouchMalformed(server=self.server_url, action=action, detail="a bad row")
            rev = value.get("rev")
            if not isinstance(rev, str):
                raise CouchMalformed(server=self.server_url, action=action, detail="no revision")
            deleted = bool(value.get("deleted", False))
            if doc is not None and not isinstance(doc, dict):
                raise CouchMalformed(server=self.server_url, action=action, detail="a bad doc")
            conflicts = doc.get("_conflicts", []) if isinstance(doc, dict) else []
            found[did] = ServerDoc(
                did, rev, deleted, None if deleted else doc, tuple(self._revs(conflicts, action))
            )
        return found

    def get_docs(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The winning revision of each live document; missing or deleted ids are left out."""
        return {did: s.doc for did, s in self.read_docs(ids).items() if s.doc is not None}

    def bulk_get(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """The bodies of given revisions (deleted ones too), by (id, rev); missing ones absent.

        One `_bulk_get` request; servers without it (CouchDB 1.x) are asked one by one.
        """
        if not wanted:
            return {}
        action = "read_revisions"
        payload = {"docs": [{"id": did, "rev": rev} for did, rev in wanted]}
        try:
            body = self._request(
                "POST", self._db("/_bulk_get"), payload=payload, action=action
            ).body
        except CouchRefused as exc:
            if exc.status not in {400, 404, 405, 501}:
                raise
            return self._get_revisions_one_by_one(wanted)
        results = self._shaped(body, dict, action, "not an object").get("results")
        self._shaped(results, list, action, "no list of results")
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for result in results:
            docs = result.get("docs") if isinstance(result, dict) else None
            self._shaped(docs, list, action, "a result without docs")
            for entry in docs:
                doc = entry.get("ok") if isinstance(entry, dict) else None
                if isinstance(doc, dict) and isinstance(doc.get("_id"), str):
                    rev = doc.get("_rev")
                    if isinstance(rev, str):
                        found[(doc["_id"], rev)] = doc
        return found

    def _get_revisions_one_by_one(
        self, wanted: list[tuple[str, str]]
    ) -> dict[tuple[str, str], dict[str, Any]]:
        found = {}
        for did, rev in wanted:
            doc = self.get_doc(did, rev=rev)
            if doc is not None:
                found[(did, rev)] = doc
        return found

    def get_doc(self, doc_id: str, rev: str | None = None) -> dict[str, Any] | None:
        """One document (a given revision, deleted or not, when `rev` is set); None if missing."""
        query = {"rev": rev} if rev else None
        answer = self._request(
            "GET", self._doc(doc_id), query=query, accept=(200, 404), action="read_document"
        )
        if answer.status == 404:
            return None
        return self._shaped(answer.body, dict, "read_document", "not an object")

    def leaf_docs(self, doc_id: str) -> list[dict[str, Any]]:
        """Every leaf revision of a document, deleted ones included (`open_revs=all`)."""
        action = "read_revisions"
        answer = self._request(
            "GET",
            self._doc(doc_id),
            query={"open_revs": "all"},
            accept=(200, 404),
            action=action,
        )
        if answer.status == 404:
            return []
        entries = self._shaped(answer.body, list, action, "not a list of revisions")
        return [e["ok"] for e in entries if isinstance(e, dict) and isinstance(e.get("ok"), dict)]

    def put_doc(self, doc: dict[str, Any]) -> str:
        """Write one document (a `_local` or `_design` one); returns its new revision."""
        action = "write_document"
        body = self._request("PUT", self._doc(str(doc["_id"])), payload=doc, action=action).body
        rev = self._shaped(body, dict, action, "not an object").get("rev")
        return rev if isinstance(rev, str) else ""

    def get_local(self, local_id: str) -> dict[str, Any] | None:
        """A `_local/<id>` document (never replicated: checkpoints live there); None if absent."""
        return self.get_doc(f"_local/{local_id}")

    def put_local(self, local_id: str, body: dict[str, Any]) -> str:
        """Write a `_local/<id>` document; pass the `_rev` read last (PouchDB requires it)."""
        return self.put_doc({**body, "_id": f"_local/{local_id}"})

    # -- the changes feed ------------------------------------------------------------------

    def changes(self, since: str | None, limit: int = 500) -> ChangesPage:
        """Up to `limit` changes after `since` (None: from the beginning), each with its winner
        (`include_docs`, `conflicts`) and all its leaf revisions (`style=all_docs`)."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        action = "read_changes"
        query = {
            "include_docs": "true",
            "conflicts": "true",
            "style": "all_docs",
            "limit": str(limit),
        }
        if since is not None:
            query["since"] = since
        body = self._request("GET", self._db("/_changes"), query=query, action=action).body
        feed = self._shaped(body, dict, action, "not an object")
        rows = self._shaped(feed.get("results"), list, action, "no list of results")
        if "last_seq" not in feed or feed["last_seq"] is None:
            raise CouchMalformed(server=self.server_url, action=action, detail="no last_seq")
        results = []
        for row in rows:
            self._shaped(row, dict, action, "a change is not an object")
            did, doc = row.get("id"), row.get("doc")
            if not isinstance(did, str) or "seq" not in row:
                raise CouchMalformed(server=self.server_url, action=action, detail="a bad change")
            if doc is not None and not isinstance(doc, dict):
                raise CouchMalformed(server=self.server_url, action=action, detail="a bad doc")
            listed = self._shaped(row.get("changes", []), list, action, "bad revisions")
            leaves = [c.get("rev") if isinstance(c, dict) else None for c in listed]
            results.append(
                Change(
                    id=did,
                    seq=_seq(row["seq"]),
                    deleted=bool(row.get("deleted", False)),
                    doc=doc,
                    leaves=tuple(self._revs(leaves, action)),
                )
            )
        pending = feed.get("pending")
        return ChangesPage(
            results, _seq(feed["last_seq"]), pending if isinstance(pending, int) else None
        )

    # -- who we are ------------------------------------------------------------------------

    def session_user(self) -> str | None:
        """The user name the server recognises from our credentials (None: anonymous)."""
        answer = self._request(
            "GET", self._server("/_session"), accept=(200, 401), action="check_user"
        )
        ctx = answer.body.get("userCtx") if isinstance(answer.body, dict) else None
        name = ctx.get("name") if isinstance(ctx, dict) else None
        return name if isinstance(name, str) else None

    # -- plumbing --------------------------------------------------------------------------

    @property
    def _who(self) -> str:
        return self.user or "(anonymous)"

    def _db(self, suffix: str) -> str:
        return f"{self._prefix}/{quote(self.database, safe='')}{suffix}"

    def _doc(self, doc_id: str) -> str:
        for special in ("_local/", "_design/"):
            if doc_id.startswith(special):
                return self._db(f"/{special}{quote(doc_id[len(special) :], safe='')}")
        return self._db(f"/{quote(doc_id, safe='')}")

    def _server(self, suffix: str) -> str:
        return f"{self._prefix}{suffix}"

    def _shaped(self, value: Any, kind: type, action: str, detail: str) -> Any:
        if not isinstance(value, kind):
            raise CouchMalformed(server=self.server_url, action=action, detail=detail)
        return value

    def _revs(self, revs: Any, action: str) -> list[str]:
        if not isinstance(revs, list) or not all(isinstance(r, str) for r in revs):
            raise CouchMalformed(server=self.server_url, action=action, detail="bad revisions")
        return revs

    def _request(
        self,
        method: str,
        path: str,
        *,
        action: str,
        query: dict[str, str] | None = None,
        payload: Any = None,
        accept: tuple[int, ...] = (200, 201, 202),
    ) -> _Answer:
        """One request, logged in as configured; raises the `CouchError` its answer means."""
        target = f"{path}?{urlencode(query)}" if query else path
        data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        if self.auth == "cookie" and self.user and self._cookie is None:
            self._login()
        answer = self._exchange(method, target, data, action)
        if answer.status == 401 and self.auth == "cookie" and self.user:
            self._cookie = None  # expired or revoked: log in again, once
            self._login()
            answer = self._exchange(method, target, data, action)
        if answer.status in accept:
            return answer
        raise self._failure(answer, action)

    def _login(self) -> None:
        """`POST /_session` with the name and password; keeps the `AuthSession` cookie."""
        data = json.dumps({"name": self.user, "password": self._password.value}).encode()
        answer = self._exchange("POST", self._server("/_session"), data, "log_in", login=True)
        if answer.status == 401:
            raise CouchUnauthorized(401, server=self.server_url, user=self._who)
        if answer.status not in (200, 201) or self._cookie is None:
            raise CouchNotCouchDB(
                answer.status, server=self.server_url, detail="no session cookie from /_session"
            )

    def _headers(self, login: bool) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": "facilitator"}
        if login:
            return headers
        if self.auth == "cookie" and self._cookie is not None:
            headers["Cookie"] = f"AuthSession={self._cookie.value}"
        elif self.auth == "basic" and self.user:
            token = f"{self.user}:{self._password.value}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        return headers

    def _time_left(self, action: str) -> float:
        limit = self.timeout
        if self._run_deadline is not None:
            left = self._run_deadline - self.clock()
            if left <= 0:
                raise CouchTimeout(
                    server=self.server_url, action="sync", seconds=f"{self._run_seconds:g}"
                )
            limit = min(limit, left)
        return limit

    def _exchange(
        self, method: str, target: str, data: bytes | None, action: str, login: bool = False
    ) -> _Answer:
        """Send one request and read its whole answer within the deadline and the size cap."""
        seconds = self._time_left(action)
        headers = self._headers(login)
        if data is not None:
            headers["Content-Type"] = "application/json"
        cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        connection = cls(self._host, self._port, timeout=seconds)
        where = {"server": self.server_url, "action": action}
        try:
            with _Watchdog(connection, seconds) as watchdog:
                try:
                    connection.request(method, target, body=data, headers=headers)
                    response = connection.getresponse()
                    raw = self._read_capped(response, action)
                except ssl.SSLCertVerificationError as exc:
                    raise CouchTLS(server=self.server_url, detail=exc.verify_message) from None
                except ssl.SSLError as exc:
                    if watchdog.fired:
                        raise CouchTimeout(**where, seconds=f"{seconds:g}") from None
                    raise CouchTLS(server=self.server_url, detail=exc.reason or "") from None
                except socket.gaierror:
                    raise CouchUnreachable(
                        **where, detail="the host name does not resolve; nothing was sent"
                    ) from None
                except TimeoutError:
                    raise CouchTimeout(**where, seconds=f"{seconds:g}") from None
                except ConnectionRefusedError:
                    raise CouchUnreachable(
                        **where, detail="connection refused: is the server running?"
                    ) from None
                except (OSError, http.client.HTTPException) as exc:
                    if watchdog.fired:
                        raise CouchTimeout(**where, seconds=f"{seconds:g}") from None
                    raise CouchUnreachable(
                        **where, detail=f"the connection broke ({type(exc).__name__})"
                    ) from None
            if watchdog.fired:
                raise CouchTimeout(**where, seconds=f"{seconds:g}")
        finally:
            connection.close()
        cookies = response.msg.get_all("Set-Cookie") or []
        self._keep_cookie(cookies)
        return _Answer(response.status, self._decode(raw, response.status, action), cookies)

    def _read_capped(self, response: http.client.HTTPResponse, action: str) -> bytes:
        declared = response.getheader("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > self.max_body:
            raise CouchTooLarge(
                response.status, server=self.server_url, action=action, limit=_size(self.max_body)
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = response.read(_CHUNK)
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            if total > self.max_body:
                raise CouchTooLarge(
                    response.status,
                    server=self.server_url,
                    action=action,
                    limit=_size(self.max_body),
                )
            chunks.append(chunk)

    def _keep_cookie(self, headers: list[str]) -> None:
        """CouchDB sends a fresh `AuthSession` now and then; keep the newest one."""
        if self.auth != "cookie":
            return
        for header in headers:
            try:
                jar = SimpleCookie(header)
            except CookieError:
                continue
            morsel = jar.get("AuthSession")
            if morsel is not None and morsel.value:
                self._cookie = _Secret(morsel.value)

    def _decode(self, raw: bytes, status: int, action: str) -> Any:
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            if status in _GATEWAY_STATUSES:
                return None
            raise CouchMalformed(
                status, server=self.server_url, action=action, detail=f"HTTP {status}, not JSON"
            ) from None

    def _failure(self, answer: _Answer, action: str) -> CouchError:
        """The error a refusal means, told apart the way the desk needs it."""
        status, body = answer.status, answer.body
        error = reason = ""
        if isinstance(body, dict):
            error, reason = str(body.get("error", "")), str(body.get("reason", ""))
        detail = (f"{error}: {reason}" if reason else error)[:_DETAIL_LIMIT]
        where = {"server": self.server_url, "database": self.database, "user": self._who}
        if status == 401:
            if not self.user:
                return CouchCredentialsNeeded(status, **where)
            if self._credentials_accepted():
                return CouchForbidden(status, **where)  # PouchDB says 401 to a non-member
            return CouchUnauthorized(status, **where)
        if status == 403:
            return CouchForbidden(status, **where)
        if status == 404 and (error == "not_found" and reason in _MISSING_DATABASE_REASONS):
            return CouchNoDatabase(status, **where)
        if status == 404 and not isinstance(body, dict):
            return CouchNotCouchDB(status, server=self.server_url, detail="HTTP 404")
        if status == 413:
            return CouchTooLarge(status, server=self.server_url, action=action, limit="its limit")
        if status in _GATEWAY_STATUSES:
            return CouchUnreachable(
                status, server=self.server_url, action=action, detail=f"gateway HTTP {status}"
            )
        return CouchRefused(status, server=self.server_url, action=action, detail=detail)

    def _credentials_accepted(self) -> bool:
        """Whether the server knows our user (then a 401 on the database means "not a member").

        CouchDB answers a non-member 403, but PouchDB Server answers 401 to both a wrong
        password and a non-member; `GET /_session` tells them apart on both.
        """
        if self.auth == "cookie":
            return True  # the login succeeded, so the name and password are right
        try:
            return self.session_user() == self.user
        except CouchError:
            return False
