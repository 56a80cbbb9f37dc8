"""The event store: a TinyDB file made crash-proof, with a journal, a lock, a clock and backups.

Reads are served from memory. Every write stamps its records with the hybrid logical clock and
this desk's station id, appends them to the journal as one line and fsyncs before returning: what
`put` returned is on disk. The journal is folded into a new generation of the TinyDB file when it
grows, on a timer and on close. Tables whose name starts with "_" are local to this desk
(sync checkpoints, settings) and are never exported.

Every write and merge advances the store's change sequence, and the store tells its subscribers
which records it touched (`subscribe`). That is how the layers above keep their indexes current
without re-reading tables, and how a sync pushes only what changed since its checkpoint
(`changes_since`) instead of comparing every record.

Opening decides what the files can rebuild (`recovery.plan_recovery`) and refuses, changing
nothing, whatever would lose an acknowledged write; what was recovered or discarded is in
`notices` (and, as text, `problems`). The path is resolved before anything else, so a symlink
to the database takes the same lock as the database itself.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB

from facilitator.storage.backups import BackupShelf
from facilitator.storage.durable import (
    Candidate,
    DurableStorage,
    make_private_folder,
    parse_tables,
    previous_path,
    read_candidate,
    sweep_temporaries,
)
from facilitator.storage.errors import CorruptDatabase, DatabaseLocked, StoreError, StoreNotice
from facilitator.storage.hlc import HybridLogicalClock, is_plausible_stamp
from facilitator.storage.journal import Journal, JournalEntry, journal_path
from facilitator.storage.locking import DatabaseLock, read_acknowledged
from facilitator.storage.merge import Policy, merge_records
from facilitator.storage.record import Record, check_envelope, new_id, stamp_change, stamp_new
from facilitator.storage.recovery import RecoveryPlan, plan_recovery, read_previous_of
from facilitator.storage.unread import ParsedTables, UnreadTables

__all__ = [
    "Changes",
    "CorruptDatabase",
    "DatabaseLocked",
    "MergeReport",
    "Store",
    "StoreError",
    "StoreNotice",
    "prompt_handover",
]

T = TypeVar("T")

LOCAL_STATE = "_local"
SEQUENCE_TABLE = "_sequence"
"""Where a fold keeps each record's place in the change sequence (one row per record)."""
FOLD_AFTER_ENTRIES = 2000
#: `fold_when_quiet` folds once writes have paused this long (seconds).
QUIET_BEFORE_FOLD = 20.0
ID_ATTEMPTS = 1000
#: How soon (seconds) a fold hands the interpreter to a waiting thread (`prompt_handover`).
FOLD_SWITCH_INTERVAL = 0.0002
#: A fold off the main thread sleeps `FOLD_PAUSE` seconds every `FOLD_PACE_ROWS` rows (`_paced`).
FOLD_PACE_ROWS = 100
FOLD_PAUSE = 0.0002
BACKGROUND_PARSE_CHUNK = 1 << 16
"""`load_rest` parses in bites this big (bytes of documents per `json.loads`, which holds the
interpreter): a scan on the UI thread waits at most a bite's time for it."""


@dataclass(frozen=True)
class Changes:
    """What one write or merge changed: the ids of the records it touched, by table.

    `sequence` is the store's change sequence after it; `local` names the desk-local keys set.
    """

    tables: Mapping[str, frozenset[str]]
    sequence: int
    local: frozenset[str] = field(default_factory=frozenset)

    def ids(self, table: str) -> frozenset[str]:
        """The ids touched in one table (empty if none)."""
        return self.tables.get(table, frozenset())


Subscriber = Callable[[Changes], None]


