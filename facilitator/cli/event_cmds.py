"""`init`, `demo`, `info` and `restore`: creating, showing and recovering the event database."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from facilitator.cli import join_cmds
from facilitator.cli.context import CliContext
from facilitator.desk import Desk
from facilitator.event import parse_session_spec
from facilitator.i18n import t
from facilitator.models import Role
from facilitator.user_dates import read_days


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help=t("cli.init.help"))
    init.add_argument("--name", required=True, help=t("cli.init.name"))
    init.add_argument("--venue", default="", help=t("cli.init.venue"))
    init.add_argument("--days", required=True, help=t("cli.init.days"))
    init.add_argument("--sessions", default="08:30-12:00,13:00-16:30", help=t("cli.init.sessions"))
    init.add_argument("--target-producers", type=int, default=0, help=t("cli.init.producers"))
    init.add_argument("--target-mentors", type=int, default=0, help=t("cli.init.mentors"))
    init.set_defaults(handler=cmd_init)

    demo = commands.add_parser("demo", help=t("cli.demo.help"))
    demo.add_argument("--no-tui", action="store_true", help=t("cli.demo.no_tui"))
    demo.set_defaults(handler=cmd_demo)

    info = commands.add_parser("info", help=t("cli.info.help"))
    info.add_argument("--json", action="store_true", help=t("cli.json"))
    info.set_defaults(handler=cmd_info)

    event = commands.add_parser("event", help=t("cli.event.help"))
    actions = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    join_cmds.register_event(actions)

    restore = commands.add_parser("restore", help=t("cli.restore.help"))
    restore.add_argument("backup", nargs="?", help=t("cli.restore.backup"))
    restore.set_defaults(handler=cmd_restore)


def cmd_init(ctx: CliContext) -> int:
    args = ctx.args
    templates = parse_session_spec(args.sessions)
    days = read_days(args.days, date.today(), what="--days")
    targets = {}
    if args.target_producers:
        targets[Role.PRODUCER.value] = args.target_producers
    if args.target_mentors:
        targets[Role.MENTOR.value] = args.target_mentors
    desk = ctx.desk()
    event = desk.events.create(args.name, args.venue, days, templates, targets)
    print(
        t(
            "cli.init.done",
            name=event.name,
            days=len(event.days),
            sessions=len(event.sessions),
            db=ctx.db_path,
        )
    )
    return 0


def cmd_demo(ctx: CliContext) -> int:
    desk = ctx.desk()
    if desk.events.exists:
        print(t("cli.demo.exists", db=ctx.db_path), file=sys.stderr)
    else:
        event = desk.create_demo()
        print(
            t(
                "cli.demo.done",
                db=ctx.db_path,
                people=len(desk.participants),
                sessions=len(event.sessions),
                first=event.days[0].isoformat(),
            )
        )
    if ctx.args.no_tui:
        return 0
    from facilitator.cli.tui import run_tui

    return run_tui(ctx)


def cmd_info(ctx: CliContext) -> int:
    desk = ctx.desk(reading=True)
    event = desk.event
    data = {
        "database": str(ctx.db_path),
        "station": desk.station,
        "event": {"id": event.id, "name": event.name, "venue": event.venue},
        "days": [d.isoformat() for d in event.days],
        "sessions": [s.to_dict() for s in event.sessions],
        "participants": len(desk.participants),
    }
    if ctx.args.json:
        ctx.print_json(data)
        return 0
    print(event.name)
    print(t("cli.info.venue", venue=event.venue))
    for s in event.sessions:
        print(f"  {s.id}: {s.name} {s.start:%H:%M}-{s.end:%H:%M}")
    print(t("cli.info.participants", count=len(desk.participants)))
    print(t("cli.info.database", db=ctx.db_path, station=desk.station))
    return 0


def cmd_restore(ctx: CliContext) -> int:
    backups = Desk.backups(ctx.db_path)
    if not ctx.args.backup:
        if not backups:
            print(t("restore.error.none", folder=Desk.backups_folder(ctx.db_path)))
            return 1
        print(t("cli.restore.list", db=ctx.db_path))
        for b in backups:
            print(t("cli.restore.item", name=b.name, kib=b.stat().st_size // 1024))
        print(t("cli.restore.how", db=ctx.db_path))
        return 0
    restored = Desk.restore(ctx.db_path, ctx.args.backup)
    print(t("cli.restore.done", name=restored.backup.name, db=ctx.db_path))
    if restored.aside:
        print(t("cli.restore.aside", path=restored.aside))
    return 0
