"""Printing badges: the A4 badge PDF for everyone, at every size (the LINE pictures up to 500).

Each job runs in a fresh child process (`python -m bench.bench_badges --child KIND DB OUT`) that
opens the desk and calls `desk.badges.write` for everyone, as `facilitator badges` does, so
the time includes font loading and any helper process, and the memory is the job's own:

- seconds: `BadgeService.write` alone (the desk is already open); `job_s` adds opening it.
- peak memory: the child's own VmHWM plus the peak of the largest helper process it started
  (RUSAGE_CHILDREN: the PNG workers; the PDF starts none), each a process's own peak;
  `child_mb` and `helper_mb` show the two apart. Nothing of this bench process is counted.

Goals at 20,000: the PDF in ≤ 30 s and ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from bench import BenchResult, beside, own_peak_mb, run_child, scratch_dir
from bench.events import copy_event, prepared

PNG_UP_TO = 500
"""PNGs are one file per person and take minutes at 20,000; the PDF is what the goal is about."""


def child(kind: str, db: Path, out: Path) -> dict[str, float]:
    """Run one print job in this process; report its time and memory."""
    from facilitator.badges.service import Selection
    from facilitator.desk import Desk

    begin = time.perf_counter()
    with Desk.open(db, station="bench-desk") as desk:
        people = desk.badges.select(Selection())
        started = time.perf_counter()
        if kind == "pdf":
            desk.badges.write(people, pdf=out / "badges.pdf", force=True)
        elif kind == "png":
            desk.badges.write(people, png_dir=out / "png")
        took = time.perf_counter() - started
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": took,
        "job_s": time.perf_counter() - begin,
        "child_mb": own_peak_mb(),
        "helper_mb": helpers,
        "people": len(people),
    }


def run(sizes: list[int]) -> list[BenchResult]:
    """PDF (and small PNG) jobs' time and memory at each size."""
    results: list[BenchResult] = []
    for size in sizes:
        with scratch_dir("bench-badges-") as folder:
            built = copy_event(prepared(size), folder / "event")
            idle = run_child("bench.bench_badges", "--child", "none", built.db, str(folder))
            kinds = ["pdf", "png"] if size <= PNG_UP_TO else ["pdf"]
            for kind in kinds:
                print(f"  badges.{kind} at {size:,} ...", file=sys.stderr, flush=True)
                job = run_child("bench.bench_badges", "--child", kind, built.db, str(folder))
                seconds = job["seconds"]
                peak = job["child_mb"] + job["helper_mb"]
                results.append(
                    BenchResult(
                        f"badges {kind.upper()} for everyone",
                        size,
                        "s",
                        seconds,
                        seconds,
                        {
                            "job_s": round(job["job_s"], 2),
                            "per_badge_ms": round(seconds * 1000 / size, 2),
                        },
                    )
                )
                floor = BenchResult(
                    "the same child, desk open, nothing printed", size, "MB",
                    idle["child_mb"], idle["child_mb"],
                )  # fmt: skip
                memory = BenchResult(
                    f"badges {kind.upper()} peak memory (child + helper VmHWM)",
                    size,
                    "MB",
                    peak,
                    peak,
                    {
                        "child_mb": round(job["child_mb"], 1),
                        "helper_mb": round(job["helper_mb"], 1),
                    },
                )
                results.append(beside(memory, floor))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DB", "OUT"), required=True)
    kind, db, out = parser.parse_args().child
    print(json.dumps(child(kind, Path(db), Path(out))))


if __name__ == "__main__":
    main()