class ProblemLog(list[str]):
    """Warnings the user should see (a fallback on open, a failed fold or backup).

    Listeners hear each warning as it is added, on the thread that added it: a fold that fails
    on its background thread is shown at once, without anyone polling the list.
    """

    def __init__(self) -> None:
        super().__init__()
        self._listeners: list[Callable[[str], None]] = []

    def listen(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def append(self, problem: str) -> None:
        super().append(problem)
        for listener in list(self._listeners):
            listener(problem)


@dataclass(frozen=True)
class MergeReport:
    """What a merge changed."""

    added: int
    updated: int
    unchanged: int


class Store:
    """One open database. Use `Store.open(path)`; close it (or use `with`)."""

    def __init__(
        self,
        path: Path,
        station: str | None,
        policies: dict[str, Policy],
        wall_ms: Callable[[], int] | None,
        read_only: bool = False,
        deferred: bool = False,
        eager: Iterable[str] = (),
    ) -> None:
        self.path = path
        self.read_only = read_only
        """A snapshot: read without the lock while another process has the database open."""
        self.policies = policies
        self._lock = threading.RLock()
        self._fold_lock = threading.RLock()
        self._fold_thread: threading.Thread | None = None
        self._last_write = time.monotonic()
        self._file_lock = DatabaseLock(path.with_name(path.name + ".lock"))
        self._tables: dict[str, dict[str, Record]] = {}
        self._sequence = 0
        self._seq_of: dict[tuple[str, str], int] = {}  # ordered by sequence, oldest first
        self._subscribers: list[Subscriber] = []
        self._wall_ms = wall_ms
        self._eager = frozenset({LOCAL_STATE, *eager})
        """Tables a deferred open parses whole whatever their size."""
        self._unread: UnreadTables | ParsedTables | None = None
        """While the big tables are not parsed yet (`deferred`): their bytes, searched by id."""
        self._reached: set[str] = set()
        """The ids `reach` looked for already."""
        self._retired = False
        self._taken = 0
        """How many journal entries `load_rest` applied (the rest come with `hand_over`)."""
        self.problems = ProblemLog()
        """What the user should know about the database, as English text (see `notices`)."""
        self.notices: list[StoreNotice] = []
        """The same, with codes and params for the catalogue (`storage.notice.<code>`)."""
        try:
            if not read_only:
                self._file_lock.acquire()
        except OSError as exc:
            raise StoreError(
                f"Cannot open {path}: the folder {path.parent} does not let this desk write "
                f"({exc.strerror}). Copy the file to a folder you can write to (not a CD, a "
                "read-only USB stick or a shared folder), or use another --db file.",
                code="not_writable",
                params={
                    "path": str(path),
                    "folder": str(path.parent),
                    "reason": exc.strerror or str(exc),
                },
            ) from None
        try:
            self._db = TinyDB(path, storage=DurableStorage)
            self._storage: DurableStorage = self._db.storage  # type: ignore[assignment]
            self._journal = Journal(journal_path(path), on_durable=self._file_lock.acknowledge)
            self._entries: list[JournalEntry] = []
            self._journal_generation = 0
            self._load(deferred and not read_only)
            self.clock = HybridLogicalClock(wall_ms, floor=self._max_stamp())
            stored_station = self._local_state().get("station")
            self.station = station or stored_station or _default_station()
            if self.station != stored_station and not read_only:
                self.set_local("station", self.station)
            self.backups = BackupShelf(path)
        except BaseException:
            self._file_lock.release()
            raise

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        station: str | None = None,
        policies: dict[str, Policy] | None = None,
        wall_ms: Callable[[], int] | None = None,
        deferred: bool = False,
        eager: Iterable[str] = (),
    ) -> Store:
        """Open (or create) the database at `path`, taking its lock.

        The path is resolved first (symlinks included): the lock, the journal and the previous
        generation live beside the real file, whatever name it was opened by. Folders created
        for it are 0700.

        `deferred`: when the files are in their plain state (a main file of the current format,
        checked, and a whole journal on top), leave its big tables unparsed: the store opens in
        the time it takes to read and hash the file, holds the small tables, the journal and
        whatever `reach` brings in, and takes writes. `load_rest` then builds the whole store
        (on another thread) and `hand_over` puts it in this one's place. Anything else about
        the files opens them whole, as without `deferred`. The `eager` tables are parsed at
        once whatever their size (the small ones always are).
        """
        p = Path(path).expanduser().resolve()
        if p.is_dir():
            raise StoreError(
                f"{p} is a folder, not a database file. Give --db a file name, "
                f"e.g. {p / 'event.json'}.",
                code="is_folder",
                params={"path": str(p), "example": str(p / "event.json")},
            )
        try:
            make_private_folder(p.parent)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder {p.parent} for the database ({exc.strerror}). "
                "Check the --db path, or choose a folder you can write to.",
                code="folder_failed",
                params={"folder": str(p.parent), "reason": exc.strerror or str(exc)},
            ) from None
        return cls(p, station, policies or {}, wall_ms, deferred=deferred, eager=eager)

    @classmethod
    def snapshot(
        cls,
        path: str | os.PathLike[str],
        policies: dict[str, Policy] | None = None,
        wall_ms: Callable[[], int] | None = None,
    ) -> Store:
        """A consistent read-only view of a database another process holds open.

        No lock is taken and no file is touched: the main file (or its previous generation)
        plus every complete journal line, as of now. Any write raises StoreError `read_only`.
        """
        p = Path(path).expanduser().resolve()
        if not (p.exists() or journal_path(p).exists()):
            raise StoreError(
                f"{p} does not exist.", code="no_such_database", params={"path": str(p)}
            )
        return cls(p, None, policies or {}, wall_ms, read_only=True)

    # -- loading -------------------------------------------------------------------------

    def _load(self, deferred: bool = False) -> None:
        """Read what the files can rebuild, or refuse (raising, having changed no file).

        A snapshot (`read_only`) touches no file: the witness of what was acknowledged is read
        before the journal, so a writer appending meanwhile only adds lines the snapshot does
        not need, and a line it is writing is an unfinished tail, left alone.
        """
        if self.read_only:
            remembered = read_acknowledged(self._file_lock.path)
        else:
            for leftover in (self.path, journal_path(self.path)):
                sweep_temporaries(leftover)
            BackupShelf(self.path).sweep_temporaries()
            remembered = self._file_lock.remembered
        main = read_candidate(self.path, deferred=deferred)
        previous = read_previous_of(self.path)
        folded_into_main = main.generation.number if main.generation else None
        scan = self._journal.scan(skim_below=folded_into_main)
        try:
            plan: RecoveryPlan | None = plan_recovery(self.path, main, previous, scan, remembered)
        except StoreError:
            plan = None
        if plan is None or (scan.skimmed and plan.base is not main):
            # Not the plain case (the main file and what is on top): decide on every entry.
            plan = plan_recovery(self.path, main, previous, self._journal.scan(), remembered)
        unread: UnreadTables | None = None
        if plan.base is main and main.raw is not None:
            unread = self._unread_or_parsed(main, plain=plan.torn is None and not plan.notices)
            if unread is None and main.tables is None:  # it did not parse after all: decide again
                plan = plan_recovery(self.path, main, previous, self._journal.scan(), remembered)
        # Decided: from here on the files may be touched (not by a snapshot).
        self._storage.adopt(plan.base, plan.damaged)
        if plan.torn is not None and not self.read_only:
            self._journal.cut_torn_tail(plan.torn)
        for notice in plan.notices:
            self._notice(notice)
        self._journal_generation = plan.highest_generation
        if unread is not None:
            self._unread = unread
            tables = unread.small(self._eager)
        else:
            tables = dict(plan.base.tables or {}) if plan.base else {}
        sequence_rows = tables.pop(SEQUENCE_TABLE, {})
        for name, docs in tables.items():
            self._tables[name] = {doc["id"]: doc for doc in docs.values() if "id" in doc}
        if unread is None:
            self._load_sequence(sequence_rows)
        else:  # the rows wait for `load_rest`; the header says where the sequence stood
            self._sequence = int(self._storage.meta.get("sequence", 0) or 0)
        base = self._storage.generation
        for entry in plan.entries:
            if entry.generation < base:
                continue
            if entry.seq <= self._sequence:  # a journal from before sequences were kept
                entry.seq = self._sequence + 1
            self._apply(entry)
            self._entries.append(entry)
        if self.read_only:
            return
        self._file_lock.acknowledge(self._sequence)
        for own in (self.path, previous_path(self.path), journal_path(self.path)):
            _make_private(own)

    def _notice(self, notice: StoreNotice) -> None:
        self.notices.append(notice)
        self.problems.append(notice.message)

    @staticmethod
    def _unread_or_parsed(main: Candidate, plain: bool) -> UnreadTables | None:
        """A deferred main file's unread tables when the open is the plain case; otherwise (or
        when its layout is not a fold's) its tables parsed now. A file whose checked bytes do
        not parse is marked invalid, for the recovery plan to decide again."""
        assert main.raw is not None
        if plain:
            try:
                return UnreadTables(main.raw)
            except ValueError:
                pass
        try:
            main.tables = parse_tables(main.raw)
        except ValueError as exc:
            main.generation, main.problem = None, str(exc)
        main.raw = None
        return None

    def _load_sequence(self, rows: dict[str, Any], pause: Callable[[], None] | None = None) -> None:
        """Each record's place in the change sequence, as the last fold left it.

        A file written before sequences existed has none: its records are numbered in file
        order, so a sync from such a desk simply treats everything as changed once.
        """
        known: list[tuple[int, str, str]] = []
        tables = self._tables
        for row in _pausing(rows.values(), pause):
            table, rid, seq = row.get("t"), row.get("i"), row.get("s")
            if isinstance(seq, int):
                records = tables.get(table, {})
                if rid in records:
                    # The record's own id, not the row's equal copy: the index then holds
                    # no text of its own (100,000 ids at a big event).
                    known.append((seq, table, records[rid]["id"]))
        known.sort()
        self._seq_of = {(table, rid): seq for seq, table, rid in known}
        self._sequence = max(
            int(self._storage.meta.get("sequence", 0) or 0), known[-1][0] if known else 0
        )
        held = sum(len(r) for name, r in self._tables.items() if not name.startswith("_"))
        if len(self._seq_of) == held:
            return  # every record has its place (the usual case): no need to look for any
        for name, records in self._tables.items():
            if name.startswith("_"):
                continue
            for rid in records:
                if (name, rid) not in self._seq_of:
                    self._sequence += 1
                    self._seq_of[(name, rid)] = self._sequence

    def _apply(self, entry: JournalEntry) -> None:
        for table, record in entry.ops:
            self._tables.setdefault(table, {})[record["id"]] = record
            if table.startswith("_"):
                continue
            key = (table, record["id"])
            self._seq_of.pop(key, None)
            self._seq_of[key] = entry.seq
        self._sequence = max(self._sequence, entry.seq)
        if entry.local:
            local = self._tables.setdefault(LOCAL_STATE, {})
            for key, value in entry.local.items():
                local[key] = {"id": key, "value": value}

    def _max_stamp(self) -> str | None:
        """The floor for the clock: the latest plausible stamp stored.

        A stamp that is not one, or lies beyond the year 2100, came from damage or from before
        merges were checked; adopting it would poison the clock, so it is left out and noted.
        """
        best = self._storage.meta.get("clock") if self._storage.meta else None
        implausible = 0
        for name, records in self._tables.items():
            if name.startswith("_"):
                continue
            for record in records.values():
                stamp = record.get("hlc")
                if not stamp or (isinstance(stamp, str) and best is not None and stamp <= best):
                    continue
                if is_plausible_stamp(stamp):
                    best = stamp
                else:
                    implausible += 1
        if implausible:
            self._notice(
                StoreNotice(
                    "implausible_stamps",
                    f"{implausible} records carry clock stamps that are malformed or beyond the "
                    "year 2100; this desk's clock did not adopt them, and later edits may lose "
                    "to them in a merge until they are corrected.",
                    {"count": implausible},
                )
            )
        return best

    def _local_state(self) -> dict[str, Any]:
        return {k: v.get("value") for k, v in self._tables.get(LOCAL_STATE, {}).items()}

    # -- reading -------------------------------------------------------------------------

    def get(self, table: str, record_id: str) -> Record | None:
        """One record by id, tombstoned or not (while `loading`: if it is reached)."""
        return self._tables.get(table, {}).get(record_id)

    @property
    def loading(self) -> bool:
        """Opened `deferred` and not handed over yet: the big tables hold only what `reach`
        brought in (and what was written since the open)."""
        return self._unread is not None

    def reach(self, texts: Iterable[str]) -> None:
        """While `loading`: bring in every record of the unread tables that mentions one of
        `texts` (ids), and tell the subscribers as of a change. A record the journal or a
        write since the open holds already is newer, and stays. Nothing to do once the store
        is whole.
        """
        unread = self._unread
        if unread is None:
            return
        with self._lock:
            wanted = [text for text in dict.fromkeys(texts) if text not in self._reached]
            if not wanted:
                return
            found = unread.mentioning(wanted, eager=self._eager)
            self._reached.update(wanted)
            touched: dict[str, frozenset[str]] = {}
            for table, docs in found.items():
                held = self._tables.setdefault(table, {})
                new = {doc["id"]: doc for doc in docs if isinstance(doc.get("id"), str)}
                ids = frozenset(rid for rid in new if rid not in held)
                for rid in ids:
                    held[rid] = new[rid]
                if ids:
                    touched[table] = ids
            changes = Changes(touched, self._sequence) if touched else None
        self._notify(changes)

    def _reach_record(self, table: str, record_id: str) -> None:
        """While `loading`: the stored version of one record, before a write changes it."""
        unread = self._unread
        if unread is None or table in self._eager or record_id in self._tables.get(table, {}):
            return
        with self._lock:
            found = unread.record(table, record_id)
            held = self._tables.setdefault(table, {})
            if found is None or record_id in held:
                return
            held[record_id] = found
            changes = Changes({table: frozenset({record_id})}, self._sequence)
        self._notify(changes)

    def _still_opening(self, what: str) -> StoreError:
        return StoreError(
            f"{self.path.name} is still opening; {what} waits until it is open (a moment). "
            "Nothing was changed.",
            code="still_opening",
            params={"path": str(self.path), "what": what},
        )

    def records(self, table: str, include_deleted: bool = False) -> list[Record]:
        """Every record of a table, in the order they were first written."""
        with self._lock:
            rows = list(self._tables.get(table, {}).values())
        return rows if include_deleted else [r for r in rows if not r.get("deleted")]

    def count(self, table: str) -> int:
        """How many records a table holds, tombstones included."""
        return len(self._tables.get(table, {}))

    def table_names(self, include_local: bool = False) -> list[str]:
        """The tables that hold records."""
        return [n for n in self._tables if include_local or not n.startswith("_")]

    @property
    def sequence(self) -> int:
        """The change sequence: it grows with every write or merge that changed a record."""
        return self._sequence

    def changes_since(self, sequence: int) -> list[tuple[str, Record]]:
        """The current version of every record changed after `sequence`, oldest change first.

        Costs what changed, not what the store holds: the sequence index is kept in change
        order, so this walks back from the newest change and stops at `sequence`.
        """
        if self._unread is not None:
            raise self._still_opening("a sync")
        with self._lock:
            newer: list[tuple[str, str]] = []
            for key in reversed(self._seq_of):
                if self._seq_of[key] <= sequence:
                    break
                newer.append(key)
            return [(table, self._tables[table][rid]) for table, rid in reversed(newer)]

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call `subscriber` with the `Changes` of every later write or merge; returns an
        unsubscribe function.

        It is called on the thread that wrote, after the write is durable and outside the
        store's lock (so it may read the store, or take its own locks, without a deadlock).
        """
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def _notify(self, changes: Changes | None) -> None:
        if changes is None:
            return
        for subscriber in list(self._subscribers):
            subscriber(changes)

    def new_id(
        self,
        table: str,
        make: Callable[[], str] = new_id,
        taken: Container[str] = (),
    ) -> str:
        """A fresh id for `table`: made by `make`, retried until it is in neither the table
        (tombstones included) nor `taken` (the ids of a batch being built).

        Random ids collide rarely, not never: a short id (a participant's 8 letters) meets one
        already used often enough at 100,000 people, and a collision must be a retry, never an
        overwrite of someone else's record.
        """
        with self._lock:
            existing = self._tables.get(table, {})
            for _ in range(ID_ATTEMPTS):
                candidate = make()
                if candidate in existing or candidate in taken:
                    continue
                if (
                    self._unread is not None
                    and table not in self._eager
                    and self._unread.record(table, candidate) is not None
                ):
                    continue  # taken by a record not parsed yet
                return candidate
        raise StoreError(
            f"Could not find a free id in {table} after {ID_ATTEMPTS} tries: the id space is "
            "full. Nothing was written.",
            code="ids_exhausted",
            params={"table": table, "attempts": ID_ATTEMPTS},
        )

    def check_incoming(self, record: object) -> str | None:
        """Why a record from another desk or the server must not be merged (None if it may):
        `record.check_envelope` against this desk's clock."""
        return check_envelope(record, self.clock.wall_ms())

    def local(self, key: str, default: Any = None) -> Any:
        """A desk-local setting (never synced)."""
        entry = self._tables.get(LOCAL_STATE, {}).get(key)
        return default if entry is None else entry.get("value", default)

    # -- writing -------------------------------------------------------------------------

    def put(self, table: str, data: dict[str, Any], record_id: str | None = None) -> Record:
        """Create or change one record durably; returns the stored record."""
        return self.put_many([(table, data, record_id)])[0]

    def put_many(
        self,
        items: Iterable[tuple[str, dict[str, Any], str | None]],
        local: dict[str, Any] | None = None,
        fresh: bool = False,
    ) -> list[Record]:
        """Create or change several records in one durable write (all or nothing).

        While `loading`, each record named by id is reached first, so a change to one not
        parsed yet changes its stored version (never a new one that would replace it).
        `fresh`: the caller made the ids just now (random, or by `new_id`), so none can be
        stored yet and none is looked for."""
        changes: Changes | None = None
        if self._unread is not None and not fresh:
            items = list(items)
            for table, data, record_id in items:
                named = record_id or data.get("id")
                if isinstance(named, str):
                    self._reach_record(table, named)
        with self._lock:
            ops: list[tuple[str, Record]] = []
            results: list[Record] = []
            staged: dict[tuple[str, str], Record] = {}
            for table, data, record_id in items:
                rid = (
                    record_id
                    or data.get("id")
                    or self.new_id(table, taken=_BatchIds(staged, table))
                )
                old = staged.get((table, rid)) or self.get(table, rid)
                stamp = self.clock.now()
                if old is None:
                    record = stamp_new(data, rid, stamp, self.station)
                else:
                    changed = stamp_change(old, data, stamp, self.station)
                    if changed is None:
                        results.append(old)
                        continue
                    record = changed
                staged[(table, rid)] = record
                ops.append((table, record))
                results.append(record)
            if ops or local:
                changes = self._write(ops, local or {})
        self._notify(changes)
        return results

    def delete(self, table: str, record_id: str) -> Record:
        """Tombstone a record: it stays, marked deleted, so the deletion reaches other desks."""
        return self.put(table, {"deleted": True}, record_id)

    def set_local(self, key: str, value: Any) -> None:
        """Set a desk-local setting durably."""
        with self._lock:
            changes = self._write([], {key: value})
        self._notify(changes)

    def merge(
        self, incoming: Iterable[tuple[str, Record]], local: dict[str, Any] | None = None
    ) -> MergeReport:
        """Merge records from another desk or the server, in one durable write with `local`."""
        if self._unread is not None:
            raise self._still_opening("a merge")
        added = updated = unchanged = 0
        changes: Changes | None = None
        with self._lock:
            ops: list[tuple[str, Record]] = []
            staged: dict[tuple[str, str], Record] = {}
            for table, record in incoming:
                if table.startswith("_"):
                    continue
                self.clock.observe(record["hlc"])
                current = staged.get((table, record["id"])) or self.get(table, record["id"])
                if current is None:
                    merged = record
                    added += 1
                else:
                    merged = merge_records(current, record, self.policies.get(table, "lww"))
                    if merged == current:
                        unchanged += 1
                        continue
                    updated += 1
                staged[(table, record["id"])] = merged
                ops.append((table, merged))
            if ops or local:
                changes = self._write(ops, local or {})
        self._notify(changes)
        return MergeReport(added, updated, unchanged)

    def _write(self, ops: list[tuple[str, Record]], local: dict[str, Any]) -> Changes:
        """Append one journal entry and apply it; returns what it changed (for `_notify`)."""
        if self._retired:
            raise StoreError(
                f"This view of {self.path.name} was replaced by the whole database; nothing was "
                "written through it.",
                code="handed_over",
                params={"path": str(self.path)},
            )
        if self.read_only:
            raise StoreError(
                f"{self.path} is open in another window; this is a read-only snapshot of it. "
                "Nothing was written: make the change in that window, or close it first.",
                code="read_only",
                params={"path": str(self.path)},
            )
        entry = JournalEntry(self._journal_generation, ops, local, self._sequence + 1)
        try:
            self._journal.append(entry)
        except OSError as exc:
            raise StoreError(
                f"Could not save to {self.path}: {exc.strerror}. Nothing was recorded; "
                "free some disk space or check the folder, then try again.",
                code="save_failed",
                params={"path": str(self.path), "reason": exc.strerror or str(exc)},
            ) from exc
        self._apply(entry)
        self._entries.append(entry)
        self._last_write = time.monotonic()
        if len(self._entries) >= FOLD_AFTER_ENTRIES:
            self._fold_in_background()
        touched: dict[str, set[str]] = {}
        for table, record in ops:
            touched.setdefault(table, set()).add(record["id"])
        return Changes(
            {table: frozenset(ids) for table, ids in touched.items()},
            self._sequence,
            frozenset(local),
        )

    # -- opening in two steps (`deferred`) -----------------------------------------------

    def load_rest(self, pause: Callable[[], None] | None = None) -> Store:
        """The whole store, parsed from the bytes this one read, with every entry written so
        far, for `hand_over`. It takes what parsing the file takes, so run it on a thread;
        this store goes on taking writes meanwhile, and nothing on disk is touched.

        The whole store shares this one's lock, journal, file and warnings. A file whose
        checked bytes do not parse (which no fold writes) is a CorruptDatabase. `pause` is
        called every few thousand records: a door that is judging a scan holds it there.
        """
        unread = self._unread
        if not isinstance(unread, UnreadTables) or self._retired:
            raise StoreError("the store is not opening in two steps", code="not_opening")
        try:
            with prompt_handover():
                tables = parse_tables(unread.raw, chunk=BACKGROUND_PARSE_CHUNK, pause=pause)
        except ValueError as exc:
            raise CorruptDatabase(
                f"{self.path} cannot be read although its checksum matches ({exc}).",
                params={"path": str(self.path)},
            ) from None
        whole = Store.__new__(Store)
        whole.__dict__.update(self.__dict__)  # the same files, lock, journal and warnings
        whole._lock = threading.RLock()
        whole._fold_lock = threading.RLock()
        whole._fold_thread = None
        whole._tables = {}
        whole._seq_of = {}
        whole._sequence = 0
        whole._subscribers = []
        whole._unread = None
        whole._reached = set()
        whole._retired = False
        whole._entries = []
        for name, docs in tables.items():
            if name != SEQUENCE_TABLE:
                whole._tables[name] = {
                    doc["id"]: doc for doc in _pausing(docs.values(), pause) if "id" in doc
                }
        with self._lock:
            # From here the door reaches people in the parsed tables, and the file's bytes
            # (40 MB at 20,000 people) go before the sequence and the desk's indexes are made.
            # The whole store's tables change only under this lock until `hand_over`.
            self._unread = ParsedTables(whole._tables)
        del unread
        whole._load_sequence(tables.pop(SEQUENCE_TABLE, {}), pause)
        del tables
        with self._lock:
            entries = list(self._entries)
            for entry in entries:
                if entry.seq <= whole._sequence:  # as `_load` does for a journal without them
                    entry.seq = whole._sequence + 1
                whole._apply(entry)
                whole._entries.append(entry)
        whole._taken = len(entries)
        whole.clock = HybridLogicalClock(self._wall_ms, floor=whole._max_stamp())
        return whole

    def hand_over(self, whole: Store) -> None:
        """Put `whole` (from `load_rest`) in this store's place: the entries written since it
        was built are applied to it, and its subscribers hear of them; this store takes no
        more writes. Call it on the thread that writes, so no write falls in between."""
        if self._retired or whole._unread is not None:
            raise StoreError("this store was handed over already", code="handed_over")
        with self._lock, whole._lock:
            whole.clock.keep_up_with(self.clock.last)  # first: nothing below can fail
            later = self._entries[whole._taken :]
            touched: dict[str, set[str]] = {}
            for entry in later:
                if entry.seq <= whole._sequence:  # as `load_rest` does
                    entry.seq = whole._sequence + 1
                whole._apply(entry)
                whole._entries.append(entry)
                for table, record in entry.ops:
                    touched.setdefault(table, set()).add(record["id"])
            whole._last_write = self._last_write
            self._retired = True
            self._unread = None  # the file's bytes: 40 MB at 20,000 people
            changes = (
                Changes({t: frozenset(ids) for t, ids in touched.items()}, whole._sequence)
                if touched
                else None
            )
        whole._notify(changes)

    # -- folding, backups, closing ---------------------------------------------------------

    def fold(self) -> None:
        """Write the journal into a new generation of the TinyDB file and trim the journal
        (a snapshot never writes: nothing to do).

        Writers are held up only while the tables are snapshotted (dict copies; records are
        never mutated in place) and the journal is trimmed (lines copied as written), not while
        the file is serialised and fsynced. Off the main thread the serialising is paced
        (`_paced`) and hands the interpreter over promptly (`prompt_handover`): it shares the
        GIL with the UI thread, where a scan would otherwise wait milliseconds for it at each
        of its system calls. Entries written during the fold carry the new generation number,
        so after a crash at any point they are replayed on top of whichever generation is on
        disk.

        The trimmed journal still holds every entry since the generation that becomes `.prev`,
        so `.prev` plus the journal rebuild the new generation exactly if it is ever damaged.
        A generation number is never reused: it passes every tag already in the journal.
        """
        if self.read_only or self._unread is not None or self._retired:
            return  # a store still opening holds part of the tables: never written as the file
        with self._fold_lock:
            with self._lock:
                if not self._entries and self.path.exists():
                    return
                snapshot = {name: dict(records) for name, records in self._tables.items()}
                sequence_snapshot = dict(self._seq_of)  # one copy; its rows are made outside
                sequence = self._sequence
                folded = len(self._entries)
                base_generation = self._storage.generation
                new_generation = max(base_generation, self._journal_generation) + 1
                self._journal_generation = new_generation
                clock = self.clock.last
            tables: dict[str, Any] = {
                name: _paced(records.values()) for name, records in snapshot.items()
            }
            tables[SEQUENCE_TABLE] = _paced(
                {"t": table, "i": rid, "s": seq} for (table, rid), seq in sequence_snapshot.items()
            )
            self._storage.set_meta(clock=clock, station=self.station, sequence=sequence)
            try:
                with prompt_handover():
                    self._storage.write(tables, generation=new_generation)
            except OSError as exc:
                raise self._fold_failed(exc) from None
            with self._lock:
                remaining = self._entries[folded:]
                try:
                    self._journal.keep_from(base_generation, self._entries)
                except OSError as exc:  # the journal as it was is still whole: nothing is lost
                    raise self._fold_failed(exc) from None
                self._entries = remaining

    def _fold_failed(self, exc: OSError) -> StoreError:
        journal = journal_path(self.path).name
        return StoreError(
            f"Could not write {self.path} ({exc.strerror}). What was saved is safe in "
            f"{journal} and is folded in next time the file opens. "
            "Check that the folder is writable and the disk has space.",
            code="fold_failed",
            params={"path": str(self.path), "journal": journal, "reason": exc.strerror or str(exc)},
        )

    def fold_when_quiet(self, now: float | None = None, quiet: float = QUIET_BEFORE_FOLD) -> bool:
        """Start a background fold if the journal holds writes and none came for `quiet`
        seconds (`now` on the monotonic clock; given by tests). Returns whether it started one.

        Why: the main file alone is what people copy ("cp event.json /media/usb" during the
        lunch break); with the journal folded in whenever the door is quiet, such a copy misses
        at most the last few seconds instead of every write since the last 2,000.
        """
        if self.read_only or self._unread is not None or not self._entries:
            return False
        if (time.monotonic() if now is None else now) - self._last_write < quiet:
            return False
        self._fold_in_background()
        return True

    def _fold_in_background(self) -> None:
        """Start a fold on a thread, so the write that crossed the threshold returns at once."""
        if self._unread is not None:
            return  # `load_rest` keeps every entry; the whole store folds them
        if self._fold_thread is not None and self._fold_thread.is_alive():
            return
        self._fold_thread = threading.Thread(
            target=self._fold_quietly, name="store-fold", daemon=True
        )
        self._fold_thread.start()

    def _fold_quietly(self) -> None:
        """A background fold that fails loses nothing (the journal holds every write); it is
        noted in `problems` for the app to show, and the next fold tries again."""
        try:
            self.fold()
        except (StoreError, OSError) as exc:
            self._notice(
                StoreNotice(
                    "background_fold_failed",
                    f"could not fold the journal into {self.path.name}: {exc}",
                    {"path": self.path.name, "reason": str(exc)},
                )
            )

    def backup(self, reason: str) -> Path:
        """Fold, then copy the database into the backups folder (bounded in number)."""
        if self.read_only:
            self._write([], {})  # refused with the read-only message
        if self._unread is not None:
            raise self._still_opening("a backup")
        with self._fold_lock:
            try:
                self.fold()
            except StoreError as exc:
                raise StoreError(
                    f"{exc} The backup was not taken; nothing new was written.",
                    code=exc.code,
                    params=exc.params,
                ) from None
            try:
                return self.backups.take(reason)
            except OSError as exc:
                raise StoreError(
                    f"Could not take a backup in {self.backups.folder} ({exc.strerror}); "
                    "nothing was changed. Check that the folder is writable and the disk has space.",
                    code="backup_failed",
                    params={"folder": str(self.backups.folder), "reason": exc.strerror or str(exc)},
                ) from None

    def owns(self, path: str | os.PathLike[str]) -> bool:
        """Whether `path` is this database's file, one of its companions or a backup.

        Writing an export or a bundle there would destroy the event, so callers refuse it.
        """
        target = Path(path).expanduser().resolve()
        names = [self.path.with_name(self.path.name + s) for s in ("", ".prev", ".lock")]
        companions = {p.resolve() for p in [*names, journal_path(self.path)]}
        return target in companions or target.parent == self.backups.folder.resolve()

    def dump(self, include_local: bool = False) -> Iterator[tuple[str, Record]]:
        """Every record of every table, for bundles and full pushes."""
        if self._unread is not None:
            raise self._still_opening("a bundle")
        with self._lock:
            snapshot = [
                (name, list(records.values()))
                for name, records in self._tables.items()
                if include_local or not name.startswith("_")
            ]
        for name, records in snapshot:
            for record in records:
                yield name, record

    def close(self) -> None:
        """Fold the journal and release the lock (a snapshot holds neither; a store handed
        over holds them no more; a store still opening only releases them: its writes are in
        the journal, which the next open replays)."""
        if self.read_only or self._retired:
            return
        if self._fold_thread is not None:
            self._fold_thread.join()
        with self._fold_lock, self._lock:
            try:
                self.fold()
            finally:
                self._journal.close()
                self._file_lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


PAUSE_EVERY = 2000
"""`_pausing` calls its pause this often (items)."""


def _pausing(items: Iterable[T], pause: Callable[[], None] | None) -> Iterable[T]:
    """`items`, calling `pause` every `PAUSE_EVERY` of them (nothing added without one)."""
    if pause is None:
        return items
    return _paused(items, pause)


def _paused(items: Iterable[T], pause: Callable[[], None]) -> Iterator[T]:
    for n, item in enumerate(items):
        if n % PAUSE_EVERY == 0:
            pause()
        yield item


def _paced(records: Iterable[Record]) -> Iterator[Record]:
    """`records`, with a short sleep every `FOLD_PACE_ROWS` of them on any thread but the main.

    A fold off the main thread runs beside the UI: asleep, it leaves the interpreter to a scan
    entirely. A fold on the main thread (close, a backup) is one someone waits for.
    """
    if threading.current_thread() is threading.main_thread() or FOLD_PAUSE <= 0:
        yield from records
        return
    for n, record in enumerate(records):
        if n % FOLD_PACE_ROWS == 0:
            time.sleep(FOLD_PAUSE)
        yield record


@contextmanager
def prompt_handover() -> Iterator[None]:
    """While a fold serialises (or a door-first open parses the rest of the event), let a
    waiting thread have the interpreter within `FOLD_SWITCH_INTERVAL` instead of the default
    5 ms.

    The fold is pure Python work on a background thread; a scan on the UI thread gives the GIL
    up at every system call (the journal's write and fdatasync) and then waits for the fold to
    hand it back. At the default interval each such wait could cost up to 5 ms, several times
    per scan. The interval matters only when a thread is waiting, so the fold alone runs as
    fast as before. The setting is process-wide: it is put back afterwards unless someone else
    changed it meanwhile.
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, FOLD_SWITCH_INTERVAL))
    ours = sys.getswitchinterval()
    try:
        yield
    finally:
        if sys.getswitchinterval() == ours:
            sys.setswitchinterval(before)


class _BatchIds:
    """The ids a batch being built has already used in one table, for `Store.new_id`."""

    def __init__(self, staged: Mapping[tuple[str, str], Record], table: str) -> None:
        self._staged = staged
        self._table = table

    def __contains__(self, rid: object) -> bool:
        return (self._table, rid) in self._staged


def _make_private(path: Path) -> None:
    """Mode 0600 on one of the database's own files, if it exists and is ours."""
    try:
        if path.stat(follow_symlinks=False).st_mode & 0o077:
            os.chmod(path, 0o600, follow_symlinks=False)
    except (FileNotFoundError, PermissionError, NotImplementedError):
        pass


def _default_station() -> str:
    import secrets
    import socket

    host = socket.gethostname().split(".")[0][:12] or "desk"
    return f"{host}-{secrets.token_hex(2)}"
