"""One PNG per participant: the picture a facilitator sends each person by LINE.

QR on top (big enough to scan from a phone held up to another phone's screen),
then title and name in large shaped Thai, role, organisation, the event and
its dates. Text goes through Pillow's Raqm engine only: if Thai cannot be
shaped on this machine we stop with a clear message instead of sending
5,000 people a name with misplaced tone marks.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from facilitator.badge_sheet import BadgeData, in_roster_order
from facilitator.qr_image import qr_matrix
from facilitator.thai_fonts import pillow_font, require_pillow_shaping

Progress = Callable[[int, int], None]

WIDTH = 800
MARGIN = 40
TEXT_W = WIDTH - 2 * MARGIN
QR_TARGET = 560  # px; the module size is the largest whole number that fits
LINE_ASCENT = 1.33  # em above the baseline that Thai stacked marks can reach
LINE_DESCENT = 0.57  # em below it
GAP = 8
INK = 0
PAPER = 255
ELLIPSIS = "…"


@dataclass(frozen=True)
class PngLine:
    """One centred line: its text, pixel size, weight and shade."""

    text: str
    max_px: int
    min_px: int
    bold: bool = False
    shade: int = INK


def _fits(text: str, size: int, bold: bool) -> bool:
    return pillow_font(size, bold).getlength(text) <= TEXT_W


def fit_text(text: str, max_px: int, min_px: int, bold: bool) -> tuple[str, int]:
    """Largest size ≤ max_px at which shaped text fits the width; else ellipsis at min_px.

    Hinted widths are only nearly linear in the size, so the proportional
    guess is confirmed and stepped down until it really fits.
    """
    length = pillow_font(max_px, bold).getlength(text)
    size = max_px if length <= TEXT_W else int(max_px * TEXT_W / length)
    while size >= min_px:
        if _fits(text, size, bold):
            return text, size
        size -= 1
    for cut in range(len(text) - 1, 0, -1):
        candidate = text[:cut].rstrip() + ELLIPSIS
        if _fits(candidate, min_px, bold):
            return candidate, min_px
    return ELLIPSIS, min_px


def badge_lines(badge: BadgeData) -> list[PngLine]:
    """What the picture says under the QR, most important first."""
    return [
        PngLine(badge.display_name, 64, 18, bold=True),
        PngLine(badge.role_label, 36, 16, bold=True),
        PngLine(badge.affiliation, 32, 16),
        PngLine(badge.event_name, 30, 14, bold=True, shade=60),
        PngLine(badge.event_dates, 28, 14, shade=60),
        PngLine(badge.code, 26, 14, shade=90),
    ]


def render_badge_png(badge: BadgeData) -> Image.Image:
    """The participant's picture as a greyscale image."""
    require_pillow_shaping()
    matrix = qr_matrix(badge.code)
    box = max(1, QR_TARGET // len(matrix))
    qr_px = box * len(matrix)
    placed = [
        (line, *fit_text(line.text, line.max_px, line.min_px, line.bold))
        for line in badge_lines(badge)
    ]
    text_h = sum(
        round((LINE_ASCENT + LINE_DESCENT) * size) + GAP for _, text, size in placed if text
    )
    height = MARGIN // 2 + qr_px + text_h + MARGIN

    image = Image.new("L", (WIDTH, height), PAPER)
    qr = Image.new("L", (len(matrix), len(matrix)), PAPER)
    qr.putdata([INK if dark else PAPER for row in matrix for dark in row])
    image.paste(
        qr.resize((qr_px, qr_px), Image.Resampling.NEAREST), ((WIDTH - qr_px) // 2, MARGIN // 2)
    )

    draw = ImageDraw.Draw(image)
    top = MARGIN // 2 + qr_px
    for line, text, size in placed:
        if not text:
            continue
        font: ImageFont.FreeTypeFont = pillow_font(size, line.bold)
        baseline = top + round(LINE_ASCENT * size)
        draw.text((WIDTH // 2, baseline), text, font=font, fill=line.shade, anchor="ms")
        top = baseline + round(LINE_DESCENT * size) + GAP
    return image


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def png_name(position: int, count: int, code: str) -> str:
    """ "0042-KBO-00042.png": numbered so files sort in roster order, ASCII only."""
    width = max(3, len(str(count)))
    safe = _UNSAFE.sub("_", code).strip("_") or "badge"
    return f"{position:0{width}d}-{safe}.png"


def _save_atomically(image: Image.Image, out: Path) -> None:
    """Save beside the target then rename: a half-written picture never has the real name.

    compress_level=1 halves encoding time, the slowest step, for ~30 % larger
    files (about 30 KB each), which LINE accepts without complaint.
    """
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        image.save(tmp, format="PNG", compress_level=1)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


Job = tuple[BadgeData, Path]

CHUNK = 50  # badges per task handed to a worker process
PARALLEL_FROM = 200  # below this, starting processes costs more than it saves


def _write_chunk(jobs: Sequence[Job]) -> int:
    """Render and save a run of badges (runs in a worker process)."""
    for badge, path in jobs:
        _save_atomically(render_badge_png(badge), path)
    return len(jobs)


def _default_workers(total: int) -> int:
    return 1 if total < PARALLEL_FROM else max(1, min(4, os.cpu_count() or 1))


def write_badge_pngs(
    badges: Sequence[BadgeData],
    out_dir: Path,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Write one PNG per badge into out_dir, in roster order; return the paths.

    Checks shaping before writing anything, so a broken machine produces an
    error and no pictures rather than a folder of misspelt names. Large
    rosters are drawn by several processes (spawned, not forked, because the
    caller may be a threaded terminal app); if they cannot start, e.g. from a
    script without an `if __name__ == "__main__":` guard, the badges are
    drawn here instead. Progress counts finished badges.
    """
    require_pillow_shaping()
    ordered = in_roster_order(badges)
    out_dir.mkdir(parents=True, exist_ok=True)
    total = len(ordered)
    paths = [out_dir / png_name(i, total, badge.code) for i, badge in enumerate(ordered, 1)]
    jobs: list[Job] = list(zip(ordered, paths, strict=True))
    chunks = [jobs[i : i + CHUNK] for i in range(0, total, CHUNK)]
    workers = _default_workers(total) if workers is None else workers

    done = 0
    remaining = list(chunks)
    if workers > 1:
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = {pool.submit(_write_chunk, chunk): chunk for chunk in chunks}
                for future in as_completed(futures):
                    done += future.result()
                    remaining.remove(futures[future])
                    if progress is not None:
                        progress(done, total)
        except BrokenProcessPool:
            pass  # workers could not start (see below); finish in this process
    for chunk in remaining:
        done += _write_chunk(chunk)
        if progress is not None:
            progress(done, total)
    return paths
