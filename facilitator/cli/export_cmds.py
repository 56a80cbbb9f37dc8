"""`export attendance | sessions`: files for the office, the province and other programs.

An existing file is never replaced without `--force` (exit 3 with a message), because an
exported sheet may already have been edited or signed.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from facilitator.cli.context import CliContext
from facilitator.errors import UserError
from facilitator.exports.jobs import ExportRequest, default_path, run_export
from facilitator.exports.options import ATTENDANCE_FORMATS, SESSIONS_FORMATS, ExportOptions
from facilitator.i18n import LANGUAGES


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _common(p: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    p.add_argument("--format", choices=formats, required=True)
    p.add_argument("--out", type=Path, help="the file to write (default: exports/ beside the db)")
    p.add_argument("--gregorian", action="store_true", help="Gregorian years, not Buddhist Era")
    p.add_argument(
        "--lang",
        dest="export_lang",
        choices=LANGUAGES,
        default="th",
        help="language of the headings (default th)",
    )
    p.add_argument("--show-phones", action="store_true", help="print phone numbers unmasked")
    p.add_argument("--force", action="store_true", help="replace an existing file")


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="attendance sheets and mentoring reports")
    sub = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    att = sub.add_parser("attendance", help="attendance: xlsx, csv, the pdf sign-in sheet, json")
    _common(att, ATTENDANCE_FORMATS)
    att.add_argument("--day", type=_day, help="only this day (YYYY-MM-DD)")
    att.set_defaults(handler=cmd_attendance)
    ses = sub.add_parser("sessions", help="mentoring sessions, or one producer's plan")
    _common(ses, SESSIONS_FORMATS)
    ses.add_argument("--producer", help="a producer's id: their development plan")
    ses.set_defaults(handler=cmd_sessions)


def _options(ctx: CliContext, day: date | None = None) -> ExportOptions:
    a = ctx.args
    return ExportOptions(a.export_lang, not a.gregorian, a.show_phones, day)


def _run(ctx: CliContext, kind: str, day: date | None, producer: str | None) -> int:
    desk = ctx.desk()
    a = ctx.args
    if producer and producer not in desk.participants:
        raise UserError(f"no participant with id {producer}")
    out = a.out or default_path(ctx.db_path, desk.event, kind, a.format, day, producer)
    request = ExportRequest(kind, a.format, Path(out), _options(ctx, day), producer, a.force)
    result = run_export(desk, request)
    print(f"Wrote {result.path} ({result.size_bytes:,} bytes)")
    return 0


def cmd_attendance(ctx: CliContext) -> int:
    return _run(ctx, "attendance", ctx.args.day, None)


def cmd_sessions(ctx: CliContext) -> int:
    producer = ctx.args.producer
    return _run(ctx, "plan" if producer else "sessions", None, producer)
