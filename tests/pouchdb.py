"""A real CouchDB-compatible server for the tests, and a proxy that loses answers on purpose.

Why a real server: sync bugs live in the details of the HTTP API (conflicts
inside a 201, opaque sequences, paging), which a mock would only repeat back
to us. ``tests/node/server.js`` runs express-pouchdb (the engine of
pouchdb-server) on the memory adapter, so it starts in about a second and
leaves nothing on disk. Each pytest-xdist worker starts its own on a port the
OS picks, so workers never share state.

``CuttingProxy`` sits between a client and the server and can drop the answer
to a request the server has already processed: the one failure that makes a
client believe a write failed when it actually happened.
"""

from __future__ import annotations

import http.client
import http.server
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

NODE_DIR = Path(__file__).parent / "node"
SERVER_SCRIPT = NODE_DIR / "server.js"
INSTALL_HINT = (
    "The test CouchDB server needs its Node packages in tests/node/node_modules. "
    "Run `make test` (it runs `npm ci --prefix tests/node --no-audit --no-fund`)."
)


class PouchDBServerError(RuntimeError):
    """The test server could not be started or steered; the message says why."""


def new_database_name() -> str:
    """A database name no other test uses (CouchDB names start with a lowercase letter)."""
    return f"test_{uuid.uuid4().hex[:16]}"


@dataclass
class PouchDBServer:
    """One in-memory server process, listening on 127.0.0.1.

    ``stop()`` closes the port and cuts open connections but keeps the data, so
    ``start()`` brings back the same server at the same URL: a network outage,
    not a wiped server. With ``admin=("user", "pass")`` the server requires
    those credentials for creating databases and refuses wrong passwords.
    """

    admin: tuple[str, str] | None = None
    startup_timeout: float = 30.0
    port: int = 0
    _process: subprocess.Popen[str] | None = field(default=None, repr=False)
    _workdir: Path | None = field(default=None, repr=False)
    _lines: queue.Queue[str] = field(default_factory=queue.Queue, repr=False)

    @property
    def url(self) -> str:
        """Base URL of the server, without credentials."""
        return f"http://127.0.0.1:{self.port}"

    def database_url(self, name: str | None = None, *, with_credentials: bool = True) -> str:
        """URL of a database on this server (a fresh name unless given), with admin credentials."""
        name = name or new_database_name()
        if self.admin and with_credentials:
            user, password = self.admin
            return f"http://{user}:{password}@127.0.0.1:{self.port}/{name}"
        return f"{self.url}/{name}"

    # --- lifecycle ----------------------------------------------------------------

    def launch(self) -> None:
        """Start the Node process and wait until ``GET /`` answers."""
        if not (NODE_DIR / "node_modules" / "express-pouchdb").is_dir():
            raise PouchDBServerError(INSTALL_HINT)
        node = shutil.which("node")
        if node is None:
            raise PouchDBServerError("Node.js is not on PATH; the test CouchDB server needs it.")
        self._workdir = Path(tempfile.mkdtemp(prefix="pouchdb-"))
        command = [node, str(SERVER_SCRIPT)]
        if self.admin:
            command += ["--admin", ":".join(self.admin)]
        with (self._workdir / "stderr.txt").open("w") as stderr:
            self._process = subprocess.Popen(
                command,
                cwd=self._workdir,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                start_new_session=True,  # own process group, so teardown can kill all of it
            )
        assert self._process.stdout is not None
        threading.Thread(
            target=_pump_lines, args=(self._process.stdout, self._lines), daemon=True
        ).start()
        try:
            self.port = int(self._expect("listening").split()[1])
            self._wait_until_answering()
        except BaseException:
            self.close()
            raise

    def stop(self) -> None:
        """Close the port and cut every connection, as if the server went off the network."""
        self._command("stop", "stopped")

    def start(self) -> None:
        """Listen again on the same port after ``stop()``; the data is still there."""
        self._command("start", "listening")
        self._wait_until_answering()

    def restart(self) -> None:
        """``stop()`` then ``start()``: every client connection breaks, the data survives."""
        self.stop()
        self.start()

    def close(self) -> None:
        """End the process and its group, then remove the scratch directory."""
        process, self._process = self._process, None
        if process is not None:
            with suppress(OSError):
                assert process.stdin is not None
                process.stdin.close()  # the server exits when its stdin closes
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                _kill_group(process)
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __enter__(self) -> PouchDBServer:
        self.launch()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------------------

    def _command(self, command: str, acknowledgement: str) -> None:
        if self._process is None or self._process.stdin is None:
            raise PouchDBServerError("The test CouchDB server is not running.")
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()
        self._expect(acknowledgement)

    def _expect(self, prefix: str) -> str:
        """Wait for the next stdout line, which must start with ``prefix``."""
        try:
            line = self._lines.get(timeout=self.startup_timeout)
        except queue.Empty:
            raise PouchDBServerError(
                f"The test CouchDB server did not say {prefix!r} within "
                f"{self.startup_timeout:g} s.{self._stderr_tail()}"
            ) from None
        if not line.startswith(prefix):
            raise PouchDBServerError(
                f"The test CouchDB server said {line!r} instead of {prefix!r}.{self._stderr_tail()}"
            )
        return line

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", "/")
                if connection.getresponse().status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            finally:
                connection.close()
            if time.monotonic() > deadline:
                raise PouchDBServerError(
                    f"The test CouchDB server on {self.url} never answered GET /."
                    f"{self._stderr_tail()}"
                )
            time.sleep(0.05)

    def _stderr_tail(self) -> str:
        if self._workdir is None:
            return ""
        path = self._workdir / "stderr.txt"
        text = path.read_text(errors="replace")[-2000:] if path.exists() else ""
        return f"\nIts stderr:\n{text}" if text.strip() else ""


