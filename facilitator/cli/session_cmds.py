"""`sessions list | show | add` and `actions list | done`: mentoring notes from a script or a shell.

`sessions add` is for scripted entry (notes typed elsewhere, or a test): it starts a session,
saves its texts as versions and adds its actions, then ends it unless `--running` is given.
Ids may be shortened to any unique prefix, as git allows.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from facilitator.cli.context import CliContext
from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.mentoring.notes import NOTE_FIELDS
from facilitator.mentoring.service import STANDARDS, TOPICS, ActionItem, MentoringSession


def register(commands: argparse._SubParsersAction) -> None:
    sessions = commands.add_parser("sessions", help="mentoring sessions: list, show, add")
    sub = sessions.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help="list mentoring sessions, oldest first")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--producer", metavar="REF", help=t("roster_edit.cli.ref"))
    lst.add_argument("--mentor", metavar="REF", help=t("roster_edit.cli.ref"))
    lst.add_argument("--topic", choices=TOPICS)
    lst.add_argument("--day", help="only sessions of this day, YYYY-MM-DD")
    lst.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help="one session with its notes and actions")
    show.add_argument("id", help="session id or a unique prefix")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    add = sub.add_parser("add", help="record a session from the command line")
    add.add_argument(
        "--producer", action="append", required=True, metavar="REF", help=t("roster_edit.cli.refs")
    )
    add.add_argument(
        "--mentor", action="append", required=True, metavar="REF", help=t("roster_edit.cli.refs")
    )
    add.add_argument("--topic", action="append", default=[], choices=TOPICS)
    add.add_argument("--standard", action="append", default=[], choices=STANDARDS)
    add.add_argument("--problems", default="")
    add.add_argument("--advice", default="")
    add.add_argument("--notes", default="")
    add.add_argument("--follow-up", default="", help="follow-up date YYYY-MM-DD")
    add.add_argument("--target-stars", type=int)
    add.add_argument(
        "--action", action="append", default=[], help='"text|owner|YYYY-MM-DD" (repeatable)'
    )
    add.add_argument("--running", action="store_true", help="leave the timer running")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add)

    actions = commands.add_parser("actions", help="follow-up actions: list, done")
    asub = actions.add_subparsers(dest="actions_command", metavar="ACTION", required=True)
    alst = asub.add_parser("list", help="list actions by due date")
    alst.add_argument("--open", action="store_true", help="only actions not done yet")
    alst.add_argument("--json", action="store_true")
    alst.set_defaults(handler=cmd_actions_list)
    done = asub.add_parser("done", help="tick an action done")
    done.add_argument("id", help="action id or a unique prefix")
    done.add_argument("--undo", action="store_true", help="open it again")
    done.set_defaults(handler=cmd_actions_done)


# -- rows ------------------------------------------------------------------------------------


def session_row(desk: Desk, s: MentoringSession, with_notes: bool = False) -> dict[str, Any]:
    """A session as JSON: ids plus readable names, so a script needs no second lookup."""
    m = desk.mentoring
    row: dict[str, Any] = asdict(s)
    row["producers"] = [m.owner_label(i) for i in s.producer_ids]
    row["mentors"] = [m.owner_label(i) for i in s.mentor_ids]
    row["minutes"] = s.elapsed_seconds() // 60
    row["open_actions"] = len(m.actions(s.id, open_only=True))
    if with_notes:
        row["texts"] = {f: m.current_text(s.id, f) for f in NOTE_FIELDS}
        row["conflicts"] = m.conflicts(s.id)
        row["actions"] = [action_row(desk, a) for a in m.actions(s.id)]
    return row


def action_row(desk: Desk, a: ActionItem) -> dict[str, Any]:
    return {**asdict(a), "owner_name": desk.mentoring.owner_label(a.owner)}


def parse_action(spec: str) -> tuple[str, str, str]:
    """`text|owner|YYYY-MM-DD` (owner and date may be left out)."""
    parts = [p.strip() for p in spec.split("|")]
    if not parts[0] or len(parts) > 3:
        raise UserError(f"--action {spec!r}: write it as 'text|owner|YYYY-MM-DD'")
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


# -- commands --------------------------------------------------------------------------------


def cmd_list(ctx: CliContext) -> int:
    desk = ctx.desk()
    a = ctx.args
    sessions = desk.mentoring.list(
        producer_id=desk.mentoring.resolve_person(a.producer) if a.producer else None,
        mentor_id=desk.mentoring.resolve_person(a.mentor) if a.mentor else None,
        topic=a.topic,
        day=a.day,
    )
    if a.json:
        ctx.print_json([session_row(desk, s) for s in sessions])
        return 0
    for s in sessions:
        minutes = f"{s.elapsed_seconds() // 60} min" + ("" if s.ended_at else " (running)")
        print(
            f"{s.id[:8]}  {s.started_at[:16].replace('T', ' ')}  {desk.mentoring.names(s.producer_ids)}"
            f"  [{', '.join(s.products)}]  with {desk.mentoring.names(s.mentor_ids)}"
            f"  {','.join(s.topics)}  {minutes}"
        )
    print(f"{len(sessions)} session(s)")
    return 0


def cmd_show(ctx: CliContext) -> int:
    desk = ctx.desk()
    s = desk.mentoring.find(ctx.args.id)
    row = session_row(desk, s, with_notes=True)
    if ctx.args.json:
        ctx.print_json(row)
        return 0
    print(f"Session {s.id}")
    print(f"  producer: {', '.join(row['producers'])} ({', '.join(s.products)})")
    print(f"  mentor:   {', '.join(row['mentors'])}")
    print(f"  topics:   {', '.join(s.topics + s.standards)}")
    end = s.ended_at[11:16] if s.ended_at else "running"
    print(f"  time:     {s.started_at[:16].replace('T', ' ')} - {end} ({row['minutes']} min)")
    if s.follow_up or s.target_stars:
        print(f"  follow-up {s.follow_up or '-'}, target {s.target_stars or '-'} stars")
    for f in NOTE_FIELDS:
        mark = "  (TWO VERSIONS, not merged)" if f in row["conflicts"] else ""
        print(f"\n[{f}]{mark}")
        print(row["texts"][f] or "-")
    print("\n[actions]")
    for a in row["actions"]:
        box = "x" if a["done"] else " "
        print(f"  [{box}] {a['id'][:8]}  {a['text']}  ({a['owner_name']}, due {a['due'] or '-'})")
    return 0


def cmd_add(ctx: CliContext) -> int:
    desk = ctx.desk()
    a = ctx.args
    m = desk.mentoring
    actions = [parse_action(spec) for spec in a.action]
    producers = [desk.mentoring.resolve_person(p) for p in a.producer]
    mentors = [desk.mentoring.resolve_person(p) for p in a.mentor]
    session = m.start_session(producers, mentors, a.topic, standards=a.standard)
    for f in NOTE_FIELDS:
        if getattr(a, f):
            m.save_note(session.id, f, getattr(a, f))
    if a.follow_up or a.target_stars:
        changes: dict[str, Any] = {}
        if a.follow_up:
            changes["follow_up"] = a.follow_up
        if a.target_stars:
            changes["target_stars"] = a.target_stars
        m.update_session(session.id, **changes)
    for text, owner, due in actions:
        m.add_action(session.id, text, owner, due or None)
    if not a.running:
        m.end_session(session.id)
    session = m.get(session.id) or session
    if a.json:
        ctx.print_json(session_row(desk, session, with_notes=True))
    else:
        print(f"Added session {session.id} ({len(actions)} action(s))")
    return 0


def cmd_actions_list(ctx: CliContext) -> int:
    desk = ctx.desk()
    items = desk.mentoring.actions(open_only=ctx.args.open)
    if ctx.args.json:
        ctx.print_json([action_row(desk, x) for x in items])
        return 0
    for x in items:
        box = "x" if x.done else " "
        owner = desk.mentoring.owner_label(x.owner)
        print(f"[{box}] {x.id[:8]}  {x.due or '----------'}  {x.text}  ({owner})")
    print(f"{len(items)} action(s)")
    return 0


def cmd_actions_done(ctx: CliContext) -> int:
    desk = ctx.desk()
    item = desk.mentoring.find_action(ctx.args.id)
    item = desk.mentoring.set_action_done(item.id, not ctx.args.undo)
    print(f"{'Done' if item.done else 'Open again'}: {item.text}")
    return 0
