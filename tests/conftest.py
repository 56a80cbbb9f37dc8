"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from facilitator.i18n import set_language
from tests.couchdb import (
    COUCHDB_MISSING,
    COUCHDB_SCRIPT,
    CouchDBStartError,
    TestServer,
    running_couchdb,
    running_secured_pouchdb,
)
from tests.pouchdb import running_pouchdb

# CI replays the same examples every run, so a red build always means a change broke something;
# developers' runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def pouchdb_server() -> Iterator[str]:
    """Base URL (http://127.0.0.1:<port>, no credentials) of an in-memory CouchDB-compatible
    server, one per test session and per xdist worker. Tests share it, so each test uses
    its own database (see ``tests.pouchdb.new_database_name``) and never stops it; tests
    that stop the server start their own with ``tests.pouchdb.running_pouchdb()``."""
    with running_pouchdb() as server:
        yield server.url


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test out of the real ~/.local/share and ~/.config (known events, couch config)
    and away from the speakers."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("FACILITATOR_DB", raising=False)
    monkeypatch.delenv("FACILITATOR_COUCH_URL", raising=False)
    monkeypatch.delenv("FACILITATOR_KNOWN_EVENTS", raising=False)
    # No test plays through the machine's speakers; the sound tests put their own player on PATH.
    monkeypatch.setenv("FACILITATOR_SOUND_PLAYER", "bell")


@pytest.fixture(autouse=True)
def thai_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts as a desk laptop does: no locale that names a language, so Thai.

    The CLI reads LANG/LC_ALL/LC_MESSAGES when no `--lang` is given and names its choice in
    LANGUAGE (for argparse's gettext); all four are the test's own, and the language is Thai
    again afterwards whatever the test switched to.
    """
    for name in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    set_language("th")
    yield
    set_language("th")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The interface in English for the test (the desk's default language is Thai), and an
    English locale, so a CLI run without `--lang` speaks English too."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    set_language("en")
    yield
    set_language("th")


# The two servers the sync tests run against: pouchdb-server and the real Apache CouchDB, each
# started once per test session (per xdist worker) with an admin and two ordinary users
# (`tests.couchdb.MEMBER`, `OUTSIDER`); each test makes its own databases. A test that takes
# `server` runs once against each; without ../shared/couchdb the CouchDB run is skipped.


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
