"""The record envelope: what every stored record carries so that desks can merge exactly.

A record is a plain dict of its own fields plus:
- `id`: a stable id made when the record was captured (never TinyDB's doc_id);
- `hlc`: the hybrid-logical-clock stamp of its latest change, `station`: the desk that made it;
- `deleted`: a tombstone flag, because a deleted record must still reach the other desks;
- `clocks`: per-field `stamp@station` marks, so a merge can take the latest value field by field;
  a field it does not name was written by the record's latest change (see `field_marks`).

A record from outside (a bundle, the server) is checked with `check_envelope` before it is
merged: one record with an id that is not a string or a stamp from the year 2286 would otherwise
crash every later start or win every later merge.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from facilitator.storage.hlc import parse_stamp, stamp_problem

ENVELOPE_FIELDS = frozenset({"id", "hlc", "station", "deleted", "clocks"})
_UNMARKED = frozenset({"id", "hlc", "station", "clocks"})
"""The envelope fields that carry no mark of their own (`deleted` does: it merges per field)."""
ID_BYTES = 16
"""128 random bits: among 100,000 records the chance that any two collide is about 1.5e-29."""
MAX_ID_LENGTH = 128
MAX_STATION_LENGTH = 128
MAX_RECORD_BYTES = 256 * 1024
"""A participant or a note is a few hundred bytes; a quarter of a megabyte is already absurd."""

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]*")

Record = dict[str, Any]


def new_id() -> str:
    """A random id for a record made on this desk (`Store.new_id` also checks it is free)."""
    return secrets.token_hex(ID_BYTES)


def check_envelope(record: object, now_ms: int) -> str | None:
    """Why a record from outside must not be merged, or None when its envelope is sound.

    Checks what the storage layer relies on: a string id of a safe shape, a clock stamp that is
    well formed and not more than a day ahead of this desk's clock (`now_ms`), a station, a
    boolean tombstone, per-field marks of the same kind no later than the record's own stamp,
    and a sane size. What the fields mean (a check-in's time, a name) is the caller's to check.
    """
    if not isinstance(record, dict):
        return f"not a record but {type(record).__name__}"
    rid = record.get("id")
    if not isinstance(rid, str) or not rid:
        return f"id must be a non-empty string, got {_show(rid)}"
    if len(rid) > MAX_ID_LENGTH or not _ID.fullmatch(rid):
        return f"id {_show(rid)} is not a record id (letters, digits and ._:@- only)"
    stamp = record.get("hlc")
    problem = stamp_problem(stamp, now_ms)
    if problem is not None:
        return f"hlc: {problem}"
    station = record.get("station")
    if not isinstance(station, str) or not station or len(station) > MAX_STATION_LENGTH:
        return f"station must be a desk name, got {_show(station)}"
    if not isinstance(record.get("deleted", False), bool):
        return f"deleted must be true or false, got {_show(record.get('deleted'))}"
    clocks = record.get("clocks", {})
    if not isinstance(clocks, dict):
        return f"clocks must be an object, got {_show(clocks)}"
    own = mark(stamp, station)  # type: ignore[arg-type]
    for name, field_mark in clocks.items():
        if not isinstance(field_mark, str) or "@" not in field_mark:
            return f"clocks[{name!r}] must be 'stamp@station', got {_show(field_mark)}"
        field_stamp = field_mark.partition("@")[0]
        problem = stamp_problem(field_stamp, now_ms)
        if problem is not None:
            return f"clocks[{name!r}]: {problem}"
        if parse_stamp(field_stamp) > parse_stamp(stamp):  # type: ignore[arg-type]
            return f"clocks[{name!r}] {field_mark} is later than the record's own {own}"
    try:
        size = len(json.dumps(record, ensure_ascii=False, allow_nan=False).encode())
    except (TypeError, ValueError, RecursionError) as exc:
        return f"not storable as JSON ({exc})"
    if size > MAX_RECORD_BYTES:
        return f"record is {size} bytes, more than {MAX_RECORD_BYTES}"
    return None


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def mark(stamp: str, station: str) -> str:
    """A per-field clock mark; string order is (stamp, station) order."""
    return f"{stamp}@{station}"


def stamp_new(data: dict[str, Any], record_id: str, stamp: str, station: str) -> Record:
    """Wrap fresh data in an envelope; every field is marked with this change."""
    fields = {k: v for k, v in data.items() if k not in ENVELOPE_FIELDS}
    record: Record = {"id": record_id, **fields, "hlc": stamp, "station": station, "deleted": False}
    record["clocks"] = {}  # every field was written by this change: no mark needs saying
    return record


def stamp_change(old: Record, data: dict[str, Any], stamp: str, station: str) -> Record | None:
    """Apply changed fields to a copy of `old`; None when nothing actually changed."""
    changes = {
        k: v for k, v in data.items() if k not in ENVELOPE_FIELDS - {"deleted"} and old.get(k) != v
    }
    if not changes:
        return None
    before = field_marks(old)
    record = {**old, **changes, "hlc": stamp, "station": station}
    record["clocks"] = {k: m for k, m in before.items() if k not in changes}
    return record


def field_marks(record: Record) -> dict[str, str]:
    """Every field's `stamp@station` mark. A field `clocks` does not name was written by the
    record's latest change (`hlc@station`): a record stored whole, like a check-in or a person
    imported from the roster, carries no marks at all, which keeps the file and the memory of
    a 20,000-person event about half the size."""
    clocks: dict[str, str] = record.get("clocks") or {}
    base = mark(record["hlc"], record["station"])
    return {k: clocks.get(k, base) for k in record if k not in _UNMARKED}


def compact_marks(record: Record, marks: dict[str, str]) -> dict[str, str]:
    """The marks worth saying for `record`: those that are not its own latest change's."""
    base = mark(record["hlc"], record["station"])
    return {k: m for k, m in marks.items() if m != base}
