"""`make soak`: the full red-team sweep, with its figures written into docs/reliability.md.

    python -m tests.reliability.soak [--damage 12000] [--kills 1100] [--scans 200000]

Runs, on as many processes as there are cores (two on the reference laptop):
- the damage matrix (`damage.py`): every case recovered whole or refused with a correct message;
- the SIGKILL loop (`kill_loop.py`): writers that fold and take backups, killed for real;
- fuzzed scans (`scans.py`) through `scan_repair` and `participant_code.read_code`;
- fuzzed record envelopes through `record.check_envelope` and, when it lets one in,
  `Store.merge` (a record the door lets in must merge without a traceback).
It exits non-zero when any figure that must be zero is not, so a CI job can run it.
"""

from __future__ import annotations

import argparse
import copy
import multiprocessing
import os
import random
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from facilitator.storage.hlc import format_stamp
from facilitator.storage.record import check_envelope, stamp_new
from facilitator.storage.store import Store
from tests.reliability.damage import NINE_AM, Clock, Tally, build_reference, cases, run_case
from tests.reliability.kill_loop import KillReport, kill_loop
from tests.reliability.scans import ScanTally, fuzz_scans

BEGIN = "<!-- soak:begin -->"
END = "<!-- soak:end -->"


def damage_share(total: int, share: int, shares: int, seed: int) -> Tally:
    """One process's share of the damage matrix, against its own reference event."""
    with tempfile.TemporaryDirectory(prefix="soak-damage-") as folder:
        reference = build_reference(Path(folder))
        tally = Tally()
        for i, case in enumerate(cases(reference, total, seed)):
            if i % shares == share:
                tally.add(run_case(reference, case, Path(folder) / f"case-{i}"))
        return tally


def kill_share(kills: int, seed: int, fold_every: int, backup_every: int) -> KillReport:
    with tempfile.TemporaryDirectory(prefix="soak-kill-") as folder:
        return kill_loop(
            Path(folder) / "event.json",
            kills,
            seed,
            fold_every=fold_every,
            backup_every=backup_every,
            check_every=50,
            max_sleep=0.2,  # long enough for a writer to acknowledge a few writes, often
        )


@dataclass
class EnvelopeTally:
    """Fuzzed envelopes: how many the door let in or refused, and any traceback."""

    records: int = 0
    refused: int = 0
    merged: int = 0
    crashes: int = 0
    examples: list[str] = field(default_factory=list)


_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**70,
    1.5,
    float("nan"),
    "",
    "abc",
    "9999999999999.99999",
    format_stamp(NINE_AM, 3),
    "x" * 300_000,
    [],
    {},
    {"a": [1, {"b": None}]},
    ["deep"] * 3,
    "../../etc/passwd",
    "ก" * 50,
]


def _poisoned(rng: random.Random, base: dict[str, Any]) -> Any:
    """A record as JSON from outside could carry it (a tree: no value is shared or circular)."""
    if rng.random() < 0.03:
        return copy.deepcopy(rng.choice(_VALUES))
    record = copy.deepcopy(base)
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(["id", "hlc", "station", "deleted", "clocks", "name", "clocks.name"])
        value = copy.deepcopy(rng.choice(_VALUES))
        if key == "clocks.name":
            if isinstance(record.get("clocks"), dict):
                record["clocks"]["name"] = rng.choice([value, f"{value}@x"])
        elif rng.random() < 0.1:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def envelope_share(count: int, seed: int) -> EnvelopeTally:
    rng = random.Random(seed)
    tally = EnvelopeTally()
    with tempfile.TemporaryDirectory(prefix="soak-envelope-") as folder:
        clock = Clock(NINE_AM)
        db = Path(folder) / "event.json"
        merged_ids: set[str] = set()
        with Store.open(db, station="desk-a", wall_ms=clock) as store:
            for n in range(count):
                base = stamp_new(
                    {"name": f"คนที่ {n}"}, f"r{n:08d}", format_stamp(NINE_AM, n % 1000), "desk-b"
                )
                record = _poisoned(rng, base)
                tally.records += 1
                try:
                    reason = check_envelope(record, clock.ms)
                    if reason is not None:
                        tally.refused += 1
                        continue
                    store.merge([("participants", record)])
                    tally.merged += 1
                    merged_ids.add(record["id"])
                except Exception:  # a traceback is what is counted
                    tally.crashes += 1
                    if len(tally.examples) < 5:
                        tally.examples.append(traceback.format_exc(limit=-2))
        try:  # what was let in must fold, and open again
            with Store.open(db, station="desk-a", wall_ms=clock) as again:
                if again.count("participants") != len(merged_ids):
                    tally.crashes += 1
                    tally.examples.append(f"reopen holds {again.count('participants')} records")
        except Exception:
            tally.crashes += 1
            tally.examples.append("reopen: " + traceback.format_exc(limit=-2))
    return tally


@dataclass
class Figures:
    damage: Tally
    kills: KillReport
    scans: ScanTally
    envelopes: EnvelopeTally
    seconds: float
    cores: int

    @property
    def failed(self) -> bool:
        return (
            self.damage.good != self.damage.total
            or self.kills.lost
            or self.kills.refused
            or self.kills.leftovers
            or self.kills.not_private
            or self.scans.crashes
            or self.scans.forged_accepted
            or self.scans.genuine_refused
            or self.envelopes.crashes
        ) != 0


