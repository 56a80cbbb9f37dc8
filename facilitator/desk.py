"""The desk: one open event database and the services built on it.

The CLI and the TUI both hold a `Desk`; every capability is a service reached from here, so the
two faces of the app call the same code.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.codes.known_events import remember_event
from facilitator.errors import UserError
from facilitator.event import load_event
from facilitator.models import TABLE_POLICIES, Event
from facilitator.roster.directory import ParticipantDirectory
from facilitator.storage.store import Store, StoreError

if TYPE_CHECKING:
    from facilitator.checkin.service import CheckInService
    from facilitator.mentoring.service import MentoringService

class Desk:
    """An open event database at this desk."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, db_path: Path | str, station: str | None = None) -> Desk:
        """Open the database (taking its lock); raises StoreError / DatabaseLocked."""
        return cls(Store.open(db_path, station=station, policies=TABLE_POLICIES))

    @property
    def station(self) -> str:
        return self.store.station

    @property
    def folder(self) -> Path:
        """The folder holding the database, where bundles, badges and exports go by default."""
        return Path(self.store.path).parent

    @cached_property
    def event(self) -> Event:
        event = load_event(self.store)
        remember_event(event.id, event.name)  # so this laptop can name it on a stray badge
        return event

    def reload(self) -> None:
        """Forget cached views after the store changed underneath (import, sync)."""
        self.__dict__.pop("event", None)
        self.participants.reload()
        for name in ("checkins", "mentoring"):
            service = self.__dict__.get(name)
            if service is not None and hasattr(service, "reload"):
                service.reload()

    @cached_property
    def participants(self) -> ParticipantDirectory:
        return ParticipantDirectory(self.store)

    @cached_property
    def checkins(self) -> CheckInService:
        from facilitator.checkin.service import CheckInService

        return CheckInService(self)

    @cached_property
    def mentoring(self) -> MentoringService:
        from facilitator.mentoring.service import MentoringService

        return MentoringService(self)

    def refuse_own_file(self, out: Path) -> None:
        """Refuse to write an export or a bundle over the database, its journal or backups."""
        if self.store.owns(out):
            raise UserError(
                f"{out} is this event's database (or its journal or a backup); writing there "
                "would destroy the event. Choose another --out file."
            )

    @property
    def problems(self) -> list[str]:
        """Warnings about the database the user should see (fallbacks, failed folds, backups)."""
        return self.store.problems

    def backup_quietly(self, reason: str) -> None:
        """A timed backup: a failure is noted in `problems`, never raised into the UI."""
        try:
            self.store.backup(reason)
        except (StoreError, OSError) as exc:
            self.store.problems.append(f"backup failed: {exc}")

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
