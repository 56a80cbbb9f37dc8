"""A small CouchDB HTTP client over the standard library.

Why hand-rolled: the desk only needs five calls (create database, bulk write,
bulk read, changes feed, info), and a laptop at a workshop should not need one
more dependency to sync. The client knows nothing about participants: it moves
JSON documents and reports, per document, what CouchDB decided.

Two promises shape the error handling:

* every failure is a ``CouchError`` whose message says what happened and what
  to do about it, written for the facilitator at the desk;
* ``CouchUnreachable`` means the request may or may not have reached the
  server (refused, timed out, cut mid-answer): the outcome is unknown, so the
  caller should retry the same idempotent write, never assume it failed.

Credentials come from the URL (``http://user:pass@host:5984/db``) or from the
``COUCHDB_USER``/``COUCHDB_PASSWORD`` environment variables. They are sent as a
Basic auth header and never appear in ``repr``, ``str`` or error messages.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = [
    "ChangesPage",
    "CouchClient",
    "CouchError",
    "CouchUnreachable",
    "DocResult",
    "redact",
]

_RETRY_HINT = "the outcome is unknown; it is safe to try again once the connection is back"
# Gateways in front of CouchDB answer these when CouchDB itself is not there.
_GATEWAY_STATUSES = frozenset({502, 503, 504})


class CouchError(Exception):
    """CouchDB refused or could not do what was asked; the message says why and what to do.

    ``status`` is the HTTP status when the server answered, ``None`` otherwise.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CouchUnreachable(CouchError):
    """The server could not be reached or stopped answering mid-request.

    The write may or may not have happened, so callers retry rather than give up.
    """


@dataclass(frozen=True)
class DocResult:
    """What CouchDB decided for one document of a ``_bulk_docs`` request.

    A conflict arrives inside a successful 201 answer, so each row must be read.
    """

    id: str
    ok: bool
    rev: str | None
    error: str | None
    reason: str | None

    @property
    def conflict(self) -> bool:
        """True when the document was written from a stale ``_rev``."""
        return self.error == "conflict"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocResult:
        """Read one row of a ``_bulk_docs`` answer (CouchDB and PouchDB spell them alike)."""
        error = row.get("error")
        return cls(
            id=str(row.get("id", "")),
            ok=error is None,
            rev=row.get("rev"),
            error=None if error is None else str(error),
            reason=row.get("reason"),
        )


@dataclass(frozen=True)
class ChangesPage:
    """One page of the ``_changes`` feed.

    Each result is ``{"id": str, "seq": str, "doc": dict | None, "deleted": bool}``.
    ``last_seq`` is opaque: store it and pass it back as ``since`` unchanged.
    """

    results: list[dict[str, Any]]
    last_seq: str


def redact(url: str) -> str:
    """Return ``url`` with its password replaced by ``***``, safe for logs and screens."""
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
    """Normalise a sequence to text: CouchDB sends strings, PouchDB sends numbers."""
    return value if isinstance(value, str) else json.dumps(value)


