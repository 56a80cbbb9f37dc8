"""`roster import | list | add`: the participant list from the district offices' files."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.context import CliContext
from facilitator.errors import UserError
from facilitator.models import Participant, Role
from facilitator.thai.text import normalize_phone, split_full_name


def register(commands: argparse._SubParsersAction) -> None:
    roster = commands.add_parser("roster", help="import, list and add participants")
    sub = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help="import a CSV or XLSX roster (Thai or English headers)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    imp.add_argument("--skip-bad", action="store_true", help="import the good rows, skip bad ones")
    imp.set_defaults(handler=cmd_import)

    lst = sub.add_parser("list", help="list participants with their check-in codes")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--role", choices=[r.value for r in Role])
    lst.set_defaults(handler=cmd_list)

    add = sub.add_parser("add", help="add one participant")
    add.add_argument("name", help="full name with title, e.g. 'นางสาวปิ่นฟ้า ฝั่งน้ำ'")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.PRODUCER.value)
    add.add_argument("--phone", default="")
    add.add_argument("--organisation", default="")
    add.add_argument("--product", default="")
    add.add_argument("--nickname", default="")
    add.add_argument("--district", default="")
    add.add_argument("--stars", type=int)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_add)


def cmd_import(ctx: CliContext) -> int:
    desk = ctx.desk()
    plan = desk.participants.plan_import(ctx.args.file)
    for row, p in plan.new:
        print(f"  + row {row}: {p.display_name} ({p.role})")
    for row, p, changes in plan.changed:
        detail = ", ".join(f"{k}: {getattr(p, k)!s} -> {v!s}" for k, v in changes.items())
        print(f"  ~ row {row}: {p.display_name}: {detail}")
    for problem in plan.problems:
        print(f"  ! row {problem.row_number}: {problem.reason}")
    if plan.unknown_columns:
        print(f"  (columns not used: {', '.join(plan.unknown_columns)})")
    print(plan.summary())
    if ctx.args.dry_run:
        print("Dry run: nothing was written.")
        return 0
    desk.participants.apply_import(plan, skip_bad=ctx.args.skip_bad)
    print(f"Imported into {ctx.db_path}.")
    return 0


def participant_row(p: Participant, code: str) -> dict[str, object]:
    return {"id": p.id, "code": code, **p.to_fields(), "display_name": p.display_name}


def cmd_list(ctx: CliContext) -> int:
    desk = ctx.desk()
    desk.event  # noqa: B018 -- no event yet: NoEvent says how to start, before any listing
    people = [p for p in desk.participants.all() if not ctx.args.role or p.role == ctx.args.role]
    rows = [participant_row(p, desk.badges.code_of(p)) for p in people]
    if ctx.args.json:
        ctx.print_json(rows)
        return 0
    for n, (p, row) in enumerate(zip(people, rows, strict=True), start=1):
        print(f"{n:>4}  {row['code']}  {p.display_name}  [{p.role}]  {p.affiliation}  {p.phone}")
    print(f"{len(people)} participant(s)")
    return 0


def cmd_add(ctx: CliContext) -> int:
    desk = ctx.desk()
    title, first, last = split_full_name(ctx.args.name)
    try:
        phone = normalize_phone(ctx.args.phone)
    except ValueError as exc:
        raise UserError(f"--phone: {exc}") from None
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
        print(f"Added {person.display_name} ({person.role}), code {code}")
    return 0
