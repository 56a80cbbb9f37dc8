"""`sync export | import | push | pull | both | configure | status`: desks and the office agree.

Bundles carry a desk's state on a USB stick where there is no network; push/pull talk to the
office's CouchDB. Every refusal (damaged bundle, another event, a cloned desk, a server that
cannot be reached) is one message with what to do, and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator.cli.context import CliContext
from facilitator.cli.join_cmds import add_phrase_option, phrase_given
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.records import moment_text
from facilitator.sync.service import (
    config_path,
    counts_text,
    describe_report,
    has_password,
)


def register(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser("sync", help=t("cli.sync.help"))
    sub = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)

    exp = sub.add_parser("export", help=t("cli.sync.export"))
    exp.add_argument("--out", type=Path, required=True, help=t("cli.sync.out"))
    exp.set_defaults(handler=cmd_export)

    imp = sub.add_parser("import", help=t("cli.sync.import"))
    imp.add_argument("file", type=Path, help=t("cli.sync.file"))
    add_phrase_option(imp)
    imp.set_defaults(handler=cmd_import)

    for name, help_key in (
        ("push", "cli.sync.push"),
        ("pull", "cli.sync.pull"),
        ("both", "cli.sync.both"),
    ):
        cmd = sub.add_parser(name, help=t(help_key))
        cmd.add_argument("url", nargs="?", help=t("cli.sync.url"))
        cmd.add_argument("--timeout", type=float, default=30.0, help=t("cli.sync.timeout"))
        add_phrase_option(cmd)
        cmd.set_defaults(handler=cmd_couch, direction=name)

    conf = sub.add_parser("configure", help=t("cli.sync.configure"))
    conf.add_argument("url", help=t("cli.sync.configure_url"))
    conf.set_defaults(handler=cmd_configure)

    quarantine = sub.add_parser("quarantine", help=t("cli.sync.quarantine"))
    quarantine.add_argument("--json", action="store_true", help=t("cli.json"))
    quarantine.set_defaults(handler=cmd_quarantine)

    status = sub.add_parser("status", help=t("cli.sync.status"))
    status.set_defaults(handler=cmd_status)


def cmd_export(ctx: CliContext) -> int:
    result = ctx.desk().sync.export_bundle(ctx.args.out)
    print(t("sync.export.done", path=result.path, counts=counts_text(result.counts)))
    return 0


def cmd_import(ctx: CliContext) -> int:
    desk = ctx.desk()
    try:
        result = desk.sync.import_bundle(ctx.args.file, phrase_given(ctx, ask=False))
    except UserError as exc:
        if exc.key != "sync.error.bundle_needs_phrase" or not sys.stdin.isatty():
            raise
        result = desk.sync.import_bundle(ctx.args.file, phrase_given(ctx, ask=True))
    print(result.summary())
    if result.backup:
        print(f"  ({t('app.backup_taken', name=result.backup.name)})")
    return 0


def cmd_couch(ctx: CliContext) -> int:
    direction = ctx.args.direction
    if ctx.args.url and has_password(ctx.args.url):
        print(t("cli.sync.password_on_command_line"), file=sys.stderr)
    desk = ctx.desk()
    phrase = phrase_given(ctx, ask=False)
    joining = phrase is not None and not (desk.events.exists and desk.event.can_verify)
    if joining:
        # Checked now, held in memory while the sealed key opens as the event arrives, and
        # written only once the sync is done: an unreachable server writes nothing.
        desk.events.offer_phrase(phrase)
    service = desk.sync.couch(url=ctx.args.url, timeout=ctx.args.timeout)
    target = service.target()
    print(target.public)
    report = service.run(push=direction in {"push", "both"}, pull=direction in {"pull", "both"})
    for line in describe_report(report):
        print(f"  {line}")
    joined = desk.events.keep_offered_phrase() if joining else None
    if joined is not None:
        print(t("cli.event.joined", event=joined.event_name))
    elif desk.events.exists and not desk.event.can_verify:
        print(t("cli.sync.pulled_not_joined"))
    return 3 if report.rejected else 0


def cmd_configure(ctx: CliContext) -> int:
    url: str = ctx.args.url
    stored = ctx.desk().sync.configure(url)
    print(t("sync.configured", url=stored))
    if "@" in url.split("//", 1)[-1].split("/", 1)[0]:
        print(t("sync.credentials_not_saved", path=config_path()))
    return 0


def cmd_status(ctx: CliContext) -> int:
    service = ctx.desk().sync.couch()
    if service.status.url is None:
        print(t("sync.status.off"))
        return 0
    print(service.status.url)
    print(t("sync.report.waiting", waiting=service.waiting()))
    return 0


def cmd_quarantine(ctx: CliContext) -> int:
    """The records this desk kept out: where they came from and why."""
    kept = ctx.desk(reading=True).sync.quarantine()
    if ctx.args.json:
        ctx.print_json([x.to_json() for x in kept])
        return 0
    for x in kept:
        print(
            t(
                "cli.sync.quarantine_line",
                at=moment_text(x.at),
                table=x.table,
                id=x.record_id,
                source=x.source,
                reason=x.reason,
            )
        )
    print(t("cli.sync.quarantine_count", count=len(kept)))
    return 0
