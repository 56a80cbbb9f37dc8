"""Merging records from two desks: commutative, associative and idempotent.

Two policies cover every table:
- `lww`: last writer wins per field, by the field's `stamp@station` mark (participants, settings,
  mentoring sessions, action items). Concurrent edits of one field resolve the same way everywhere.
- `append`: immutable facts (check-ins, note versions) are united by id; a fact never changes, so
  two copies of one id are the same fact (if they ever differ, the larger mark wins everywhere).
Tombstones are ordinary fields (`deleted`), so they merge like any other change and are kept.
"""

from __future__ import annotations

import json
from typing import Literal

from facilitator.storage.record import Record, compact_marks, mark

Policy = Literal["lww", "append"]


def _tiebreak(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def merge_records(a: Record, b: Record, policy: Policy = "lww") -> Record:
    """The merge of two versions of the same record."""
    if a == b:
        return a
    if policy == "append":
        ka = (mark(a["hlc"], a["station"]), _tiebreak(a))
        kb = (mark(b["hlc"], b["station"]), _tiebreak(b))
        return a if ka >= kb else b
    clocks_a: dict[str, str] = a.get("clocks", {})
    clocks_b: dict[str, str] = b.get("clocks", {})
    base_a = mark(a["hlc"], a["station"])
    base_b = mark(b["hlc"], b["station"])
    merged: Record = {"id": a["id"]}
    clocks: dict[str, str] = {}
    for key in sorted((set(a) | set(b)) - {"id", "hlc", "station", "clocks"}):
        ma = clocks_a.get(key, base_a) if key in a else ""
        mb = clocks_b.get(key, base_b) if key in b else ""
        if (ma, _tiebreak(a.get(key))) >= (mb, _tiebreak(b.get(key))):
            merged[key], clocks[key] = a[key], ma
        else:
            merged[key], clocks[key] = b[key], mb
    latest = a if (a["hlc"], a["station"]) >= (b["hlc"], b["station"]) else b
    merged["hlc"], merged["station"] = latest["hlc"], latest["station"]
    merged["clocks"] = compact_marks(merged, clocks)
    return merged
