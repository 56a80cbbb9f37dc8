"""Benchmarks: what a desk laptop pays for each thing the facilitator does, at 50 and 5,000 people.

Each `bench/bench_<name>.py` module exposes `run(sizes) -> list[BenchResult]`; `python -m bench.run`
finds them, prints one table and writes `bench/results/latest.json`. The helpers here keep the
modules honest in the same way: timings on a real disk (not tmpfs, where fsync is free), medians
and 95th percentiles rather than means, and fewer repeats under `--quick`.
"""

from __future__ import annotations

import math
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SIZES = [50, 5000]
"""Participants: a small village workshop and a big provincial fair."""

QUICK = False
"""Set by `bench.run --quick`: modules should call `repeats()` rather than fixing their counts."""

RESULTS_DIR = Path(__file__).with_name("results")
_SCRATCH_FALLBACK = Path(__file__).with_name(".scratch")
_MEMORY_FILESYSTEMS = {"tmpfs", "ramfs", "overlay-tmpfs"}


@dataclass
class BenchResult:
    """One measured quantity at one size. `unit` is "ms", "MB", "x", ...; `extra` is free-form."""

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
        name, size, "ms", statistics.median(ms), percentile(ms, 95), {"n": len(ms), **extra}
    )


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


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in megabytes (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of `action` took, on the monotonic high-resolution clock."""
    begin = time.perf_counter()
    action()
    return time.perf_counter() - begin
