"""`sessions list | show | add` (also `mentoring ...`) and `actions list | done`: mentoring notes
from a script or a shell.

`sessions add` is for scripted entry (notes typed elsewhere, or a test): the session, its texts
and its actions are checked whole and written in one go (ended unless `--running` is given), so
a mistake in any of them writes nothing.
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
from facilitator.labels import typed_date
from facilitator.mentoring.notes import NOTE_FIELDS
from facilitator.mentoring.service import (
    STANDARDS,
    TOPICS,
    ActionItem,
    MentoringSession,
    topic_label,
)
from facilitator.thai.text import cell_width, pad_cells


def register(commands: argparse._SubParsersAction) -> None:
    # `mentoring` is the same group: the sittings of mentors with producers, not the attendance
    # sessions (morning, afternoon) a check-in counts for.
    sessions = commands.add_parser("sessions", aliases=["mentoring"], help=t("cli.sessions.help"))
    sub = sessions.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help=t("cli.sessions.list"))
    lst.add_argument("--json", action="store_true", help=t("cli.json"))
    lst.add_argument("--producer", metavar="REF", help=t("cli.sessions.producer_filter"))
    lst.add_argument("--mentor", metavar="REF", help=t("cli.sessions.mentor_filter"))
    lst.add_argument("--topic", choices=TOPICS, help=t("cli.sessions.topic_filter"))
    lst.add_argument("--day", help=t("cli.sessions.day_filter"))
    lst.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help=t("cli.sessions.show"))
    show.add_argument("id", help=t("cli.sessions.id"))
    show.add_argument("--json", action="store_true", help=t("cli.json"))
    show.set_defaults(handler=cmd_show)

    add = sub.add_parser("add", help=t("cli.sessions.add"))
    add.add_argument(
        "--producer", action="append", required=True, metavar="REF", help=t("cli.sessions.producer")
    )
    add.add_argument(
        "--mentor", action="append", required=True, metavar="REF", help=t("cli.sessions.mentor")
    )
    add.add_argument(
        "--topic", action="append", default=[], choices=TOPICS, help=t("cli.sessions.topic")
    )
    add.add_argument(
        "--standard",
        action="append",
        default=[],
        choices=STANDARDS,
        help=t("cli.sessions.standard"),
    )
    add.add_argument("--problems", default="", help=t("cli.sessions.problems"))
    add.add_argument("--advice", default="", help=t("cli.sessions.advice"))
    add.add_argument("--notes", default="", help=t("cli.sessions.notes"))
    add.add_argument("--follow-up", default="", help=t("cli.sessions.follow_up"))
    add.add_argument("--target-stars", type=int, help=t("cli.sessions.target_stars"))
    add.add_argument("--action", action="append", default=[], help=t("cli.sessions.action"))
    add.add_argument("--running", action="store_true", help=t("cli.sessions.running"))
    add.add_argument("--json", action="store_true", help=t("cli.json"))
    add.set_defaults(handler=cmd_add)

    actions = commands.add_parser("actions", help=t("cli.actions.help"))
    asub = actions.add_subparsers(dest="actions_command", metavar="ACTION", required=True)
    alst = asub.add_parser("list", help=t("cli.actions.list"))
    alst.add_argument("--open", action="store_true", help=t("cli.actions.open"))
    alst.add_argument("--json", action="store_true", help=t("cli.json"))
    alst.set_defaults(handler=cmd_actions_list)
    done = asub.add_parser("done", help=t("cli.actions.done"))
    done.add_argument("id", help=t("cli.actions.id"))
    done.add_argument("--undo", action="store_true", help=t("cli.actions.undo"))
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
        raise UserError("cli.error.action", spec=spec)
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


# -- commands --------------------------------------------------------------------------------


def cmd_list(ctx: CliContext) -> int:
    desk = ctx.desk(reading=True)
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
        minutes = t("cli.sessions.minutes", minutes=s.elapsed_seconds() // 60)
        if not s.ended_at:
            minutes += " " + t("cli.sessions.running_mark")
        print(
            t(
                "cli.sessions.line",
                id=s.id[:8],
                start=_moment(s.started_at),
                producers=desk.mentoring.names(s.producer_ids),
                products=", ".join(s.products),
                mentors=desk.mentoring.names(s.mentor_ids),
                topics=", ".join(topic_label(x) for x in s.topics),
                minutes=minutes,
            )
        )
    print(t("cli.sessions.count", count=len(sessions)))
    return 0


def cmd_show(ctx: CliContext) -> int:
    desk = ctx.desk(reading=True)
    s = desk.mentoring.find(ctx.args.id)
    row = session_row(desk, s, with_notes=True)
    if ctx.args.json:
        ctx.print_json(row)
        return 0
    print(t("cli.sessions.title", id=s.id))
    print(
        t(
            "cli.sessions.show_producers",
            names=", ".join(row["producers"]),
            products=", ".join(s.products),
        )
    )
    print(t("cli.sessions.show_mentors", names=", ".join(row["mentors"])))
    topics = [topic_label(x) for x in s.topics] + list(s.standards)
    print(t("cli.sessions.show_topics", topics=", ".join(topics)))
    end = s.ended_at[11:16] if s.ended_at else t("cli.sessions.running_word")
    start = _moment(s.started_at)
    print(t("cli.sessions.show_time", start=start, end=end, minutes=row["minutes"]))
    if s.follow_up or s.target_stars:
        print(
            t(
                "cli.sessions.show_follow_up",
                date=typed_date(s.follow_up) or "-",
                stars=s.target_stars or "-",
            )
        )
    for f in NOTE_FIELDS:
        mark = "  " + t("cli.sessions.conflict") if f in row["conflicts"] else ""
        print(f"\n[{t(f'mentoring.field.{f}')}]{mark}")
        print(row["texts"][f] or "-")
    print(f"\n[{t('mentoring.actions')}]")
    for a in row["actions"]:
        box = "x" if a["done"] else " "
        print(
            t(
                "cli.actions.show_line",
                box=box,
                id=a["id"][:8],
                text=a["text"],
                owner=a["owner_name"],
                due=typed_date(a["due"] or "") or "-",
            )
        )
    return 0


def cmd_add(ctx: CliContext) -> int:
    desk = ctx.desk()
    a = ctx.args
    m = desk.mentoring
    actions = [parse_action(spec) for spec in a.action]
    # One write, after everything is checked: a mistake anywhere leaves nothing behind.
    session = m.record_session(
        [m.resolve_person(p) for p in a.producer],
        [m.resolve_person(p) for p in a.mentor],
        a.topic,
        standards=a.standard,
        texts={f: getattr(a, f) for f in NOTE_FIELDS},
        follow_up=a.follow_up,
        target_stars=a.target_stars,
        actions=[(text, owner, due or None) for text, owner, due in actions],
        running=a.running,
    )
    if a.json:
        ctx.print_json(session_row(desk, session, with_notes=True))
    else:
        print(t("cli.sessions.added", id=session.id, count=len(actions)))
    return 0


def _moment(stamp: str) -> str:
    """A stored moment (ISO, to the minute or finer) as the desk's language writes it:
    "2 ธ.ค. 69 09:15" on a Thai desk (Buddhist Era), never the ISO form."""
    return f"{typed_date(stamp[:10])} {stamp[11:16]}".strip()


def cmd_actions_list(ctx: CliContext) -> int:
    desk = ctx.desk(reading=True)
    items = desk.mentoring.actions(open_only=ctx.args.open)
    if ctx.args.json:
        ctx.print_json([action_row(desk, x) for x in items])
        return 0
    dues = [typed_date(x.due or "") or "-" for x in items]
    column = max((cell_width(d) for d in dues), default=0)
    for x, due in zip(items, dues, strict=True):
        box = "x" if x.done else " "
        owner = desk.mentoring.owner_label(x.owner)
        print(f"[{box}] {x.id[:8]}  {pad_cells(due, column)}  {x.text}  ({owner})")
    print(t("cli.actions.count", count=len(items)))
    return 0


def cmd_actions_done(ctx: CliContext) -> int:
    desk = ctx.desk()
    item = desk.mentoring.find_action(ctx.args.id)
    item = desk.mentoring.set_action_done(item.id, not ctx.args.undo)
    print(t("cli.actions.marked_done" if item.done else "cli.actions.reopened", text=item.text))
    return 0
