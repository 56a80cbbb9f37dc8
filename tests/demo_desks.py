"""The demo event on a desk, and the code printed on a badge: what most tests start from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from facilitator.codes.participant_code import make_code
from facilitator.demo import create_demo_event
from facilitator.desk import Desk
from facilitator.models import EVENT_TABLE, Participant


def open_demo_desk(path: Path, station: str = "desk-a", first_day: date | None = None) -> Desk:
    """A desk on `path` holding the demo event (50 people, two days from `first_day`, else
    today); a database that already holds it is simply reopened."""
    desk = Desk.open(path, station=station)
    if not desk.store.records(EVENT_TABLE):
        create_demo_event(desk.store, first_day=first_day or date.today())
        desk.reload()
    return desk


def code_of(desk: Desk, person: Participant | str) -> str:
    """The check-in code on a participant's badge."""
    participant_id = person if isinstance(person, str) else person.id
    return make_code(desk.event.id, desk.event.key, participant_id)
