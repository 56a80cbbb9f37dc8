"""The damage matrix: what a red team does to an event's files, and how each outcome is judged.

One reference event is written for real (three sessions, two generations folded, a journal
holding the entries of the last two generations plus an unfolded tail, a backup, the lock file
with its witness), as the disk holds it at the moment of a power cut. Each case copies it, damages
the copy (truncation at an offset, a bit flip, a zeroed sector or page, deletions of the main file,
the journal and `.prev` in every combination, with or without a damage to what remains), opens it
the way the next start of the app would, and is judged:

- `whole`: the store opened and holds every acknowledged write, with a notice naming what was
  recovered whenever a damaged or missing file had to be worked around;
- `refused`: the store raised a storage error whose message names the file, the backups and
  `facilitator restore`, whose code has catalogue text its params fill, and the files were left
  byte for byte as they were;
- anything else is a failure: `lost` (opened without an acknowledged write), `silent` (a file
  was worked around without a word), `touched` (refused, but changed a file), `bad_message`,
  `traceback` (any other exception).

Used by `tests/reliability/test_damage_matrix.py` (a sample) and `soak.py` (the full sweep).
"""

from __future__ import annotations

import itertools
import random
import shutil
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.i18n import text_in
from facilitator.storage.durable import parse_generation, previous_path
from facilitator.storage.errors import StoreError
from facilitator.storage.journal import journal_path
from facilitator.storage.store import Store

NINE_AM = 1_717_207_200_000
TARGETS = ("main", "prev", "journal")
RECOVERY_NOTICES = frozenset(
    {
        "rebuilt_from_previous",
        "rebuilt_from_previous_unverified",
        "rebuilt_from_journal",
        "journal_missing",
    }
)
TORN_NOTICES = frozenset({"torn_tail", "torn_tail_unverified"})
GOOD = ("whole", "refused")


class Clock:
    """An injected wall clock that ticks a second per reading (never the real one)."""

    def __init__(self, ms: int = NINE_AM) -> None:
        self.ms = ms

    def __call__(self) -> int:
        self.ms += 1000
        return self.ms


@dataclass(frozen=True)
class Reference:
    """The pristine files of the reference event, and every write it acknowledged."""

    folder: Path
    db_name: str
    acknowledged: dict[str, str]  # id -> name
    backup_name: str

    def path_of(self, folder: Path, target: str) -> Path:
        db = folder / self.db_name
        return {"main": db, "prev": previous_path(db), "journal": journal_path(db)}[target]


def snapshot(db: Path, into: Path) -> None:
    """What the disk holds right now, as the next start would find it after a power cut."""
    into.mkdir(parents=True)
    for name in (db.name, db.name + ".prev", db.name + ".journal", db.name + ".lock"):
        if (db.parent / name).exists():
            shutil.copy2(db.parent / name, into / name)
    shutil.copytree(db.parent / "backups", into / "backups")


def build_reference(folder: Path) -> Reference:
    """Write the reference event for real; its files end up in `folder / "pristine"`."""
    live = folder / "live" / "event.json"
    acknowledged: dict[str, str] = {}
    clock = Clock()

    def add(store: Store, name: str) -> None:
        record = store.put("participants", {"name": name, "phone": "0812345678"})
        acknowledged[record["id"]] = name

    with Store.open(live, station="desk-a", wall_ms=clock) as store:
        for i in range(4):
            add(store, f"สมชาย {i}")
        backup = store.backup("before import")
    with Store.open(live, station="desk-a", wall_ms=clock) as store:
        for i in range(4):
            add(store, f"มาลี {i}")
    store = Store.open(live, station="desk-a", wall_ms=clock)
    try:
        for i in range(3):
            add(store, f"บุญเรือง {i}")
        store.fold()
        for i in range(3):
            add(store, f"ประยุทธ {i}")  # only in the journal at the power cut
        snapshot(live, folder / "pristine")
    finally:
        store.close()
    return Reference(folder / "pristine", live.name, acknowledged, backup.name)


