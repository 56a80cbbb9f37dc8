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
from facilitator.cli.role_words import role_word
from facilitator.i18n import t
from facilitator.models import Role


def register(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "badges",
        help=t("cli.badges.help"),
        description=t("cli.badges.description"),
    )
    cmd.add_argument("--out", type=Path, metavar="FILE.pdf", help=t("cli.badges.out"))
    cmd.add_argument("--png", type=Path, metavar="DIR", help=t("cli.badges.png"))
    cmd.add_argument("--force", action="store_true", help=t("cli.badges.force"))
    pick = cmd.add_argument_group(t("cli.badges.selection"))
    pick.add_argument("--all", action="store_true", help=t("cli.badges.all"))
    pick.add_argument(
        "--role", type=role_word, choices=[r.value for r in Role], help=t("cli.badges.role")
    )
    pick.add_argument("--new", action="store_true", help=t("cli.badges.new"))
    pick.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="REF",
        help=t("roster_edit.cli.refs"),
    )
    pick.add_argument("--walk-ins-today", action="store_true", help=t("cli.badges.walk_ins"))
    cmd.set_defaults(handler=cmd_badges)


def cmd_badges(ctx: CliContext) -> int:
    args = ctx.args
    if args.out is None and args.png is None:
        print(t("cli.badges.no_output"), file=sys.stderr)
        return 2
    if args.all and (args.role or args.new or args.person or args.walk_ins_today):
        print(t("cli.badges.all_and_more"), file=sys.stderr)
        return 2
    service = ctx.desk(reading=True).badges
    selection = Selection(
        role=args.role,
        new_only=args.new,
        people=tuple(args.person),
        walk_ins_today=args.walk_ins_today,
    )
    people = service.select(selection)
    if not people:
        print(t("cli.badges.nobody"))
        return 0
    bar = ProgressBar(sys.stderr, t("cli.badges.progress"))
    run = service.write(people, pdf=args.out, png_dir=args.png, force=args.force, progress=bar)
    bar.finish()
    if run.pdf is not None:
        print(t("cli.badges.wrote_pdf", count=len(run.people), pages=run.pages, path=run.pdf))
    if run.png_dir is not None:
        print(t("cli.badges.wrote_png", count=len(run.pngs), path=run.png_dir))
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
            took = f"{time.monotonic() - self._started:.1f}"
            self.stream.write(f"  {t('cli.progress.took', seconds=took)}\n")
            self.stream.flush()
