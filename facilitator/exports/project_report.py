"""The project report (รายงานผลการดำเนินงานโครงการ) the office files after the event.

What the province asks for: a cover, the event (who organised it, when, where), attendance by
group and by session against the targets (20 producers, 20 KBO members) with a chart, the
producers with their product, stars and development plan, the mentoring and the actions still
open, and a page of activity photos. Decided once as blocks (`project_blocks`); the Word file
(which the office edits before filing) and the PDF are two layouts of the same blocks.

The photos come from a folder the user names: JPEG or PNG, turned upright, shrunk to a size a
report needs, in file-name order, each captioned by `captions.txt` in that folder
("file.jpg: caption" a line) or else by its file name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PIL import Image, ImageOps

from facilitator.errors import UserError
from facilitator.event_settings import PaperworkSettings
from facilitator.exports.attendance import AttendanceTable, build_attendance
from facilitator.exports.blocks import (
    Block,
    Fields,
    Gallery,
    Heading,
    PageBreak,
    Paragraph,
    Picture,
    Signatures,
    Table,
)
from facilitator.exports.chart import ChartSeries, attendance_chart
from facilitator.exports.options import ExportOptions
from facilitator.exports.sessions_report import Report, build_report
from facilitator.exports.sources import ExportSources
from facilitator.mentoring.service import ActionItem
from facilitator.models import ROLE_ORDER, Event, Participant, Role

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
PHOTO_MAX_PX = 1200
MAX_PHOTOS = 24
CAPTIONS_FILE = "captions.txt"
TARGET_GROUPS = (Role.PRODUCER.value, Role.MENTOR.value)


@dataclass(frozen=True)
class Photo:
    data: bytes  # JPEG, upright, at most PHOTO_MAX_PX on its long side
    caption: str


@dataclass(frozen=True)
class ProducerLine:
    """A producer in the report: product, stars now and aimed at, the plan still to do."""

    participant: Participant
    target_stars: int | None
    plan: tuple[str, ...]
    sessions: int


@dataclass(frozen=True)
class ProjectReport:
    event: Event
    settings: PaperworkSettings
    attendance: AttendanceTable
    mentoring: Report
    producers: tuple[ProducerLine, ...]
    photos: tuple[Photo, ...]

    @property
    def title(self) -> str:
        return self.event.name

    def groups(self) -> list[str]:
        """The roles on the roster, in the usual order."""
        present = {r.role for r in self.attendance.rows if r.on_roster}
        return [r.value for r in ROLE_ORDER if r.value in present]

    def attended_any(self, role: str) -> int:
        """People of `role` on the roster who came to at least one session."""
        return sum(1 for r in self.attendance.rows if r.role == role and r.on_roster and r.cells)

    def on_roster(self, role: str) -> int:
        """People of `role` on the roster now (someone removed is no longer counted)."""
        return sum(1 for r in self.attendance.rows if r.role == role and r.on_roster)

    @property
    def open_actions(self) -> list[ActionItem]:
        return [a for a in self.mentoring.actions if not a.done]


def _captions(folder: Path) -> dict[str, str]:
    path = folder / CAPTIONS_FILE
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        name, sep, caption = line.partition(":") if ":" in line else line.partition("\t")
        if sep and name.strip():
            out[name.strip()] = caption.strip()
    return out


def load_photos(folder: Path) -> tuple[Photo, ...]:
    """The folder's photos, upright and shrunk, with their captions (see the module's doc)."""
    if not folder.is_dir():
        raise UserError("paperwork.error.folder", option="--photos", path=str(folder))
    captions = _captions(folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
    photos = []
    for path in files[:MAX_PHOTOS]:
        try:
            with Image.open(path) as img:
                upright = ImageOps.exif_transpose(img).convert("RGB")
        except (OSError, ValueError):
            raise UserError("paperwork.error.image", path=str(path)) from None
        upright.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
        buffer = io.BytesIO()
        upright.save(buffer, format="JPEG", quality=82)
        caption = captions.get(path.name) or path.stem.replace("_", " ").replace("-", " ")
        photos.append(Photo(buffer.getvalue(), caption))
    return tuple(photos)


def build_project_report(sources: ExportSources, photos: Path | None = None) -> ProjectReport:
    """Everything the report says, from the desk's data and the photo folder."""
    attendance = build_attendance(sources)
    mentoring = build_report(sources)
    producers = []
    for person in sources.roster.all():
        if person.role != Role.PRODUCER.value:
            continue
        plan = sources.mentoring.producer_plan(person.id)
        producers.append(
            ProducerLine(
                person,
                plan.target_stars,
                tuple(a.text for a in plan.open_actions),
                len(plan.sessions),
            )
        )
    return ProjectReport(
        sources.events.current,
        sources.events.settings.current,
        attendance,
        mentoring,
        tuple(producers),
        load_photos(photos) if photos is not None else (),
    )


# -- blocks ------------------------------------------------------------------------------------


