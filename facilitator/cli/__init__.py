"""The headless face of facilitator: `facilitator [--db FILE] [--station NAME] [--lang th|en] COMMAND`.

Every command calls the same services as the TUI. User mistakes end with a message on stderr
and a non-zero exit code, never a traceback. With no command, the TUI opens. The language is
chosen before the parser is built (`facilitator.cli.language`), so `--help` speaks it too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from facilitator import __version__
from facilitator.cli import (
    badge_cmds,
    checkin_cmds,
    event_cmds,
    export_cmds,
    kiosk_cmds,
    paperwork_cmds,
    roster_cmds,
    session_cmds,
    sync_cmds,
)
from facilitator.cli.context import CliContext, user_errors
from facilitator.cli.help_format import ThaiArgumentParser
from facilitator.cli.language import choose_language
from facilitator.i18n import LANGUAGES, t

COMMAND_MODULES = [
    event_cmds,
    roster_cmds,
    checkin_cmds,
    badge_cmds,
    session_cmds,
    export_cmds,
    paperwork_cmds,
    sync_cmds,
    kiosk_cmds,
]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, assembled from each command module's `register`."""
    parser = ThaiArgumentParser(
        prog="facilitator",
        description=t("cli.description"),
        epilog=t("cli.epilog"),
    )
    parser.add_argument("--db", help=t("cli.db"))
    parser.add_argument("--station", help=t("cli.station"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.lang"))
    parser.add_argument(
        "--version", action="version", version=f"facilitator {__version__}", help=t("cli.version")
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    escape_help_texts(parser)
    return parser


def escape_help_texts(parser: argparse.ArgumentParser) -> None:
    """Double every `%` in the help texts of `parser` and of all its subcommands.

    argparse expands each help text with `%` formatting (for `%(default)s`), so a catalogue text
    such as "at least 80%" crashes `--help` with "unsupported format character". Our texts come
    from the catalogue and never use `%(...)s`, so every `%` in them is a literal one. Escaping
    here, once the tree is built, covers every `add_argument` and `add_parser` of every module;
    each action is escaped once, even if parsers share it (aliases, `parents=`).
    """
    seen: set[int] = set()
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            actions = [action]
            if isinstance(action, argparse._SubParsersAction):
                actions += action._choices_actions
                parsers += [p for p in dict.fromkeys(action.choices.values()) if id(p) not in seen]
                seen.update(id(p) for p in action.choices.values())
            for one in actions:
                if id(one) not in seen and isinstance(one.help, str):
                    one.help = one.help.replace("%", "%%")
                seen.add(id(one))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (or the TUI) and return the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    choose_language(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = CliContext(args)
    try:
        if args.command is None:
            from facilitator.cli.tui import run_tui

            return run_tui(ctx)
        return int(args.handler(ctx) or 0)
    except user_errors() as exc:
        print(t("cli.error", error=exc), file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except BrokenPipeError:
        sys.stderr.close()  # the reader (e.g. `head`) went away; not an error of ours
        return 0
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
