"""`init`, `event edit`, `demo`, `info` and `restore`: creating, correcting, showing and
recovering the event database."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from facilitator.cli import join_cmds, paperwork_cmds
from facilitator.cli.context import CliContext
from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.event import parse_session_spec
from facilitator.i18n import t
from facilitator.labels import day_label
from facilitator.models import Role
from facilitator.user_dates import around_event, read_days


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
    edit = actions.add_parser(
        "edit", help=t("roster_edit.cli.event_edit"), description=t("roster_edit.cli.event_rules")
    )
    edit.add_argument("--name", help=t("roster_edit.cli.event_name"))
    edit.add_argument("--venue", help=t("roster_edit.cli.event_venue"))
    edit.add_argument("--days", help=t("roster_edit.cli.event_days"))
    edit.add_argument("--sessions", help=t("roster_edit.cli.event_sessions"))
    edit.add_argument("--json", action="store_true", help=t("cli.json"))
    edit.set_defaults(handler=cmd_event_edit)
    join_cmds.register_event(actions)
    paperwork_cmds.register_event(actions)

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


def cmd_event_edit(ctx: CliContext) -> int:
    args = ctx.args
    if all(getattr(args, k) is None for k in ("name", "venue", "days", "sessions")):
        raise UserError("roster_edit.error.nothing_to_edit_event")
    desk = ctx.desk()
    event = desk.event
    # Everything is read before anything is written: a bad --sessions leaves --days unwritten.
    days = None
    if args.days is not None:
        days = read_days(
            args.days, desk.clock.now().date(), around_event(event.days), what="--days"
        )
    sessions = parse_session_spec(args.sessions) if args.sessions is not None else None
    edit = desk.events.edit(name=args.name, venue=args.venue, days=days, sessions=sessions)
    if args.json:
        ctx.print_json(
            {
                "changes": [{"field": f, "old": old, "new": new} for f, old, new in edit.changes],
                "sessions": [s.to_dict() for s in edit.after.sessions],
                "kept": [s.id for s in edit.kept],
                "added": [s.id for s in edit.added],
                "dropped": [s.id for s in edit.dropped],
            }
        )
        return 0
    if not edit.changed:
        print(t("roster_edit.cli.event_unchanged"))
        return 0
    print(t("roster_edit.cli.event_edited", name=edit.after.name))
    for field, old, new in edit.changes:
        print(f"  {t(f'roster_edit.event_field.{field}')}: {old or '—'} → {new or '—'}")
    for s in edit.added:
        print(f"  + {s.id}: {s.name} {s.start:%H:%M}-{s.end:%H:%M}")
    for s in edit.dropped:
        print(f"  - {s.id}: {s.name} {s.start:%H:%M}-{s.end:%H:%M}")
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
                first=day_label(event.days[0]),
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
        print(f"  {s.id}: {day_label(s.day)} {s.name} {s.start:%H:%M}-{s.end:%H:%M}")
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
