"""How long the office waits for an export: the attendance sheet as XLSX, PDF and CSV.

The event is the shared built one (`bench.events`: four sessions, about 97% of the people in
for each). Each sample is a whole export as the CLI runs it, `desk.exports.run(...)`: build
the attendance table from the desk, render the format, write the file atomically. Once at the
biggest sizes (they take seconds), a few times at the small ones.
"""

from __future__ import annotations

import sys
import time

from bench import BenchResult, repeats, scratch_dir, summarise
from bench.events import copy_event, prepared

FORMATS = ("xlsx", "pdf", "csv")


def run(sizes: list[int]) -> list[BenchResult]:
    from facilitator.desk import Desk
    from facilitator.exports.options import ExportOptions
    from facilitator.exports.service import ExportRequest

    results: list[BenchResult] = []
    for size in sizes:
        print(f"  exports at {size:,} ...", file=sys.stderr, flush=True)
        with scratch_dir("bench-exports-") as folder:
            built = copy_event(prepared(size), folder / "event")
            with Desk.open(built.db, station="bench-desk") as desk:
                for fmt in FORMATS:
                    samples = []
                    out = folder
                    for n in range(repeats(1 if size >= 5000 else 3, 1)):
                        out = folder / f"attendance-{n}.{fmt}"
                        request = ExportRequest("attendance", fmt, out, ExportOptions())
                        begin = time.perf_counter()
                        desk.exports.run(request)
                        samples.append(time.perf_counter() - begin)
                    kb = round(out.stat().st_size / 1024, 1)
                    results.append(
                        summarise(f"export attendance {fmt.upper()}", size, samples, file_kb=kb)
                    )
    return results
