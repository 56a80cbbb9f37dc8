"""From `bench/results/latest.json` to what `bench/README.md` shows: the chart and the tables.

`python -m bench.report` redraws `bench/chart.png` (cost against event size, log-log, one line
per figure, the floors dashed) and rewrites the part of `bench/README.md` between the
`<!-- bench:generated -->` markers: the goals of issue 14 with their figures, floors, ratios and
whether each is met, and every figure at every size. `bench.run` calls it after a full run, so
the README never shows numbers that no run produced.

The chart is drawn with Pillow (already a dependency of the app), so the bench needs nothing new.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from bench import RESULTS_DIR
from bench.goals import judge

README = Path(__file__).with_name("README.md")
CHART = Path(__file__).with_name("chart.png")
BEGIN = "<!-- bench:generated:begin -->"
END = "<!-- bench:generated:end -->"


# -- reading ------------------------------------------------------------------------------------


def load(path: Path | None = None) -> dict[str, Any]:
    return json.loads((path or RESULTS_DIR / "latest.json").read_text(encoding="utf-8"))


def all_results(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for bench in document["benches"].values() for r in bench["results"]]


def number(value: float | None, unit: str = "") -> str:
    """Enough digits to compare, not so many that the table becomes noise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if math.isinf(value):
        return "∞"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return (
        f"{text} {unit}".strip() if unit and unit != "x" else (text + "x" if unit == "x" else text)
    )


# -- tables -------------------------------------------------------------------------------------


def _value(result: dict[str, Any]) -> str:
    """`median / p95` when they differ, else the one value."""
    unit = result["unit"]
    if result["extra"].get("error"):
        return "not measured"
    if result["extra"].get("n", 1) <= 1 or result["median"] == result["p95"]:
        return number(result["median"], unit)
    return f"{number(result['median'])} / {number(result['p95'], unit)}"


def goals_table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| goal (issue 14) | at | figure (median / p95) | floor, same run | measured | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for verdict in judge(results):
        goal, result = verdict.goal, verdict.result
        if result is None:
            lines.append(f"| {goal.text} | — | not measured | — | — | — |")
            continue
        floor = "—"
        if "floor" in result["extra"]:
            extra = result["extra"]
            floor = f"{extra['floor']}: {number(extra['floor_median'])} / {number(extra['floor_p95'], result['unit'])}"
        at = f"{verdict.size:,}"
        if verdict.size != goal.size:
            at += f" (not {goal.size:,})"
        met = {True: "**met**", False: "not met", None: "not measured"}[verdict.met]
        measured = f"{number(verdict.value, goal.unit)} (≤ {number(goal.limit, goal.unit)})"
        lines.append(f"| {goal.text} | {at} | {_value(result)} | {floor} | {measured} | {met} |")
    return lines


def figures_table(results: list[dict[str, Any]]) -> list[str]:
    sizes = sorted({r["size"] for r in results if r["size"] > 0})
    names: list[str] = []
    for r in results:
        if r["name"] not in names:
            names.append(r["name"])
    head = "| figure | " + " | ".join(f"{s:,}" for s in sizes) + " | floor | ratio (median / p95) |"
    lines = [head, "| --- |" + " --- |" * (len(sizes) + 2)]
    for name in names:
        rows = {r["size"]: r for r in results if r["name"] == name}
        if set(rows) == {0}:
            continue  # a floor with no size: shown in the floor column of what it floors
        cells = [_value(rows[s]) if s in rows else "" for s in sizes]
        biggest = rows[max(rows)]
        extra = biggest["extra"]
        floor = ratio = ""
        if "floor" in extra:
            floor = f"{extra['floor']} ({number(extra['floor_median'])} / {number(extra['floor_p95'], biggest['unit'])})"
            ratio = f"{number(extra['ratio_median'], 'x')} / {number(extra['ratio_p95'], 'x')}"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {floor} | {ratio} |")
    return lines


def _provenance(document: dict[str, Any], when: str, took: float | None) -> str:
    """Which runs the figures come from: one full `make bench`, or each module's own run
    (`--only`, `--quick`), with its sizes, so a partial picture never reads as a whole one."""
    benches = document["benches"]
    sizes = {tuple(b.get("sizes", [])) for b in benches.values()}
    from bench.run import discover  # bench.run draws the report: imported when used

    whole = set(benches) >= set(discover()) and len(sizes) == 1 and len(sizes.pop()) >= 4
    if whole and not any(b.get("quick") for b in benches.values()):
        return f"a full `make bench` of {when}" + (f" ({took / 60:.1f} minutes)" if took else "")
    parts = []
    for name, bench in benches.items():
        moment = bench.get("when", "")
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(moment).strftime("%Y-%m-%d %H:%M")
        at = ", ".join(f"{n:,}" for n in bench.get("sizes", []))
        kind = "`--quick` run" if bench.get("quick") else "`--only` run"
        parts.append(f"{name} ({kind} at {at} people, {moment})")
    return "separate runs of each module: " + "; ".join(parts)


