"""Setting damaged journal lines aside when every write they could hold is safe elsewhere.

A bit flip in a complete journal line refuses the open (`recovery`): it is damage to a write that
was confirmed, and nothing may be skipped silently. But often the damaged line is an old one,
already folded into the main file, and refusing for ever would leave a desk without backups no
way forward except losing the writes after the last fold. `salvage_journal` is the explicit way
forward: it proves the damaged lines are not needed (the valid lines continue the chosen
generation's change sequence without a gap, up to what the lock file witnessed, and no damaged
line is the last one, which could be the newest write), then keeps the journal aside in
`backups/` and writes a new one without them. When that cannot be proved it refuses, with the
same error the open gives, and changes nothing.

Call it like `backups.restore_backup`: with the database closed and its lock held.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitator.storage.durable import atomic_write_bytes, make_private_folder, read_candidate
from facilitator.storage.errors import CorruptDatabase
from facilitator.storage.journal import (
    Journal,
    JournalScan,
    decode_line,
    encode_entries,
    journal_path,
)
from facilitator.storage.locking import read_acknowledged
from facilitator.storage.recovery import plan_recovery, read_previous_of


@dataclass(frozen=True)
class SalvageReport:
    """What `salvage_journal` did: lines dropped, entries kept, where the old journal went."""

    dropped: int
    kept: int
    aside: Path | None


def salvage_journal(db_path: Path) -> SalvageReport:
    """Drop the journal's damaged lines if provably nothing confirmed is lost; else raise
    `CorruptDatabase` (the open's own refusal) and change nothing."""
    journal = journal_path(db_path)
    scan = Journal(journal).scan()
    if scan.damage is None:
        return SalvageReport(0, len(scan.entries), None)
    raw = journal.read_bytes()
    lines = raw.split(b"\n")
    complete = lines[:-1]
    dropped = len(complete) - len(scan.entries)
    last_is_damaged = bool(complete) and _is_damaged(complete[-1])
    clean = JournalScan(exists=True, entries=scan.entries)
    witnessed = read_acknowledged(db_path.with_name(db_path.name + ".lock"))
    if last_is_damaged:
        # The last complete line may be the newest confirmed write: nothing vouches for it.
        witnessed = max(witnessed or 0, max((e.seq for e in scan.entries), default=0) + 1)
    plan_recovery(db_path, read_candidate(db_path), read_previous_of(db_path), clean, witnessed)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    folder = db_path.parent / "backups"
    make_private_folder(folder)
    aside = folder / f"salvaged-{stamp}-{journal.name}"
    shutil.copy2(journal, aside)
    atomic_write_bytes(journal, encode_entries(scan.entries))  # a torn tail was never confirmed
    return SalvageReport(dropped, len(scan.entries), aside)


def _is_damaged(line: bytes) -> bool:
    try:
        decode_line(line)
    except ValueError:
        return True
    return False


__all__ = ["CorruptDatabase", "SalvageReport", "salvage_journal"]
