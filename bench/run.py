"""Run the benchmarks: `python -m bench.run [--quick] [--only NAME] [--sizes 50,500,5000,20000]`.

Finds every `bench/bench_*.py`, calls its `run(sizes)`, prints one aligned table and writes
`bench/results/latest.json`. A full run (no `--only`, no `--quick`) replaces the whole file and
then redraws `bench/chart.png` and the generated part of `bench/README.md` (`bench.report`);
`--only` refreshes just the modules it ran and keeps the others' last results.

Whatever happens, the run's CouchDB, the events it built, tmux servers and child processes are
stopped and removed at the end (each module cleans up its own; this cleans up what they share).
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import os
import pkgutil
import platform
import sys
import tempfile
import time
import traceback
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import bench
from bench import QUICK_SIZES, RESULTS_DIR, SIZES, BenchResult, filesystem_of


def discover() -> list[str]:
    """The short names of the benchmark modules (`bench_storage.py` -> "storage"), sorted.

    Sorted order matters once: `sync` seeds the two synced desks that `terminal` then uses.
    """
    folder = Path(bench.__file__).parent
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(folder)])
        if m.name.startswith("bench_")
    )


def format_value(value: float) -> str:
    """Enough digits to compare, not so many that the table becomes noise."""
    if value != value:  # NaN: not measured
        return "—"
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


def write_latest(
    ran: dict[str, tuple[list[BenchResult], float]],
    quick: bool,
    sizes: list[int],
    whole: bool,
    run_info: dict[str, Any],
) -> Path:
    """Write `latest.json`: this run's modules, and (unless `whole`) the other modules' last."""
    RESULTS_DIR.mkdir(exist_ok=True)
    target = RESULTS_DIR / "latest.json"
    document: dict[str, Any] = {"benches": {}}
    if not whole:
        try:
            document = json.loads(target.read_text(encoding="utf-8"))
            if not isinstance(document.get("benches"), dict):
                raise ValueError
        except (OSError, ValueError):
            document = {"benches": {}}
    when = datetime.now().astimezone().isoformat(timespec="seconds")
    for name, (results, took) in ran.items():
        document["benches"][name] = {
            "when": when,
            "quick": quick,
            "sizes": sizes,
            "took_s": round(took, 1),
            "results": [asdict(r) for r in results],
        }
    document["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "tmp_filesystem": filesystem_of(Path(tempfile.gettempdir())),
        **run_info.get("machine", {}),
    }
    document["updated"] = when
    if "took_s" in run_info:
        document["took_s"] = run_info["took_s"]
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(target)
    return target


def _private_environment(folder: Path) -> None:
    """Keep the bench's events out of this user's list of known events, and keep it quiet."""
    from facilitator.checkin.sounds import PLAYER_ENV
    from facilitator.codes.known_events import REGISTRY_ENV

    os.environ[REGISTRY_ENV] = str(folder / "known-events.json")
    os.environ[PLAYER_ENV] = "none"


def compile_app() -> None:
    """The app's modules as bytecode, as an installed app runs them.

    A shell with PYTHONDONTWRITEBYTECODE set (some sandboxes and CI images) never writes the
    `.pyc` files, so every launch would compile some 150 modules again (110 ms here), a cost
    no installed desk pays after its first start; the minimal app's Textual, installed by pip,
    is precompiled. Compiling once here measures both the same way.
    """
    for folder in ("storage", "facilitator", "screens"):
        compileall.compile_dir(str(bench.REPO / folder), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer samples and sizes: a smoke run")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only bench_NAME (repeatable)"
    )
    parser.add_argument("--sizes", help="participant counts, comma-separated")
    parser.add_argument(
        "--report",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="redraw the chart and the README's tables (default: after a full run only)",
    )
    args = parser.parse_args(argv)

    bench.QUICK = args.quick
    compile_app()
    default = QUICK_SIZES if args.quick else SIZES
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] if args.sizes else default
    names = discover()
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            parser.error(f"no bench_{unknown[0]}.py; there are: {', '.join(names)}")
        names = [n for n in names if n in args.only]
    whole = not args.only
    report = args.report if args.report is not None else (whole and not args.quick)

    started = time.perf_counter()
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    ran: dict[str, tuple[list[BenchResult], float]] = {}
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-run-") as private:
        _private_environment(Path(private))
        try:
            for name in names:
                print(f"running bench_{name} at sizes {sizes} ...", file=sys.stderr, flush=True)
                begin = time.perf_counter()
                try:
                    module = importlib.import_module(f"bench.bench_{name}")
                    results = list(module.run(sizes))
                except Exception:
                    traceback.print_exc()
                    failed.append(name)
                    continue
                took = time.perf_counter() - begin
                ran[name] = (results, took)
                print(f"  bench_{name} done in {took:.1f} s", file=sys.stderr, flush=True)
        finally:
            from bench import couch, events

            couch.stop()
            events.discard_all()
    took_all = time.perf_counter() - started

    everything = [r for results, _ in ran.values() for r in results]
    if everything:
        print(table(everything))
        info = {"took_s": round(took_all, 1), "machine": {"load_before": load_before}}
        target = write_latest(ran, args.quick, sizes, whole, info)
        print(f"\nwritten to {target}", file=sys.stderr)
        if report:
            from bench.report import render

            render(target)
            print("redrew bench/chart.png and bench/README.md", file=sys.stderr)
    print(f"the whole run took {took_all / 60:.1f} minutes", file=sys.stderr)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