def _pump_lines(stream: IO[str], lines: queue.Queue[str]) -> None:
    """Move the server's stdout lines into a queue so waits can time out."""
    for line in stream:
        lines.put(line.strip())


def _kill_group(process: subprocess.Popen[str]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def running_pouchdb(admin: tuple[str, str] | None = None) -> Iterator[PouchDBServer]:
    """A server of one's own, for tests that stop it or need credentials."""
    server = PouchDBServer(admin=admin)
    server.launch()
    try:
        yield server
    finally:
        server.close()


# --- the proxy -------------------------------------------------------------------------

_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "host",
    }
)


class CuttingProxy:
    """An HTTP proxy on 127.0.0.1 that can lose an answer after the server acted on it.

    Usage::

        with CuttingProxy(server.url) as proxy:
            client = CouchClient(f"{proxy.url}/{db}")
            proxy.drop_next_response("_bulk_docs")
            client.bulk_docs(docs)  # raises CouchUnreachable, yet the docs are stored

    ``requests`` lists every ``"METHOD /path"`` forwarded, ``dropped`` the ones
    whose answer was thrown away. If the upstream is down, the client's
    connection is closed without an answer, as a dead network would.
    """

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._lock = threading.Lock()
        self._armed: list[str] = []
        self.requests: list[str] = []
        self.dropped: list[str] = []
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the proxy, without credentials."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def drop_next_response(self, path_contains: str = "") -> None:
        """Forward the next request whose path contains ``path_contains``, then cut the
        client's connection instead of answering. Calls queue up: call twice to drop two."""
        with self._lock:
            self._armed.append(path_contains)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> CuttingProxy:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _should_drop(self, request_line: str) -> bool:
        with self._lock:
            self.requests.append(request_line)
            if self._armed and self._armed[0] in request_line.split(" ", 1)[1]:
                self._armed.pop(0)
                self.dropped.append(request_line)
                return True
            return False


def _handler_for(proxy: CuttingProxy) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            upstream = http.client.HTTPConnection(*proxy._upstream, timeout=60)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException):
                self.close_connection = True  # upstream is down: so is the "network"
                return
            finally:
                upstream.close()
            if proxy._should_drop(f"{self.command} {self.path}"):
                self.close_connection = True  # the server acted; the client never hears
                return
            self.send_response_only(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_COPY = forward

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    return Handler
