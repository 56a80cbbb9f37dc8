"""The tables of a database file whose bytes are read and checked but not yet parsed.

At 20,000 people, parsing the file takes most of a second, and the door must answer the first
scan before that. A file of the current format (`durable.stream_generation`) holds one record
per line inside its table's braces, and a raw newline never occurs inside a JSON string. So
the records that mention an id can be found by searching the bytes for the id as a JSON
string, and only their lines parsed. The small tables (the event, the desk's own settings) are
parsed whole at once.

This knows nothing of what the tables hold: it finds lines that mention a text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

SMALL_TABLE_BYTES = 256 * 1024
"""A table this small is parsed whole when the file opens."""
SKIPPED_TABLES = frozenset({"_sequence", "_storage"})
"""Tables an unfinished open never needs: the change sequence's rows, the header."""


class UnreadTables:
    """Where each table's lines are in `raw`; the small tables and the lines that mention a
    text, parsed on demand. ValueError when the layout is not the one a fold writes."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.spans = _table_spans(raw)
        """Per table, the bytes of its lines: (first byte, one past the last)."""

    def small(self, eager: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
        """Every table under `SMALL_TABLE_BYTES`, and those named in `eager` whatever their
        size (what the opener cannot do without), as {doc_id: document}."""
        whole = set(eager)
        return {
            name: _parse_lines(self.raw[start:end])
            for name, (start, end) in self.spans.items()
            if name not in SKIPPED_TABLES and (name in whole or end - start < SMALL_TABLE_BYTES)
        }

    def mentioning(
        self,
        texts: Iterable[str],
        tables: Iterable[str] | None = None,
        eager: Iterable[str] = (),
    ) -> dict[str, list[dict[str, Any]]]:
        """The documents of the big tables (or of `tables`) whose line holds one of `texts`
        as a JSON string, by table, each once; the `eager` tables (parsed whole) are left out."""
        whole = set(eager)
        needles = [json.dumps(text, ensure_ascii=False).encode() for text in texts]
        wanted = (
            self.spans if tables is None else {t: self.spans[t] for t in tables if t in self.spans}
        )
        found: dict[str, list[dict[str, Any]]] = {}
        for name, (start, end) in wanted.items():
            if name in SKIPPED_TABLES or name in whole:
                continue
            if tables is None and end - start < SMALL_TABLE_BYTES:
                continue
            lines: dict[int, bytes] = {}
            for needle in needles:
                at = self.raw.find(needle, start, end)
                while at >= 0:
                    first = self.raw.rfind(b"\n", start, at)
                    first = start if first < 0 else first + 1
                    last = self.raw.find(b"\n", at, end)
                    last = end if last < 0 else last
                    lines.setdefault(first, self.raw[first:last])
                    at = self.raw.find(needle, last, end)
            if lines:
                docs = _parse_lines(b"\n".join(lines[k] for k in sorted(lines)))
                found[name] = [doc for doc in docs.values() if isinstance(doc, dict)]
        return found

    def record(self, table: str, record_id: str) -> dict[str, Any] | None:
        """The document of `table` whose id is `record_id`, if the file holds one."""
        for doc in self.mentioning([record_id], [table]).get(table, []):
            if doc.get("id") == record_id:
                return doc
        return None


def _parse_lines(body: bytes) -> dict[str, Any]:
    """Lines of `"n": {...},` as one {n: document} (the commas between them kept)."""
    text = body.decode("utf-8").strip().rstrip(",")
    if not text:
        return {}
    rows = [line.rstrip(",") for line in text.split("\n") if line.strip()]
    parsed = json.loads("{" + ",".join(rows) + "}")
    if not isinstance(parsed, dict):
        raise ValueError("a table's lines are not documents")
    return parsed


def _table_spans(raw: bytes) -> dict[str, tuple[int, int]]:
    """Each table's lines, found as `durable._read_streamed` walks the file (without parsing
    them): `{`, then per table `\\n"name": {` and its lines up to `\\n}`, then the header."""
    if not raw.startswith(b'{\n"'):
        raise ValueError("the file is not laid out as a fold writes it")
    spans: dict[str, tuple[int, int]] = {}
    pos = 2
    while True:
        colon = raw.find(b": {", pos)
        if colon < 0 or raw.find(b"\n", pos, colon) >= 0:
            raise ValueError("a table's name is not where it should be")
        name = json.loads(raw[pos:colon].decode("utf-8"))
        if not isinstance(name, str):
            raise ValueError("a table's name is not text")
        pos = colon + 3
        if name == "_storage":  # the header closes the file
            return spans
        if raw[pos : pos + 1] == b"}":
            spans[name] = (pos, pos)
            pos += 1
        else:
            end = raw.find(b"\n}", pos)
            if end < 0 or not raw.startswith(b'\n"', pos):
                raise ValueError(f"the table {name[:40]!r} does not end")
            spans[name] = (pos + 1, end)
            pos = end + 2
        if raw[pos : pos + 2] != b",\n":
            raise ValueError("the tables are not separated as a fold writes them")
        pos += 2


class ParsedTables:
    """The tables once `load_rest` parsed and indexed them by id, until `hand_over`: the same
    questions as `UnreadTables`, asked of the documents, so the file's bytes can go (40 MB at
    20,000 people) while the whole desk is still being built.

    A document mentions a text when one of its values is that text, or an item of a list
    value. Lists are looked into only under the keys that hold lists in the table's first
    documents, so a question costs a pass at C speed over each table (20 ms at 20,000).
    """

    def __init__(self, tables: dict[str, dict[str, dict[str, Any]]]) -> None:
        self.tables = tables

    def record(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self.tables.get(table, {}).get(record_id)

    def mentioning(
        self,
        texts: Iterable[str],
        tables: Iterable[str] | None = None,
        eager: Iterable[str] = (),
    ) -> dict[str, list[dict[str, Any]]]:
        wanted = list(texts)
        whole = set(eager)
        names = list(self.tables) if tables is None else [t for t in tables if t in self.tables]
        found: dict[str, list[dict[str, Any]]] = {}
        for name in names:
            if name in SKIPPED_TABLES or name in whole:
                continue
            docs = list(self.tables[name].values())
            listed = _list_keys(docs)
            hits: dict[int, dict[str, Any]] = {}
            for text in wanted:
                for doc in [d for d in docs if text in d.values()]:
                    hits.setdefault(id(doc), doc)
                for key in listed:
                    for doc in [d for d in docs if text in (d.get(key) or ())]:
                        hits.setdefault(id(doc), doc)
            if hits:
                found[name] = list(hits.values())
        return found


def _list_keys(docs: list[dict[str, Any]], sample: int = 50) -> tuple[str, ...]:
    """The keys that hold lists in the first `sample` documents."""
    keys: dict[str, None] = {}
    for doc in docs[:sample]:
        for key, value in doc.items():
            if type(value) is list:
                keys[key] = None
    return tuple(keys)