@dataclass(frozen=True)
class Damage:
    """One thing done to one file: `kind` is truncate, flip, zero or delete."""

    target: str
    kind: str
    offset: int = 0
    size: int = 0
    bit: int = 0

    def __str__(self) -> str:
        if self.kind == "delete":
            return f"delete {self.target}"
        if self.kind == "truncate":
            return f"truncate {self.target} at {self.offset}"
        if self.kind == "flip":
            return f"flip bit {self.bit} of byte {self.offset} in {self.target}"
        return f"zero {self.size} bytes at {self.offset} in {self.target}"

    def apply(self, path: Path) -> None:
        if self.kind == "delete":
            path.unlink(missing_ok=True)
            return
        if not path.exists():
            return
        raw = bytearray(path.read_bytes())
        if self.kind == "truncate":
            raw = raw[: self.offset]
        elif self.kind == "flip" and raw:
            raw[self.offset % len(raw)] ^= 1 << self.bit
        elif self.kind == "zero" and raw:
            start = self.offset % len(raw)
            end = min(len(raw), start + self.size)
            raw[start:end] = bytes(end - start)
        path.write_bytes(bytes(raw))


@dataclass(frozen=True)
class Case:
    """A combination of damages applied together."""

    damages: tuple[Damage, ...]

    def __str__(self) -> str:
        return " + ".join(str(d) for d in self.damages) or "no damage"


