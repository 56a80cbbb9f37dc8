"""One PNG per participant: the picture a facilitator sends each person by LINE.

QR on top (big enough to scan from a phone held up to another phone's screen),
then title and name in large shaped Thai, position, role, organisation, the
event and its dates. Files are named `NNN-ชื่อ-นามสกุล.png` (NNN = roster
number), so a facilitator finds the right picture to send in a chat. Text goes through Pillow's Raqm engine only: if Thai cannot be
shaped on this machine we stop with a clear message instead of sending
5,000 people a name with misplaced tone marks.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from facilitator.badges.sheet import BadgeData, in_roster_order
from facilitator.codes.qr_image import qr_matrix
from facilitator.files import make_folder, save_beside_then_rename
from facilitator.thai.linebreak import fit_lines, shorten
from facilitator.thai.shaping import pillow_font, require_pillow_shaping

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
#: A text that would print smaller than this share of its largest size on one line is
#: wrapped (between words) onto more lines when that prints it larger.
WRAP_BELOW = 0.75


@dataclass(frozen=True)
class PngLine:
    """One centred text: its words, pixel sizes, weight, shade and how many lines it may take."""

    text: str
    max_px: int
    min_px: int
    bold: bool = False
    shade: int = INK
    max_lines: int = 1


def _fits(text: str, size: int, bold: bool) -> bool:
    return pillow_font(size, bold).getlength(text) <= TEXT_W


@lru_cache(maxsize=4096)
def fit_text(text: str, max_px: int, min_px: int, bold: bool) -> tuple[str, int]:
    """Largest size ≤ max_px at which shaped text fits the width; else shortened at min_px.

    Hinted widths are only nearly linear in the size, so the proportional
    guess is confirmed and stepped down until it really fits. Below min_px the text is cut
    after the last whole word that fits, with "…". Cached: the event, dates and roles are
    the same on every picture.
    """
    size = _one_line_size(text, max_px, min_px, bold)
    if size is not None:
        return text, size
    width = pillow_font(min_px, bold).getlength
    return shorten(text, width, TEXT_W, ELLIPSIS), min_px


def _one_line_size(text: str, max_px: int, min_px: int, bold: bool) -> int | None:
    length = pillow_font(max_px, bold).getlength(text)
    size = max_px if length <= TEXT_W else int(max_px * TEXT_W / length)
    while size >= min_px:
        if _fits(text, size, bold):
            return size
        size -= 1
    return None


@lru_cache(maxsize=4096)
def fit_block(
    text: str, max_px: int, min_px: int, bold: bool, max_lines: int
) -> tuple[tuple[str, ...], int]:
    """The text in up to `max_lines` centred lines broken between words, and their size.

    One line while it prints at WRAP_BELOW of max_px or more; otherwise the lines (as few as
    the largest size needs) when they print larger than the one line would.
    """
    one = _one_line_size(text, max_px, min_px, bold)
    if max_lines <= 1 or (one is not None and one >= WRAP_BELOW * max_px):
        shown, size = fit_text(text, max_px, min_px, bold)
        return (shown,), size
    lines, size = fit_lines(
        text,
        lambda t, px: pillow_font(int(px), bold).getlength(t),
        TEXT_W,
        list(range(max_px, min_px - 1, -1)),
        max_lines,
        ELLIPSIS,
    )
    if one is not None and one >= size:
        return (text,), one
    return tuple(lines), int(size)


def badge_lines(badge: BadgeData) -> list[PngLine]:
    """What the picture says under the QR, most important first."""
    return [
        PngLine(badge.display_name, 64, 18, bold=True, max_lines=2),
        PngLine(badge.position, 34, 16, max_lines=2),
        PngLine(badge.role_label, 36, 16, bold=True),
        PngLine(badge.affiliation, 32, 16, max_lines=2),
        PngLine(badge.event_name, 30, 14, bold=True, shade=60, max_lines=2),
        PngLine(badge.event_dates, 28, 14, shade=60),
        PngLine(badge.code, 26, 14, shade=90),
    ]


@lru_cache(maxsize=512)
def _line_strip(text: str, size: int, bold: bool, shade: int) -> Image.Image:
    """One centred line drawn on a strip of paper exactly its line box tall.

    Cached, so the lines every picture shares (event, dates, roles) are shaped and
    rasterised once per process and pasted after that.
    """
    ascent, descent = round(LINE_ASCENT * size), round(LINE_DESCENT * size)
    strip = Image.new("L", (WIDTH, ascent + descent), PAPER)
    ImageDraw.Draw(strip).text(
        (WIDTH // 2, ascent), text, font=pillow_font(size, bold), fill=shade, anchor="ms"
    )
    return strip


def render_badge_png(badge: BadgeData) -> Image.Image:
    """The participant's picture as a greyscale image."""
    require_pillow_shaping()
    matrix = qr_matrix(badge.code)
    box = max(1, QR_TARGET // len(matrix))
    qr_px = box * len(matrix)
    strips = []
    for line in badge_lines(badge):
        texts, size = fit_block(line.text, line.max_px, line.min_px, line.bold, line.max_lines)
        strips += [_line_strip(text, size, line.bold, line.shade) for text in texts if text]
    height = MARGIN // 2 + qr_px + sum(strip.height + GAP for strip in strips) + MARGIN

    image = Image.new("L", (WIDTH, height), PAPER)
    qr = Image.new("L", (len(matrix), len(matrix)), PAPER)
    qr.putdata([INK if dark else PAPER for row in matrix for dark in row])
    image.paste(
        qr.resize((qr_px, qr_px), Image.Resampling.NEAREST), ((WIDTH - qr_px) // 2, MARGIN // 2)
    )
    top = MARGIN // 2 + qr_px
    for strip in strips:
        image.paste(strip, (0, top))
        top += strip.height + GAP
    return image


# Four greys: black ink, two antialiasing steps, paper. Text edges keep their smoothing,
# the QR stays pure black on white, and a 2-bit palette PNG encodes ~3x faster than 8-bit
# grey at level 1 and is less than half the size (about 13 KB).
GREYS = (0, 85, 170, 255)
_TO_GREY_INDEX = [min(range(len(GREYS)), key=lambda i: abs(GREYS[i] - v)) for v in range(256)]
_GREY_PALETTE = [level for grey in GREYS for level in (grey, grey, grey)]


def to_png_palette(image: Image.Image) -> Image.Image:
    """The greyscale picture as a 2-bit palette image (each pixel to the nearest grey)."""
    indexed = Image.frombytes("P", image.size, image.point(_TO_GREY_INDEX).tobytes())
    indexed.putpalette(_GREY_PALETTE)
    return indexed


# What no file name may hold on Windows, macOS or Linux (a LINE chat's download folder may be
# any of them), plus control characters; spaces become "-" so the name is one word.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")
NAME_CHARS = 60  # a long name is cut: some file systems count bytes, Thai is 3 each


def png_name(number: int, count: int, name: str) -> str:
    """ "007-วีรพงษ์-ศรีสุข.png": the roster number (so files sort in roster order and match
    `roster list`), then the person's name without the title, safe as a file name."""
    width = max(3, len(str(count)))
    safe = _SPACES.sub("-", _UNSAFE.sub(" ", name).strip()).strip(".-")[:NAME_CHARS]
    return f"{number:0{width}d}-{safe or 'badge'}.png"


def _save_atomically(image: Image.Image, out: Path) -> None:
    """Save beside the target then rename: a half-written picture never has the real name.

    Saved as a 2-bit grey palette (see GREYS) at compress_level=1: encoding is the
    slowest step, and this is the fastest setting that keeps text smooth.
    """
    picture = to_png_palette(image)
    save_beside_then_rename(
        out, lambda tmp: picture.save(tmp, format="PNG", bits=2, compress_level=1)
    )


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
    make_folder(out_dir)
    total = len(ordered)
    count = max([total, *(badge.number for badge in ordered)])
    paths = [
        out_dir / png_name(badge.number or i, count, badge.name)
        for i, badge in enumerate(ordered, 1)
    ]
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
