"""The desk: one open event database, and every service the two faces use, built once.

The Desk is the composition root and the one front door. The CLI and the TUI hold a `Desk`
and call its services (`desk.participants`, `desk.checkins`, `desk.mentoring`, `desk.badges`,
`desk.exports`, `desk.sync`, `desk.events`); each service is built here, eagerly, and handed only
what it needs (never the Desk itself), so no service can reach round another.

Changes travel as events: the store tells the Desk which records each write or merge touched,
the Desk brings the affected indexes up to date (the roster's search index, the attendance
book, the notes), then tells its own subscribers (the TUI) in the same terms. Nothing is
reloaded whole and nothing polls.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from facilitator.badges.service import BadgeService
from facilitator.checkin.service import CheckInService
from facilitator.checkin.sounds import SoundPlayer, Sounds
from facilitator.clock import Clock, SystemClock
from facilitator.codes.known_events import remember_event
from facilitator.demo import create_demo_event
from facilitator.errors import UserError, from_storage
from facilitator.event import EventService
from facilitator.exports.service import ExportService
from facilitator.exports.sources import ExportSources
from facilitator.i18n import has_text, t
from facilitator.mentoring.service import MentoringService
from facilitator.models import CHECKINS, EVENT_TABLE, PARTICIPANTS, TABLE_POLICIES, Event
from facilitator.records import Records, guarded, storage_errors
from facilitator.roster.service import RosterService
from facilitator.storage.backups import BackupShelf, restore_backup
from facilitator.storage.locking import DatabaseLock
from facilitator.storage.store import Changes, Store, prompt_handover
from facilitator.storage_texts import file_reason, storage_text
from facilitator.sync.service import DeskSync, SyncParts


@contextmanager
def _collector_asleep() -> Iterator[None]:
    """No garbage collection while an event loads (the collector is left as it was found).

    A 20,000-person event makes some 400,000 objects that all live on; the collector walked
    them again and again while they were made, a third of the open for every CLI command.
    Loading makes no garbage worth collecting. (The TUI does this itself, and freezes after.)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class DeskChange:
    """What changed in the event, by table: the ids of the records a write or a sync touched."""

    tables: Mapping[str, frozenset[str]]
    everything: bool = False
    """The whole event came in at once (the open finished): redraw, do not patch row by row."""

    def touches(self, *tables: str) -> bool:
        return self.everything or any(t in self.tables for t in tables)

    def ids(self, table: str) -> frozenset[str]:
        return self.tables.get(table, frozenset())


Listener = Callable[[DeskChange], None]

_PARTS = (
    "store",
    "events",
    "participants",
    "checkins",
    "mentoring",
    "badges",
    "sources",
    "exports",
    "sync",
    "sounds",
)
"""What `Desk.adopt` takes over from the whole desk: the store and every service."""


@dataclass(frozen=True)
class Restored:
    """A backup put back in place, and where the file it replaced was kept."""

    backup: Path
    aside: Path | None


