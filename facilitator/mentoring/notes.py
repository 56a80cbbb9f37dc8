"""Versioned mentoring notes: every save is an immutable fact that names the version it replaced.

Notes are typed live by a facilitator and may be typed on two desks at once before they sync.
A last-writer-wins field would silently throw one desk's paragraph away, so the text fields of a
session (problems, advice, notes) are kept as a chain of versions in the append-only
NOTE_VERSIONS table instead. Each version names its parent(s); the versions nobody names as a
parent are the *heads*. One head is the current text; two heads mean two desks edited the same
field independently, and both texts are kept until someone writes a version naming both.
"""

from __future__ import annotations

import difflib
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from facilitator.clock import Clock
from facilitator.models import NOTE_VERSIONS
from facilitator.records import Records
from facilitator.storage.record import new_id

NOTE_FIELDS: tuple[str, ...] = ("problems", "advice", "notes")

# Put between the texts of several heads when they are shown as one text (see `conflict_text`).
CONFLICT_OPEN = "<<<<<<< {station} {at}"
CONFLICT_NEXT = "======= {station} {at}"
CONFLICT_CLOSE = ">>>>>>>"


@dataclass(frozen=True)
class NoteVersion:
    """One saved text of one field of one session: a fact that never changes."""

    id: str
    session_id: str
    field: str
    text: str
    parents: tuple[str, ...] = ()
    at: str = ""
    station: str = ""
    hlc: str = ""

    def to_fields(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "field": self.field,
            "text": self.text,
            "parents": list(self.parents),
            "at": self.at,
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> NoteVersion:
        return cls(
            id=r["id"],
            session_id=r["session_id"],
            field=r["field"],
            text=r.get("text", ""),
            parents=tuple(r.get("parents", ())),
            at=r.get("at", ""),
            station=r.get("station", ""),
            hlc=r.get("hlc", ""),
        )

    def sort_key(self) -> tuple[str, str, str, str]:
        """Oldest first; the clock stamp breaks ties between saves of the same second, and the
        desk's name ties between two desks saving in the same millisecond (as record merges do)."""
        return (self.at, self.hlc, self.station, self.id)


def merge_texts(texts: Iterable[str]) -> str:
    """One text keeping every line of every input, in a sensible order: nothing is dropped.

    Lines both texts share appear once; where they differ, the first text's lines come first,
    then the other's. Used as the default text of a merge of two heads.
    """
    result: list[str] | None = None
    for text in texts:
        lines = text.splitlines()
        if result is None:
            result = lines
            continue
        merged: list[str] = []
        matcher = difflib.SequenceMatcher(a=result, b=lines, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                merged += result[a1:a2]
            else:
                merged += result[a1:a2] + lines[b1:b2]
        result = merged
    return "\n".join(result or [])


def conflict_text(heads: list[NoteVersion]) -> str:
    """Several heads shown as one text, each under a marker naming its desk and time."""
    if len(heads) == 1:
        return heads[0].text
    parts: list[str] = []
    for n, head in enumerate(heads):
        marker = CONFLICT_OPEN if n == 0 else CONFLICT_NEXT
        parts.append(marker.format(station=head.station, at=head.at[11:16]))
        parts.append(head.text)
    parts.append(CONFLICT_CLOSE)
    return "\n".join(parts)


@dataclass
class _FieldChain:
    versions: dict[str, NoteVersion] = field(default_factory=dict)
    named: set[str] = field(default_factory=set)

    def add(self, v: NoteVersion) -> None:
        self.versions[v.id] = v
        self.named.update(v.parents)

    def heads(self) -> list[NoteVersion]:
        return sorted(
            (v for i, v in self.versions.items() if i not in self.named),
            key=NoteVersion.sort_key,
        )


class NoteBook:
    """The versions of every session's text fields, indexed in memory from the store."""

    def __init__(self, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock
        self._lock = threading.Lock()
        self._chains: dict[tuple[str, str], _FieldChain] = defaultdict(_FieldChain)
        self.refresh(r["id"] for r in records.records(NOTE_VERSIONS))

    def refresh(self, ids: Iterable[str]) -> None:
        """Index versions that arrived (saved here or merged from another desk's notes)."""
        with self._lock:
            for version_id in ids:
                record = self._records.get(NOTE_VERSIONS, version_id)
                if record is not None and not record.get("deleted"):
                    try:
                        v = NoteVersion.from_record(record)
                    except (KeyError, TypeError, ValueError):
                        continue
                    self._chains[(v.session_id, v.field)].add(v)

    def heads(self, session_id: str, field_name: str) -> list[NoteVersion]:
        """The versions no other version replaced: one normally, several after a split edit."""
        chain = self._chains.get((session_id, field_name))
        return chain.heads() if chain else []

    def history(self, session_id: str, field_name: str) -> list[NoteVersion]:
        """Every saved version of a field, oldest first."""
        chain = self._chains.get((session_id, field_name))
        return sorted(chain.versions.values(), key=NoteVersion.sort_key) if chain else []

    def version(self, session_id: str, field_name: str, version_id: str) -> NoteVersion | None:
        chain = self._chains.get((session_id, field_name))
        return chain.versions.get(version_id) if chain else None

    def current_text(self, session_id: str, field_name: str) -> str:
        """The text to show: the single head, or all heads between conflict markers."""
        heads = self.heads(session_id, field_name)
        return conflict_text(heads) if heads else ""

    def save(
        self,
        session_id: str,
        field_name: str,
        text: str,
        parents: list[str] | None = None,
        now: datetime | None = None,
    ) -> NoteVersion | None:
        """Save `text` as a new version replacing `parents` (default: every current head).

        Returns None when nothing would change: the text equals its single parent's text, or
        equals the conflict view of several parents (saving that decides nothing), or a first
        save is empty.
        """
        heads = self.heads(session_id, field_name)
        if parents is None:
            parents = [h.id for h in heads]
        known = [self.version(session_id, field_name, p) for p in parents]
        based_on = [v for v in known if v is not None]
        if not based_on and not text:
            return None
        if len(based_on) == 1 and based_on[0].text == text:
            return None
        if len(based_on) > 1 and conflict_text(based_on) == text:
            return None
        return self._write(session_id, field_name, text, list(parents), now)

    def merge_heads(
        self,
        session_id: str,
        field_name: str,
        text: str | None = None,
        now: datetime | None = None,
    ) -> NoteVersion | None:
        """Write one version naming every head as parent; None when there is only one head.

        Without `text` the merged text keeps every line of every head (see `merge_texts`).
        """
        heads = self.heads(session_id, field_name)
        if len(heads) < 2:
            return None
        merged = text if text is not None else merge_texts(h.text for h in heads)
        return self._write(session_id, field_name, merged, [h.id for h in heads], now)

    def draft(
        self,
        session_id: str,
        field_name: str,
        text: str,
        parents: Iterable[str] = (),
        now: datetime | None = None,
    ) -> NoteVersion:
        """A version not yet written: `_write` puts it alone; `MentoringService.record_session`
        puts a new session's first versions in the same write as the session."""
        at = (now or self._clock.now()).isoformat(timespec="seconds")
        return NoteVersion(new_id(), session_id, field_name, text, tuple(parents), at)

    def _write(
        self,
        session_id: str,
        field_name: str,
        text: str,
        parents: list[str],
        now: datetime | None,
    ) -> NoteVersion:
        draft = self.draft(session_id, field_name, text, parents, now)
        record = self._records.put(NOTE_VERSIONS, draft.to_fields(), draft.id)
        return NoteVersion.from_record(record)