def run(damage_cases: int, kills: int, scans: int, envelopes: int, workers: int) -> Figures:
    started = time.monotonic()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        damage_jobs = [
            pool.submit(damage_share, damage_cases, share, workers, 13) for share in range(workers)
        ]
        damage = Tally()
        for job in damage_jobs:
            damage.merge(job.result())
        per_loop = -(-kills // workers)
        kill_jobs = [
            pool.submit(kill_share, per_loop, 100 + k, 3 + k % 3, 4 + 3 * (k % 2))
            for k in range(workers)
        ]
        report = KillReport()
        for job in kill_jobs:
            report.merge(job.result())
        scan_jobs = [pool.submit(fuzz_scans, -(-scans // workers), 7 + k) for k in range(workers)]
        envelope_job = pool.submit(envelope_share, envelopes, 31)
        scan_tally = ScanTally()
        for job in scan_jobs:
            scan_tally.merge(job.result())
        envelope_tally = envelope_job.result()
    return Figures(damage, report, scan_tally, envelope_tally, time.monotonic() - started, workers)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def figures_markdown(f: Figures) -> str:
    d, k, s, e = f.damage, f.kills, f.scans, f.envelopes
    lost_damage = sum(d.verdicts.get(v, 0) for v in ("lost", "silent"))
    codes = ", ".join(f"`{code}` {n:,}" for code, n in sorted(d.codes.items()))
    lines = [
        BEGIN,
        f"Last run: {date.today().isoformat()}, {f.seconds / 60:.1f} minutes on {f.cores} "
        f"processes (`make soak`). Every figure in the right-hand column must be as shown.",
        "",
        "| what | measured | must be |",
        "| --- | --- | --- |",
        f"| SIGKILLs of a writer that folds and takes backups | {k.kills:,} "
        f"({k.during_fold:,} during a fold, {k.during_backup:,} during a backup) | ≥ 1,000 |",
        f"| acknowledged writes over those kills | {len(k.acknowledged):,} | |",
        f"| **acknowledged writes lost** | **{k.lost}** | 0 |",
        f"| opens refused after a kill (a crash taken for damage) | {k.refused} | 0 |",
        f"| temporary files left once the event is open again | {k.leftovers} | 0 |",
        f"| event files not private (0600) | {k.not_private} | 0 |",
        f"| damage cases | {d.total:,} | ≥ 10,000 |",
        f"| recovered whole | {d.verdicts.get('whole', 0):,} "
        f"({_percent(d.verdicts.get('whole', 0), d.total)}) | |",
        f"| refused with a correct message, files untouched | {d.verdicts.get('refused', 0):,} "
        f"({_percent(d.verdicts.get('refused', 0), d.total)}) | |",
        f"| **recovered whole or refused correctly** | **{_percent(d.good, d.total)}** | 100% |",
        f"| damage cases that lost a write, or said nothing | {lost_damage} | 0 |",
        f"| refusals that changed a file, or named no backup | "
        f"{d.verdicts.get('touched', 0) + d.verdicts.get('bad_message', 0)} | 0 |",
        f"| **tracebacks** (damage cases) | **{d.verdicts.get('traceback', 0)}** | 0 |",
        f"| fuzzed scans | {s.scans:,} | ≥ 10,000 |",
        f"| **forged codes accepted** | **{s.forged_accepted}** | 0 |",
        f"| genuine codes (with scanner noise) refused | {s.genuine_refused} | 0 |",
        f"| **crashes on fuzzed scans** | **{s.crashes}** | 0 |",
        f"| time to read a scan, pastes up to 1 MB included: 99.9% within / slowest "
        f"(a slowest of a few ms is the scheduler, not the code) | "
        f"{s.percentile_ms(0.999):.2f} ms / {s.slowest_ms:.1f} ms | |",
        f"| fuzzed record envelopes | {e.records:,} ({e.refused:,} refused at the door, "
        f"{e.merged:,} merged) | |",
        f"| **crashes on poison records** (check_envelope, then merge) | **{e.crashes}** | 0 |",
        "",
        f"Refusals by code: {codes}.",
    ]
    failures = [*d.failures[:5], *k.problems[:5], *s.examples[:5], *e.examples[:5]]
    if failures:
        lines += ["", "First failures:", ""]
        lines += [f"- {str(getattr(x, 'case', x))[:300]}" for x in failures]
    return "\n".join([*lines, END])


def write_figures(doc: Path, figures: Figures) -> None:
    text = doc.read_text(encoding="utf-8") if doc.exists() else f"{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    doc.write_text(head + figures_markdown(figures) + tail, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--damage", type=int, default=12_000)
    parser.add_argument("--kills", type=int, default=1_100)
    parser.add_argument("--scans", type=int, default=200_000)
    parser.add_argument("--envelopes", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--out", type=Path, default=Path("docs/reliability.md"))
    args = parser.parse_args()
    figures = run(args.damage, args.kills, args.scans, args.envelopes, args.workers)
    write_figures(args.out, figures)
    print(figures_markdown(figures))
    return 1 if figures.failed else 0


if __name__ == "__main__":
    sys.exit(main())
