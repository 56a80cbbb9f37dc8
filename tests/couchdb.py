"""The real Apache CouchDB 3.4.3 for the tests, and one face for it and for pouchdb-server.

Why the real one as well: what an office runs is CouchDB, and it differs from express-pouchdb
exactly where sync breaks: a member may not `PUT` a database or write a design document, a
non-member gets 403 (PouchDB says 401), sequences are opaque and sharded, `_local` documents
need no `_rev`, and a deleted document cannot be updated through its own revision.

`../shared/couchdb/couchdb` (beside the repository) builds a server in a scratch folder and
starts it; `running_couchdb()` picks free ports, starts one, and stops it at the end. On a
machine without `../shared` (a user's fresh clone) `COUCHDB_MISSING` says why the tests that
need it are skipped; the pouchdb-server tier runs everywhere.

`TestServer` is the one interface the sync tests use for both kinds: an admin who creates
users, databases with members (`_security`), deletes databases and replicates between them.
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests.pouchdb import new_database_name, running_pouchdb

REPO = Path(__file__).resolve().parents[1]
COUCHDB_SCRIPT = REPO.parent / "shared" / "couchdb" / "couchdb"
COUCHDB_MISSING = (
    f"the real CouchDB 3.4.3 is not here ({COUCHDB_SCRIPT} does not exist); "
    "only the pouchdb-server tier runs"
)
MEMBER = ("desk", "desk-pw-7d1e")
"""A user who is a member of each test database and nothing more."""
OUTSIDER = ("visitor", "visitor-pw-09a2")
"""A user the server knows who is a member of no test database."""


class CouchDBStartError(RuntimeError):
    """The real CouchDB would not start; the message carries its log."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ports_free(*ports: int) -> bool:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def through(base: str, database: str, user: tuple[str, str]) -> str:
    """A database URL on `base` (a proxy, say) with `user`'s credentials."""
    host = base.split("//", 1)[1]
    return f"http://{quote(user[0])}:{quote(user[1])}@{host}/{database}"


