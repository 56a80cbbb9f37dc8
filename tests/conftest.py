"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pouchdb import running_pouchdb


@pytest.fixture(scope="session")
def pouchdb_server() -> Iterator[str]:
    """Base URL (http://127.0.0.1:<port>, no credentials) of an in-memory CouchDB-compatible
    server, one per test session and per xdist worker. Tests share it, so each test uses
    its own database (see ``tests.pouchdb.new_database_name``) and never stops it; tests
    that stop the server start their own with ``tests.pouchdb.running_pouchdb()``."""
    with running_pouchdb() as server:
        yield server.url
