"""`init`, `event edit`, `demo`, `info` and `restore`: creating, correcting, showing and
recovering the event database."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from facilitator.cli.context import CliContext
from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.event import parse_session_spec
from facilitator.i18n import t
from facilitator.models import Role
from facilitator.user_dates import around_event, read_days


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help="create a new event in an empty database")
    init.add_argument("--name", required=True, help="the project's name as printed on reports")
    init.add_argument("--venue", default="", help="the meeting room and hotel")
    init.add_argument(
        "--days",
        required=True,
        help="YYYY-MM-DD,YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD",
    )
    init.add_argument(
        "--sessions",
        default="08:30-12:00,13:00-16:30",
        help="sessions of each day, e.g. 'ช่วงเช้า=08:30-12:00,ช่วงบ่าย=13:00-16:30'",
    )
    init.add_argument("--target-producers", type=int, default=0)
    init.add_argument("--target-mentors", type=int, default=0)
    init.set_defaults(handler=cmd_init)

    event = commands.add_parser("event", help=t("roster_edit.cli.event"))
    event_sub = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    edit = event_sub.add_parser(
        "edit", help=t("roster_edit.cli.event_edit"), description=t("roster_edit.cli.event_rules")
    )
    edit.add_argument("--name", help=t("roster_edit.cli.event_name"))
    edit.add_argument("--venue", help=t("roster_edit.cli.event_venue"))
    edit.add_argument("--days", help=t("roster_edit.cli.event_days"))
    edit.add_argument("--sessions", help=t("roster_edit.cli.event_sessions"))
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler=cmd_event_edit)

    demo = commands.add_parser("demo", help="write a demo event with 50 fictional participants")
    demo.add_argument("--no-tui", action="store_true", help="only write the database")
    demo.set_defaults(handler=cmd_demo)

    info = commands.add_parser("info", help="show the event, its sessions and the database")
    info.add_argument("--json", action="store_true")
    info.set_defaults(handler=cmd_info)

    restore = commands.add_parser("restore", help="list backups, or put one back in place")
    restore.add_argument("backup", nargs="?", help="file name from the list (newest if 'latest')")
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
        f"Created {event.name} ({len(event.days)} day(s), {len(event.sessions)} sessions) in {ctx.db_path}"
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
        print(f"{ctx.db_path} already holds an event; opening it.", file=sys.stderr)
    else:
        event = desk.create_demo()
        print(
            f"Demo event written to {ctx.db_path}: {len(desk.participants)} participants, "
            f"{len(event.sessions)} sessions from {event.days[0].isoformat()}"
        )
    if ctx.args.no_tui:
        return 0
    from facilitator.cli.tui import run_tui

    return run_tui(ctx)


def cmd_info(ctx: CliContext) -> int:
    desk = ctx.desk()
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
    print(f"  venue: {event.venue}")
    for s in event.sessions:
        print(f"  {s.id}: {s.name} {s.start:%H:%M}-{s.end:%H:%M}")
    print(f"  participants: {len(desk.participants)}")
    print(f"  database: {ctx.db_path} (station {desk.station})")
    return 0


def cmd_restore(ctx: CliContext) -> int:
    backups = Desk.backups(ctx.db_path)
    if not ctx.args.backup:
        if not backups:
            print(f"No backups in {Desk.backups_folder(ctx.db_path)}")
            return 1
        print(f"Backups of {ctx.db_path} (newest first):")
        for b in backups:
            print(f"  {b.name}  ({b.stat().st_size // 1024} KiB)")
        print(f"Restore one with: facilitator --db {ctx.db_path} restore NAME")
        return 0
    restored = Desk.restore(ctx.db_path, ctx.args.backup)
    print(f"Restored {restored.backup.name} into {ctx.db_path}.")
    if restored.aside:
        print(f"The file it replaced was kept as {restored.aside}.")
    return 0