class Desk:
    """An open event database at this desk, with its services."""

    def __init__(
        self, store: Store, clock: Clock | None = None, pause: Callable[[], None] | None = None
    ) -> None:
        """`pause`: called every few thousand records while the services index them (a desk
        built beside the door lets a scan go first); not kept once they are built."""
        self.store = store
        self.clock: Clock = clock or SystemClock()
        records = Records(store)
        records.pause = pause
        # The event and the roster ask the check-in book how many check-ins an edit or a
        # removal touches; the book is built after them, so they ask through a late lookup.
        self.events = EventService(records, checkins_in=lambda sid: self.checkins.count_in(sid))
        self.participants = RosterService(
            records,
            self.clock,
            event=lambda: self.events.current,
            checkins_of=lambda pid: self.checkins.sessions_count(pid),
        )
        self.checkins = CheckInService(records, self.events, self.participants, self.clock)
        self.mentoring = MentoringService(records, self.participants, self.checkins, self.clock)
        self.badges = BadgeService(records, self.events, self.participants, self.clock, self.folder)
        self.sources = ExportSources(self.events, self.participants, self.checkins, self.mentoring)
        """The read side of the services, as the exports see it."""
        self.exports = ExportService(self.sources, self.folder, store.owns, self.clock)
        self.sync = DeskSync(SyncParts(store, self.events, self.clock))
        self.sounds = Sounds(records, SoundPlayer.find())
        """The verdicts' sounds, mute and volumes (the player is looked for once, here)."""
        self._listeners: list[Listener] = []
        self._remembered: tuple[str, str] | None = None
        self._lock = threading.Lock()
        self._unsubscribe = store.subscribe(self._store_changed)
        records.pause = None

    @classmethod
    def open(
        cls,
        db_path: Path | str,
        station: str | None = None,
        clock: Clock | None = None,
        door_first: bool = False,
    ) -> Desk:
        """Open the database (taking its lock); a damaged or locked file is a DatabaseError.

        `door_first`: open in the time it takes to read and check the file, before its roster
        and check-ins are parsed (`loading`); scans are answered meanwhile from the scanned
        person's own records. `finish_opening` and `adopt` then make it the whole desk. Files
        that need any recovery open whole, as without it.
        """
        clock = clock or SystemClock()
        with _collector_asleep():
            store = guarded(
                lambda: Store.open(
                    db_path,
                    station=station,
                    policies=TABLE_POLICIES,
                    wall_ms=clock.wall_ms,
                    deferred=door_first,
                    eager=(EVENT_TABLE,),  # the sessions and the key judge every scan
                )
            )
            return cls(store, clock)

    @property
    def loading(self) -> bool:
        """Opened `door_first` and not whole yet: scans work, counts and search wait."""
        return self.store.loading

    def finish_opening(self, pause: Callable[[], None] | None = None) -> Desk:
        """The whole desk, built from the file this one read and every write made since, for
        `adopt`. It takes what opening the event takes: run it on a thread. `pause` is called
        every few thousand records (the app's holds the build while the door judges a scan).

        What it loads (the search index included) lives as long as the desk, so it is frozen out of the collector's sight
        before the collector wakes: else the first collection after it, on whichever thread
        allocates next (the UI's, in the middle of a scan), walks 400,000 objects at 20,000
        people, a quarter of a second.
        """
        with _collector_asleep(), prompt_handover():  # a scan meanwhile gets its turn at once
            whole = Desk(guarded(lambda: self.store.load_rest(pause)), self.clock, pause)
            # The search index too: the keys held while the event opened are pressed the
            # moment it is adopted, and an F3 among them must find it ready.
            whole.participants.prepare_search()
            gc.freeze()
            return whole

    def adopt(self, whole: Desk) -> None:
        """Become `whole` (from `finish_opening`), on the thread that writes: its services
        replace this desk's, the writes made since it was built reach them, and the
        listeners hear that everything changed. The double-read rule carries over, so a badge
        read twice across the moment is still one scan."""
        opening, reads = self.store, self.checkins.reads
        # The writes made since `whole` was built reach it first, its own desk indexing them
        # (a failure here leaves this desk as it was, still opening, nothing lost).
        guarded(lambda: opening.hand_over(whole.store))
        whole._unsubscribe()
        self._unsubscribe()
        for part in _PARTS:
            setattr(self, part, getattr(whole, part))
        self.checkins.reads = reads
        self._unsubscribe = self.store.subscribe(self._store_changed)
        everything = DeskChange({}, everything=True)
        for listener in list(self._listeners):
            listener(everything)

    @classmethod
    def snapshot(cls, db_path: Path | str, clock: Clock | None = None) -> Desk:
        """A read-only desk on a database another window holds open (see `Store.snapshot`):
        every service reads as usual; any write is refused, and nothing on disk is touched."""
        clock = clock or SystemClock()
        store = guarded(
            lambda: Store.snapshot(db_path, policies=TABLE_POLICIES, wall_ms=clock.wall_ms)
        )
        return cls(store, clock)

    @property
    def read_only(self) -> bool:
        """Whether this desk is a snapshot of a database open elsewhere."""
        return self.store.read_only

    # -- the event ---------------------------------------------------------------------------

    @property
    def event(self) -> Event:
        """The event this database holds (NoEvent says how to create one)."""
        event = self.events.current
        if self._remembered != (event.id, event.name):
            self._remembered = (event.id, event.name)
            remember_event(event.id, event.name)  # so this laptop can name it on a stray badge
        return event

    def create_demo(self, first_day: date | None = None) -> Event:
        """Write the demo event (50 fictional people, two days from `first_day`, else today)."""
        return create_demo_event(
            self.events, self.participants, self.mentoring, first_day or self.clock.now().date()
        )

    @property
    def station(self) -> str:
        return self.store.station

    @property
    def folder(self) -> Path:
        """The folder holding the database, where bundles, badges and exports go by default."""
        return Path(self.store.path).parent

    @property
    def path(self) -> Path:
        """The database file."""
        return Path(self.store.path)

    # -- changes -----------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Tell `listener` of every later change, after the desk's indexes took it in.

        It is called on the thread that wrote (a sync worker's, or the UI's own).
        """
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _store_changed(self, changes: Changes) -> None:
        """Bring the indexes the touched records live in up to date, then tell the listeners."""
        if not changes.tables:
            return
        with self._lock:
            if EVENT_TABLE in changes.tables:
                self.events.changed()
            if PARTICIPANTS in changes.tables:
                self.participants.refresh(changes.ids(PARTICIPANTS))
                self.checkins.roster_changed(changes.ids(PARTICIPANTS))
            if CHECKINS in changes.tables:
                self.checkins.refresh(changes.ids(CHECKINS))
            for table, ids in changes.tables.items():
                self.mentoring.refresh(table, ids)
        change = DeskChange(dict(changes.tables))
        for listener in list(self._listeners):
            listener(change)

    # -- the database ------------------------------------------------------------------------

    @property
    def problems(self) -> list[str]:
        """Warnings about the database the user should see (fallbacks, failed folds, backups),
        as the storage layer noted them (English)."""
        return self.store.problems

    @property
    def warnings(self) -> list[str]:
        """The same warnings in the user's words, in today's language."""
        coded = {notice.message: notice for notice in self.store.notices}
        words = []
        for problem in self.store.problems:
            notice = coded.get(problem)
            key = f"storage.notice.{notice.code}" if notice is not None else ""
            if notice is not None and has_text(key):
                params = dict(notice.params)
                if "reason" in params:
                    params["reason"] = file_reason(params["reason"])
                words.append(t(key, **params))
            else:
                words.append(str(storage_text(problem)))
        return words

    def on_problem(self, listener: Callable[[str], None]) -> None:
        """Tell `listener` of each new warning, on the thread that noted it."""
        self.store.problems.listen(listener)

    def fold_when_quiet(self) -> bool:
        """Fold the journal into the main file on a thread if no write came for a while."""
        return self.store.fold_when_quiet()

    def backup_quietly(self, reason: str) -> None:
        """A timed backup: a failure is noted in `problems`, never raised into the UI."""
        try:
            self.store.backup(reason)
        except Exception as exc:  # a backup must never take the desk down
            self.store.problems.append(t("desk.problem.backup_failed", error=from_storage(exc)))

    @staticmethod
    def backups(db_path: Path) -> list[Path]:
        """The backups of a database, newest first."""
        return BackupShelf(Path(db_path).absolute()).list()

    @staticmethod
    def backups_folder(db_path: Path) -> Path:
        return BackupShelf(Path(db_path).absolute()).folder

    @staticmethod
    def restore(db_path: Path, name: str) -> Restored:
        """Put a backup back in place of the database (which must not be open anywhere)."""
        path = Path(db_path).absolute()
        shelf = BackupShelf(path)
        backups = shelf.list()
        if name == "latest":
            if not backups:
                raise UserError("restore.error.none", folder=shelf.folder)
            name = backups[0].name
        with storage_errors():
            backup = shelf.resolve(name)
            lock = DatabaseLock(path.with_name(path.name + ".lock"))
            lock.acquire()
            try:
                try:
                    aside = restore_backup(path, backup)
                except ValueError as exc:
                    raise UserError("restore.error.damaged", name=backup.name, detail=exc) from None
            finally:
                lock.release()
        return Restored(backup, aside)

    def close(self) -> None:
        """Silence the sounds, fold the journal and release the lock."""
        self.sounds.close()
        guarded(self.store.close)

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
