"""`checkin CODE | --undo` and `attendance`: the registration desk without the TUI.

Why a CLI at all: a script (or a facilitator on a bare terminal) can check people in and ask who
is in, and the exit status tells a script what happened without parsing any text.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from facilitator.checkin.attendance import CheckIn
from facilitator.checkin.service import (
    CheckInService,
    ScanResult,
    Verdict,
    describe_person,
    session_label,
)
from facilitator.cli.context import CliContext
from facilitator.cli.help_format import ThaiRawDescriptionFormatter
from facilitator.desk import Desk
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.models import Participant, SessionSlot
from facilitator.user_dates import around_event, read_moment


def exit_codes_help() -> str:
    """The verdicts and their exit statuses, for `checkin --help` (in today's language)."""
    return "\n".join(
        [t("cli.checkin.exit_status")]
        + [
            f"  {v.exit_code:>3}  {v.value} ({t(f'cli.colour.{v.colour}')})"
            for v in sorted(Verdict, key=lambda v: v.exit_code)
        ]
    )


def register(commands: argparse._SubParsersAction) -> None:
    checkin = commands.add_parser(
        "checkin",
        help=t("cli.checkin.help"),
        description=t("cli.checkin.description"),
        epilog=exit_codes_help(),
        formatter_class=ThaiRawDescriptionFormatter,
    )
    checkin.add_argument("code", nargs="?", help=t("cli.checkin.code"))
    checkin.add_argument("--person", metavar="REF", help=t("cli.checkin.person"))
    checkin.add_argument("--undo", action="store_true", help=t("cli.checkin.undo"))
    _session_options(checkin)
    checkin.set_defaults(handler=cmd_checkin)

    attendance = commands.add_parser("attendance", help=t("cli.attendance.help"))
    _session_options(attendance)
    attendance.set_defaults(handler=cmd_attendance)


def _session_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--session", metavar="ID", help=t("cli.checkin.session"))
    parser.add_argument("--at", metavar="YYYY-MM-DDTHH:MM", help=t("cli.checkin.at"))
    parser.add_argument("--json", action="store_true", help=t("cli.json"))


def _service(ctx: CliContext, reading: bool = False) -> CheckInService:
    service = ctx.desk(reading=reading).checkins
    if ctx.args.session:
        service.choose_session(ctx.args.session, keep=False)
    return service


def _now(ctx: CliContext, reading: bool = False) -> datetime | None:
    """`--at` as typed (a Buddhist Era year read as one), or None for the desk's clock."""
    if not ctx.args.at:
        return None
    desk = ctx.desk(reading=reading)
    today = desk.clock.now().date()
    return read_moment(ctx.args.at, today, around_event(desk.event.days), what="--at")


def cmd_checkin(ctx: CliContext) -> int:
    if ctx.args.undo:
        return _undo(ctx)
    if ctx.args.person is not None:
        # Someone without their badge, or a paper sheet entered later: the person as listed.
        person = ctx.desk().participants.resolve(ctx.args.person)
        result = _service(ctx).check_in(person.id, method="search", now=_now(ctx))
    elif ctx.args.code is None:
        raise UserError("cli.error.no_code")
    else:
        result = _service(ctx).scan(ctx.args.code, now=_now(ctx))
    if ctx.args.json:
        ctx.print_json(scan_result_dict(result))
    else:
        print(result.message())
        if result.verdict is Verdict.NOT_A_CODE and ctx.args.code.strip().isdigit():
            print(t("cli.checkin.number_hint", ref=ctx.args.code.strip()))
    return result.verdict.exit_code


def _undo(ctx: CliContext) -> int:
    desk = ctx.desk()
    person = None
    if ctx.args.person is not None:  # that person's check-in for the session, not the latest
        person = desk.participants.resolve(ctx.args.person)
        undone = _service(ctx).undo_for(person.id, now=_now(ctx))
    else:
        undone = _service(ctx).undo_last()
    if ctx.args.json:
        ctx.print_json({"undone": None if undone is None else checkin_dict(undone, desk)})
    if undone is None:
        if not ctx.args.json and person is not None:
            pick = _service(ctx).current_session(_now(ctx))
            session = session_label(pick.session) if pick.session else ""
            print(t("checkin.not_in_to_undo", who=person.display_name, session=session))
        elif not ctx.args.json:
            print(t("checkin.nothing_to_undo"))
        return 1
    if not ctx.args.json:
        slot = desk.event.session(undone.session_id)
        print(
            t(
                "checkin.undone",
                who=describe_person(
                    desk.participants.get(undone.participant_id), undone.participant_id
                ),
                session=session_label(slot) if slot else undone.session_id,
                time=undone.at.strftime("%H:%M"),
            )
        )
    return 0


def cmd_attendance(ctx: CliContext) -> int:
    desk = ctx.desk(reading=True)
    service = _service(ctx)
    slot = service.current_session(_now(ctx)).session
    if slot is None:
        ids = ", ".join(s.id for s in desk.event.sessions)
        raise UserError("checkin.error.no_session_today", ids=ids)
    present = service.attendance(slot.id, include_removed=False)  # counted as the door counts
    if ctx.args.json:
        ctx.print_json(
            {
                "session": slot.to_dict(),
                "count": len(present),
                "checkins": [checkin_dict(c, desk) for c in present],
            }
        )
        return 0
    print(t("checkin.attendance", session=session_label(slot), count=len(present)))
    for n, c in enumerate(present, start=1):
        who = describe_person(desk.participants.get(c.participant_id), c.participant_id)
        mark = f"  {t('checkin.provisional_mark')}" if c.provisional else ""
        print(f"{n:>4}  {c.at:%H:%M}  {c.station}  {who}{mark}")
    return 0


# -- JSON shapes ---------------------------------------------------------------------------------


def participant_dict(p: Participant | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"id": p.id, "display_name": p.display_name, **p.to_fields()}


def session_dict(slot: SessionSlot | None) -> dict[str, str] | None:
    return None if slot is None else slot.to_dict()


def checkin_dict(c: CheckIn, desk: Desk | None = None) -> dict[str, Any]:
    data: dict[str, Any] = c.to_json()
    if desk is not None:
        person = desk.participants.get(c.participant_id)
        data["name"] = person.display_name if person else None
    return data


def scan_result_dict(r: ScanResult) -> dict[str, Any]:
    """The verdict as JSON: what a script needs to act without reading the message."""
    return {
        "verdict": r.verdict.value,
        "colour": r.verdict.colour,
        "exit_code": r.verdict.exit_code,
        "message": r.message(),
        "raw": r.raw,
        "cleaned": r.cleaned,
        "participant_id": r.participant_id,
        "participant": participant_dict(r.participant),
        "session": session_dict(r.session),
        "checkin": None if r.checkin is None else checkin_dict(r.checkin),
        "other_event": r.other_event,
    }
