"""`kiosk --pin PIN` and `projector`: the TUI opened for the room rather than for the desk.

Why commands of their own: the laptop that faces the queue (or the projector) is set up once,
from a launcher or a terminal, and should open straight into its mode. The PIN is checked here
before the screen opens, so a typo is a message and an exit status, not a kiosk nobody can
close. Without `--pin`, it is asked for (and so kept out of the shell's history and `ps`).
"""

from __future__ import annotations

import argparse
import getpass

from facilitator.checkin.kiosk import check_pin
from facilitator.cli.context import CliContext
from facilitator.errors import UserError


def register(commands: argparse._SubParsersAction) -> None:
    kiosk = commands.add_parser(
        "kiosk",
        help="open the TUI as a self check-in kiosk, locked until the PIN is given",
        description="Participants scan their own badge, or type their phone's last four digits "
        "and pick their name. Area keys, the palette and quitting are locked; Ctrl+X (or F12) "
        "asks for the PIN that closes the kiosk.",
    )
    kiosk.add_argument("--pin", help="4 to 8 digits (asked for when not given)")
    kiosk.add_argument(
        "--volume", type=int, metavar="0-100", help="the kiosk's sound volume, kept for next time"
    )
    kiosk.set_defaults(handler=cmd_kiosk)

    projector = commands.add_parser(
        "projector", help="open the TUI on the projector view (counts only: no names, no phones)"
    )
    projector.set_defaults(handler=cmd_projector)


def _pin(ctx: CliContext) -> str:
    if ctx.args.pin is not None:
        return check_pin(ctx.args.pin)
    pin = check_pin(getpass.getpass("kiosk PIN: "))
    if getpass.getpass("the PIN again: ").strip() != pin:
        raise UserError("kiosk.pin.mismatch")
    return pin


def cmd_kiosk(ctx: CliContext) -> int:
    pin = _pin(ctx)
    desk = ctx.desk()
    if ctx.args.volume is not None:
        if not 0 <= ctx.args.volume <= 100:
            raise UserError("--volume is a percentage, 0 to 100")
        desk.sounds.set_volume(ctx.args.volume, "kiosk")
    from facilitator.cli import tui

    return tui.run_tui(ctx, kiosk_pin=pin)


def cmd_projector(ctx: CliContext) -> int:
    from facilitator.cli import tui

    return tui.run_tui(ctx, start_mode="projector")