class CouchClient:
    """Talks to one database on one CouchDB server.

    Each request opens its own connection: a desk syncs a few times a minute,
    and a fresh connection never trips over one the network silently dropped.
    """

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise CouchError(
                f"The CouchDB URL {redact(url)!r} is not valid ({exc}); "
                "write it as http://user:password@host:5984/database."
            ) from None
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise CouchError(
                f"The CouchDB URL {redact(url)!r} must start with http:// or https:// "
                "and name a host, like http://user:password@host:5984/database."
            )
        prefix, _, database = parts.path.rstrip("/").rpartition("/")
        if not database:
            raise CouchError(
                f"The CouchDB URL {redact(url)!r} names no database; "
                "add it at the end, like http://host:5984/workshop."
            )
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        netloc = host if port is None else f"{host}:{port}"

        self.database: str = unquote(database)
        self.server_url: str = urlunsplit((parts.scheme, netloc, prefix, "", ""))
        self.timeout = timeout
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
        self.user: str | None = user
        self._authorization: str | None = None
        if user:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
            self._authorization = f"Basic {token}"

    def __repr__(self) -> str:
        user = f", user={self.user!r}" if self.user else ""
        return f"CouchClient(server_url={self.server_url!r}, database={self.database!r}{user})"

    __str__ = __repr__

    @property
    def _where(self) -> str:
        return f"database {self.database!r} on {self.server_url}"

    # --- the five calls -------------------------------------------------------

    def ensure_database(self) -> None:
        """Create the database if needed; one that already exists (412) is fine."""
        status, body = self._request("PUT", "", accept=(201, 202, 412))
        del status, body

    def info(self) -> dict[str, Any]:
        """Return the database information (doc_count, update_seq, ...)."""
        _, body = self._request("GET", "")
        return self._expect(body, dict, "database information")

    def bulk_docs(self, docs: list[dict[str, Any]]) -> list[DocResult]:
        """Write ``docs`` in one request and return CouchDB's verdict for each, in order."""
        if not docs:
            return []
        _, body = self._request("POST", "/_bulk_docs", payload={"docs": docs})
        rows = self._expect(body, list, "bulk write answer")
        if len(rows) != len(docs):
            raise CouchError(
                f"CouchDB answered {len(rows)} results for {len(docs)} documents sent to "
                f"{self._where}; some writes are unaccounted for, so sync again."
            )
        return [DocResult.from_row(row) for row in rows]

    def get_docs(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Return the current revision of each existing document; missing or deleted ids are absent."""
        if not ids:
            return {}
        _, body = self._request(
            "POST", "/_all_docs", query={"include_docs": "true"}, payload={"keys": ids}
        )
        rows = self._expect(body, dict, "document read answer").get("rows", [])
        found: dict[str, dict[str, Any]] = {}
        for row in rows:
            doc = row.get("doc")
            if "error" in row or not isinstance(doc, dict):
                continue
            if row.get("value", {}).get("deleted"):
                continue
            found[row["id"]] = doc
        return found

    def changes(self, since: str | None, limit: int = 500) -> ChangesPage:
        """Return up to ``limit`` changes after ``since`` (``None`` = from the beginning)."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        query = {"include_docs": "true", "limit": str(limit)}
        if since is not None:
            query["since"] = since
        _, body = self._request("GET", "/_changes", query=query)
        feed = self._expect(body, dict, "changes feed")
        results = [
            {
                "id": row["id"],
                "seq": _seq(row.get("seq")),
                "doc": row.get("doc"),
                "deleted": bool(row.get("deleted", False)),
            }
            for row in feed.get("results", [])
        ]
        last_seq = feed.get("last_seq")
        if last_seq is None:
            last_seq = results[-1]["seq"] if results else (since or "0")
        return ChangesPage(results=results, last_seq=_seq(last_seq))

    # --- plumbing ---------------------------------------------------------------

    def _expect(self, body: Any, kind: type, what: str) -> Any:
        if not isinstance(body, kind):
            raise CouchError(
                f"The {what} from {self._where} is not what CouchDB sends; "
                "check that the URL points at a CouchDB server."
            )
        return body

    def _connection(self) -> http.client.HTTPConnection:
        if self._https:
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)

    def _request(
        self,
        method: str,
        suffix: str,
        *,
        query: dict[str, str] | None = None,
        payload: Any = None,
        accept: tuple[int, ...] = (200, 201, 202),
    ) -> tuple[int, Any]:
        """Send one request and return (status, decoded JSON), or raise a CouchError."""
        path = f"{self._prefix}/{quote(self.database, safe='')}{suffix}"
        if query:
            path = f"{path}?{urlencode(query)}"
        headers = {"Accept": "application/json", "User-Agent": "facilitator"}
        data: bytes | None = None
        if payload is not None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self._authorization:
            headers["Authorization"] = self._authorization
        action = f"{method} {self.database}{suffix}"

        connection = self._connection()
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            status = response.status
            raw = response.read()
        except ssl.SSLError as exc:
            raise CouchError(
                f"The secure connection to {self.server_url} failed ({exc.reason or exc}); "
                "check the https address and the server certificate."
            ) from None
        except socket.gaierror:
            raise CouchUnreachable(
                f"Cannot find the CouchDB server {self.server_url}: the host name does not "
                "resolve. Check the address and the network; nothing was sent."
            ) from None
        except TimeoutError:
            raise CouchUnreachable(
                f"CouchDB at {self.server_url} did not answer {action} within "
                f"{self.timeout:g} s; {_RETRY_HINT}."
            ) from None
        except ConnectionRefusedError:
            raise CouchUnreachable(
                f"CouchDB at {self.server_url} refused the connection for {action}: is the "
                f"server running and the address right? {_RETRY_HINT.capitalize()}."
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise CouchUnreachable(
                f"The connection to CouchDB at {self.server_url} broke during {action} "
                f"({type(exc).__name__}); {_RETRY_HINT}."
            ) from None
        finally:
            connection.close()

        body = self._decode(raw, status, action)
        if status in accept:
            return status, body
        raise self._failure(status, body, action)

    def _decode(self, raw: bytes, status: int, action: str) -> Any:
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            if status in _GATEWAY_STATUSES:
                return None
            raise CouchError(
                f"{self.server_url} answered {action} with HTTP {status} and a body that is "
                "not JSON; check that the URL points at a CouchDB server.",
                status,
            ) from None

    def _failure(self, status: int, body: Any, action: str) -> CouchError:
        """Turn a refused request into an error that tells the desk what to do."""
        detail = ""
        if isinstance(body, dict) and (body.get("error") or body.get("reason")):
            detail = f" ({body.get('error', '')}: {body.get('reason', '')})"
        if status == 401:
            return CouchError(
                f"CouchDB at {self.server_url} did not accept the user name and password"
                f"{detail}. Check the credentials in the URL or in COUCHDB_USER/COUCHDB_PASSWORD.",
                status,
            )
        if status == 403:
            return CouchError(
                f"The CouchDB user {self.user or '(anonymous)'!s} may not {action} on "
                f"{self._where}{detail}. Ask the server admin for access to this database.",
                status,
            )
        if status == 404:
            return CouchError(
                f"There is no {self._where}{detail}. Check the database name in the URL, "
                "or create it first.",
                status,
            )
        if status in _GATEWAY_STATUSES:
            return CouchUnreachable(
                f"The gateway in front of CouchDB at {self.server_url} answered {action} with "
                f"HTTP {status}{detail}; {_RETRY_HINT}.",
                status,
            )
        return CouchError(
            f"CouchDB at {self.server_url} refused {action} with HTTP {status}{detail}.",
            status,
        )
