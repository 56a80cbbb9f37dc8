"""The store as the services see it: the same reads and writes, and errors in the user's words.

The Desk hands every service a `Records` instead of the storage layer's `Store`, so a full disk
during a check-in, a failed backup before an import or a fold that cannot write comes back as a
`DatabaseError` with a catalogue message, translated here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from facilitator.errors import from_storage
from facilitator.i18n import language, t
from facilitator.storage.locking import DatabaseLocked
from facilitator.storage.record import Record
from facilitator.storage.store import MergeReport, Store, StoreError
from facilitator.thai.dates import format_english_date, format_thai_date

T = TypeVar("T")
STORAGE_ERRORS = (StoreError, DatabaseLocked, OSError)


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn a storage exception raised inside into the user's `DatabaseError`."""
    try:
        yield
    except STORAGE_ERRORS as exc:
        error = from_storage(exc)
        if isinstance(error.params.get("since"), str):
            error.params["since"] = moment_text(error.params["since"])
        raise error from exc


def moment_text(iso: str) -> str:
    """A stored moment (the lock file's ISO stamp) as the desk's language writes it:
    ``2 ธ.ค. 69 13:07 น.``, not ``2026-12-02T13:07:15+07:00``; other text is kept as it is."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    day = moment.date()
    shown = format_thai_date(day, short=True) if language() == "th" else format_english_date(day)
    return t("labels.moment", day=shown, time=moment.strftime("%H:%M"))


class _PausingList(list[Record]):
    """A list whose iteration calls `pause` every `PAUSE_EVERY` items."""

    PAUSE_EVERY = 2000

    def __init__(self, rows: list[Record], pause: Callable[[], None]) -> None:
        super().__init__(rows)
        self._pause = pause

    def __iter__(self) -> Iterator[Record]:
        for n, row in enumerate(super().__iter__()):
            if n % self.PAUSE_EVERY == 0:
                self._pause()
            yield row


def guarded(call: Callable[[], T]) -> T:
    """Run `call`, translating storage exceptions."""
    with storage_errors():
        return call()


class Records:
    """A thin, translating view of one open `Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.pause: Callable[[], None] | None = None
        """While set, every table read comes as a list that calls it every few thousand
        records it hands out: a desk built beside the door lets a scan go first."""

    # -- reading (memory only: nothing to translate) -----------------------------------------

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def station(self) -> str:
        return self._store.station

    @property
    def read_only(self) -> bool:
        """A snapshot of a database open elsewhere: reads only."""
        return self._store.read_only

    def get(self, table: str, record_id: str) -> Record | None:
        return self._store.get(table, record_id)

    def records(self, table: str, include_deleted: bool = False) -> list[Record]:
        rows = self._store.records(table, include_deleted)
        return rows if self.pause is None else _PausingList(rows, self.pause)

    def count(self, table: str) -> int:
        return self._store.count(table)

    def has(self, table: str, record_id: str) -> bool:
        """Whether an id is taken in `table` (tombstones included: an id is never reused)."""
        return self._store.get(table, record_id) is not None

    def local(self, key: str, default: Any = None) -> Any:
        return self._store.local(key, default)

    @property
    def loading(self) -> bool:
        """The event is still opening: only what was reached (and the small tables) is here."""
        return self._store.loading

    def reach(self, ids: Iterable[str]) -> None:
        """While the event opens, bring in the records that mention these ids (a scanned
        person's record and check-ins); the indexes hear of them as of any change. Nothing
        to do once the event is open."""
        guarded(lambda: self._store.reach(ids))

    def owns(self, path: Path) -> bool:
        return self._store.owns(path)

    def new_id(self, table: str) -> str:
        """A fresh id for a record of `table` that a batch names before it is written."""
        return guarded(lambda: self._store.new_id(table))

    # -- writing -----------------------------------------------------------------------------

    def put(self, table: str, data: dict[str, Any], record_id: str | None = None) -> Record:
        return guarded(lambda: self._store.put(table, data, record_id))

    def put_many(
        self,
        items: Iterable[tuple[str, dict[str, Any], str | None]],
        local: dict[str, Any] | None = None,
        fresh: bool = False,
    ) -> list[Record]:
        """`fresh`: every id is new (made just now): see `Store.put_many`."""
        staged = list(items)
        return guarded(lambda: self._store.put_many(staged, local, fresh=fresh))

    def delete(self, table: str, record_id: str) -> Record:
        return guarded(lambda: self._store.delete(table, record_id))

    def set_local(self, key: str, value: Any) -> None:
        guarded(lambda: self._store.set_local(key, value))

    def merge(
        self, incoming: Iterable[tuple[str, Record]], local: dict[str, Any] | None = None
    ) -> MergeReport:
        staged = list(incoming)
        return guarded(lambda: self._store.merge(staged, local))

    def backup(self, reason: str) -> Path:
        return guarded(lambda: self._store.backup(reason))
