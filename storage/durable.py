"""A crash-safe TinyDB storage: never writes in place, never reads damage as an empty database.

TinyDB's own JSONStorage seeks, writes and truncates the live file: a crash in between leaves a
torn file, and a 0-byte file is read as an empty database that the next write makes permanent.
This storage serialises first, writes a temporary file in the same folder, fsyncs it, keeps the
current file as the previous generation, atomically replaces, and fsyncs the folder. Each file
carries a header (format, generation, clock, station, sequence) and a checksum of the header and
the content together: a file whose header was edited (a raised generation would silently skip
the journal) fails the check like a file whose content was, and a header whose fields have the
wrong types is refused, never a traceback. A file that fails is never used.

Temporary files get unpredictable names and are created with O_EXCL | O_NOFOLLOW: a symlink
planted at a predictable name would otherwise make a fold write the whole database through it.
Everything written here is mode 0600 and the folders made for it 0700: they hold people's names
and phone numbers.

The file stays plain JSON in TinyDB's layout (tables of doc_id -> document), with Thai as UTF-8
text, so `TinyDB(path)` can still open it for inspection.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from facilitator.storage.errors import CorruptDatabase
from facilitator.storage.hlc import parse_stamp

__all__ = [
    "FORMAT_VERSION",
    "META_TABLE",
    "Candidate",
    "CorruptDatabase",
    "DurableStorage",
    "Generation",
    "atomic_write_bytes",
    "canonical_checksum",
    "check_generation",
    "fsync_dir",
    "make_private_folder",
    "parse_generation",
    "parse_tables",
    "previous_path",
    "read_candidate",
    "read_private",
    "serialise",
    "stage_bytes",
    "stream_private",
    "sweep_temporaries",
]

META_TABLE = "_storage"
FORMAT_VERSION = 3
"""3: the header is the file's last line and its checksum covers the header's fields and the raw
bytes before that line, so a file is written in one streaming pass (hashed as it is written,
nothing held twice in memory) and checked with one hash of its bytes. Format 2 (the checksum of
the canonical JSON of header and tables) and format 1 (tables only) still open; the next fold
rewrites them as format 3."""
_FORMATS = (1, 2, 3)
_HEADER_LINE = b'\n"' + META_TABLE.encode() + b'": '
_CHUNK_ROWS = 500
_MAX_GENERATION = 2**53

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Generation:
    """What a valid database file holds besides its tables."""

    number: int
    checksum: str
    meta: dict[str, Any]

    @property
    def sequence(self) -> int | None:
        """The store's change sequence when this generation was written (None: not recorded)."""
        value = self.meta.get("sequence")
        return value if isinstance(value, int) else None


@dataclass
class Candidate:
    """One file that may hold the database: what it holds, or why it cannot be used."""

    path: Path
    exists: bool
    tables: dict[str, Any] | None = None
    generation: Generation | None = None
    problem: str | None = None
    raw: bytes | None = field(default=None, repr=False)
    """The file's bytes when its tables are not parsed yet (`read_candidate(deferred=True)`):
    the header and the checksum are checked, `parse_tables` reads the rest when it is wanted."""

    @property
    def valid(self) -> bool:
        return self.generation is not None


def canonical_checksum(tables: dict[str, Any], header: dict[str, Any] | None = None) -> str:
    """A checksum of the header and tables that does not depend on formatting or key order.

    It hashes the same text as one `json.dumps(tables, sort_keys=True)` would, but document
    by document: one big dumps call holds the GIL for the whole file and would stall the scan
    path while a fold runs on a background thread. With `header` (format 2) the header's
    fields, less the checksum itself, come first, on a line of their own.
    """
    digest = hashlib.sha256()
    dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode
    if header is not None:
        fields = {k: v for k, v in header.items() if k != "checksum"}
        digest.update(dumps(fields).encode() + b"\n")
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


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents as 0700 (whatever the umask); leave existing ones.

    `Path.mkdir(parents=True)` gives the parents the umask's mode (0777 under umask 000).
    """
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(created, 0o700)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))


def read_private(path: Path) -> bytes:
    """The bytes of one of the database's own files, refusing to follow a symlink planted there.

    A regular file comes in one read of its size, so its bytes are never held twice (pieces
    joined at the end were: 80 MB for a moment at 20,000 people, the peak of the open).
    """
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    try:
        first = os.read(fd, max(os.fstat(fd).st_size, 1 << 16))
        chunks = [first]
        while chunk := os.read(fd, 1 << 20):  # it grew meanwhile, or a read came back short
            chunks.append(chunk)
        return first if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def stream_private(path: Path, piece: int = 1 << 20) -> Iterator[bytes]:
    """The bytes of one of the database's own files, a piece at a time (a copy that never
    holds the whole file), refusing to follow a symlink planted there."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    try:
        while chunk := os.read(fd, piece):
            yield chunk
    finally:
        os.close(fd)


