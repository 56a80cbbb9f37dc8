"""Fixtures for the domain tests: a real database file with the demo event in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.desk import Desk
from tests.demo_desks import open_demo_desk


@pytest.fixture
def demo_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk whose database holds the demo event, starting today."""
    desk = open_demo_desk(tmp_path / "event.json")
    yield desk
    desk.close()
