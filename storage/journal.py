"""An append-only journal beside the database file: one small fsync per acknowledged write.

Rewriting a 5,000-person file for every check-in costs about 150 times what SQLite pays for the
same durable write. Instead each write appends one line (a batch of records, with the generation
of the main file it applies to, its place in the change sequence and a CRC) and fsyncs; the
journal is folded into the main file on a schedule and on exit.

Reading it back tells two kinds of trouble apart, because they mean opposite things:
- a *torn tail*: the last line has no newline. That is what a crash in the middle of a write
  leaves, and that write was never acknowledged (its fsync never returned). It is cut off, and
  the store says so.
- *damage inside complete lines*: a CRC mismatch, or a terminated line that is not an entry.
  That is not a crash (a crash only ever tears the end): a disk or a person changed a write that
  was acknowledged. Nothing is cut and nothing is skipped; `scan` reports it and the store
  refuses to open, leaving the file exactly as it was for `facilitator restore`.
`scan` itself never writes; the store cuts a torn tail only once it has decided to open.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.storage.durable import atomic_write_bytes, fsync_dir, read_private
from facilitator.storage.errors import StoreError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass
class JournalEntry:
    """One acknowledged write: records to upsert, and local state to set, atomically."""

    generation: int
    ops: list[tuple[str, dict[str, Any]]]
    local: dict[str, Any] = field(default_factory=dict)
    seq: int = 0
    """The store's change sequence after this entry (0 in journals written before it existed)."""
    skimmed: bool = False
    """Only its generation, sequence and CRC were read (`scan(skim_below=...)`): its records
    are not needed while the main file they were folded into is good."""
    written: tuple[int, int, bytes] | None = field(default=None, repr=False, compare=False)
    """(generation, seq, line) as `Journal.append` wrote it: a fold's `keep_from` rewrites the
    line without encoding the entry again, which at 4,000 kept entries took 40-100 ms under the
    store lock that the scan's write waits for. Used only while generation and seq are the same."""


@dataclass(frozen=True)
class TornTail:
    """An unfinished last line: `size` bytes from byte `offset` to the end of the file."""

    offset: int
    size: int


@dataclass(frozen=True)
class JournalDamage:
    """The first complete line that is not a valid entry (1-based `line`, at byte `offset`)."""

    offset: int
    line: int
    reason: str


@dataclass
class JournalScan:
    """Everything read from the journal, and what, if anything, is wrong with it."""

    exists: bool
    entries: list[JournalEntry] = field(default_factory=list)
    torn: TornTail | None = None
    damage: JournalDamage | None = None

    @property
    def skimmed(self) -> bool:
        return any(e.skimmed for e in self.entries)