@dataclass
class TestServer:
    """A CouchDB-speaking server with an admin: real CouchDB or pouchdb-server."""

    kind: str
    port: int
    admin: tuple[str, str]
    users: dict[str, str] = field(default_factory=dict)

    __test__ = False  # not a test class, whatever pytest thinks of its name

    @property
    def url(self) -> str:
        """Base URL, no credentials."""
        return f"http://127.0.0.1:{self.port}"

    def url_for(self, database: str, user: tuple[str, str] | None = None) -> str:
        """A database URL with `user`'s credentials (the admin's by default)."""
        name, password = user or self.admin
        return f"http://{quote(name)}:{quote(password)}@127.0.0.1:{self.port}/{database}"

    def call(
        self, method: str, path: str, body: Any = None, user: tuple[str, str] | None = None
    ) -> tuple[int, Any]:
        """One request as the admin (or `user`); (status, decoded JSON). Never raises on HTTP."""
        name, password = user or self.admin
        request = urllib.request.Request(f"{self.url}{path}", method=method)
        token = base64.b64encode(f"{name}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, data=data, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read() or b"null")

    def add_user(self, name: str, password: str) -> None:
        """An ordinary CouchDB user (a `_users` document)."""
        user = {"name": name, "password": password, "roles": [], "type": "user"}
        status, body = self.call("PUT", f"/_users/org.couchdb.user:{name}", user)
        if status not in (201, 202, 409):
            raise RuntimeError(f"could not create the user {name} on {self.kind}: {body}")
        self.users[name] = password

    def new_database(self, members: list[str] | None = None, name: str | None = None) -> str:
        """A fresh database; with `members`, only they (and admins) may use it."""
        name = name or new_database_name()
        status, body = self.call("PUT", f"/{name}")
        if status not in (201, 202):
            raise RuntimeError(f"could not create {name} on {self.kind}: {body}")
        if members is not None:
            security = {
                "admins": {"names": [], "roles": []},
                "members": {"names": members, "roles": []},
            }
            status, body = self.call("PUT", f"/{name}/_security", security)
            if status not in (200, 201):
                raise RuntimeError(f"could not secure {name} on {self.kind}: {body}")
        return name

    def delete_database(self, name: str) -> None:
        status, body = self.call("DELETE", f"/{name}")
        if status not in (200, 202):
            raise RuntimeError(f"could not delete {name} on {self.kind}: {body}")

    def all_docs(self, name: str) -> list[dict[str, Any]]:
        """`_all_docs?include_docs=true&conflicts=true`, as the office's dump would read it."""
        status, body = self.call("GET", f"/{name}/_all_docs?include_docs=true&conflicts=true")
        assert status == 200, body
        return [row["doc"] for row in body["rows"]]

    def replicate(self, source: str, target: str) -> None:
        """One-shot CouchDB replication from one database to another on this server."""
        job = {"source": self.url_for(source), "target": self.url_for(target)}
        status, body = self.call("POST", "/_replicate", job)
        if status not in (200, 201) or not body.get("ok"):
            raise RuntimeError(f"replication {source} -> {target} failed on {self.kind}: {body}")


@dataclass
class CouchDBProcess:
    """One real CouchDB started by ../shared/couchdb/couchdb; `stop()` removes its folder."""

    server: TestServer
    folder: Path

    def stop(self) -> None:
        subprocess.run(
            [str(COUCHDB_SCRIPT), "stop", str(self.folder)],
            check=False,
            capture_output=True,
            timeout=60,
        )


def start_couchdb(attempts: int = 5) -> CouchDBProcess:
    """Start a real CouchDB on free ports (it uses P, P+1 and an epmd port of its own)."""
    if not COUCHDB_SCRIPT.exists():
        raise CouchDBStartError(COUCHDB_MISSING)
    admin = ("admin", secrets.token_hex(8))
    reasons: list[str] = []
    for _ in range(attempts):
        port = _free_port()
        if port > 65000 or not _ports_free(port + 1, 20000 + port % 10000):
            reasons.append(f"port {port}: a port beside it is taken")
            continue
        command = [str(COUCHDB_SCRIPT), "start", "--port", str(port), "--admin", ":".join(admin)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        lines = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
        if done.returncode == 0 and "DIR" in lines:
            return CouchDBProcess(TestServer("couchdb", port, admin), Path(lines["DIR"]))
        reasons.append(
            f"port {port}: exit {done.returncode}: {done.stderr[-1500:]} {done.stdout[-500:]}"
        )
        if "DIR" in lines:
            subprocess.run([str(COUCHDB_SCRIPT), "stop", lines["DIR"]], check=False, timeout=60)
    raise CouchDBStartError(
        f"CouchDB did not start after {attempts} attempts:\n" + "\n".join(reasons)
    )


@contextmanager
def running_couchdb() -> Iterator[TestServer]:
    """A real CouchDB with the test users, for as long as the block runs."""
    process = start_couchdb()
    try:
        # A one-shot _replicate waits a random startup jitter of up to 5 s by default.
        status, body = process.server.call(
            "PUT", "/_node/_local/_config/replicator/startup_jitter", "0"
        )
        if status != 200:
            raise CouchDBStartError(f"could not configure the replicator: {body}")
        try:
            add_test_users(process.server)
        except (OSError, RuntimeError) as exc:
            log = process.folder / "couchdb.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise CouchDBStartError(f"could not set up the test users: {exc}\n{tail}") from exc
        yield process.server
    finally:
        process.stop()


@contextmanager
def running_secured_pouchdb() -> Iterator[TestServer]:
    """A pouchdb-server with an admin and the test users (members are enforced there too)."""
    admin = ("admin", secrets.token_hex(8))
    with running_pouchdb(admin=admin) as pouch:
        server = TestServer("pouchdb", pouch.port, admin)
        add_test_users(server)
        yield server


def add_test_users(server: TestServer) -> None:
    # CouchDB answers /_up before it has made its system databases: make `_users` ourselves.
    # CouchDB may be making it at the same moment and answer 500 "conflict": ask again.
    for _ in range(50):
        status, body = server.call("PUT", "/_users")
        if status in (201, 202, 412) or server.call("GET", "/_users")[0] == 200:
            break
        time.sleep(0.1)
    else:
        raise RuntimeError(f"could not create _users on {server.kind}: {body}")
    for name, password in (MEMBER, OUTSIDER):
        server.add_user(name, password)
