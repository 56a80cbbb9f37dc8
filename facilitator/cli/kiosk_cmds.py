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
from facilitator.i18n import t


def register(commands: argparse._SubParsersAction) -> None:
    kiosk = commands.add_parser(
        "kiosk",
        help=t("cli.kiosk.help"),
        description=t("cli.kiosk.description"),
    )
    kiosk.add_argument("--pin", help=t("cli.kiosk.pin"))
    kiosk.add_argument("--volume", type=int, metavar="0-100", help=t("cli.kiosk.volume"))
    kiosk.set_defaults(handler=cmd_kiosk)

    projector = commands.add_parser("projector", help=t("cli.kiosk.projector"))
    projector.set_defaults(handler=cmd_projector)


def _pin(ctx: CliContext) -> str:
    if ctx.args.pin is not None:
        return check_pin(ctx.args.pin)
    pin = check_pin(getpass.getpass(t("cli.kiosk.pin_prompt")))
    if getpass.getpass(t("cli.kiosk.pin_again")).strip() != pin:
        raise UserError("kiosk.pin.mismatch")
    return pin


def cmd_kiosk(ctx: CliContext) -> int:
    pin = _pin(ctx)
    desk = ctx.desk()
    if ctx.args.volume is not None:
        if not 0 <= ctx.args.volume <= 100:
            raise UserError("cli.kiosk.volume_range")
        desk.sounds.set_volume(ctx.args.volume, "kiosk")
    from facilitator.cli import tui

    return tui.run_tui(ctx, kiosk_pin=pin)


def cmd_projector(ctx: CliContext) -> int:
    from facilitator.cli import tui

    return tui.run_tui(ctx, start_mode="projector")
