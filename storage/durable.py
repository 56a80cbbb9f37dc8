"""A crash-safe TinyDB storage: never writes in place, never reads damage as an empty database.

TinyDB's own JSONStorage seeks, writes and truncates the live file: a crash in between leaves a
torn file, and a 0-byte file is read as an empty database that the next write makes permanent.
This storage serialises first, writes a temporary file in the same folder, fsyncs it, keeps the
current file as the previous generation, atomically replaces, and fsyncs the folder. Each file
carries a generation number and a checksum of its content; a file that fails the check is never
used, and the newest valid generation is loaded instead.

The file stays plain JSON in TinyDB's layout (tables of doc_id -> document), with Thai as UTF-8
text, so `TinyDB(path)` can still open it for inspection.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

META_TABLE = "_storage"
FORMAT_VERSION = 1


class CorruptDatabase(Exception):
    """No valid generation of the database could be read."""


@dataclass(frozen=True)
class Generation:
    """What a valid database file holds besides its tables."""

    number: int
    checksum: str
    meta: dict[str, Any]


def canonical_checksum(tables: dict[str, Any]) -> str:
    """A checksum of the tables that does not depend on formatting or key order.

    It hashes the same text as one `json.dumps(tables, sort_keys=True)` would, but document
    by document: one big dumps call holds the GIL for the whole file and would stall the scan
    path while a fold runs on a background thread.
    """
    digest = hashlib.sha256()
    dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode
    digest.update(b"{")
    for t, name in enumerate(sorted(tables)):
        docs = tables[name]
        digest.update(f"{',' if t else ''}{dumps(name)}:{{".encode())
        for d, key in enumerate(sorted(docs)):
            digest.update(f"{',' if d else ''}{dumps(key)}:{dumps(docs[key])}".encode())
        digest.update(b"}")
    digest.update(b"}")
    return "sha256:" + digest.hexdigest()


def previous_path(path: Path) -> Path:
    """Where the previous generation of `path` is kept."""
    return path.with_name(path.name + ".prev")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, keep_previous: bool = False) -> None:
    """Write `payload` to `path` so that a crash leaves either the old or the new file, whole.

    The file is readable by its owner only (mode 0600): everything written here holds
    people's names and phone numbers.
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a leftover temporary file may have other permissions
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    if keep_previous and path.exists():
        link = path.with_name(f".{path.name}.prev-{os.getpid()}")
        link.unlink(missing_ok=True)
        os.link(path, link)
        os.replace(link, previous_path(path))
    os.replace(tmp, path)
    fsync_dir(path.parent)


def sweep_temporaries(path: Path) -> list[Path]:
    """Delete half-written temporaries of `path` that a crash in `atomic_write_bytes` left behind.

    Each crash during a fold would otherwise leave a copy of the whole database in the folder.
    Call only while holding the database lock: then no live writer owns these files.
    """
    swept = []
    name = glob.escape(path.name)
    for pattern in (f".{name}.tmp-*", f".{name}.prev-*"):
        for stale in path.parent.glob(pattern):
            stale.unlink(missing_ok=True)
            swept.append(stale)
    return swept


def serialise(tables: dict[str, Any], meta: dict[str, Any]) -> bytes:
    """The file text: one document per line, so it stays readable and diffable."""
    lines = ["{" + json.dumps(META_TABLE) + ": " + json.dumps({"1": meta}, ensure_ascii=False)]
    for name, docs in tables.items():
        rows = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in docs.items()]
        inner = ("{\n" + ",\n".join(rows) + "\n}") if rows else "{}"
        lines.append(f"{json.dumps(name, ensure_ascii=False)}: {inner}")
    return (",\n".join(lines) + "}\n").encode()


def parse_generation(raw: bytes) -> tuple[dict[str, Any], Generation]:
    """Parse and verify one file; raise ValueError saying why it is not valid."""
    if not raw.strip():
        raise ValueError("the file is empty")
    if raw.strip(b"\0") == b"":
        raise ValueError("the file is all zero bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the file is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or META_TABLE not in data:
        raise ValueError(
            "the file has no storage header: it is not a facilitator event database "
            "(check that --db names the event file)"
        )
    meta = data.pop(META_TABLE).get("1", {})
    expected = meta.get("checksum")
    actual = canonical_checksum(data)
    if expected != actual:
        raise ValueError("the checksum does not match the content (damaged or edited)")
    return data, Generation(int(meta.get("generation", 0)), actual, meta)


class DurableStorage(Storage):
    """A `tinydb.Storage` that writes whole generations atomically and verifies what it reads."""

    def __init__(self, path: str | os.PathLike[str], extra_meta: dict[str, Any] | None = None):
        self.path = Path(path)
        self.generation = 0
        self.loaded_from: Path | None = None
        self.problems: list[str] = []
        self.meta: dict[str, Any] = {}
        self._extra_meta = dict(extra_meta or {})

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The newest valid generation; None for a database that was never written."""
        candidates = [self.path, previous_path(self.path)]
        self.problems = []
        if not any(p.exists() for p in candidates):
            return None
        for candidate in candidates:
            if not candidate.exists():
                self.problems.append(f"{candidate.name}: missing")
                continue
            try:
                tables, generation = parse_generation(candidate.read_bytes())
            except (ValueError, OSError) as exc:
                self.problems.append(f"{candidate.name}: {exc}")
                continue
            self.generation = generation.number
            self.loaded_from = candidate
            self.meta = generation.meta
            return tables
        raise CorruptDatabase(self.path, self.problems)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Write `data` as the next generation; the current one becomes the previous."""
        tables = {k: v for k, v in data.items() if k != META_TABLE}
        if self.loaded_from is not None and self.loaded_from != self.path and self.path.exists():
            # The main file was damaged and the previous generation was loaded: keep the wreck
            # aside for inspection instead of letting it replace the good fallback as `.prev`.
            stamp = time.strftime("%Y%m%dT%H%M%S")
            os.replace(self.path, self.path.with_name(f"{self.path.name}.damaged-{stamp}"))
            self.loaded_from = self.path
        generation = self.generation + 1
        meta = {
            **self._extra_meta,
            "format": FORMAT_VERSION,
            "generation": generation,
            "checksum": canonical_checksum(tables),
        }
        atomic_write_bytes(self.path, serialise(tables, meta), keep_previous=True)
        # Only once the file is on disk: a failed write leaves the generation as it was.
        self.generation = generation

    def set_meta(self, **values: Any) -> None:
        """Extra header fields written with the next generation (the clock, the station)."""
        self._extra_meta.update(values)

    def close(self) -> None:
        """Nothing is held open between writes."""
