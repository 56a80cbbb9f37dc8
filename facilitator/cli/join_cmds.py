"""`event phrase | join`: handing the event's signing key to another desk by its join phrase.

The phrase is read from `--phrase`, else `$FACILITATOR_EVENT_PHRASE`, else asked at the
terminal without echo (a phrase typed on the command line stays in the shell's history and
shows in the process list).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from facilitator.cli.context import CliContext
from facilitator.codes.join_phrase import PHRASE_ENV
from facilitator.codes.qr_image import qr_terminal_lines
from facilitator.errors import UserError
from facilitator.i18n import t


def register_event(sub: argparse._SubParsersAction) -> None:
    """The `event phrase` and `event join` actions (added to the `event` command)."""
    phrase = sub.add_parser("phrase", help=t("cli.event.phrase"))
    phrase.add_argument("--no-qr", action="store_true", help=t("cli.event.no_qr"))
    phrase.set_defaults(handler=cmd_phrase)
    join = sub.add_parser("join", help=t("cli.event.join"))
    add_phrase_option(join)
    join.set_defaults(handler=cmd_join)


def add_phrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--phrase", help=t("cli.event.phrase_option"))


def phrase_given(ctx: CliContext, ask: bool = True) -> str | None:
    """The phrase from --phrase, the environment, or a prompt (when asked and interactive)."""
    given = getattr(ctx.args, "phrase", None) or os.environ.get(PHRASE_ENV)
    if given or not ask or not sys.stdin.isatty():
        return given
    return getpass.getpass(t("cli.event.phrase_prompt")) or None


def cmd_phrase(ctx: CliContext) -> int:
    desk = ctx.desk()
    phrase = desk.events.join_phrase()
    if phrase is None:
        raise UserError("cli.event.not_joined")
    print(t("cli.event.phrase_is", event=desk.event.name))
    print(f"  {phrase}")
    if not ctx.args.no_qr:
        for line in qr_terminal_lines(phrase.replace("-", "")):
            print(f"  {line}")
    print(t("cli.event.phrase_hint"))
    return 0


def cmd_join(ctx: CliContext) -> int:
    desk = ctx.desk()
    phrase = phrase_given(ctx)
    if not phrase:
        raise UserError("cli.event.phrase_needed")
    joined = desk.events.join(phrase)
    key = "cli.event.joined_already" if joined.already else "cli.event.joined"
    print(t(key, event=joined.event_name))
    return 0