def _chart(report: ProjectReport, opts: ExportOptions) -> bytes:
    table = report.attendance
    sessions = [f"{s.name} {opts.short_date(s.day)}" for s in table.sessions]
    targets = report.event.targets
    series = [
        ChartSeries(
            opts.role(role),
            tuple(table.count_by_role(s.id)[role] for s in table.sessions),
            targets.get(role),
        )
        for role in TARGET_GROUPS
        if role in report.groups()
    ]
    others = [r for r in report.groups() if r not in TARGET_GROUPS]
    if others:
        series.append(
            ChartSeries(
                opts.text("paperwork.report.others"),
                tuple(sum(table.count_by_role(s.id)[r] for r in others) for s in table.sessions),
            )
        )
    return attendance_chart(
        opts.text("paperwork.report.chart_title"),
        sessions,
        series,
        opts.text("paperwork.report.target_line"),
    )


def _percent(part: int, whole: int | None) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def project_blocks(report: ProjectReport, opts: ExportOptions) -> list[Block]:
    """The report's content, in order: cover, event, attendance, producers, mentoring, photos."""
    o, event, settings = opts, report.event, report.settings
    dates = o.date_range(event.days)
    table = report.attendance
    targets = event.targets
    blocks: list[Block] = [
        Heading(o.text("paperwork.report.title")),
        Heading(event.name),
        Fields(
            [
                (o.text("paperwork.report.office"), settings.office),
                (o.text("paperwork.col.event_dates"), dates),
                (o.text("export.col.venue"), event.venue),
            ]
        ),
        PageBreak(),
        Heading(o.text("paperwork.report.about"), 2),
        Fields(
            [
                (o.text("export.col.project"), event.name),
                (o.text("paperwork.report.office"), settings.office),
                (o.text("paperwork.col.event_dates"), dates),
                (o.text("export.col.venue"), event.venue),
                (o.text("paperwork.report.sessions"), str(len(event.sessions))),
                (
                    o.text("paperwork.report.people"),
                    str(sum(1 for r in table.rows if r.on_roster)),
                ),
            ]
        ),
        Heading(o.text("paperwork.report.attendance_by_group"), 2),
        Table(
            [
                o.text(f"paperwork.report.col.{k}")
                for k in ("group", "target", "roster", "attended", "of_target")
            ],
            [
                [
                    o.role(role),
                    str(targets.get(role, "-")),
                    str(report.on_roster(role)),
                    str(report.attended_any(role)),
                    _percent(report.attended_any(role), targets.get(role)),
                ]
                for role in report.groups()
            ],
            [3, 1.3, 1.3, 1.3, 1.5],
        ),
        Heading(o.text("paperwork.report.attendance_by_session"), 2),
        Table(
            [
                o.text("export.col.session"),
                *(o.role(r) for r in report.groups()),
                o.text("paperwork.report.col.total"),
            ],
            [
                [
                    f"{s.name} {o.short_date(s.day)}",
                    *(str(table.count_by_role(s.id)[r]) for r in report.groups()),
                    str(table.count(s.id)),
                ]
                for s in table.sessions
            ],
            [2.6, *([1.2] * len(report.groups())), 1.0],
        ),
        Picture(_chart(report, o), 170, o.text("paperwork.report.chart_caption")),
        Heading(o.text("paperwork.report.producers"), 2),
        Table(
            [
                o.text(f"paperwork.report.col.{k}")
                for k in ("no", "name", "product", "stars", "plan")
            ],
            [
                [
                    str(n),
                    line.participant.display_name,
                    line.participant.product,
                    _stars(line),
                    "\n".join(f"• {text}" for text in line.plan) or "-",
                ]
                for n, line in enumerate(report.producers, start=1)
            ],
            [0.6, 2.4, 2.4, 1.2, 4.4],
        ),
        Heading(o.text("paperwork.report.mentoring"), 2),
        Paragraph(
            "",
            o.text(
                "paperwork.report.mentoring_summary",
                sessions=len(report.mentoring.entries),
                actions=len(report.open_actions),
            ),
        ),
        Table(
            [
                o.text(f"paperwork.report.col.{k}")
                for k in ("no", "when", "producer", "mentor", "topics")
            ],
            [
                [
                    str(n),
                    o.moment(_started(e.session.started_at)) if e.session.started_at else "",
                    ", ".join(e.producers),
                    ", ".join(e.mentors),
                    ", ".join(o.text(f"topic.{t}") for t in e.session.topics),
                ]
                for n, e in enumerate(report.mentoring.entries, start=1)
            ],
            [0.6, 1.8, 2.6, 2.6, 2.8],
        ),
        Heading(o.text("paperwork.report.open_actions"), 2),
        Table(
            [o.text(f"export.col.{k}") for k in ("action", "owner", "due")],
            [
                [a.text, report.mentoring.owners.get(a.owner, a.owner), _due(o, a.due)]
                for a in report.open_actions
            ]
            or [[o.text("export.plan.none"), "", ""]],
            [4, 2.2, 1.6],
        ),
        Signatures(
            [
                (settings.certifier, o.text("paperwork.report.reporter")),
            ]
        ),
    ]
    if report.photos:
        blocks += [
            PageBreak(),
            Heading(o.text("paperwork.report.photos"), 2),
            Gallery([Picture(p.data, 85, p.caption) for p in report.photos], columns=2),
        ]
    return blocks


def _stars(line: ProducerLine) -> str:
    now = line.participant.star_level
    text = str(now) if now else "-"
    return f"{text} → {line.target_stars}" if line.target_stars else text


def _started(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _due(opts: ExportOptions, iso: str) -> str:
    return opts.date(date.fromisoformat(iso[:10])) if iso else ""
