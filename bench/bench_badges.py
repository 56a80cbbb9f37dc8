"""What printing badges costs: the A4 badge PDF and the per-person PNGs, at 50 and 5,000 people.

Each job runs in a fresh child process (`python -m bench.bench_badges --child KIND DB OUT`), the
way `facilitator badges` runs, so the time includes the font loading and the helper processes,
and the peak memory is that of a real print job: the child's own peak RSS (`ru_maxrss` of
RUSAGE_SELF) and the largest of its own helper processes (RUSAGE_CHILDREN). PNG workers run side
by side, so `peak_total_mb` adds the child's peak to the largest helper's peak times the number
of helpers: an upper bound on what the machine held at once.

Targets: 5,000 badges in under 60 s and under 500 MB, for each output.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bench import BenchResult, repeats, scratch_dir

TARGET_S = 60.0
TARGET_MB = 500.0
TITLES = ["นาย", "นาง", "นางสาว", "ดร.", "ว่าที่ร้อยตรี"]
FIRST = ["ชูศักดิ์", "ปิ่นฟ้า", "สมศรี", "ฎุฏูญู", "ยิ่งยง", "พิมพ์ใจ", "ณัฐพงษ์", "กิตติ์ธเนศ"]
LAST = ["ยิ่งรุ่งโรจน์", "ฝั่งน้ำ", "ศรีสุข", "ป๊ีปั้ม", "เจริญรุ่งเรืองศรีสวัสดิ์", "ทองคำ"]
PRODUCTS = ["ผ้าไหมมัดหมี่", "ข้าวหอมมะลิอินทรีย์", "น้ำพริกเผาแม่ปิ่น", "สบู่สมุนไพร", "กาแฟดอยช้าง"]
ROLES = ["producer"] * 6 + ["mentor", "official", "lecturer", "guest", "staff"]


def build_desk(db: Path, size: int) -> None:
    """An event with `size` participants whose names vary like a real roster's."""
    from facilitator.desk import Desk
    from facilitator.models import Participant

    rng = random.Random(size)
    with Desk.open(db, station="bench-desk") as desk:
        desk.events.create(
            "อบรมเชิงปฏิบัติการ OTOP/KBO ภาคตะวันออกเฉียงเหนือ",
            "โรงแรมเซ็นทาราขอนแก่น",
            [date(2021, 6, 7), date(2021, 6, 8)],
        )
        people = [
            Participant(
                id="",
                title=rng.choice(TITLES),
                first_name=rng.choice(FIRST) + ("" if i % 7 else "วัฒนาถาวร"),
                last_name=rng.choice(LAST),
                role=rng.choice(ROLES),
                organisation=f"วิสาหกิจชุมชนบ้าน{rng.choice(LAST)}",
                product=rng.choice(PRODUCTS),
            )
            for i in range(size)
        ]
        desk.participants.apply_batch(people, [])


def child(kind: str, db: Path, out: Path) -> dict[str, float]:
    """Run one print job in this process; report time and peak memory."""
    from facilitator.badges.service import Selection
    from facilitator.desk import Desk

    with Desk.open(db, station="bench-desk") as desk:
        service = desk.badges
        people = service.select(Selection())
        begin = time.perf_counter()
        if kind == "pdf":
            service.write(people, pdf=out / "badges.pdf", force=True)
        else:
            service.write(people, png_dir=out / "png")
        took = time.perf_counter() - begin
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": took, "rss_self_mb": own, "rss_helper_mb": helpers}


def run_child(kind: str, db: Path, out: Path) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.bench_badges", "--child", kind, str(db), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=_repo())
    return json.loads(done.stdout.strip().splitlines()[-1])


def _repo() -> Path:
    return Path(__file__).resolve().parents[1]


def _helpers(kind: str, size: int) -> int:
    """How many helper processes the job started (see badge_png / badge_sheet)."""
    from facilitator.badges.png import _default_workers
    from facilitator.badges.sheet import PARALLEL_QR_FROM

    if kind == "png":
        workers = _default_workers(size)
        return workers if workers > 1 else 0
    return 1 if size >= PARALLEL_QR_FROM and (os.cpu_count() or 1) >= 2 else 0


def run(sizes: list[int]) -> list[BenchResult]:
    """PDF and PNG generation time and peak memory at each size."""
    results: list[BenchResult] = []
    for size in sizes:
        with scratch_dir("bench-badges-") as folder:
            db = folder / "event.json"
            build_desk(db, size)
            for kind in ("pdf", "png"):
                samples = [
                    run_child(kind, db, folder) for _ in range(repeats(1 if size > 500 else 3, 1))
                ]
                seconds = sorted(s["seconds"] for s in samples)
                worst = max(samples, key=lambda s: s["rss_self_mb"] + s["rss_helper_mb"])
                helpers = _helpers(kind, size)
                total_mb = worst["rss_self_mb"] + helpers * worst["rss_helper_mb"]
                per_badge_ms = seconds[len(seconds) // 2] * 1000 / size
                results.append(
                    BenchResult(
                        f"badges.{kind} (write all)",
                        size,
                        "ms",
                        seconds[len(seconds) // 2] * 1000,
                        seconds[-1] * 1000,
                        {
                            "n": len(samples),
                            "per_badge_ms": round(per_badge_ms, 2),
                            "peak_self_mb": round(worst["rss_self_mb"], 1),
                            "peak_helper_mb": round(worst["rss_helper_mb"], 1),
                            "helpers": helpers,
                            "peak_total_mb": round(total_mb, 1),
                            "target": f"<{TARGET_S:.0f}s, <{TARGET_MB:.0f}MB at 5000",
                            # The targets are for the big fair; 50 badges are mostly start-up.
                            "ok": (seconds[-1] < TARGET_S and total_mb < TARGET_MB)
                            if size >= 5000
                            else None,
                        },
                    )
                )
                print(
                    f"  badges.{kind} {size}: {seconds[-1]:.1f} s, {total_mb:.0f} MB",
                    file=sys.stderr,
                )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DB", "OUT"))
    args = parser.parse_args()
    if args.child:
        kind, db, out = args.child
        print(json.dumps(child(kind, Path(db), Path(out))))
        return
    for result in run([50, 5000]):
        print(result)


if __name__ == "__main__":
    main()
