"""One export request in, one file out: the single entry point the CLI and the TUI both call.

Why one place: the CLI's `export attendance --format pdf` and the TUI's Export button must
refuse the same existing file, pick the same default name and write the same bytes. What each
kind of export is and how it renders lives in `kinds.KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from facilitator.clock import Clock
from facilitator.errors import UserError
from facilitator.exports.kinds import KINDS, ExportInput, ExportKind
from facilitator.exports.options import ExportOptions
from facilitator.exports.sources import ExportSources
from facilitator.files import refuse_existing, write_atomic

Progress = Callable[[int, int], None]
EXPORTS_FOLDER = "exports"


def export_kind(name: str) -> ExportKind:
    """The registered kind called `name`; UserError listing the known ones otherwise."""
    kind = KINDS.get(name)
    if kind is None:
        raise UserError("export.error.unknown_kind", kind=name, kinds=", ".join(KINDS))
    return kind


@dataclass(frozen=True)
class ExportRequest:
    """What to export (a kind from `KINDS`), in which format, where, and for whom."""

    kind: str
    fmt: str
    out: Path
    options: ExportOptions = field(default_factory=ExportOptions)
    producer_id: str | None = None
    force: bool = False
    values: Mapping[str, object] = field(default_factory=dict)
    """The kind's options (`KindOption` names), already read: {"blank_rows": 5}."""

    def check(self) -> ExportKind:
        """Refuse a request no export could satisfy, before any work is done."""
        kind = export_kind(self.kind)
        if self.fmt not in kind.formats:
            raise UserError(
                "export.error.format", kind=self.kind, fmt=self.fmt, formats=", ".join(kind.formats)
            )
        if kind.needs_producer and not self.producer_id:
            raise UserError("export.error.needs_producer")
        for name in self.values:
            if kind.option(name) is None:
                known = ", ".join(o.name for o in kind.options) or "-"
                raise UserError("paperwork.error.option", kind=self.kind, option=name, known=known)
        return kind


@dataclass(frozen=True)
class ExportResult:
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class PicturesResult:
    """One picture per person written into a folder (certificates to send by LINE)."""

    folder: Path
    paths: tuple[Path, ...]


class ExportService:
    """Renders the registered exports from the desk's data and writes them beside the event."""

    def __init__(
        self,
        sources: ExportSources,
        folder: Path,
        owns: Callable[[Path], bool],
        clock: Clock,
    ) -> None:
        self._sources = sources
        self._folder = folder
        self._owns = owns
        self._clock = clock

    def default_path(
        self, kind: str, fmt: str, day: date | None = None, producer_id: str | None = None
    ) -> Path:
        """`exports/attendance-2021-06-07.xlsx` beside the database: the day exported, or
        the event's days when it covers them all (`attendance-2021-06-07_2021-06-08.xlsx`:
        a file named after the first day alone read as that day's sheet when it held both)."""
        days = self._sources.events.current.days
        if day is not None:
            when = day.isoformat()
        elif len(days) > 1:
            when = f"{min(days).isoformat()}_{max(days).isoformat()}"
        else:
            when = (days[0] if days else self._clock.now().date()).isoformat()
        stem = f"{kind}-{producer_id}" if producer_id else kind
        return self._folder / EXPORTS_FOLDER / f"{stem}-{when}.{fmt}"

    def render(self, request: ExportRequest, progress: Progress | None = None) -> bytes:
        """The file's bytes, without touching the disk."""
        kind = request.check()
        if request.producer_id is not None:
            person = self._sources.roster.get(request.producer_id)
            if person is None:
                raise UserError("export.error.no_producer", participant_id=request.producer_id)
        return kind.renderers[request.fmt](self._sources, self._job(request), progress)

    def _job(self, request: ExportRequest) -> ExportInput:
        return ExportInput(
            request.options,
            request.options.day,
            request.producer_id,
            dict(request.values),
            self._clock.now(),
        )

    def run_pictures(
        self, request: ExportRequest, folder: Path, progress: Progress | None = None
    ) -> PicturesResult:
        """One picture per person into `folder` (made if missing); an existing picture is
        refused, before any is written, unless `force`."""
        kind = request.check()
        if kind.pictures is None:
            raise UserError("paperwork.error.no_pictures", kind=request.kind)
        if folder.exists() and not folder.is_dir():
            raise UserError("paperwork.error.not_a_folder", path=folder)
        pictures = kind.pictures(self._sources, self._job(request), progress)
        targets = [(folder / name, data) for name, data in pictures]
        for path, _ in targets:
            refuse_existing(path, request.force)
        written = tuple(write_atomic(path, data, request.force) for path, data in targets)
        return PicturesResult(folder, written)

    def run(self, request: ExportRequest, progress: Progress | None = None) -> ExportResult:
        """Check, render and write atomically; an existing file is refused unless `force`."""
        request.check()
        if self._owns(request.out):
            raise UserError("export.error.own_file", path=request.out)
        refuse_existing(request.out, request.force)  # before the work, not after it
        data = self.render(request, progress)
        path = write_atomic(request.out, data, request.force)
        return ExportResult(path, len(data))
