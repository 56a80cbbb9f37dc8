"""The two servers the sync tests run against: pouchdb-server and the real Apache CouchDB.

Each is started once per test session (once per xdist worker) with an admin and two ordinary
users (`tests.couchdb.MEMBER`, `OUTSIDER`); each test makes its own databases. A test that takes
`server` runs once against each; without ../shared/couchdb the CouchDB run is skipped, saying
why.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.couchdb import (
    COUCHDB_MISSING,
    COUCHDB_SCRIPT,
    CouchDBStartError,
    TestServer,
    running_couchdb,
    running_secured_pouchdb,
)


@pytest.fixture(scope="session")
def real_couchdb() -> Iterator[TestServer]:
    """The real CouchDB 3.4.3 of ../shared/couchdb, or a skip that says it is not there."""
    if not COUCHDB_SCRIPT.exists():
        pytest.skip(COUCHDB_MISSING)
    try:
        with running_couchdb() as server:
            yield server
    except CouchDBStartError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def secured_pouchdb() -> Iterator[TestServer]:
    """A pouchdb-server with an admin, the test users and `_security` enforced."""
    with running_secured_pouchdb() as server:
        yield server


@pytest.fixture(params=["pouchdb", "couchdb"])
def server(request: pytest.FixtureRequest) -> TestServer:
    """Each server in turn: the test runs once against pouchdb-server, once against CouchDB."""
    name = "secured_pouchdb" if request.param == "pouchdb" else "real_couchdb"
    return request.getfixturevalue(name)
