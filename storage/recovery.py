"""Deciding, at open, what the files on disk can rebuild, and refusing whatever would lose writes.

The first version fell back to `.prev` whenever the main file was damaged and silently lost every
write folded into the newest generation; it replayed a journal onto nothing when both files were
gone; it skipped damaged journal lines and forgot them at the next fold. Here nothing is opened
unless it provably holds every acknowledged write, and every outcome is said out loud:

- A base is the main file, else the previous generation, else (only for a journal that starts at
  the very first write) the empty database. The journal keeps the entries of the last two
  generations, so `.prev` plus the journal rebuild the newest generation exactly.
- A base is accepted only if the journal entries on top of it continue its change sequence
  without a gap and reach what the lock file witnessed as acknowledged
  (`locking.DatabaseLock.acknowledge`). Otherwise the open is refused, naming the missing writes.
- A torn last journal line (the signature of a crash) is discarded and said so; damage inside a
  complete line refuses the open. A refusal changes no file: it names the backups and
  `facilitator restore`.

`plan_recovery` only reads; the store carries the plan out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.storage.backups import BackupShelf
from facilitator.storage.durable import Candidate, read_candidate
from facilitator.storage.errors import CorruptDatabase, StoreNotice
from facilitator.storage.journal import JournalEntry, JournalScan, TornTail


@dataclass
class RecoveryPlan:
    """What to load: a base (None: the empty database), the entries on top, what to tell."""

    base: Candidate | None
    entries: list[JournalEntry]
    torn: TornTail | None = None
    damaged: list[Candidate] = field(default_factory=list)
    notices: list[StoreNotice] = field(default_factory=list)

    @property
    def highest_generation(self) -> int:
        """The newest generation tag in the journal (the next fold must pass it)."""
        base = self.base.generation.number if self.base and self.base.generation else 0
        return max([base, *(e.generation for e in self.entries)])


@dataclass(frozen=True)
class _Gap:
    """Acknowledged writes `first`..`last` that neither the base nor the journal holds."""

    first: int
    last: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1


def _on_top(base: Candidate | None, entries: list[JournalEntry]) -> list[JournalEntry]:
    generation = base.generation.number if base and base.generation else 0
    return [e for e in entries if e.generation >= generation]


def _gap(base: Candidate | None, entries: list[JournalEntry], witnessed: int | None) -> _Gap | None:
    """The first run of acknowledged writes missing from `base` + `entries`, or None.

    A base written before sequences were kept, or a journal from then (seq 0), cannot be
    checked; such a database is checked from its next fold on.
    """
    sequence = base.generation.sequence if base and base.generation else 0
    if sequence is None or any(e.seq == 0 for e in entries):
        return None
    expected = sequence + 1
    for entry in entries:
        if entry.seq != expected:
            return _Gap(expected, max(expected, entry.seq - 1))
        expected += 1
    if witnessed is not None and witnessed >= expected:
        return _Gap(expected, witnessed)
    return None


def plan_recovery(
    db_path: Path,
    main: Candidate,
    read_previous: Callable[[], Candidate],
    scan: JournalScan,
    witnessed: int | None,
) -> RecoveryPlan:
    """Choose what to open, or raise `CorruptDatabase` (with a code) changing nothing.

    `read_previous` is called only when the main file cannot be used on its own, so a healthy
    open reads one file. `witnessed` is the acknowledged sequence the lock file remembers.
    """
    refuse = _Refusal(db_path, main, read_previous, scan, witnessed)
    read_previous = refuse.previous
    if scan.damage is not None:
        refuse.journal_damaged(scan)
    entries = scan.entries
    notices = _torn_notices(db_path, scan, witnessed)
    previous_path = db_path.with_name(db_path.name + ".prev")
    if not main.exists and not previous_path.exists() and not entries:
        # A new event file (perhaps with its very first write torn by a crash).
        if witnessed:
            refuse.missing(witnessed)
        return RecoveryPlan(None, [], scan.torn, notices=notices)

    if main.valid:
        gap = _gap(main, _on_top(main, entries), witnessed)
        if gap is None:
            if not scan.exists and witnessed:
                notices.append(_journal_missing_notice(db_path))
            return RecoveryPlan(main, _on_top(main, entries), scan.torn, notices=notices)
        refuse.writes_missing(gap)

    previous = read_previous()
    if previous.valid:
        gap = _gap(previous, _on_top(previous, entries), witnessed)
        if gap is None:
            on_top = _on_top(previous, entries)
            notices.append(_from_previous_notice(db_path, main, previous, len(on_top), witnessed))
            return RecoveryPlan(previous, on_top, scan.torn, damaged=[main], notices=notices)
        refuse.cannot_rebuild(main, previous, gap)

    starts_at_first_write = entries and entries[0].generation == 0 and entries[0].seq in (0, 1)
    if starts_at_first_write and _gap(None, entries, witnessed) is None:
        if main.exists or previous.exists:  # else: a new file that crashed before its first fold
            notices.append(_from_journal_notice(db_path, main, previous, len(entries)))
        return RecoveryPlan(None, entries, scan.torn, damaged=[main, previous], notices=notices)
    if entries and not main.exists and not previous.exists:
        refuse.journal_without_base(entries)
    refuse.damaged(main, previous, scan)
    raise AssertionError("unreachable")  # every refusal above raises


# -- notices -------------------------------------------------------------------------------


def _torn_notices(db_path: Path, scan: JournalScan, witnessed: int | None) -> list[StoreNotice]:
    if scan.torn is None:
        return []
    journal = db_path.name + ".journal"
    params = {"journal": journal, "offset": scan.torn.offset, "bytes": scan.torn.size}
    text = (
        f"The journal {journal} ended in an unfinished write ({scan.torn.size} bytes at byte "
        f"{scan.torn.offset}), which is what a crash in the middle of a write leaves. That write "
        "was never confirmed, so it was discarded"
    )
    if witnessed is None:
        return [
            StoreNotice(
                "torn_tail_unverified",
                f"{text}. This desk keeps no record ({db_path.name}.lock) to confirm that "
                "nothing confirmed was lost.",
                params,
            )
        ]
    return [StoreNotice("torn_tail", f"{text}; nothing confirmed was lost.", params)]


def _journal_missing_notice(db_path: Path) -> StoreNotice:
    journal = db_path.name + ".journal"
    return StoreNotice(
        "journal_missing",
        f"The journal {journal} was missing, but nothing in it was needed: every confirmed "
        f"write is in {db_path.name}.",
        {"journal": journal, "path": db_path.name},
    )


def _from_previous_notice(
    db_path: Path, main: Candidate, previous: Candidate, replayed: int, witnessed: int | None
) -> StoreNotice:
    what = "missing" if not main.exists else f"damaged ({main.problem})"
    params: dict[str, str | int] = {
        "path": db_path.name,
        "previous": previous.path.name,
        "reason": main.problem or "missing",
        "writes": replayed,
    }
    text = (
        f"{db_path.name} was {what}; opened the previous generation {previous.path.name} and "
        f"replayed {replayed} writes from the journal on top of it"
    )
    if witnessed is None:
        return StoreNotice(
            "rebuilt_from_previous_unverified",
            f"{text}. This desk keeps no record ({db_path.name}.lock) to confirm that nothing "
            f"confirmed was lost. The damaged file is kept as {db_path.name}.damaged-….",
            params,
        )
    return StoreNotice(
        "rebuilt_from_previous",
        f"{text}: nothing confirmed was lost. The damaged file is kept as "
        f"{db_path.name}.damaged-… at the next save.",
        params,
    )


def _from_journal_notice(
    db_path: Path, main: Candidate, previous: Candidate, replayed: int
) -> StoreNotice:
    return StoreNotice(
        "rebuilt_from_journal",
        f"{db_path.name} ({main.problem}) and {previous.path.name} ({previous.problem}) could "
        f"not be used; the journal holds every write since the event file was created, and all "
        f"{replayed} were replayed: nothing confirmed was lost.",
        {
            "path": db_path.name,
            "previous": previous.path.name,
            "reason": main.problem or "missing",
            "writes": replayed,
        },
    )


# -- refusals ------------------------------------------------------------------------------


class _Refusal:
    """Builds and raises the `CorruptDatabase` of each kind, with what can be restored: the
    backups, and the newest valid generation on disk with what it lacks (so a desk without
    backups, or with only old ones, is never left without a way forward)."""

    def __init__(
        self,
        db_path: Path,
        main: Candidate,
        read_previous: Callable[[], Candidate],
        scan: JournalScan,
        witnessed: int | None,
    ) -> None:
        self.path = db_path
        self.journal = db_path.name + ".journal"
        self._main = main
        self._read_previous = read_previous
        self._previous: Candidate | None = None
        self._scan = scan
        self._witnessed = witnessed

    def previous(self) -> Candidate:
        """`.prev`, read once."""
        if self._previous is None:
            self._previous = self._read_previous()
        return self._previous

    def _newest_generation(self) -> tuple[Candidate, int] | None:
        """The newest valid generation on disk and how many confirmed writes it lacks."""
        confirmed = max([self._witnessed or 0, *(e.seq for e in self._scan.entries)])
        for candidate in (self._main, self.previous()):
            if candidate.valid and candidate.generation:
                sequence = candidate.generation.sequence
                return candidate, max(0, confirmed - sequence) if sequence is not None else 0
        return None

    def _raise(self, code: str, head: str, params: dict[str, str | int]) -> None:
        shelf = BackupShelf(self.path)
        backups = shelf.list()
        lines = [head]
        if backups:
            lines.append("Backups that can be restored (newest first):")
            lines += [f"  {b.name}" for b in backups[:5]]
            restore = f"facilitator --db {self.path} restore {backups[0].name}"
            lines.append(f"Run: {restore}")
        else:
            restore = ""
            lines.append("No backups were found in " + str(shelf.folder))
        newest = self._newest_generation() if code != "database_missing" else None
        generation_file, generation_missing, restore_generation = "", 0, ""
        if newest is not None:
            candidate, generation_missing = newest
            generation_file = str(candidate.path)
            restore_generation = f"facilitator --db {self.path} restore {candidate.path}"
            lacks = (
                "nothing confirmed is missing from it"
                if not generation_missing
                else f"it lacks {generation_missing} confirmed writes"
            )
            lines.append(
                f"Or put the newest valid generation back in place ({candidate.path.name}: "
                f"{lacks}): {restore_generation}"
            )
        lines.append("No file was changed or moved: they are exactly as they were found.")
        raise CorruptDatabase(
            "\n".join(lines),
            code=code,
            params={
                "path": str(self.path),
                **params,
                "backups": ", ".join(b.name for b in backups[:5]),
                "latest_backup": backups[0].name if backups else "",
                "backup_folder": str(shelf.folder),
                "restore_command": restore,
                "generation_file": generation_file,
                "generation_missing": generation_missing,
                "restore_generation_command": restore_generation,
            },
        )

    def journal_damaged(self, scan: JournalScan) -> None:
        damage = scan.damage
        assert damage is not None
        self._raise(
            "journal_damaged",
            f"Cannot open {self.path}: its journal {self.journal} is damaged at line "
            f"{damage.line} (byte {damage.offset}): {damage.reason}. A crash only ever tears the "
            "end of the journal, so this is damage to writes that were confirmed; the event was "
            "not opened, so that nothing is lost or overwritten.",
            {
                "journal": self.journal,
                "line": damage.line,
                "offset": damage.offset,
                "reason": damage.reason,
            },
        )

    def missing(self, witnessed: int) -> None:
        lock = self.path.name + ".lock"
        self._raise(
            "database_missing",
            f"Cannot open {self.path}: the file, its previous generation and its journal are all "
            f"gone, but this desk confirmed {witnessed} writes to it ({lock} remembers). To start "
            f"a new, empty event file here instead, delete {lock} first.",
            {"confirmed": witnessed, "lock": lock},
        )

    def writes_missing(self, gap: _Gap) -> None:
        self._raise(
            "writes_missing",
            f"Cannot open {self.path}: {gap.count} confirmed writes (#{gap.first} to #{gap.last}) "
            f"are in neither {self.path.name} nor its journal {self.journal}: the journal was "
            "cut short, damaged or deleted.",
            {
                "journal": self.journal,
                "first_missing": gap.first,
                "last_missing": gap.last,
                "count": gap.count,
            },
        )

    def cannot_rebuild(self, main: Candidate, previous: Candidate, gap: _Gap) -> None:
        what = "missing" if not main.exists else f"damaged ({main.problem})"
        self._raise(
            "cannot_rebuild",
            f"Cannot open {self.path}: it is {what}, and the previous generation "
            f"{previous.path.name} with the journal {self.journal} cannot rebuild it: "
            f"{gap.count} confirmed writes (#{gap.first} to #{gap.last}) are in neither.",
            {
                "reason": main.problem or "missing",
                "previous": previous.path.name,
                "journal": self.journal,
                "first_missing": gap.first,
                "last_missing": gap.last,
                "count": gap.count,
            },
        )

    def journal_without_base(self, entries: list[JournalEntry]) -> None:
        first = entries[0]
        self._raise(
            "journal_without_base",
            f"Cannot open {self.path}: the file and its previous generation are both missing, "
            f"but the journal {self.journal} holds {len(entries)} writes made on top of "
            f"generation {first.generation}. Replaying them onto an empty database would lose "
            "everything written before them.",
            {"journal": self.journal, "writes": len(entries), "generation": first.generation},
        )

    def damaged(self, main: Candidate, previous: Candidate, scan: JournalScan) -> None:
        problems = [
            f"{main.path.name}: {main.problem}",
            f"{previous.path.name}: {previous.problem}",
        ]
        if scan.entries:
            problems.append(
                f"{self.journal}: {len(scan.entries)} writes, but not from the first one, so "
                "they cannot rebuild the event on their own"
            )
        self._raise(
            "damaged",
            f"Cannot open {self.path}: no valid copy of the database was found.\n"
            + "\n".join(f"  - {p}" for p in problems),
            {"problems": "; ".join(problems)},
        )


def read_previous_of(db_path: Path) -> Callable[[], Candidate]:
    """A reader of `<db>.prev`, for `plan_recovery`."""
    return lambda: read_candidate(db_path.with_name(db_path.name + ".prev"))
