"""A fault-injecting HTTP proxy: the misbehaving servers of the red-team run, on demand.

It stands between a client and a real server and, for requests whose path contains a given
text, answers in one of the ways that used to hang, exhaust or crash the desk:

* `drip(interval)`: the real answer, one byte every `interval` seconds (a per-read timeout
  never fires; only a deadline on the whole request does);
* `endless(declared)`: a body that never ends, with or without a huge `Content-Length`;
* `body(raw)`: any bytes in place of the answer (not JSON, the wrong shape, HTML);
* `rewrite(fn)`: the real JSON answer changed by `fn(request_path, document)` (a `_changes`
  feed whose `last_seq` never moves, a row without its id);
* `status(code)`: an error answer (a session that expired: 401).

Faults queue per path text and each serves `times` requests (default: every one). `sent`
counts the bytes written to clients, so a test can show a huge body was never read whole.
Standard library only; one thread per connection.
"""

from __future__ import annotations

import http.client
import http.server
import json
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

Responder = Callable[["_Exchange"], None]

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


@dataclass
class _Exchange:
    """One request the proxy is answering: what came in, what upstream said, how to write."""

    handler: http.server.BaseHTTPRequestHandler
    proxy: FaultProxy
    path: str
    status: int
    headers: list[tuple[str, str]]
    payload: bytes

    def write(self, data: bytes) -> None:
        self.handler.wfile.write(data)
        self.handler.wfile.flush()
        self.proxy.count(len(data))

    def head(self, status: int, headers: list[tuple[str, str]]) -> bytes:
        lines = [f"HTTP/1.1 {status} {http.client.responses.get(status, 'Unknown')}"]
        lines += [f"{k}: {v}" for k, v in headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def forward(self, payload: bytes, status: int | None = None) -> None:
        headers = [(k, v) for k, v in self.headers if k.lower() not in _HOP_BY_HOP]
        headers += [("Content-Length", str(len(payload))), ("Connection", "close")]
        self.write(self.head(status or self.status, headers) + payload)


def faithful(exchange: _Exchange) -> None:
    """The real answer, unchanged."""
    exchange.forward(exchange.payload)


def drip(interval: float) -> Responder:
    """The real answer, headers and all, one byte every `interval` seconds."""

    def respond(exchange: _Exchange) -> None:
        headers = [(k, v) for k, v in exchange.headers if k.lower() not in _HOP_BY_HOP]
        headers += [("Content-Length", str(len(exchange.payload))), ("Connection", "close")]
        data = exchange.head(exchange.status, headers) + exchange.payload
        for n in range(len(data)):
            exchange.write(data[n : n + 1])
            time.sleep(interval)

    return respond


def endless(declared: bool) -> Responder:
    """A 200 whose body never ends: with `declared`, it also claims 2 GB up front."""

    def respond(exchange: _Exchange) -> None:
        headers = [("Content-Type", "application/json"), ("Connection", "close")]
        if declared:
            headers.append(("Content-Length", str(2 * 1024**3)))
        exchange.write(exchange.head(200, headers) + b'{"results": [')
        chunk = b'{"id": "x", "seq": 1, "changes": []},' * 1000
        while True:
            exchange.write(chunk)

    return respond


def body(raw: bytes, status: int = 200, content_type: str = "application/json") -> Responder:
    """`raw` in place of the answer."""

    def respond(exchange: _Exchange) -> None:
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(raw))),
            ("Connection", "close"),
        ]
        exchange.write(exchange.head(status, headers) + raw)

    return respond


def rewrite(change: Callable[[str, Any], Any]) -> Responder:
    """The real answer, decoded, changed by `change(path, document)`, encoded again."""

    def respond(exchange: _Exchange) -> None:
        document = json.loads(exchange.payload)
        exchange.forward(json.dumps(change(exchange.path, document)).encode())

    return respond


def status(code: int) -> Responder:
    """An error answer with CouchDB's JSON body, instead of forwarding the real one."""
    payload = json.dumps({"error": "unauthorized", "reason": "Session expired."}).encode()
    return body(payload, status=code)


def since_of(path: str) -> Any:
    """The `since` a `_changes` request asked for (None when it asked from the beginning)."""
    values = parse_qs(urlsplit(path).query).get("since")
    return values[0] if values else None


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 in front of `upstream` that misbehaves where told.

    Usage::

        with FaultProxy(server.url) as proxy:
            proxy.fault("_changes", drip(0.05))
            client = CouchClient(f"{proxy.url}/{db}", timeout=0.5)
    """

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._lock = threading.Lock()
        self._faults: list[list[Any]] = []  # [path text, responder, times left or None]
        self.requests: list[str] = []
        self.credentials: list[str] = []  # per request: "basic", "cookie" or "none"
        self.sent = 0
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the proxy, without credentials."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def fault(self, path_contains: str, responder: Responder, times: int | None = None) -> None:
        """Answer requests whose path contains `path_contains` with `responder`."""
        with self._lock:
            self._faults.append([path_contains, responder, times])

    def clear(self) -> None:
        """Forward everything faithfully from now on."""
        with self._lock:
            self._faults.clear()

    def count(self, n: int) -> None:
        with self._lock:
            self.sent += n

    def responder_for(self, request_line: str, headers: dict[str, str]) -> Responder | None:
        with self._lock:
            self.requests.append(request_line)
            if headers.get("Authorization", "").startswith("Basic "):
                self.credentials.append("basic")
            elif "AuthSession=" in headers.get("Cookie", ""):
                self.credentials.append("cookie")
            else:
                self.credentials.append("none")
            path = request_line.split(" ", 1)[1]
            for entry in self._faults:
                text, responder, times = entry
                if text in path and (times is None or times > 0):
                    if times is not None:
                        entry[2] = times - 1
                    return responder
            return None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _handler_for(proxy: FaultProxy) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload_in = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            responder = proxy.responder_for(f"{self.command} {self.path}", headers)
            upstream = http.client.HTTPConnection(*proxy._upstream, timeout=60)
            try:
                upstream.request(self.command, self.path, body=payload_in, headers=headers)
                response = upstream.getresponse()
                exchange = _Exchange(
                    self,
                    proxy,
                    self.path,
                    response.status,
                    response.getheaders(),
                    response.read(),
                )
            except (OSError, http.client.HTTPException):
                self.close_connection = True
                return
            finally:
                upstream.close()
            self.close_connection = True
            # A client that hangs up mid-answer is what a deadline or a size cap looks like.
            with suppress(OSError, ValueError):
                (responder or faithful)(exchange)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_COPY = answer

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    return Handler
