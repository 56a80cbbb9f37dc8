"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from facilitator.i18n import set_language
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


@pytest.fixture
def english() -> Iterator[None]:
    """The interface in English for the test (the desk's default language is Thai)."""
    set_language("en")
    yield
    set_language("th")
