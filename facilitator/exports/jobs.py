"""One export request in, one file out: the single entry point the CLI and the TUI both call.

Why one place: the CLI's `export attendance --format pdf` and the TUI's Export button must
refuse the same existing file, pick the same default name and write the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.errors import UserError
from facilitator.exports.options import ATTENDANCE_FORMATS, SESSIONS_FORMATS, ExportOptions
from facilitator.exports.writing import refuse_existing, write_atomic

if TYPE_CHECKING:
    from facilitator.desk import Desk
    from facilitator.models import Event

Progress = Callable[[int, int], None]

KINDS = ("attendance", "sessions", "plan")
EXPORTS_FOLDER = "exports"


def formats_for(kind: str) -> tuple[str, ...]:
    return ATTENDANCE_FORMATS if kind == "attendance" else SESSIONS_FORMATS


@dataclass(frozen=True)
class ExportRequest:
    """What to export (attendance, all sessions, or one producer's plan), how, and where."""

    kind: str
    fmt: str
    out: Path
    options: ExportOptions = field(default_factory=ExportOptions)
    producer_id: str | None = None
    force: bool = False

    def check(self) -> None:
        """Refuse a request no export could satisfy, before any work is done."""
        if self.kind not in KINDS:
            raise UserError(f"unknown export {self.kind!r}; use one of {', '.join(KINDS)}")
        if self.fmt not in formats_for(self.kind):
            allowed = ", ".join(formats_for(self.kind))
            raise UserError(f"{self.kind} cannot be exported as {self.fmt!r}; use {allowed}")
        if self.kind == "plan" and not self.producer_id:
            raise UserError("a development plan needs the producer (--producer ID)")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    size_bytes: int


def default_path(
    db_path: Path,
    event: Event,
    kind: str,
    fmt: str,
    day: date | None = None,
    producer_id: str | None = None,
) -> Path:
    """`exports/attendance-2021-06-07.xlsx` beside the database (the event's first day)."""
    when = (day or (event.days[0] if event.days else date.today())).isoformat()
    stem = f"plan-{producer_id}" if kind == "plan" else kind
    return Path(db_path).parent / EXPORTS_FOLDER / f"{stem}-{when}.{fmt}"


def default_path_for(
    desk: Desk, kind: str, fmt: str, day: date | None = None, producer_id: str | None = None
) -> Path:
    """The default file for this desk's database (the TUI has no --db of its own to look at)."""
    return default_path(Path(desk.store.path), desk.event, kind, fmt, day, producer_id)


def render(desk: Desk, request: ExportRequest, progress: Progress | None = None) -> bytes:
    """The file's bytes, without touching the disk."""
    opts = request.options
    if request.kind == "attendance":
        from facilitator.exports.attendance import build_attendance

        table = build_attendance(desk, opts.day)
        if request.fmt == "xlsx":
            from facilitator.exports.attendance_xlsx import attendance_xlsx

            return attendance_xlsx(table, opts, progress)
        if request.fmt == "csv":
            from facilitator.exports.attendance_csv import attendance_csv

            return attendance_csv(table, opts)
        if request.fmt == "pdf":
            from facilitator.exports.signin_pdf import signin_pdf

            return signin_pdf(table, opts, progress)
        from facilitator.exports.attendance_json import attendance_json

        return attendance_json(table, opts)
    from facilitator.exports.sessions_report import render_sessions

    return render_sessions(desk, request.fmt, opts, request.producer_id, progress)


def run_export(
    desk: Desk, request: ExportRequest, progress: Progress | None = None
) -> ExportResult:
    """Check, render and write atomically; an existing file is refused unless `force`."""
    request.check()
    desk.refuse_own_file(request.out)
    refuse_existing(request.out, request.force)  # before the work, not after it
    data = render(desk, request, progress)
    path = write_atomic(request.out, data, request.force)
    return ExportResult(path, len(data))
