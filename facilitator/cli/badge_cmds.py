"""`facilitator badges`: the badge sheet to print and the pictures to send by LINE.

facilitator badges --out badges.pdf                 everyone, A4, 8 a page
facilitator badges --png line/ --new                pictures of those not printed yet
facilitator badges --out b.pdf --person 12          one person, by any REF (repeatable)
facilitator badges --out b.pdf --walk-ins-today --force
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from facilitator.badges.service import Selection
from facilitator.cli.context import CliContext
from facilitator.i18n import t
from facilitator.models import Role


def register(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "badges",
        help="write the badge sheet (PDF) and/or one picture per person (PNG)",
        description="Badges in roster order. With no selection option, everyone gets one; "
        "each option given narrows the list.",
    )
    cmd.add_argument("--out", type=Path, metavar="FILE.pdf", help="write the A4 badge sheet here")
    cmd.add_argument("--png", type=Path, metavar="DIR", help="write one PNG per person here")
    cmd.add_argument("--force", action="store_true", help="replace an existing PDF")
    pick = cmd.add_argument_group("selection")
    pick.add_argument("--all", action="store_true", help="everyone (the default)")
    pick.add_argument("--role", choices=[r.value for r in Role])
    pick.add_argument("--new", action="store_true", help="only those not printed at this desk yet")
    pick.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="REF",
        help=t("roster_edit.cli.refs"),
    )
    pick.add_argument(
        "--walk-ins-today", action="store_true", help="only the walk-ins registered today"
    )
    cmd.set_defaults(handler=cmd_badges)


def cmd_badges(ctx: CliContext) -> int:
    args = ctx.args
    if args.out is None and args.png is None:
        print("facilitator: badges: give --out FILE.pdf, --png DIR or both", file=sys.stderr)
        return 2
    if args.all and (args.role or args.new or args.person or args.walk_ins_today):
        print("facilitator: badges: --all cannot be combined with a selection", file=sys.stderr)
        return 2
    service = ctx.desk().badges
    selection = Selection(
        role=args.role,
        new_only=args.new,
        people=tuple(args.person),
        walk_ins_today=args.walk_ins_today,
    )
    people = service.select(selection)
    if not people:
        print("Nobody matches that selection: no badge written.")
        return 0
    bar = ProgressBar(sys.stderr, "badges")
    run = service.write(people, pdf=args.out, png_dir=args.png, force=args.force, progress=bar)
    bar.finish()
    if run.pdf is not None:
        print(f"Wrote {len(run.people)} badge(s) on {run.pages} page(s) to {run.pdf}")
    if run.png_dir is not None:
        print(f"Wrote {len(run.pngs)} picture(s) to {run.png_dir}")
    return 0


class ProgressBar:
    """A text bar redrawn in place on a terminal; a few plain lines in a log or a pipe.

    Redraws are throttled (10 a second) so a 5,000-badge run spends its time on badges,
    not on the terminal.
    """

    WIDTH = 30
    PLAIN_STEPS = 4  # lines at 25 %, 50 %, 75 %, 100 %
    INTERVAL = 0.1

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.tty = stream.isatty()
        self._last_draw = 0.0
        self._next_plain = 1
        self._drawn = False
        self._started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if self.tty:
            now = time.monotonic()
            if done < total and now - self._last_draw < self.INTERVAL:
                return
            self._last_draw = now
            filled = self.WIDTH * done // total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
            self._drawn = True
        else:
            reached = done * self.PLAIN_STEPS // total
            if reached < self._next_plain:
                return
            self._next_plain = reached + 1
            self.stream.write(f"{self.label}: {done}/{total}\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the in-place line so the summary starts on its own line."""
        if self.tty and self._drawn:
            took = time.monotonic() - self._started
            self.stream.write(f"  {took:.1f} s\n")
            self.stream.flush()
