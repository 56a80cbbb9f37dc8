"""Bundles: a desk's whole shared state in one file, to carry to another desk on a USB stick.

Workshop halls often have no network, so desks swap bundles. A bundle is JSON:

    {"format": "facilitator-bundle", "version": 1, "event": ..., "station": ..., "clock": ...,
     "created": ..., "counts": {table: n}, "tables": {table: [record, ...]},
     "checksum": "sha256:<hex of the canonical JSON of everything else>"}

The checksum covers the header too, so a bundle that was cut short by a pulled stick, edited
by hand or mixed up with another event's file is refused before anything is merged. Tables whose
name starts with "_" (checkpoints, settings) are desk-local and never leave the desk. The storage
layer treats `event` as an opaque label; what it means is the caller's business.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from facilitator.storage.durable import atomic_write_bytes
from facilitator.storage.merge import merge_records
from facilitator.storage.record import Record, field_marks
from facilitator.storage.sealed import SealError, open_sealed, seal
from facilitator.storage.store import Store

FORMAT = "facilitator-bundle"
VERSION = 1
SEALED_VERSION = 2
"""A sealed bundle: the version-1 document, whole, inside a box sealed under a passphrase."""


class BundleError(Exception):
    """A bundle that cannot be used; the message says why and what to do.

    `code` names the case for the layer above (`needs_phrase`, `wrong_phrase` …), `params` its
    values; the message is the English text.
    """

    def __init__(self, message: str, code: str = "", params: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.params = dict(params or {})


@dataclass(frozen=True)
class Bundle:
    """The shared state of one desk at one moment."""

    event: str
    station: str
    clock: str
    created: str
    tables: dict[str, list[Record]] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(records) for name, records in sorted(self.tables.items())}

    def items(self) -> Iterator[tuple[str, Record]]:
        """(table, record) pairs, ready for `Store.merge`."""
        for name, records in self.tables.items():
            for record in records:
                yield name, record


def make_bundle(store: Store, event: str) -> Bundle:
    """Everything this desk shares (local tables left out), labelled with the event it is of."""
    tables: dict[str, list[Record]] = {}
    for name, record in store.dump():
        tables.setdefault(name, []).append(record)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    return Bundle(event, store.station, store.clock.last, created, tables)


def _canonical(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _checksum(document: dict[str, Any]) -> str:
    body = {k: v for k, v in document.items() if k != "checksum"}
    return "sha256:" + hashlib.sha256(_canonical(body)).hexdigest()


def to_document(bundle: Bundle) -> dict[str, Any]:
    """The JSON document of a bundle, checksum included."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "event": bundle.event,
        "station": bundle.station,
        "clock": bundle.clock,
        "created": bundle.created,
        "counts": bundle.counts,
        "tables": {name: bundle.tables[name] for name in sorted(bundle.tables)},
    }
    document["checksum"] = _checksum(document)
    return document


def write_bundle(
    bundle: Bundle, path: str | os.PathLike[str], passphrase: str | None = None
) -> Path:
    """Write atomically and readable by the owner only: a bundle holds people's phone numbers.

    With a `passphrase` the whole document is sealed (`storage.sealed`): only the event label
    stays readable, so a lost stick leaks nothing. The file appears complete or not at all.
    """
    target = Path(path).expanduser().absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    document = to_document(bundle)
    if passphrase is not None:
        inner = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        document = {
            "format": FORMAT,
            "version": SEALED_VERSION,
            "event": bundle.event,
            "sealed": seal(inner, passphrase, aad=bundle.event.encode()),
        }
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    atomic_write_bytes(target, data)
    return target


