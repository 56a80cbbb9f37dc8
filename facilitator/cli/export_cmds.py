"""`export KIND`: files for the office, the province and other programs.

The kinds and their formats come from the one registry (`facilitator.exports.kinds.KINDS`), so a
new kind of document appears here without a change to this file. An existing file is never
replaced without `--force` (exit 3 with a message), because an exported sheet may already have
been edited or signed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.context import CliContext
from facilitator.exports.kinds import KINDS, ExportKind
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from facilitator.i18n import LANGUAGES, t
from facilitator.user_dates import around_event, read_date


def _kind_parser(sub: argparse._SubParsersAction, kind: ExportKind) -> None:
    p = sub.add_parser(kind.name, help=t(f"export.what.{kind.name}.help"))
    p.add_argument("--format", choices=kind.formats, required=True, help=t("cli.export.format"))
    p.add_argument("--out", type=Path, help=t("cli.export.out"))
    p.add_argument("--gregorian", action="store_true", help=t("cli.export.gregorian"))
    p.add_argument(
        "--lang",
        dest="export_lang",
        choices=LANGUAGES,
        default="th",
        help=t("cli.export.lang"),
    )
    p.add_argument("--show-phones", action="store_true", help=t("cli.export.show_phones"))
    p.add_argument("--force", action="store_true", help=t("cli.export.force"))
    if kind.by_day:
        p.add_argument("--day", help=t("cli.export.day"))
    for option in kind.options:
        if option.form == "flag":
            p.add_argument(option.flag, action="store_true", help=t(f"{option.label_key}.help"))
        else:
            p.add_argument(
                option.flag, metavar=option.form.upper(), help=t(f"{option.label_key}.help")
            )
    if kind.needs_producer or kind.name == "sessions":
        # `export sessions --producer ID` is the same as `export plan --producer ID`.
        p.add_argument("--producer", required=kind.needs_producer, help=t("cli.export.producer"))
    p.set_defaults(handler=cmd_export, export_kind=kind.name)


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help=t("cli.export.help"))
    sub = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    for kind in KINDS.values():
        _kind_parser(sub, kind)


def option_values(kind: ExportKind, args: argparse.Namespace) -> dict[str, object]:
    """The kind's options as given on the command line, read by the options themselves."""
    values: dict[str, object] = {}
    for option in kind.options:
        given = getattr(args, option.name, None)
        if given in (None, False):
            continue
        values[option.name] = True if given is True else option.read(str(given))
    return values


def cmd_export(ctx: CliContext) -> int:
    desk = ctx.desk(reading=True)
    a = ctx.args
    day_text = getattr(a, "day", None)
    day = None
    if day_text:
        today = desk.clock.now().date()
        day = read_date(day_text, today, around_event(desk.event.days), what="--day")
    producer = getattr(a, "producer", None)
    kind = "plan" if producer and a.export_kind == "sessions" else a.export_kind
    if producer:
        producer = desk.mentoring.resolve_person(producer)
    options = ExportOptions(a.export_lang, not a.gregorian, a.show_phones, day)
    out = a.out or desk.exports.default_path(kind, a.format, day, producer)
    request = ExportRequest(
        kind, a.format, Path(out), options, producer, a.force, option_values(KINDS[kind], a)
    )
    result = desk.exports.run(request)
    print(t("cli.export.wrote", path=result.path, size=f"{result.size_bytes:,}"))
    return 0
