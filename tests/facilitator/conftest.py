"""Fixtures for the domain tests: a real database file with the demo event in it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from facilitator.demo import create_demo_event
from facilitator.desk import Desk


@pytest.fixture
def demo_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk whose database holds the demo event, starting today."""
    desk = Desk.open(tmp_path / "event.json", station="desk-a")
    create_demo_event(desk.store, first_day=date.today())
    desk.reload()
    yield desk
    desk.close()