def generated_section(document: dict[str, Any]) -> str:
    results = all_results(document)
    machine = document.get("machine", {})
    took = document.get("took_s")
    when = document.get("updated", "")
    with contextlib.suppress(ValueError):
        when = datetime.fromisoformat(when).strftime("%Y-%m-%d %H:%M %z")
    lines = [
        BEGIN,
        "",
        f"_Generated by `python -m bench.report` from {_provenance(document, when, took)}; "
        f"Python {machine.get('python', '?')} on {machine.get('cpus', '?')} CPUs, "
        f"load average {machine.get('load_before', '?')} before the last run. "
        "Times are wall-clock; ms unless marked._",
        "",
        "![cost against event size](chart.png)",
        "",
        "### The goals of issue 14",
        "",
        *goals_table(results),
        "",
        "### Every figure (median / p95 at each event size)",
        "",
        *figures_table(results),
        "",
        END,
    ]
    return "\n".join(lines)


def write_readme(document: dict[str, Any], readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    section = generated_section(document)
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    readme.write_text(text, encoding="utf-8")


# -- the chart ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One figure on the chart: which result, which statistic, drawn how."""

    label: str
    figure: str
    stat: str = "p95"
    scale: float = 1.0
    dashed: bool = False


TIME_LINES = [
    Line("launch → first verdict (median)", "TUI: launch → first scan's name", "median"),
    Line("scan → name (p95)", "TUI: scan → name on screen"),
    Line("scan → name, desk B syncing (p95)", "TUI: scan → name, second desk syncing"),
    Line("search keystroke → results (p95)", "TUI: search keystroke → results"),
    Line("dashboard update (p95)", "dashboard update after one check-in"),
    Line("one-record pull: merge + index (p95)", "one-record pull: merge + index"),
    Line("one-record pull: UI, check-in (p95)", "one-record pull: UI update, check-in screen up"),
    Line("scan during a fold (p95)", "scan during a fold"),
    Line("durable check-in (p95)", "durable check-in (Store.put)"),
    Line("badges PDF (s → ms)", "badges PDF for everyone", "median", 1000.0),
    Line("attendance PDF export", "export attendance PDF", "median"),
    Line("sync: one check-in pulled (p95)", "sync: one new check-in pulled"),
    Line("floor: SQLite WAL FULL (p95)", "SQLite WAL FULL insert+commit", dashed=True),
    Line("floor: minimal app launch", "minimal app: launch → first answer", "median", dashed=True),
    Line("floor: minimal scan → answer (p95)", "minimal app: scan → answer", dashed=True),
    Line("floor: minimal key → echo (p95)", "minimal app: key → echo", dashed=True),
]
MEMORY_LINES = [
    Line("TUI (VmHWM)", "TUI: peak memory (VmHWM)", "median"),
    Line("TUI, desk B syncing", "TUI: peak memory, syncing (VmHWM)", "median"),
    Line("badges PDF job", "badges PDF peak memory (child + helper VmHWM)", "median"),
    Line("desk process", "desk process peak memory (VmHWM)", "median"),
    Line("floor: minimal app", "minimal app: peak memory (VmHWM)", "median", dashed=True),
    Line("floor: python + imports", "python + the desk's imports (VmHWM)", "median", dashed=True),
]
COLOURS = [
    "#1f77b4", "#d62728", "#9467bd", "#2ca02c", "#ff7f0e", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31",
]  # fmt: skip


def _points(results: list[dict[str, Any]], line: Line, sizes: list[int]) -> list[tuple[int, float]]:
    rows = [r for r in results if r["name"] == line.figure]
    if len(rows) == 1 and rows[0]["size"] == 0:  # a floor measured once: flat across sizes
        value = rows[0][line.stat] * line.scale
        return [(s, value) for s in sizes] if value > 0 else []
    points = []
    for r in sorted(rows, key=lambda r: r["size"]):
        value = r[line.stat] * line.scale
        if r["size"] > 0 and value > 0 and not math.isnan(value):
            points.append((r["size"], value))
    return points


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _panel(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    title: str,
    unit: str,
    series: list[tuple[Line, str, list[tuple[int, float]]]],
    sizes: list[int],
) -> None:
    left, top, right, bottom = box
    font, small = _font(15), _font(12)
    values = [v for _, _, points in series for _, v in points]
    if not values or not sizes:
        draw.text((left, top), f"{title}: nothing measured", fill="black", font=font)
        return
    y_low = 10 ** math.floor(math.log10(min(values)))
    y_high = 10 ** math.ceil(math.log10(max(values)))
    if y_high <= y_low:
        y_high = y_low * 10
    x_low, x_high = math.log10(min(sizes)) - 0.15, math.log10(max(sizes)) + 0.15
    if x_high - x_low < 0.5:
        x_low, x_high = x_low - 0.5, x_high + 0.5

    def x_of(size: float) -> float:
        return left + (math.log10(size) - x_low) / (x_high - x_low) * (right - left)

    def y_of(value: float) -> float:
        span = math.log10(y_high) - math.log10(y_low)
        return bottom - (math.log10(value) - math.log10(y_low)) / span * (bottom - top)

    draw.text((left, top - 40), title, fill="black", font=font)
    draw.rectangle(box, outline="#444444")
    decade = y_low
    while decade <= y_high * 1.0001:
        y = y_of(decade)
        draw.line([(left, y), (right, y)], fill="#e4e4e4")
        draw.text((left - 8, y), number(decade), fill="#333333", font=small, anchor="rm")
        decade *= 10
    for size in sizes:
        x = x_of(size)
        draw.line([(x, top), (x, bottom)], fill="#e4e4e4")
        draw.text((x, bottom + 8), f"{size:,}", fill="#333333", font=small, anchor="mt")
    draw.text(
        ((left + right) / 2, bottom + 28),
        "participants (log)",
        fill="black",
        font=small,
        anchor="mt",
    )
    draw.text((left - 8, top - 18), f"{unit} (log)", fill="black", font=small, anchor="rm")
    for line, colour, points in series:
        xy = [(x_of(s), y_of(v)) for s, v in points]
        if line.dashed:
            for (x1, y1), (x2, y2) in itertools.pairwise(xy):
                _dashed(draw, (x1, y1), (x2, y2), colour)
        elif len(xy) > 1:
            draw.line(xy, fill=colour, width=3)
        for x, y in xy:
            if not line.dashed:
                draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=colour)


