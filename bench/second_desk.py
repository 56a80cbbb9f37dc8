"""The second registration desk, as a process of its own: check people in, sync every 2 s.

`python -m bench.second_desk --db B --url URL --stats OUT [--every 2] [--per-cycle 2]`

It opens desk B (a copy of the same event, synced once: see `bench.couch`), and every `every`
seconds checks in `per-cycle` people who are not yet in for the current session and are not in
the reserve the TUI scans, then pushes and pulls with the same CouchDB database the TUI's live
sync uses. It runs until SIGTERM, then writes what it did to `--stats` as JSON: how many
check-ins it made and pushed, and how long its syncs took.
"""

from __future__ import annotations

import argparse
import json
import signal
import time
from pathlib import Path

from bench.events import BuiltEvent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--stats", required=True)
    parser.add_argument("--every", type=float, default=2.0)
    parser.add_argument("--per-cycle", type=int, default=2)
    args = parser.parse_args()

    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    from facilitator.desk import Desk

    built = BuiltEvent.load(args.db)
    reserved = {s.participant_id for s in built.reserve}
    checked_in = pushed = failures = 0
    syncs: list[float] = []
    with Desk.open(args.db, station="desk-b") as desk:
        service = desk.sync.couch(args.url)
        present = desk.checkins.present(built.current_session)
        waiting = [
            p.id for p in desk.participants.all() if p.id not in reserved and p.id not in present
        ]
        Path(args.stats).with_suffix(".ready").write_text("ready")
        while not stopping:
            cycle = time.monotonic()
            for _ in range(args.per_cycle):
                if waiting:
                    desk.checkins.check_in(waiting.pop(), method="search")
                    checked_in += 1
            begin = time.perf_counter()
            try:
                report = service.run()
                pushed += report.pushed
            except Exception:  # the bench reads the count; one failed sync is not a crash
                failures += 1
            syncs.append(time.perf_counter() - begin)
            while not stopping and time.monotonic() - cycle < args.every:
                time.sleep(0.05)
    Path(args.stats).write_text(
        json.dumps(
            {
                "checked_in": checked_in,
                "pushed": pushed,
                "sync_failures": failures,
                "syncs": len(syncs),
                "sync_median_ms": sorted(syncs)[len(syncs) // 2] * 1000 if syncs else None,
            }
        )
    )


if __name__ == "__main__":
    main()
