"""Run the benchmarks: `python -m bench.run [--quick] [--only NAME] [--sizes 50,5000]`.

Finds every `bench/bench_*.py`, calls its `run(sizes)`, prints one aligned table and writes
`bench/results/latest.json`. Results are kept per module, so `--only checkin` refreshes the
check-in numbers without throwing away the storage ones from an earlier full run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import platform
import sys
import time
import traceback
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import bench
from bench import RESULTS_DIR, SIZES, BenchResult, filesystem_of


def discover() -> list[str]:
    """The short names of the benchmark modules (`bench_storage.py` -> "storage"), sorted."""
    folder = Path(bench.__file__).parent
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(folder)])
        if m.name.startswith("bench_")
    )


def format_value(value: float) -> str:
    """Enough digits to compare, not so many that the table becomes noise."""
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def format_extra(extra: dict[str, Any]) -> str:
    """`key=value` pairs, numbers shortened like the main columns."""
    parts = []
    for key, value in extra.items():
        shown = format_value(value) if isinstance(value, float) else str(value)
        parts.append(f"{key}={shown}")
    return "  ".join(parts)


def table(results: list[BenchResult]) -> str:
    """One aligned plain-text table of every result."""
    header = ("benchmark", "size", "unit", "median", "p95", "notes")
    rows = [
        (
            r.name,
            f"{r.size:,}",
            r.unit,
            format_value(r.median),
            format_value(r.p95),
            format_extra(r.extra),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    lines = []
    for row in [header, *rows]:
        left = row[0].ljust(widths[0])
        middle = [row[1].rjust(widths[1]), row[2].ljust(widths[2])]
        numbers = [row[3].rjust(widths[3]), row[4].rjust(widths[4])]
        lines.append("  ".join([left, *middle, *numbers, row[5]]).rstrip())
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)


def write_latest(ran: dict[str, list[BenchResult]], quick: bool, sizes: list[int]) -> Path:
    """Merge this run's modules into `latest.json`, keeping the other modules' last results."""
    RESULTS_DIR.mkdir(exist_ok=True)
    target = RESULTS_DIR / "latest.json"
    try:
        document = json.loads(target.read_text(encoding="utf-8"))
        if not isinstance(document.get("benches"), dict):
            raise ValueError
    except (OSError, ValueError):
        document = {"benches": {}}
    when = datetime.now().astimezone().isoformat(timespec="seconds")
    for name, results in ran.items():
        document["benches"][name] = {
            "when": when,
            "quick": quick,
            "sizes": sizes,
            "results": [asdict(r) for r in results],
        }
    document["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "tmp_filesystem": filesystem_of(Path("/tmp")),
    }
    document["updated"] = when
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer samples, for a smoke run")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only bench_NAME (repeatable)"
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="participant counts, comma-separated"
    )
    args = parser.parse_args(argv)

    bench.QUICK = args.quick
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    names = discover()
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            parser.error(f"no bench_{unknown[0]}.py; there are: {', '.join(names)}")
        names = [n for n in names if n in args.only]

    ran: dict[str, list[BenchResult]] = {}
    failed: list[str] = []
    for name in names:
        print(f"running bench_{name} at sizes {sizes} ...", file=sys.stderr, flush=True)
        begin = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            ran[name] = list(module.run(sizes))
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        print(f"  done in {time.perf_counter() - begin:.1f} s", file=sys.stderr, flush=True)

    everything = [r for results in ran.values() for r in results]
    if everything:
        print(table(everything))
        target = write_latest(ran, args.quick, sizes)
        print(f"\nwritten to {target}", file=sys.stderr)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