def _dashed(
    draw: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], colour: str
) -> None:
    length = math.dist(a, b)
    steps = max(1, int(length // 10))
    for n in range(0, steps, 2):
        s, e = n / steps, min(1.0, (n + 1) / steps)
        draw.line(
            [(a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s),
             (a[0] + (b[0] - a[0]) * e, a[1] + (b[1] - a[1]) * e)],
            fill=colour,
            width=2,
        )  # fmt: skip


def draw_chart(document: dict[str, Any], out: Path = CHART) -> None:
    """Two log-log panels, time and memory, each with its legend (floors dashed)."""
    results = all_results(document)
    sizes = sorted({r["size"] for r in results if r["size"] > 0})
    image = Image.new("RGB", (1620, 780), "white")
    draw = ImageDraw.Draw(image)
    legend_font = _font(13)
    panels = [
        ((90, 80, 760, 690), "Time against event size", "ms", TIME_LINES, (785, 80)),
        ((1170, 80, 1590, 470), "Peak memory (VmHWM)", "MB", MEMORY_LINES, (1170, 540)),
    ]
    colour_n = 0
    for box, title, unit, lines, (x, y) in panels:
        series = []
        for line in lines:
            points = _points(results, line, sizes)
            if points:
                series.append((line, COLOURS[colour_n % len(COLOURS)], points))
                colour_n += 1
        _panel(draw, box, title, unit, series, sizes)
        for line, colour, _ in series:
            _legend(draw, x, y, line, colour, legend_font)
            y += 22
    image.save(out, optimize=True)


def _legend(
    draw: ImageDraw.ImageDraw, x: float, y: float, line: Line, colour: str, font: Any
) -> None:
    if line.dashed:
        _dashed(draw, (x, y + 8), (x + 26, y + 8), colour)
    else:
        draw.line([(x, y + 8), (x + 26, y + 8)], fill=colour, width=3)
    draw.text((x + 32, y), line.label, fill="black", font=font)


def render(path: Path | None = None) -> None:
    document = load(path)
    draw_chart(document)
    write_readme(document)


if __name__ == "__main__":
    render()