def _temporary(path: Path, kind: str) -> tuple[int, Path]:
    """A new file beside `path` with an unpredictable name, created exclusively, mode 0600."""
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{kind}-{secrets.token_hex(8)}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
        except FileExistsError:
            continue
        return fd, tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))


def atomic_write_bytes(path: Path, payload: bytes, keep_previous: bool = False) -> None:
    """Write `payload` to `path` so that a crash leaves either the old or the new file, whole.

    The file is readable by its owner only (mode 0600): everything written here holds
    people's names and phone numbers. With `keep_previous` the file it replaces becomes
    `<path>.prev` (by a hard link, so `path` itself never goes missing).
    """
    atomic_write_chunks(path, [payload], keep_previous)


def stage_bytes(path: Path, payload: bytes) -> Path:
    """`payload` in a new owner-only file beside `path`, fsynced, for the caller to rename onto
    `path` (or delete): what must be whole on disk before anything else is moved. A crash
    leaves a temporary that `sweep_temporaries` removes."""
    return _stage(path, [payload])


def _stage(path: Path, chunks: Iterable[bytes]) -> Path:
    fd, tmp = _temporary(path, "tmp")
    try:
        os.fchmod(fd, 0o600)  # O_CREAT's mode is masked by the umask; this is not
        for payload in chunks:
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
    return tmp


def atomic_write_chunks(path: Path, chunks: Iterable[bytes], keep_previous: bool = False) -> None:
    """`atomic_write_bytes` for content made piece by piece: never all of it in memory."""
    tmp = _stage(path, chunks)
    try:
        if keep_previous and path.exists():
            _link_as_previous(path)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _keeping_checksum(chunks: Iterator[bytes], meta: dict[str, Any]) -> Iterator[bytes]:
    """Pass the pieces on; the last one's header puts its checksum into `meta` too."""
    for piece in chunks:
        if piece.startswith(_HEADER_LINE):
            meta["checksum"] = json.loads(piece[len(_HEADER_LINE) : -2])["1"]["checksum"]
        yield piece


def _link_as_previous(path: Path) -> None:
    for _ in range(100):
        link = path.with_name(f".{path.name}.prev-{secrets.token_hex(8)}")
        try:
            os.link(path, link, follow_symlinks=False)
        except FileExistsError:
            continue
        os.replace(link, previous_path(path))
        return
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))


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


def header_fields_line(meta: dict[str, Any]) -> bytes:
    """The header's fields, less the checksum, in canonical JSON: what format 3 hashes first."""
    fields = {k: v for k, v in meta.items() if k != "checksum"}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def stream_generation(
    tables: Mapping[str, Iterable[dict[str, Any]]], meta: dict[str, Any]
) -> Iterator[bytes]:
    """A format-3 file, piece by piece: tables of numbered documents, then the header line.

    The checksum is made as the pieces are produced, so the header that closes the file can
    carry it; every document is encoded once, a few hundred at a time, so the scan path on the
    UI thread gets the interpreter back between pieces.
    """
    digest = hashlib.sha256(header_fields_line(meta) + b"\n")
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def emit(piece: bytes) -> bytes:
        digest.update(piece)
        return piece

    yield emit(b"{")
    for t, (name, records) in enumerate(tables.items()):
        rows: list[str] = []
        head = f"{',' if t else ''}\n{encode(name)}: {{"
        count = 0
        for count, record in enumerate(records, start=1):
            rows.append(f'{"" if count == 1 else ","}\n"{count}": {encode(record)}')
            if len(rows) >= _CHUNK_ROWS:
                yield emit((head + "".join(rows)).encode())
                head, rows = "", []
        yield emit((head + "".join(rows) + ("\n}" if count else "}")).encode())
    yield emit(b"," if tables else b"")
    final = {**meta, "checksum": "sha256:" + digest.hexdigest()}
    yield _HEADER_LINE + json.dumps({"1": final}, ensure_ascii=False).encode() + b"}\n"


def _body_checksum(raw: bytes, meta: dict[str, Any]) -> str:
    """Format 3's checksum of a file as read: the header's fields, then the bytes before it."""
    cut = raw.rfind(_HEADER_LINE)
    digest = hashlib.sha256(header_fields_line(meta) + b"\n")
    if cut > 0:
        # A view, not a slice: at 20,000 people a copy of the body (and a second for the
        # concatenation) was 80 MB on top of the parsed file, the peak of the whole open.
        with memoryview(raw) as view:
            digest.update(view[:cut])
    return "sha256:" + digest.hexdigest()