def _encode(entry: JournalEntry) -> bytes:
    body = json.dumps(
        {"g": entry.generation, "ops": entry.ops, "local": entry.local, "s": entry.seq},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    crc = zlib.crc32(body.encode())
    return f'{{"crc":{crc},"e":{body}}}\n'.encode()


def _whole(value: object) -> bool:
    return type(value) is int and value >= 0


def _body_bytes(line: bytes, e: dict[str, Any]) -> bytes:
    """The entry's bytes as `_encode` wrote them, for the CRC: cut out of the line itself when
    the line has `_encode`'s shape (no second encoding of a big import on every open), else
    encoded again the way `_encode` would have."""
    head = line.find(b',"e":')
    if line.startswith(b'{"crc":') and head > 0 and line.endswith(b"}"):
        return line[head + 5 : -1]
    try:
        body = json.dumps(e, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        return b""
    return body.encode()


def _decode(line: bytes) -> JournalEntry:
    """One line back into an entry; ValueError saying why it is not one."""
    try:
        outer = json.loads(line)
    except RecursionError:
        raise ValueError("not JSON (nested too deeply)") from None
    except ValueError:
        raise ValueError("not JSON") from None
    if not isinstance(outer, dict) or not isinstance(outer.get("e"), dict):
        raise ValueError("not a journal entry")
    e = outer["e"]
    if type(outer.get("crc")) is not int or zlib.crc32(_body_bytes(line, e)) != outer["crc"]:
        raise ValueError("CRC mismatch")
    ops, local, seq = e.get("ops"), e.get("local", {}), e.get("s", 0)
    if not _whole(e.get("g")) or not _whole(seq) or not isinstance(local, dict):
        raise ValueError("not a journal entry (bad generation, sequence or local state)")
    if not isinstance(ops, list):
        raise ValueError("not a journal entry (no list of records)")
    pairs: list[tuple[str, dict[str, Any]]] = []
    for op in ops:
        if not (
            isinstance(op, list)
            and len(op) == 2
            and isinstance(op[0], str)
            and isinstance(op[1], dict)
            and isinstance(op[1].get("id"), str)
        ):
            raise ValueError("not a journal entry (a record without a table or an id)")
        pairs.append((op[0], op[1]))
    return JournalEntry(e["g"], pairs, local, seq)


def _skim(line: bytes) -> JournalEntry | None:
    """The generation and sequence of a line in `_encode`'s shape whose CRC holds, without
    decoding its records; None when the line is not in that shape (it is then decoded whole)."""
    if not line.startswith(b'{"crc":') or not line.endswith(b"}}"):
        return None
    head = line.find(b',"e":{"g":')
    tail = line.rfind(b',"s":')
    ops = line.find(b',"ops":', head)
    if head < 0 or tail < 0 or ops < 0:
        return None
    crc, generation, seq = line[7:head], line[head + 10 : ops], line[tail + 5 : -2]
    if not (crc.isdigit() and generation.isdigit() and seq.isdigit()):
        return None
    if zlib.crc32(line[head + 5 : -1]) != int(crc):
        return None  # decoded whole, which names the damage
    return JournalEntry(int(generation), [], {}, int(seq), skimmed=True)


def decode_line(line: bytes) -> JournalEntry:
    """One complete journal line (without its newline) as an entry; ValueError if it is not."""
    return _decode(line)


def encode_entries(entries: list[JournalEntry]) -> bytes:
    """Entries as journal lines, each with its CRC."""
    return b"".join(_encode(e) for e in entries)


def _line_of(entry: JournalEntry) -> bytes:
    """The entry's journal line: the one `append` wrote, if the entry is still that entry."""
    written = entry.written
    if written is not None and written[0] == entry.generation and written[1] == entry.seq:
        return written[2]
    return _encode(entry)


def journal_path(db_path: Path) -> Path:
    """Where the journal of a database lives."""
    return db_path.with_name(db_path.name + ".journal")


class Journal:
    """Appends entries durably; reads them back after a crash, telling a torn tail from damage.

    `on_durable(seq)` is called after each append is on disk (the store's witness of what it
    acknowledged, see `locking.DatabaseLock.acknowledge`).
    """

    def __init__(self, path: Path, on_durable: Callable[[int], None] | None = None) -> None:
        self.path = path
        self._fd: int | None = None
        self._on_durable = on_durable
        self.entry_count = 0

    def scan(self, skim_below: int | None = None) -> JournalScan:
        """Read every valid entry and note the first damaged line; changes nothing on disk.

        Entries of a generation below `skim_below` (folded into the main file already) are
        only skimmed: their CRC is checked, their records are not decoded, which at 20,000
        people halves the time to open. A store that then needs them reads the journal again.
        """
        try:
            raw = read_private(self.path)
        except FileNotFoundError:
            return JournalScan(exists=False)
        except OSError as exc:
            raise StoreError(
                f"Cannot read the journal {self.path} ({exc.strerror}): it is a symbolic link "
                "or unreadable, so it is not used (someone may be trying to redirect the "
                "event's files). Move it away, then open the database again.",
                code="journal_unreadable",
                params={"journal": str(self.path), "reason": exc.strerror or str(exc)},
            ) from None
        scan = JournalScan(exists=True)
        lines = raw.split(b"\n")
        tail = lines.pop()  # what follows the last newline: b"" unless the last line is torn
        offset = 0
        for number, line in enumerate(lines, start=1):
            skimmed = _skim(line) if skim_below is not None else None
            if skimmed is not None and skimmed.generation < (skim_below or 0):
                scan.entries.append(skimmed)
                offset += len(line) + 1
                continue
            try:
                scan.entries.append(_decode(line))
            except ValueError as exc:
                if scan.damage is None:  # read on: what follows says what the damage costs
                    scan.damage = JournalDamage(offset, number, str(exc))
            offset += len(line) + 1
        if tail and scan.damage is None:
            scan.torn = TornTail(offset, len(tail))
        self.entry_count = len(scan.entries)
        return scan

    def cut_torn_tail(self, torn: TornTail) -> None:
        """Cut off an unfinished last write, so the next append starts on a line of its own."""
        fd = os.open(self.path, os.O_WRONLY | _NOFOLLOW | _CLOEXEC)
        try:
            if os.fstat(fd).st_size == torn.offset + torn.size:
                os.ftruncate(fd, torn.offset)
                os.fsync(fd)
        finally:
            os.close(fd)

    def append(self, entry: JournalEntry) -> None:
        """Write one entry and return only once it is on disk.

        A write that fails half way (a full disk) is cut back off, so it cannot glue itself to
        the next entry and turn into damage inside a complete line.
        """
        if self._fd is None:
            created = not self.path.exists()
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _CLOEXEC
            self._fd = os.open(self.path, flags, 0o600)
            with contextlib.suppress(PermissionError):  # not ours to change; still written to
                os.fchmod(self._fd, 0o600)
            if created:
                fsync_dir(self.path.parent)
        payload = _encode(entry)
        start = os.fstat(self._fd).st_size
        try:
            written = os.write(self._fd, payload)
            if written != len(payload):
                raise OSError(28, "No space left on device (short write)")
            os.fdatasync(self._fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise
        self.entry_count += 1
        entry.written = (entry.generation, entry.seq, payload)
        if self._on_durable is not None:
            self._on_durable(entry.seq)

    def keep_from(self, generation: int, entries: list[JournalEntry]) -> None:
        """Rewrite the journal with only the entries at or after `generation` (after a fold)."""
        self.close()
        kept = [e for e in entries if e.generation >= generation]
        atomic_write_bytes(self.path, b"".join(_line_of(e) for e in kept))
        self.entry_count = len(kept)

    def close(self) -> None:
        """Close the file handle."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
