"""Every kind of export, in one registry that the CLI and the export screen both read.

A new document (certificates, payment evidence, the project report) is one `ExportKind` here:
its name, its formats, what it asks for (a day, a producer), the options it takes (`KindOption`:
group the sheet by role, blank rows, a photo folder, an attendance rule) and how each format is
rendered. The CLI builds its `export KIND` commands and their flags from this list and the export
screen its choices, checkboxes and inputs, so neither needs to change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from facilitator.errors import UserError
from facilitator.event_settings import AttendanceRule
from facilitator.exports.options import ExportOptions
from facilitator.exports.sources import ExportSources

Progress = Callable[[int, int], None]
OptionForm = Literal["flag", "count", "folder", "rule"]
MAX_BLANK_ROWS = 200


@dataclass(frozen=True)
class KindOption:
    """One option a kind of document takes, read the same way from a CLI flag and a screen input.

    `flag`: a checkbox / `--group-by-role`; `count`: a whole number / `--blank-rows 5`;
    `folder`: an existing folder / `--photos DIR`; `rule`: an attendance rule / `--rule 80%`.
    """

    name: str
    form: OptionForm
    formats: tuple[str, ...] = ()
    """The formats it changes (empty: all of them)."""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def label_key(self) -> str:
        return f"paperwork.option.{self.name}"

    def applies_to(self, fmt: str) -> bool:
        return not self.formats or fmt in self.formats

    def read(self, text: str) -> object:
        """The option's value from what was typed; UserError naming the option otherwise."""
        text = text.strip()
        if self.form == "flag":
            return text.lower() in ("1", "true", "yes", "on", "y")
        if self.form == "count":
            if not text.isdigit() or int(text) > MAX_BLANK_ROWS:
                raise UserError("paperwork.error.count", option=self.flag, text=text)
            return int(text)
        if self.form == "folder":
            path = Path(text).expanduser()
            if not path.is_dir():
                raise UserError("paperwork.error.folder", option=self.flag, path=text)
            return path
        return AttendanceRule.parse(text)


@dataclass(frozen=True)
class ExportInput:
    """What one render needs besides the data: how to dress it, for whom or which day, the
    kind's options, and the desk's clock reading (a document never reads the wall clock)."""

    options: ExportOptions
    day: date | None = None
    producer_id: str | None = None
    values: Mapping[str, object] = field(default_factory=dict)
    now: datetime | None = None

    def value(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)


Renderer = Callable[[ExportSources, ExportInput, "Progress | None"], bytes]
PictureRenderer = Callable[[ExportSources, ExportInput, "Progress | None"], list[tuple[str, bytes]]]
"""One picture per person: (file name, PNG bytes), e.g. a certificate to send by LINE."""


@dataclass(frozen=True)
class ExportKind:
    """One document the office can ask for."""

    name: str
    renderers: dict[str, Renderer]
    by_day: bool = False
    """It can be limited to one day of the event (`--day`)."""
    needs_producer: bool = False
    """It is about one producer (`--producer`)."""
    options: tuple[KindOption, ...] = ()
    pictures: PictureRenderer | None = None
    """It can also be written as one picture per person (`--png DIR`)."""

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderers)

    def option(self, name: str) -> KindOption | None:
        return next((o for o in self.options if o.name == name), None)

    @property
    def label_key(self) -> str:
        """Its name in the interface (`export.what.<name>` in the catalogue)."""
        return f"export.what.{self.name}"


# -- attendance ------------------------------------------------------------------------------


def _attendance(fmt: str) -> Renderer:
    def render(sources: ExportSources, job: ExportInput, progress: Progress | None) -> bytes:
        from facilitator.exports.attendance import build_attendance

        table = build_attendance(sources, job.day)
        opts = job.options
        if fmt == "xlsx":
            from facilitator.exports.attendance_xlsx import attendance_xlsx

            return attendance_xlsx(table, opts, progress)
        if fmt == "csv":
            from facilitator.exports.attendance_csv import attendance_csv

            return attendance_csv(table, opts)
        if fmt == "pdf":
            from facilitator.exports.signin_pdf import SheetLayout, signin_pdf

            layout = SheetLayout(
                group_by_role=bool(job.value("group_by_role", False)),
                blank_rows=int(job.value("blank_rows", 0) or 0),  # type: ignore[call-overload]
                certifier=sources.events.settings.current.certifier,
                printed=job.now,
            )
            return signin_pdf(table, opts, progress, layout)
        from facilitator.exports.attendance_json import attendance_json

        return attendance_json(table, opts)

    return render