def serialise(tables: dict[str, Any], meta: dict[str, Any]) -> bytes:
    """The file text: one document per line, so it stays readable and diffable."""
    lines = ["{" + json.dumps(META_TABLE) + ": " + json.dumps({"1": meta}, ensure_ascii=False)]
    for name, docs in tables.items():
        rows = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in docs.items()]
        inner = ("{\n" + ",\n".join(rows) + "\n}") if rows else "{}"
        lines.append(f"{json.dumps(name, ensure_ascii=False)}: {inner}")
    return (",\n".join(lines) + "}\n").encode()


def _whole_number(meta: dict[str, Any], key: str, required: bool) -> None:
    value = meta.get(key)
    if value is None and not required:
        return
    if type(value) is not int or not 0 <= value < _MAX_GENERATION:
        raise ValueError(f"the storage header's {key} is not a whole number ({str(value)[:40]!r})")


def _check_header(meta: object) -> Generation:
    """The header's fields, each of the type it must be; ValueError naming the first that is not."""
    if not isinstance(meta, dict):
        raise ValueError("the storage header is not an object")
    fmt = meta.get("format", 1)
    if type(fmt) is not int or fmt not in _FORMATS:
        raise ValueError(
            f"the storage format {str(fmt)[:20]!r} is unknown (a newer facilitator wrote it?)"
        )
    _whole_number(meta, "generation", required=True)
    _whole_number(meta, "sequence", required=False)
    if not isinstance(meta.get("checksum"), str):
        raise ValueError("the storage header has no checksum")
    clock = meta.get("clock")
    if clock is not None:
        try:
            parse_stamp(clock)
        except ValueError:
            raise ValueError(
                f"the storage header's clock is not a stamp ({str(clock)[:40]!r})"
            ) from None
    station = meta.get("station")
    if station is not None and not isinstance(station, str):
        raise ValueError("the storage header's station is not text")
    return Generation(meta["generation"], meta["checksum"], meta)


def _check_tables(data: dict[str, Any]) -> None:
    for name, docs in data.items():
        if not isinstance(docs, dict):
            raise ValueError(f"the table {name[:40]!r} is not a table of documents")
        for key, doc in docs.items():
            if not isinstance(doc, dict):
                raise ValueError(f"document {key[:20]!r} of table {name[:40]!r} is not an object")
            if "id" in doc and not isinstance(doc["id"], str):
                raise ValueError(f"a record of table {name[:40]!r} has an id that is not text")


_PARSE_CHUNK = 1 << 20
_UNSHARED = frozenset({"id", "hlc", "i"})
"""Keys whose values are unique per record (ids, stamps): not worth a place in the memo."""


def _parse_streamed(
    raw: bytes, chunk: int = _PARSE_CHUNK, pause: Callable[[], None] | None = None
) -> dict[str, Any] | None:
    """The file as `json.loads` reads it, parsed a megabyte of documents at a time, or None
    when it is not laid out as `stream_generation` writes it (the caller then reads it whole,
    which also says what is wrong with it).

    Why: decoding the whole file first makes one string of it, twice the file's size for Thai
    text (about 80 MB at 20,000 people), held beside the bytes and every parsed document: that
    was the peak of the desk's memory. Piece by piece, the text of one megabyte is all there
    is. Values that documents repeat (a session id, a station, a role, a district) are shared
    as they are read, so 78,000 check-ins hold one "2026-12-01-am", not 78,000 copies.

    Only the layout is assumed, never trusted: a raw newline cannot occur inside a JSON string,
    so it only ever separates documents; a piece that does not parse, or glue between pieces
    that is not exactly what `stream_generation` writes, makes this return None.
    """
    try:
        return _read_streamed(raw, chunk, pause)
    except (ValueError, RecursionError, TypeError, AttributeError):
        return None


