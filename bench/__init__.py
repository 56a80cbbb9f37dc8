"""Benchmarks: what a desk laptop pays for each thing the facilitator does, from a 50-person
workshop to a 20,000-person provincial fair, each figure beside a floor measured in the same run.

Each `bench/bench_<name>.py` module exposes `run(sizes) -> list[BenchResult]`; `python -m bench.run`
finds them, prints one table, writes `bench/results/latest.json` and (after a full run) redraws
the chart and the table of goals in `bench/README.md`. The helpers here keep the modules honest
in the same way: timings on a real disk (not tmpfs, where fsync is free), medians and 95th
percentiles rather than means, memory as a child process's own peak (`VmHWM`), never this
process's, and fewer repeats under `--quick`.
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SIZES = [50, 500, 5000, 20000]
"""Participants: a real workshop (50), a district (500), a province (5,000), a regional fair."""
QUICK_SIZES = [50, 500]

QUICK = False
"""Set by `bench.run --quick`: modules should call `repeats()` rather than fixing their counts."""

REPO = Path(__file__).resolve().parents[1]
RESULTS_DIR = Path(__file__).with_name("results")
_SCRATCH_FALLBACK = Path(__file__).with_name(".scratch")
_MEMORY_FILESYSTEMS = {"tmpfs", "ramfs", "overlay-tmpfs"}


@dataclass
class BenchResult:
    """One measured quantity at one size. `unit` is "ms", "MB", "s", "x"; `extra` is free-form.

    A figure measured beside a floor carries it in `extra` (see `beside`): the floor's name,
    median and p95, and the two ratios.
    """

    name: str
    size: int
    unit: str
    median: float
    p95: float
    extra: dict[str, Any] = field(default_factory=dict)


def repeats(full: int, quick: int | None = None) -> int:
    """How many samples to take: `full` normally, fewer under `--quick`."""
    return (quick or max(5, full // 10)) if QUICK else full


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100) by the nearest-rank method: a value that really occurred."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(name: str, size: int, samples_s: list[float], **extra: Any) -> BenchResult:
    """A result in milliseconds from samples in seconds."""
    ms = [s * 1000 for s in samples_s]
    return BenchResult(
        name,
        size,
        "ms",
        statistics.median(ms),
        percentile(ms, 95),
        {"n": len(ms), "max": max(ms), **extra},
    )


def beside(figure: BenchResult, floor: BenchResult) -> BenchResult:
    """Note `floor` (same unit, same run) in `figure`, with figure ÷ floor for median and p95."""
    figure.extra.update(
        floor=floor.name,
        floor_median=floor.median,
        floor_p95=floor.p95,
        ratio_median=figure.median / floor.median if floor.median else math.inf,
        ratio_p95=figure.p95 / floor.p95 if floor.p95 else math.inf,
    )
    return figure


def failed(name: str, size: int, unit: str, why: str) -> BenchResult:
    """A figure that could not be measured this run, and why (shown, never silently dropped)."""
    return BenchResult(name, size, unit, math.nan, math.nan, {"error": why[:300]})


def filesystem_of(path: Path) -> str:
    """The file-system type holding `path`, from /proc/mounts (longest matching mount point)."""
    best, fstype = "", "unknown"
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return fstype
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) > len(best):
            best, fstype = mount, parts[2]
    return fstype


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A temporary folder on a real disk: fsync on tmpfs costs nothing and would flatter us."""
    base = Path(tempfile.gettempdir())
    if filesystem_of(base) in _MEMORY_FILESYSTEMS:
        _SCRATCH_FALLBACK.mkdir(exist_ok=True)
        base = _SCRATCH_FALLBACK
    with tempfile.TemporaryDirectory(prefix=prefix, dir=base) as folder:
        yield Path(folder)


def own_peak_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MB: for a child to report."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def run_child(module: str, *args: str, timeout: float = 600) -> dict[str, Any]:
    """Run `python -m module args` in a fresh process; its last stdout line, parsed as JSON.

    Memory figures come from children like this one, each reporting its own VmHWM, so nothing
    this bench process has allocated (a built event, an earlier figure) is counted. The child
    runs in the repository (so `bench` imports) with this process's environment.
    """
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed: {done.stderr[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of `action` took, on the monotonic high-resolution clock."""
    begin = time.perf_counter()
    action()
    return time.perf_counter() - begin
