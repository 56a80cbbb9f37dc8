"""`sync export | import | push | pull | both | configure | status`: desks and the office agree.

Bundles carry a desk's state on a USB stick where there is no network; push/pull talk to the
office's CouchDB. Every refusal (damaged bundle, another event, a cloned desk, a server that
cannot be reached) is one message with what to do, and changes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.cli.context import CliContext
from facilitator.i18n import t
from facilitator.sync.service import (
    config_path,
    describe_report,
)


def register(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser("sync", help="swap bundles between desks, push/pull to CouchDB")
    sub = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)

    exp = sub.add_parser("export", help="write this desk's data to a bundle file")
    exp.add_argument("--out", type=Path, required=True, help="the bundle file to write")
    exp.set_defaults(handler=cmd_export)

    imp = sub.add_parser("import", help="merge a bundle from another desk (a new --db is created)")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=cmd_import)

    for name, help_text in (
        ("push", "send this desk's changes to CouchDB"),
        ("pull", "fetch the other desks' changes from CouchDB"),
        ("both", "pull, then push"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument(
            "url",
            nargs="?",
            help="http://[user:pass@]host:5984[/database]; default: $FACILITATOR_COUCH_URL "
            "or the configured one",
        )
        cmd.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
        cmd.set_defaults(handler=cmd_couch, direction=name)

    conf = sub.add_parser("configure", help="remember the CouchDB server (never the password)")
    conf.add_argument("url")
    conf.set_defaults(handler=cmd_configure)

    status = sub.add_parser("status", help="the server, and how many changes wait to be pushed")
    status.set_defaults(handler=cmd_status)


def cmd_export(ctx: CliContext) -> int:
    result = ctx.desk().sync.export_bundle(ctx.args.out)
    counts = ", ".join(f"{name} {n}" for name, n in result.counts.items())
    print(t("sync.export.done", path=result.path, counts=counts))
    return 0


def cmd_import(ctx: CliContext) -> int:
    result = ctx.desk().sync.import_bundle(ctx.args.file)
    print(result.summary())
    if result.backup:
        print(f"  ({t('app.backup_taken', name=result.backup.name)})")
    return 0


def cmd_couch(ctx: CliContext) -> int:
    direction = ctx.args.direction
    service = ctx.desk().sync.couch(url=ctx.args.url, timeout=ctx.args.timeout)
    target = service.target()
    print(target.public)
    report = service.run(push=direction in {"push", "both"}, pull=direction in {"pull", "both"})
    for line in describe_report(report):
        print(f"  {line}")
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