def _read_streamed(
    raw: bytes, chunk: int = _PARSE_CHUNK, pause: Callable[[], None] | None = None
) -> dict[str, Any] | None:
    if not raw.startswith(b'{\n"'):
        return None
    memo: dict[str, str] = {}
    data: dict[str, Any] = {}
    pos = 1
    while True:
        if pos == 1:
            if raw[pos : pos + 1] != b"\n":
                return None
            pos += 1
        elif raw[pos : pos + 2] == b",\n":
            pos += 2
        else:
            return None
        if raw.startswith(_HEADER_LINE[1:], pos):
            # The header line, last: `"_storage": {"1": {...}}}` closes the file.
            tail = json.loads("{" + raw[pos:].decode("utf-8"))
            if not isinstance(tail, dict) or list(tail) != [META_TABLE]:
                return None
            data[META_TABLE] = tail[META_TABLE]
            return data
        colon = raw.find(b": {", pos)
        if colon < 0 or raw.find(b"\n", pos, colon) >= 0:
            return None
        name = json.loads(raw[pos:colon].decode("utf-8"))
        if not isinstance(name, str):
            return None
        pos = colon + 3
        docs: dict[str, Any] = {}
        if raw[pos : pos + 1] == b"}":
            pos += 1
        else:
            end = raw.find(b"\n}", pos)
            if end < 0 or not raw.startswith(b'\n"', pos):
                return None
            while pos < end:
                cut = raw.find(b',\n"', min(pos + chunk, end), end)
                stop = end if cut < 0 else cut
                piece = json.loads("{" + raw[pos:stop].decode("utf-8") + "}")
                for doc in piece.values():
                    if isinstance(doc, dict):
                        _share_values(doc, memo)
                docs.update(piece)
                if pause is not None:
                    pause()
                pos = stop + 1  # past the comma; at `end` the loop stops
            pos = end + 2
        data[name] = docs


def _share_values(doc: dict[str, Any], memo: dict[str, str]) -> None:
    """Replace each text value of `doc` by an equal one already read, if there is one."""
    for key, value in doc.items():
        if type(value) is str and key not in _UNSHARED:
            doc[key] = memo.setdefault(value, value)


def parse_generation(
    raw: bytes, chunk: int = _PARSE_CHUNK, pause: Callable[[], None] | None = None
) -> tuple[dict[str, Any], Generation]:
    """Parse and verify one file; raise ValueError saying why it is not valid. `chunk`: how
    many bytes of documents one `json.loads` call takes (it holds the interpreter meanwhile);
    `pause` is called between chunks (a parse beside the UI lets a scan go first)."""
    data, generation = _parse_unverified(raw, chunk, pause)
    fmt = generation.meta.get("format", 1)
    if fmt >= 3:
        actual = _body_checksum(raw, generation.meta)
    else:
        actual = canonical_checksum(data, generation.meta if fmt >= 2 else None)
    if generation.checksum != actual:
        raise ValueError("the checksum does not match the content (damaged or edited)")
    return data, generation


