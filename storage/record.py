"""The record envelope: what every stored record carries so that desks can merge exactly.

A record is a plain dict of its own fields plus:
- `id`: a stable id made when the record was captured (never TinyDB's doc_id);
- `hlc`: the hybrid-logical-clock stamp of its latest change, `station`: the desk that made it;
- `deleted`: a tombstone flag, because a deleted record must still reach the other desks;
- `clocks`: per-field `stamp@station` marks, so a merge can take the latest value field by field.
"""

from __future__ import annotations

import uuid
from typing import Any

ENVELOPE_FIELDS = frozenset({"id", "hlc", "station", "deleted", "clocks"})

Record = dict[str, Any]


def new_id() -> str:
    """A random, globally unique id for a record made on this desk."""
    return uuid.uuid4().hex


def mark(stamp: str, station: str) -> str:
    """A per-field clock mark; string order is (stamp, station) order."""
    return f"{stamp}@{station}"


def stamp_new(data: dict[str, Any], record_id: str, stamp: str, station: str) -> Record:
    """Wrap fresh data in an envelope; every field is marked with this change."""
    fields = {k: v for k, v in data.items() if k not in ENVELOPE_FIELDS}
    m = mark(stamp, station)
    record: Record = {"id": record_id, **fields, "hlc": stamp, "station": station, "deleted": False}
    record["clocks"] = {k: m for k in [*fields, "deleted"]}
    return record


def stamp_change(old: Record, data: dict[str, Any], stamp: str, station: str) -> Record | None:
    """Apply changed fields to a copy of `old`; None when nothing actually changed."""
    changes = {
        k: v for k, v in data.items() if k not in ENVELOPE_FIELDS - {"deleted"} and old.get(k) != v
    }
    if not changes:
        return None
    m = mark(stamp, station)
    record = {**old, **changes, "hlc": stamp, "station": station}
    record["clocks"] = {**old.get("clocks", {}), **{k: m for k in changes}}
    return record
