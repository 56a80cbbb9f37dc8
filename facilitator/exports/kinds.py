"""Every kind of export, in one registry that the CLI and the export screen both read.

A new document (certificates, payment evidence, the project report) is one `ExportKind` here:
its name, its formats, what it asks for (a day, a producer) and how each format is rendered.
The CLI builds its `export KIND` commands from this list and the export screen its choices, so
neither needs to change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facilitator.exports.options import ExportOptions
from facilitator.exports.sources import ExportSources

if TYPE_CHECKING:
    from datetime import date

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportInput:
    """What one render needs besides the data: how to dress it, and for whom or which day."""

    options: ExportOptions
    day: date | None = None
    producer_id: str | None = None


Renderer = Callable[[ExportSources, ExportInput, "Progress | None"], bytes]


@dataclass(frozen=True)
class ExportKind:
    """One document the office can ask for."""

    name: str
    renderers: dict[str, Renderer]
    by_day: bool = False
    """It can be limited to one day of the event (`--day`)."""
    needs_producer: bool = False
    """It is about one producer (`--producer`)."""

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderers)

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
            from facilitator.exports.signin_pdf import signin_pdf

            return signin_pdf(table, opts, progress)
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

            return blocks_markdown(blocks).encode("utf-8")
        from facilitator.exports.blocks_pdf import blocks_pdf

        return blocks_pdf(blocks, opts, progress)

    return render


def _each(maker: Callable[[str], Renderer], formats: tuple[str, ...]) -> dict[str, Renderer]:
    return {fmt: maker(fmt) for fmt in formats}


KINDS: dict[str, ExportKind] = {
    kind.name: kind
    for kind in (
        ExportKind("attendance", _each(_attendance, ("xlsx", "csv", "pdf", "json")), by_day=True),
        ExportKind("sessions", _each(_mentoring, ("xlsx", "pdf", "md", "json"))),
        ExportKind("plan", _each(_mentoring, ("xlsx", "pdf", "md", "json")), needs_producer=True),
    )
}
