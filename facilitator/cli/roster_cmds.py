"""`roster import | list | add | edit | remove`: the participant list, and correcting it.

Every command that takes a person takes a REF: the number `roster list` prints, the badge code
(as scanned or typed), the participant id (or a unique prefix), the phone, or the full name;
`desk.participants.resolve` decides, the same way for every command and the TUI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator.cli.checkin_cmds import scan_result_dict
from facilitator.cli.context import CliContext
from facilitator.cli.role_words import role_word
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.models import Participant, Role
from facilitator.roster.import_plan import preview_lines
from facilitator.thai.text import normalize_phone, split_full_name

#: `roster edit` options and the field each sets: exactly what a roster row fills in.
EDIT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("--title", "title"),
    ("--first-name", "first_name"),
    ("--last-name", "last_name"),
    ("--nickname", "nickname"),
    ("--position", "position"),
    ("--role", "role"),
    ("--organisation", "organisation"),
    ("--product", "product"),
    ("--category", "product_category"),
    ("--stars", "star_level"),
    ("--district", "district"),
    ("--phone", "phone"),
    ("--note", "note"),
)


def register(commands: argparse._SubParsersAction) -> None:
    roster = commands.add_parser("roster", help=t("cli.roster.help"))
    sub = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)

    imp = sub.add_parser("import", help=t("cli.roster.import"))
    imp.add_argument("file", type=Path, help=t("cli.roster.file"))
    imp.add_argument("--dry-run", action="store_true", help=t("cli.roster.dry_run"))
    imp.add_argument("--skip-bad", action="store_true", help=t("cli.roster.skip_bad"))
    imp.add_argument(
        "--role",
        type=role_word,
        choices=[r.value for r in Role],
        help=t("roster_edit.cli.import_role"),
    )
    imp.set_defaults(handler=cmd_import)

    roles = [r.value for r in Role]
    lst = sub.add_parser("list", help=t("cli.roster.list"))
    lst.add_argument("--json", action="store_true", help=t("cli.json"))
    lst.add_argument("--role", type=role_word, choices=roles, help=t("cli.roster.role_filter"))
    lst.set_defaults(handler=cmd_list)

    edit = sub.add_parser(
        "edit", help=t("roster_edit.cli.edit"), description=t("roster_edit.cli.ref_rules")
    )
    edit.add_argument("ref", metavar="REF", help=t("roster_edit.cli.ref"))
    for option, field in EDIT_OPTIONS:
        edit.add_argument(option, dest=field, metavar="VALUE", help=t(f"roster_edit.field.{field}"))
    edit.add_argument("--json", action="store_true", help=t("cli.json"))
    edit.set_defaults(handler=cmd_edit)

    remove = sub.add_parser(
        "remove", help=t("roster_edit.cli.remove"), description=t("roster_edit.cli.ref_rules")
    )
    remove.add_argument("ref", metavar="REF", help=t("roster_edit.cli.ref"))
    remove.add_argument("--yes", action="store_true", help=t("roster_edit.cli.yes"))
    remove.add_argument("--json", action="store_true", help=t("cli.json"))
    remove.set_defaults(handler=cmd_remove)

    add = sub.add_parser("add", help=t("cli.roster.add"))
    add.add_argument("name", nargs="?", default="", help=t("cli.roster.name"))
    add.add_argument("--title", default="", help=t("cli.roster.title"))
    add.add_argument("--first-name", default="", help=t("cli.roster.first_name"))
    add.add_argument("--last-name", default="", help=t("cli.roster.last_name"))
    add.add_argument(
        "--role",
        type=role_word,
        choices=roles,
        default=Role.PRODUCER.value,
        help=t("cli.roster.role"),
    )
    add.add_argument("--phone", default="", help=t("cli.roster.phone"))
    add.add_argument("--organisation", default="", help=t("cli.roster.organisation"))
    add.add_argument("--product", default="", help=t("cli.roster.product"))
    add.add_argument("--nickname", default="", help=t("cli.roster.nickname"))
    add.add_argument("--position", default="", help=t("roster_edit.field.position"))
    add.add_argument("--district", default="", help=t("cli.roster.district"))
    add.add_argument("--stars", type=int, help=t("cli.roster.stars"))
    add.add_argument("--anyway", action="store_true", help=t("cli.roster.anyway"))
    add.add_argument("--check-in", action="store_true", help=t("cli.roster.check_in"))
    add.add_argument("--json", action="store_true", help=t("cli.json"))
    add.set_defaults(handler=cmd_add)


def cmd_import(ctx: CliContext) -> int:
    desk = ctx.desk(reading=ctx.args.dry_run)  # a preview reads a snapshot while the TUI runs
    plan = desk.participants.plan_import(ctx.args.file, default_role=ctx.args.role)
    for line in preview_lines(plan):
        print(f"  {line.text}")
    print(plan.summary())
    if ctx.args.dry_run:
        print(t("cli.roster.dry_run_done"))
        return 0
    desk.participants.apply_import(plan, skip_bad=ctx.args.skip_bad)
    print(t("cli.roster.imported", db=ctx.db_path))
    return 0


def participant_row(p: Participant, code: str, number: int | None = None) -> dict[str, object]:
    return {
        "number": number,
        "id": p.id,
        "code": code,
        **p.to_fields(),
        "display_name": p.display_name,
    }


def cmd_list(ctx: CliContext) -> int:
    desk = ctx.desk(reading=True)
    desk.event  # noqa: B018 -- no event yet: NoEvent says how to start, before any listing
    roster = desk.participants
    # The number is the person's place on the whole roster, also under --role, so that it
    # names the same person in `roster edit N` whatever was listed.
    people = [(n, p) for n, p in enumerate(roster.all(), start=1)]
    people = [(n, p) for n, p in people if not ctx.args.role or p.role == ctx.args.role]
    rows = [participant_row(p, desk.badges.code_of(p), n) for n, p in people]
    if ctx.args.json:
        ctx.print_json(rows)
        return 0
    for (n, p), row in zip(people, rows, strict=True):
        what = " · ".join(x for x in (p.position, p.affiliation) if x)
        print(f"{n:>4}  {row['code']}  {p.display_name}  [{role_label(p.role)}]  {what}  {p.phone}")
    print(t("cli.roster.count", count=len(people)))
    return 0


def cmd_edit(ctx: CliContext) -> int:
    desk = ctx.desk()
    given = {field: getattr(ctx.args, field) for _, field in EDIT_OPTIONS}
    changes = {field: value for field, value in given.items() if value is not None}
    if "role" in changes:
        changes["role"] = role_word(changes["role"])
    if not changes:
        raise UserError("roster_edit.error.nothing_to_edit")
    edit = desk.participants.edit(ctx.args.ref, **changes)
    number = desk.participants.number(edit.after.id)
    if ctx.args.json:
        ctx.print_json(
            {
                "participant": participant_row(edit.after, desk.badges.code_of(edit.after), number),
                "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in edit.changes],
            }
        )
        return 0
    if not edit.changed:
        print(t("roster_edit.cli.unchanged", name=edit.after.display_name))
        return 0
    print(t("roster_edit.cli.edited", number=number, name=edit.after.display_name))
    for change in edit.changes:
        print(f"  {change.describe()}")
    return 0


def cmd_remove(ctx: CliContext) -> int:
    desk = ctx.desk()
    person = desk.participants.resolve(ctx.args.ref)
    if not ctx.args.yes:
        if not sys.stdin.isatty():
            raise UserError("roster_edit.error.confirm", name=person.display_name)
        answer = input(t("roster_edit.cli.confirm", name=person.display_name) + " ")
        if answer.strip().casefold() not in {"y", "yes", "ใช่", "ช"}:
            print(t("roster_edit.cli.kept", name=person.display_name))
            return 1
    removal = desk.participants.remove(person.id)
    if ctx.args.json:
        ctx.print_json(
            {
                "removed": participant_row(removal.person, desk.badges.code_of(removal.person)),
                "checkins_kept": removal.checkins_kept,
            }
        )
        return 0
    print(
        t(
            "roster_edit.cli.removed",
            name=removal.person.display_name,
            count=removal.checkins_kept,
        )
    )
    return 0


def cmd_add(ctx: CliContext) -> int:
    a = ctx.args
    if a.name and (a.title or a.first_name or a.last_name):
        raise UserError("cli.roster.error.name_twice")
    if not (a.name or a.first_name):
        raise UserError("cli.roster.error.no_name")
    desk = ctx.desk()
    if a.name:
        title, first, last = split_full_name(a.name)
    else:
        title, first, last = a.title.strip(), a.first_name.strip(), a.last_name.strip()
    try:
        phone = normalize_phone(ctx.args.phone)
    except UserError as exc:
        raise UserError("cli.error.option", option="--phone", error=exc) from None
    details = {
        "title": title,
        "first_name": first,
        "last_name": last,
        "nickname": ctx.args.nickname,
        "position": ctx.args.position.strip(),
        "role": ctx.args.role,
        "phone": phone,
        "organisation": ctx.args.organisation,
        "product": ctx.args.product,
        "district": ctx.args.district,
        "star_level": ctx.args.stars,
        "despite_listed": ctx.args.anyway,
    }
    result = None
    if ctx.args.check_in:
        # A walk-in at the door: listed and checked in by one write, as the walk-in form does.
        person, result = desk.checkins.register_walk_in(
            listed_text="roster.error.listed", **details
        )
    else:
        person = desk.participants.add(source="desk", **details)
    code = desk.badges.code_of(person)
    if ctx.args.json:
        row = participant_row(person, code, desk.participants.number(person.id))
        ctx.print_json(row if result is None else {**row, "checkin": scan_result_dict(result)})
    else:
        print(
            t("cli.roster.added", name=person.display_name, role=role_label(person.role), code=code)
        )
        if result is not None:
            print(result.message())
    return 0 if result is None else result.verdict.exit_code
