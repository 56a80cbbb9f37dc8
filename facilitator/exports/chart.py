"""The attendance chart of the project report: bars per session and group, against the targets.

Drawn with Pillow (shaped Thai through Raqm, the carried Sarabun), as a PNG both the Word and the
PDF report embed: no plotting library to install on a desk laptop, and the same picture in both.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from facilitator.thai.linebreak import shorten, wrap
from facilitator.thai.shaping import pillow_font

WIDTH, HEIGHT = 1600, 820
PAD_L, PAD_R, PAD_T, PAD_B = 110, 40, 110, 150
COLOURS = [(31, 56, 100), (176, 141, 60), (96, 145, 110), (150, 150, 150)]
GRID = (225, 225, 225)
INK = (30, 30, 30)
TARGET = (190, 40, 40)


@dataclass(frozen=True)
class ChartSeries:
    """One group (producers, KBO mentors, …): its count per session and its target."""

    label: str
    values: tuple[int, ...]
    target: int | None = None


def attendance_chart(
    title: str, sessions: list[str], series: list[ChartSeries], target_label: str
) -> bytes:
    """Grouped bars, one group of bars per session, a dashed line at each series' target."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    title_font, label_font, small = pillow_font(40, True), pillow_font(26), pillow_font(22)
    shown = shorten(title, title_font.getlength, WIDTH - 80)
    draw.text((WIDTH / 2, 48), shown, font=title_font, fill=INK, anchor="mm")
    top = max([*(v for s in series for v in s.values), *(s.target or 0 for s in series), 1])
    step = max(1, -(-top // 5))
    scale_top = step * (top // step + 1)  # room above the tallest bar for its number
    plot_w, plot_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B

    def y_of(value: float) -> float:
        return PAD_T + plot_h * (1 - value / scale_top)

    for tick in range(0, scale_top + 1, step):
        y = y_of(tick)
        draw.line([(PAD_L, y), (WIDTH - PAD_R, y)], fill=GRID, width=2)
        draw.text((PAD_L - 14, y), str(tick), font=small, fill=INK, anchor="rm")
    groups = max(1, len(sessions))
    group_w = plot_w / groups
    bar_w = group_w * 0.8 / max(1, len(series))
    for g, session in enumerate(sessions):
        x0 = PAD_L + g * group_w + group_w * 0.1
        for n, s in enumerate(series):
            value = s.values[g] if g < len(s.values) else 0
            left = x0 + n * bar_w
            draw.rectangle(
                [left + 3, y_of(value), left + bar_w - 3, y_of(0)], fill=COLOURS[n % len(COLOURS)]
            )
            draw.text(
                (left + bar_w / 2, y_of(value) - 6), str(value), font=small, fill=INK, anchor="mb"
            )
        lines = wrap(session, label_font.getlength, group_w - 10, max_lines=2)
        for k, line in enumerate(lines):
            draw.text(
                (PAD_L + (g + 0.5) * group_w, y_of(0) + 14 + 30 * k),
                line,
                font=label_font,
                fill=INK,
                anchor="mt",
            )
    for n, s in enumerate(series):
        if s.target:
            y = y_of(s.target)
            for x in range(PAD_L, WIDTH - PAD_R, 24):
                draw.line(
                    [(x, y), (min(x + 12, WIDTH - PAD_R), y)],
                    fill=COLOURS[n % len(COLOURS)],
                    width=3,
                )
    # The legend: a swatch per series, then what the dashed lines are.
    x, y = PAD_L, HEIGHT - 44
    for n, s in enumerate(series):
        draw.rectangle([x, y - 12, x + 24, y + 12], fill=COLOURS[n % len(COLOURS)])
        draw.text((x + 34, y), s.label, font=label_font, fill=INK, anchor="lm")
        x += 34 + label_font.getlength(s.label) + 40
    if any(s.target for s in series):
        for dash in range(0, 48, 16):
            draw.line([(x + dash, y), (x + dash + 8, y)], fill=TARGET, width=3)
        draw.text((x + 58, y), target_label, font=label_font, fill=INK, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