def _one_damage(rng: random.Random, target: str, size: int) -> Damage:
    kind = rng.choice(("truncate", "truncate", "flip", "flip", "zero"))
    if kind == "truncate":
        return Damage(target, "truncate", rng.randrange(0, max(1, size)))
    if kind == "flip":
        return Damage(target, "flip", rng.randrange(0, max(1, size)), bit=rng.randrange(8))
    sector = rng.choice((512, 4096))
    return Damage(target, "zero", sector * rng.randrange(0, max(1, size // sector + 1)), sector)


def cases(reference: Reference, count: int, seed: int) -> Iterator[Case]:
    """`count` cases: first every deletion combination with and without one more damage and
    every truncation offset of every file's lines, then random damages of one or two files."""
    rng = random.Random(seed)
    sizes = {t: reference.path_of(reference.folder, t).stat().st_size for t in TARGETS}
    systematic: list[Case] = []
    for n in range(0, len(TARGETS) + 1):
        for deleted in itertools.combinations(TARGETS, n):
            gone = tuple(Damage(t, "delete") for t in deleted)
            if gone:
                systematic.append(Case(gone))
            for other in (t for t in TARGETS if t not in deleted):
                for _ in range(3):
                    systematic.append(Case((*gone, _one_damage(rng, other, sizes[other]))))
    for target in TARGETS:
        raw = reference.path_of(reference.folder, target).read_bytes()
        ends = [i + 1 for i, byte in enumerate(raw) if byte == 0x0A]
        for offset in sorted({0, 1, len(raw) - 1, *ends, *(e - 1 for e in ends)}):
            systematic.append(Case((Damage(target, "truncate", offset),)))
    produced = 0
    for case in systematic:
        if produced >= count:
            return
        produced += 1
        yield case
    while produced < count:
        targets = rng.sample(TARGETS, rng.choice((1, 1, 1, 2)))
        yield Case(tuple(_one_damage(rng, t, sizes[t]) for t in targets))
        produced += 1


@dataclass
class Outcome:
    """How one case ended, and why when it ended badly."""

    case: Case
    verdict: str
    detail: str = ""
    code: str = ""


@dataclass
class Tally:
    """Counts per verdict and per refusal code, and the first failures for the report."""

    verdicts: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.verdicts[outcome.verdict] = self.verdicts.get(outcome.verdict, 0) + 1
        if outcome.code:
            self.codes[outcome.code] = self.codes.get(outcome.code, 0) + 1
        if outcome.verdict not in GOOD and len(self.failures) < 20:
            self.failures.append(outcome)

    def merge(self, other: Tally) -> None:
        for key, value in other.verdicts.items():
            self.verdicts[key] = self.verdicts.get(key, 0) + value
        for key, value in other.codes.items():
            self.codes[key] = self.codes.get(key, 0) + value
        self.failures += other.failures[: max(0, 20 - len(self.failures))]

    @property
    def total(self) -> int:
        return sum(self.verdicts.values())

    @property
    def good(self) -> int:
        return sum(self.verdicts.get(v, 0) for v in GOOD)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of the event but the lock (which an open rewrites by design)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def run_case(reference: Reference, case: Case, work: Path) -> Outcome:
    """Copy the reference, damage it, open it, judge it; `work` must not exist yet."""
    shutil.copytree(reference.folder, work)
    try:
        for damage in case.damages:
            damage.apply(reference.path_of(work, damage.target))
        return _judge(reference, case, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _changed(path: Path, pristine: bytes, target: str) -> bool:
    """Whether the damage changed what the file means (not just, say, its final newline)."""
    if not path.exists():
        return True
    raw = path.read_bytes()
    if raw == pristine or target == "journal":
        return raw != pristine
    try:
        return parse_generation(raw)[1].checksum != parse_generation(pristine)[1].checksum
    except ValueError:
        return True


def _judge(reference: Reference, case: Case, work: Path) -> Outcome:
    db = work / reference.db_name
    before = _files(work)
    pristine = {t: reference.path_of(reference.folder, t).read_bytes() for t in TARGETS}
    changed = {t for t in TARGETS if _changed(reference.path_of(work, t), pristine[t], t)}
    try:
        store = Store.open(db, station="desk-a", wall_ms=Clock(NINE_AM + 86_400_000))
    except StoreError as refused:
        return _judge_refusal(reference, case, work, before, refused)
    except Exception:
        return Outcome(case, "traceback", traceback.format_exc(limit=-3))
    try:
        held = {r["id"]: r.get("name") for r in store.records("participants")}
        missing = {i for i in reference.acknowledged if held.get(i) != reference.acknowledged[i]}
        if missing:
            return Outcome(case, "lost", f"{len(missing)} acknowledged writes missing")
        codes = {n.code for n in store.notices}
        if "main" in changed and not codes & RECOVERY_NOTICES:
            return Outcome(case, "silent", f"main damaged, notices {sorted(codes)}")
        if "journal" in changed and not codes & (RECOVERY_NOTICES | TORN_NOTICES):
            return Outcome(case, "silent", f"journal damaged, notices {sorted(codes)}")
        store.put("participants", {"name": "หลังกู้คืน"})
    except Exception:
        return Outcome(case, "traceback", traceback.format_exc(limit=-3))
    finally:
        store.close()
    try:
        with Store.open(db, station="desk-a", wall_ms=Clock(NINE_AM + 2 * 86_400_000)) as again:
            names = {r["id"] for r in again.records("participants")}
            if not set(reference.acknowledged) <= names or again.problems:
                return Outcome(case, "lost", f"after a save and reopen: {again.problems}")
    except Exception:
        return Outcome(case, "traceback", "reopen: " + traceback.format_exc(limit=-3))
    return Outcome(case, "whole")


def _judge_refusal(
    reference: Reference, case: Case, work: Path, before: dict[str, bytes], refused: StoreError
) -> Outcome:
    code = refused.code
    if _files(work) != before:
        return Outcome(case, "touched", f"{code}: files changed by a refused open", code)
    message = str(refused)
    db = str(work / reference.db_name)
    wanted = [db, reference.backup_name, f"facilitator --db {db} restore"]
    absent = [w for w in wanted if w not in message]
    if absent:
        return Outcome(case, "bad_message", f"{code}: message lacks {absent}: {message}", code)
    try:
        for lang in ("th", "en"):
            text = text_in(lang, f"storage.error.{code}", **refused.params)
            if text == f"storage.error.{code}":
                raise KeyError(code)
            text_in(lang, "storage.hint.restore", **refused.params)
    except (KeyError, IndexError, ValueError) as exc:
        return Outcome(case, "bad_message", f"{code}: catalogue text unfilled ({exc!r})", code)
    return Outcome(case, "refused", code, code)