def bundle_event(path: str | os.PathLike[str]) -> str | None:
    """The event label of a bundle (readable even when sealed), or None if it has none."""
    try:
        document = json.loads(Path(path).expanduser().read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    event = document.get("event") if isinstance(document, dict) else None
    return event if isinstance(event, str) and event else None


def read_bundle(path: str | os.PathLike[str], passphrase: str | None = None) -> Bundle:
    """Read and verify a bundle (opening it with `passphrase` if sealed); raises BundleError
    without touching anything."""
    source = Path(path).expanduser()
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"{source}: no such file.") from None
    except OSError as exc:
        raise BundleError(f"{source}: cannot read it ({exc.strerror}).") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError(
            f"{source} is not a complete bundle (it may have been cut short while copying). "
            "Export it again at the other desk. Nothing was imported."
        ) from None
    if isinstance(document, dict) and document.get("version") == SEALED_VERSION:
        document = _unseal(document, source, passphrase)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BundleError(
            f"{source} is not a facilitator bundle. Export one with `facilitator sync export`."
        )
    if document.get("version") != VERSION:
        raise BundleError(
            f"{source} is a bundle of format version {document.get('version')!r}; this "
            f"facilitator reads version {VERSION}. Use the same facilitator version on both desks."
        )
    if document.get("checksum") != _checksum(document):
        raise BundleError(
            f"{source} was changed or damaged after it was exported (its checksum does not "
            "match). Export it again at the other desk. Nothing was imported."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict) or any(
        not isinstance(rows, list) or name.startswith("_") for name, rows in tables.items()
    ):
        raise BundleError(f"{source}: the bundle's tables are malformed. Nothing was imported.")
    for name, rows in tables.items():
        for row in rows:
            if not isinstance(row, dict) or not {"id", "hlc", "station"} <= row.keys():
                raise BundleError(f"{source}: a record of {name} is malformed. Nothing imported.")
    bundle = Bundle(
        event=str(document.get("event", "")),
        station=str(document.get("station", "")),
        clock=str(document.get("clock", "")),
        created=str(document.get("created", "")),
        tables=tables,
    )
    if bundle.counts != document.get("counts"):
        raise BundleError(f"{source}: the record counts do not match its header. Nothing imported.")
    return bundle


def _unseal(outer: dict[str, Any], source: Path, passphrase: str | None) -> Any:
    """The version-1 document inside a sealed bundle."""
    if outer.get("format") != FORMAT:
        raise BundleError(
            f"{source} is not a facilitator bundle. Export one with `facilitator sync export`."
        )
    if passphrase is None:
        raise BundleError(
            f"{source} is sealed: give the event's join phrase to open it.",
            "needs_phrase",
            {"file": str(source)},
        )
    event = str(outer.get("event", ""))
    try:
        inner = open_sealed(outer.get("sealed"), passphrase, aad=event.encode())
    except SealError as exc:
        if exc.code == "wrong_phrase":
            raise BundleError(
                f"{source}: the join phrase does not open this bundle (a different event's "
                "phrase, a typing mistake, or the file was changed). Nothing was imported.",
                "wrong_phrase",
                {"file": str(source)},
            ) from None
        raise BundleError(
            f"{source} is not a complete bundle ({exc}). Nothing was imported.",
            "damaged",
            {"file": str(source)},
        ) from None
    try:
        document = json.loads(inner.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleError(
            f"{source}: the sealed bundle is malformed. Nothing was imported."
        ) from None
    if not isinstance(document, dict) or document.get("event") != event:
        raise BundleError(f"{source}: the sealed bundle is malformed. Nothing was imported.")
    return document


def changes_for(store: Store, items: Iterable[tuple[str, Record]]) -> list[tuple[str, Record]]:
    """The incoming records that would change `store` (new ones, or ones that merge to news).

    Lets a caller skip the backup and the write when a bundle or a page brings nothing new.
    """
    needed: list[tuple[str, Record]] = []
    for table, record in items:
        if table.startswith("_"):
            continue
        current = store.get(table, record["id"])
        if current is None:
            needed.append((table, record))
            continue
        policy = store.policies.get(table, "lww")
        if merge_records(current, record, policy) != current:
            needed.append((table, record))
    return needed


def clone_suspects(store: Store, items: Iterable[tuple[str, Record]]) -> list[tuple[str, str]]:
    """Records carrying changes stamped with this desk's station that this desk never made.

    Two desks that run copies of one database file share a station id, so each one's changes
    look like the other's own. Every field carries a `stamp@station` mark; a mark with our
    station that is newer than what we hold for that field, or equal to it with another value,
    can only come from such a twin (or from a copy of this desk restored from an old backup).
    """
    suffix = "@" + store.station
    suspects: list[tuple[str, str]] = []
    for table, record in items:
        if table.startswith("_"):
            continue
        ours = store.get(table, record["id"])
        if ours == record:
            continue
        our_marks = field_marks(ours) if ours is not None else {}
        for key, mark in field_marks(record).items():
            if not mark.endswith(suffix):
                continue
            held = our_marks.get(key, "")
            if mark > held or (
                mark == held and ours is not None and ours.get(key) != record.get(key)
            ):
                suspects.append((table, record["id"]))
                break
    return suspects
