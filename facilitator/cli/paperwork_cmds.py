"""`event set|rates|settings`, `certificates` and `verify`: the office's paperwork without the TUI.

facilitator event set office="สำนักงานพัฒนาชุมชนจังหวัดมุกดาหาร" payer="ชื่อ สกุล|ตำแหน่ง"
facilitator event rates producer travel=300/day meals=0
facilitator event settings
facilitator certificates --out certificates.pdf --png line-certificates/ --rule 80%
facilitator verify CODE
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator.cli.badge_cmds import ProgressBar
from facilitator.cli.context import CliContext
from facilitator.cli.role_words import role_word
from facilitator.event_settings import PAY_KINDS, SETTING_KEYS, PaperworkSettings, parse_assignments
from facilitator.exports.kinds import KINDS
from facilitator.exports.options import ExportOptions
from facilitator.exports.service import ExportRequest
from facilitator.i18n import LANGUAGES, t
from facilitator.labels import role_label
from facilitator.models import Role


def register_event(sub: argparse._SubParsersAction) -> None:
    """The `event set`, `event rates` and `event settings` actions (added to `event`)."""
    set_cmd = sub.add_parser(
        "set",
        help=t("paperwork.cli.set"),
        description=t("paperwork.cli.set_keys", keys=", ".join(SETTING_KEYS)),
    )
    set_cmd.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    set_cmd.set_defaults(handler=cmd_set)
    rates = sub.add_parser("rates", help=t("paperwork.cli.rates"))
    rates.add_argument("role", nargs="?", type=role_word, choices=[r.value for r in Role])
    rates.add_argument("assignments", nargs="*", metavar="KIND=AMOUNT[/day]")
    rates.set_defaults(handler=cmd_rates)
    show = sub.add_parser("settings", help=t("paperwork.cli.settings"))
    show.set_defaults(handler=cmd_settings)


def register(commands: argparse._SubParsersAction) -> None:
    certs = commands.add_parser("certificates", help=t("export.what.certificates.help"))
    certs.add_argument("--out", type=Path, metavar="FILE.pdf", help=t("paperwork.cli.cert_out"))
    certs.add_argument("--png", type=Path, metavar="DIR", help=t("paperwork.cli.cert_png"))
    certs.add_argument("--rule", metavar="all|NN%", help=t("paperwork.option.rule.help"))
    certs.add_argument("--force", action="store_true", help=t("cli.export.force"))
    certs.add_argument("--gregorian", action="store_true", help=t("cli.export.gregorian"))
    certs.add_argument(
        "--lang", dest="export_lang", choices=LANGUAGES, default="th", help=t("cli.export.lang")
    )
    certs.set_defaults(handler=cmd_certificates)

    verify = commands.add_parser(
        "verify",
        help=t("paperwork.cli.verify"),
        epilog=t("paperwork.cli.verify_exit"),
    )
    verify.add_argument("code", help=t("paperwork.cli.verify_code"))
    verify.set_defaults(handler=cmd_verify)


def _print_settings(settings: PaperworkSettings) -> None:
    meanings = settings.meanings()
    for key, value in settings.described().items():
        meaning = f"  ({meanings[key]})" if key in meanings else ""
        print(f"{key} = {value}{meaning}")
    print(t("paperwork.cli.rates_head"))
    _print_rates(settings)


def _print_rates(settings: PaperworkSettings, only: str | None = None) -> None:
    shown = False
    for role in Role:
        if only and role.value != only:
            continue
        kinds = settings.rates.get(role.value, {})
        if not kinds:
            continue
        shown = True
        text = "  ".join(f"{k}={kinds[k].text()}" for k in PAY_KINDS if k in kinds)
        print(f"  {role.value} ({role_label(role.value)}): {text}")
    if not shown:
        print(f"  {t('paperwork.cli.no_rates')}")


def cmd_set(ctx: CliContext) -> int:
    desk = ctx.desk()
    settings = desk.events.settings.update(
        parse_assignments(ctx.args.assignments), desk.clock.now().date()
    )
    _print_settings(settings)
    return 0


def cmd_rates(ctx: CliContext) -> int:
    a = ctx.args
    desk = ctx.desk(reading=not (a.role and a.assignments))  # only looking: a snapshot will do
    if a.role and a.assignments:
        settings = desk.events.settings.set_rates(a.role, parse_assignments(a.assignments))
    else:
        settings = desk.events.settings.current
    _print_rates(settings, a.role)
    return 0


def cmd_settings(ctx: CliContext) -> int:
    _print_settings(ctx.desk(reading=True).events.settings.current)
    return 0


def cmd_certificates(ctx: CliContext) -> int:
    a = ctx.args
    if a.out is None and a.png is None:
        print(t("paperwork.cli.cert_need_out"), file=sys.stderr)
        return 2
    desk = ctx.desk()
    values: dict[str, object] = {}
    option = KINDS["certificates"].option("rule")
    if a.rule and option is not None:
        values["rule"] = option.read(a.rule)
    out = a.out or desk.exports.default_path("certificates", "pdf")
    options = ExportOptions(a.export_lang, not a.gregorian)
    request = ExportRequest("certificates", "pdf", Path(out), options, None, a.force, values)
    if a.out is not None:
        result = desk.exports.run(
            request, ProgressBar(sys.stderr, t("paperwork.cli.progress_certificates"))
        )
        print(t("cli.export.wrote", path=result.path, size=f"{result.size_bytes:,}"))
    if a.png is not None:
        bar = ProgressBar(sys.stderr, t("paperwork.cli.progress_pictures"))
        pictures = desk.exports.run_pictures(request, a.png, bar)
        bar.finish()
        print(t("paperwork.cli.cert_pictures", count=len(pictures.paths), folder=pictures.folder))
    return 0


def cmd_verify(ctx: CliContext) -> int:
    check = ctx.desk(reading=True).checkins.verify_certificate(ctx.args.code)
    print(check.message(), file=sys.stdout if check.genuine else sys.stderr)
    return check.verdict.exit_code
