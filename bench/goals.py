"""The goals of issue 14, as data: which figure, at which size, which statistic, what limit.

Each goal reads one result of `latest.json` (by name and size) and one of its statistics: the
median or p95 itself (ms, MB, s) or its ratio to the floor measured beside it in the same run
(`ratio_median`, `ratio_p95`; see `bench.beside`). The renderer (`bench.report`) shows every
goal with its figure, its floor and whether it is met; a figure that was not measured is shown
as such, never as met.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

GOAL_SIZE = 20000


@dataclass(frozen=True)
class Goal:
    """One line of the issue's goals."""

    text: str
    figure: str
    stat: str
    limit: float
    unit: str
    size: int = GOAL_SIZE


GOALS = [
    Goal(
        "launch → first scan's verdict on screen ≤ 3x the minimal app's launch",
        "TUI: launch → first scan's name",
        "ratio_median",
        3.0,
        "x",
    ),
    Goal(
        "scan → name on screen p95 ≤ 1.25x the minimal app's, a second desk syncing",
        "TUI: scan → name, second desk syncing",
        "ratio_p95",
        1.25,
        "x",
    ),
    Goal(
        "search keystroke → results on screen p95 ≤ 1.25x the minimal app's echo",
        "TUI: search keystroke → results",
        "ratio_p95",
        1.25,
        "x",
    ),
    Goal(
        "dashboard update after one check-in ≤ 10 ms on the UI thread (p95)",
        "dashboard update after one check-in",
        "p95",
        10.0,
        "ms",
    ),
    Goal(
        "one-record pull ≤ 10 ms: merge + index update (p95)",
        "one-record pull: merge + index",
        "p95",
        10.0,
        "ms",
    ),
    Goal(
        "one-record pull ≤ 10 ms on the UI thread, check-in screen up (p95)",
        "one-record pull: UI update, check-in screen up",
        "p95",
        10.0,
        "ms",
    ),
    Goal(
        "one-record pull ≤ 10 ms on the UI thread, dashboard up (p95)",
        "one-record pull: UI update, dashboard up",
        "p95",
        10.0,
        "ms",
    ),
    Goal(
        "scans during a fold: p95 ≤ 2x scans outside one",
        "scan during a fold",
        "ratio_p95",
        2.0,
        "x",
    ),
    Goal(
        "durable check-in ≤ 3x SQLite WAL FULL (median)",
        "durable check-in (Store.put)",
        "ratio_median",
        3.0,
        "x",
    ),
    Goal(
        "durable check-in ≤ 3x SQLite WAL FULL (p95)",
        "durable check-in (Store.put)",
        "ratio_p95",
        3.0,
        "x",
    ),
    Goal("TUI peak memory ≤ 250 MB", "TUI: peak memory (VmHWM)", "median", 250.0, "MB"),
    Goal(
        "TUI peak memory ≤ 250 MB, a second desk syncing",
        "TUI: peak memory, syncing (VmHWM)",
        "median",
        250.0,
        "MB",
    ),
    Goal("badges PDF for everyone ≤ 30 s", "badges PDF for everyone", "median", 30.0, "s"),
    Goal(
        "badges PDF peak memory ≤ 300 MB",
        "badges PDF peak memory (child + helper VmHWM)",
        "median",
        300.0,
        "MB",
    ),
]


@dataclass(frozen=True)
class Verdict:
    """A goal against what this run measured."""

    goal: Goal
    size: int | None
    value: float | None
    result: dict[str, Any] | None

    @property
    def met(self) -> bool | None:
        """True or False; None when nothing was measured."""
        if self.value is None or math.isnan(self.value):
            return None
        return self.value <= self.goal.limit


def judge(results: list[dict[str, Any]]) -> list[Verdict]:
    """Every goal against `results` (dicts of `BenchResult`), at its size or, when a run did
    not reach it (`--quick`), at the biggest size it measured."""
    verdicts = []
    for goal in GOALS:
        rows = [r for r in results if r["name"] == goal.figure and r["size"] > 0]
        exact = [r for r in rows if r["size"] == goal.size]
        chosen = exact[0] if exact else max(rows, key=lambda r: r["size"], default=None)
        if chosen is None:
            verdicts.append(Verdict(goal, None, None, None))
            continue
        stat = goal.stat
        value = chosen[stat] if stat in ("median", "p95") else chosen["extra"].get(stat)
        verdicts.append(Verdict(goal, chosen["size"], value, chosen))
    return verdicts