# -- mentoring: all sessions, or one producer's plan -------------------------------------------


def _mentoring(fmt: str) -> Renderer:
    def render(sources: ExportSources, job: ExportInput, progress: Progress | None) -> bytes:
        from facilitator.exports.sessions_report import build_report, report_blocks

        report = build_report(sources, job.producer_id)
        opts = job.options
        if fmt == "json":
            import json

            from facilitator.exports.sessions_report import report_document

            text = json.dumps(report_document(report, opts), ensure_ascii=False, indent=2)
            return (text + "\n").encode("utf-8")
        if fmt == "xlsx":
            from facilitator.exports.sessions_xlsx import sessions_xlsx

            return sessions_xlsx(report, opts)
        blocks = report_blocks(report, opts)
        if fmt == "md":
            from facilitator.exports.blocks_md import blocks_markdown

            return blocks_markdown(blocks, opts).encode("utf-8")
        from facilitator.exports.blocks_pdf import blocks_pdf

        return blocks_pdf(blocks, opts, progress)

    return render


# -- the office's paperwork -----------------------------------------------------------------


def _payments(fmt: str) -> Renderer:
    def render(sources: ExportSources, job: ExportInput, progress: Progress | None) -> bytes:
        from facilitator.exports.payments import build_payments

        table = build_payments(sources)
        if fmt == "xlsx":
            from facilitator.exports.payments_xlsx import payments_xlsx

            return payments_xlsx(table, job.options)
        from facilitator.exports.payments_pdf import payments_pdf

        return payments_pdf(table, job.options, job.now)

    return render


def _certificate_rule(sources: ExportSources, job: ExportInput) -> AttendanceRule:
    rule = job.value("rule")
    if isinstance(rule, AttendanceRule):
        return rule
    return sources.events.settings.current.certificate_rule


def _certificates(fmt: str) -> Renderer:
    def render(sources: ExportSources, job: ExportInput, progress: Progress | None) -> bytes:
        from facilitator.exports.certificates import build_certificates, certificates_pdf

        run = build_certificates(sources, _certificate_rule(sources, job))
        return certificates_pdf(run, job.options, progress)

    return render


def _certificate_pictures(
    sources: ExportSources, job: ExportInput, progress: Progress | None
) -> list[tuple[str, bytes]]:
    from facilitator.exports.certificates import build_certificates, certificate_pngs

    run = build_certificates(sources, _certificate_rule(sources, job))
    return certificate_pngs(run, job.options, progress)


def _report(fmt: str) -> Renderer:
    def render(sources: ExportSources, job: ExportInput, progress: Progress | None) -> bytes:
        from facilitator.exports.project_report import build_project_report, project_blocks

        photos = job.value("photos")
        report = build_project_report(sources, photos if isinstance(photos, Path) else None)
        blocks = project_blocks(report, job.options)
        if fmt == "docx":
            from facilitator.exports.blocks_docx import blocks_docx

            return blocks_docx(blocks, job.options, report.title)
        from facilitator.exports.blocks_pdf import blocks_pdf

        return blocks_pdf(blocks, job.options, progress)

    return render


def _each(maker: Callable[[str], Renderer], formats: tuple[str, ...]) -> dict[str, Renderer]:
    return {fmt: maker(fmt) for fmt in formats}


KINDS: dict[str, ExportKind] = {
    kind.name: kind
    for kind in (
        ExportKind(
            "attendance",
            _each(_attendance, ("xlsx", "csv", "pdf", "json")),
            by_day=True,
            options=(
                KindOption("group_by_role", "flag", ("pdf",)),
                KindOption("blank_rows", "count", ("pdf",)),
            ),
        ),
        ExportKind("sessions", _each(_mentoring, ("xlsx", "pdf", "md", "json"))),
        ExportKind("plan", _each(_mentoring, ("xlsx", "pdf", "md", "json")), needs_producer=True),
        ExportKind("payments", _each(_payments, ("pdf", "xlsx"))),
        ExportKind(
            "certificates",
            _each(_certificates, ("pdf",)),
            options=(KindOption("rule", "rule"),),
            pictures=_certificate_pictures,
        ),
        ExportKind(
            "report", _each(_report, ("docx", "pdf")), options=(KindOption("photos", "folder"),)
        ),
    )
}
