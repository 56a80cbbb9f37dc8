"""`roster import | list | add`: the participant list from the district offices' files."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.context import CliContext
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.models import Participant, Role
from facilitator.thai.text import normalize_phone, split_full_name


def register(commands: argparse._SubParsersAction) -> None:
    roster = commands.add_parser("roster", help=t("cli.roster.help"))
    sub = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help=t("cli.roster.import"))
    imp.add_argument("file", type=Path, help=t("cli.roster.file"))
    imp.add_argument("--dry-run", action="store_true", help=t("cli.roster.dry_run"))
    imp.add_argument("--skip-bad", action="store_true", help=t("cli.roster.skip_bad"))
    imp.set_defaults(handler=cmd_import)

    roles = [r.value for r in Role]
    lst = sub.add_parser("list", help=t("cli.roster.list"))
    lst.add_argument("--json", action="store_true", help=t("cli.json"))
    lst.add_argument("--role", choices=roles, help=t("cli.roster.role_filter"))
    lst.set_defaults(handler=cmd_list)

    add = sub.add_parser("add", help=t("cli.roster.add"))
    add.add_argument("name", help=t("cli.roster.name"))
    add.add_argument(
        "--role", choices=roles, default=Role.PRODUCER.value, help=t("cli.roster.role")
    )
    add.add_argument("--phone", default="", help=t("cli.roster.phone"))
    add.add_argument("--organisation", default="", help=t("cli.roster.organisation"))
    add.add_argument("--product", default="", help=t("cli.roster.product"))
    add.add_argument("--nickname", default="", help=t("cli.roster.nickname"))
    add.add_argument("--district", default="", help=t("cli.roster.district"))
    add.add_argument("--stars", type=int, help=t("cli.roster.stars"))
    add.add_argument("--json", action="store_true", help=t("cli.json"))
    add.set_defaults(handler=cmd_add)


def cmd_import(ctx: CliContext) -> int:
    desk = ctx.desk()
    plan = desk.participants.plan_import(ctx.args.file)
    for row, p in plan.new:
        print(t("cli.roster.row_new", row=row, name=p.display_name, role=role_label(p.role)))
    for row, p, changes in plan.changed:
        detail = ", ".join(f"{k}: {getattr(p, k)!s} -> {v!s}" for k, v in changes.items())
        print(t("cli.roster.row_changed", row=row, name=p.display_name, changes=detail))
    for problem in plan.problems:
        print(t("cli.roster.row_bad", row=problem.row_number, reason=problem.reason))
    if plan.unknown_columns:
        print(t("cli.roster.unused_columns", columns=", ".join(plan.unknown_columns)))
    print(plan.summary())
    if ctx.args.dry_run:
        print(t("cli.roster.dry_run_done"))
        return 0
    desk.participants.apply_import(plan, skip_bad=ctx.args.skip_bad)
    print(t("cli.roster.imported", db=ctx.db_path))
    return 0


def participant_row(p: Participant, code: str) -> dict[str, object]:
    return {"id": p.id, "code": code, **p.to_fields(), "display_name": p.display_name}


def cmd_list(ctx: CliContext) -> int:
    desk = ctx.desk(reading=True)
    desk.event  # noqa: B018 -- no event yet: NoEvent says how to start, before any listing
    people = [p for p in desk.participants.all() if not ctx.args.role or p.role == ctx.args.role]
    rows = [participant_row(p, desk.badges.code_of(p)) for p in people]
    if ctx.args.json:
        ctx.print_json(rows)
        return 0
    for n, (p, row) in enumerate(zip(people, rows, strict=True), start=1):
        print(f"{n:>4}  {row['code']}  {p.display_name}  [{p.role}]  {p.affiliation}  {p.phone}")
    print(t("cli.roster.count", count=len(people)))
    return 0


def cmd_add(ctx: CliContext) -> int:
    desk = ctx.desk()
    title, first, last = split_full_name(ctx.args.name)
    try:
        phone = normalize_phone(ctx.args.phone)
    except UserError as exc:
        raise UserError("cli.error.option", option="--phone", error=exc) from None
    person = desk.participants.add(
        title=title,
        first_name=first,
        last_name=last,
        nickname=ctx.args.nickname,
        role=ctx.args.role,
        phone=phone,
        organisation=ctx.args.organisation,
        product=ctx.args.product,
        district=ctx.args.district,
        star_level=ctx.args.stars,
        source="desk",
    )
    code = desk.badges.code_of(person)
    if ctx.args.json:
        ctx.print_json(participant_row(person, code))
    else:
        print(
            t("cli.roster.added", name=person.display_name, role=role_label(person.role), code=code)
        )
    return 0