def _parse_unverified(
    raw: bytes, chunk: int, pause: Callable[[], None] | None
) -> tuple[dict[str, Any], Generation]:
    """The tables and the header of a file, each of the shape it must be; the checksum is the
    caller's to check."""
    if not raw or raw.isspace():  # not `raw.strip()`: that copies the whole file
        raise ValueError("the file is empty")
    if raw.strip(b"\0") == b"":
        raise ValueError("the file is all zero bytes")
    data = _parse_streamed(raw, chunk, pause)
    try:
        if data is None:  # not laid out as `stream_generation` writes: read it whole
            data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the file is not valid JSON ({exc})") from None
    except RecursionError:
        raise ValueError("the file is not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict) or META_TABLE not in data:
        raise ValueError(
            "the file has no storage header: it is not a facilitator event database "
            "(check that --db names the event file)"
        )
    wrapper = data.pop(META_TABLE)
    generation = _check_header(wrapper.get("1") if isinstance(wrapper, dict) else None)
    _check_tables(data)
    return data, generation


def read_candidate(path: Path, deferred: bool = False) -> Candidate:
    """Read one file that may hold the database, without choosing it.

    `deferred`: for a file of the current format, check its header and checksum only and keep
    its bytes (`Candidate.raw`); `parse_tables` reads the tables later. Older formats, whose
    checksum needs the parsed tables, are parsed at once as usual.
    """
    try:
        raw = read_private(path)
    except FileNotFoundError:
        return Candidate(path, exists=False, problem="missing")
    except OSError as exc:
        return Candidate(path, exists=True, problem=f"cannot be read ({exc.strerror})")
    try:
        if deferred and (generation := check_generation(raw)) is not None:
            return Candidate(path, exists=True, generation=generation, raw=raw)
        tables, generation = parse_generation(raw)
    except ValueError as exc:
        return Candidate(path, exists=True, problem=str(exc))
    return Candidate(path, exists=True, tables=tables, generation=generation)


def check_generation(raw: bytes) -> Generation | None:
    """The header of a format-3 file, its checksum checked against the bytes, its tables left
    unread (one hash of the file instead of parsing it); None for an older format or a file
    not laid out as `stream_generation` writes it. ValueError when the check fails.

    A checksum that matches means the bytes are the ones a fold wrote, so the tables parse
    later as they did when written (`parse_tables` still refuses them if not).
    """
    if not raw.startswith(b'{\n"'):
        return None
    cut = raw.rfind(_HEADER_LINE)
    if cut < 0:
        return None
    try:
        tail = json.loads("{" + raw[cut + 1 :].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(tail, dict) or list(tail) != [META_TABLE]:
        return None
    wrapper = tail[META_TABLE]
    generation = _check_header(wrapper.get("1") if isinstance(wrapper, dict) else None)
    if generation.meta.get("format", 1) < 3:
        return None
    if generation.checksum != _body_checksum(raw, generation.meta):
        raise ValueError("the checksum does not match the content (damaged or edited)")
    return generation


def parse_tables(
    raw: bytes, chunk: int = _PARSE_CHUNK, pause: Callable[[], None] | None = None
) -> dict[str, Any]:
    """The tables of a file whose checksum `check_generation` checked already (not hashed
    again: 40 MB at 20,000 people); ValueError if they do not parse as tables of documents.
    `chunk` and `pause`: as for `parse_generation` (a parse beside the UI takes small bites)."""
    tables, _generation = _parse_unverified(raw, chunk, pause)
    return tables


class DurableStorage(Storage):
    """A `tinydb.Storage` that writes whole generations atomically and verifies what it reads."""

    def __init__(self, path: str | os.PathLike[str], extra_meta: dict[str, Any] | None = None):
        self.path = Path(path)
        self.generation = 0
        self.loaded_from: Path | None = None
        self.problems: list[str] = []
        self.meta: dict[str, Any] = {}
        self.set_aside: list[Path] = []
        """Damaged files to move out of the way (kept, renamed) before the next write."""
        self._extra_meta = dict(extra_meta or {})

    def candidates(self) -> list[Candidate]:
        """The main file and the previous generation, each read and checked, newest first."""
        return [read_candidate(self.path), read_candidate(previous_path(self.path))]

    def adopt(self, chosen: Candidate | None, damaged: list[Candidate]) -> None:
        """Use `chosen` (None: an empty database) as the base; keep `damaged` files aside at the
        next write, so a wreck never becomes the fallback `.prev`."""
        self.generation = chosen.generation.number if chosen and chosen.generation else 0
        self.meta = dict(chosen.generation.meta) if chosen and chosen.generation else {}
        self.loaded_from = chosen.path if chosen else None
        self.set_aside = [c.path for c in damaged if c.exists and not c.valid]

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The newest valid generation; None for a database that was never written."""
        found = self.candidates()
        self.problems = [f"{c.path.name}: {c.problem}" for c in found if not c.valid]
        if not any(c.exists for c in found):
            return None
        for candidate in found:
            if candidate.valid:
                self.adopt(candidate, [c for c in found if c is not candidate])
                return candidate.tables
        raise CorruptDatabase(
            f"No valid copy of {self.path} was found.", params={"path": str(self.path)}
        )

    def write(self, data: Mapping[str, Any], generation: int | None = None) -> None:
        """Write `data` as generation `generation` (default: the next); the current file becomes
        the previous generation. A table is TinyDB's {doc_id: document} or a list of documents
        (numbered as they are written, streamed: nothing is copied)."""
        tables = {k: v for k, v in data.items() if k != META_TABLE}
        for damaged in self.set_aside:
            # The file was damaged and another base was loaded: keep the wreck for inspection
            # instead of letting it replace the good fallback as `.prev`.
            if damaged.exists():
                os.replace(damaged, _aside_name(damaged))
        self.set_aside = []
        number = self.generation + 1 if generation is None else generation
        meta = {**self._extra_meta, "format": FORMAT_VERSION, "generation": number}
        rows = {
            name: docs.values() if hasattr(docs, "values") else docs
            for name, docs in tables.items()
        }
        chunks = stream_generation(rows, meta)
        atomic_write_chunks(self.path, _keeping_checksum(chunks, meta), keep_previous=True)
        # Only once the file is on disk: a failed write leaves the generation as it was.
        self.generation = number
        self.meta = meta
        self.loaded_from = self.path

    def set_meta(self, **values: Any) -> None:
        """Extra header fields written with the next generation (the clock, the station)."""
        self._extra_meta.update(values)

    def close(self) -> None:
        """Nothing is held open between writes."""


def _aside_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    return target
