"""Mentoring sessions and action items as a report, or one producer's development plan.

The content is decided once, as a list of blocks (headings, label/value fields, paragraphs,
tables) by `sessions_blocks` / `plan_blocks`; the Markdown and PDF writers only lay those blocks
out, so the two always say the same thing. XLSX and JSON are tables and data for other
programs and are written from the same `SessionEntry` records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from facilitator.checkin.attendance import CheckIn
from facilitator.errors import UserError
from facilitator.event_settings import Signer
from facilitator.exports.blocks import Block, Fields, Heading, Paragraph, Signatures, Table
from facilitator.exports.options import ExportOptions
from facilitator.exports.sources import ExportSources
from facilitator.mentoring.notes import NOTE_FIELDS
from facilitator.mentoring.service import ActionItem, MentoringSession
from facilitator.models import Event, Participant, Role, SessionSlot

Progress = Callable[[int, int], None]


@dataclass
class SessionEntry:
    """One mentoring session with its people named, its texts and its actions."""

    session: MentoringSession
    producers: list[str]
    mentors: list[str]
    texts: dict[str, str]
    actions: list[ActionItem]

    @property
    def minutes(self) -> int:
        return self.session.elapsed_seconds() // 60 if self.session.ended_at else 0


@dataclass
class Report:
    """Everything one report needs; `producer` is set for a development plan."""

    event: Event
    entries: list[SessionEntry]
    owners: dict[str, str]  # action owner (id or free text) -> how it reads
    producer: Participant | None = None
    attendance: list[tuple[SessionSlot | None, CheckIn]] = field(default_factory=list)

    @property
    def actions(self) -> list[ActionItem]:
        """Open items first (by due date), then the done ones."""
        items = [a for e in self.entries for a in e.actions]
        return sorted(items, key=lambda a: (a.done, a.due or "9999", a.created_at, a.id))


def build_report(sources: ExportSources, producer_id: str | None = None) -> Report:
    """The sessions (all, or one producer's) with their people named, texts and actions."""
    mentoring, people = sources.mentoring, sources.roster
    producer = None
    if producer_id:
        producer = people.get(producer_id)
        if producer is None:
            raise UserError("export.error.no_producer", participant_id=producer_id)
        if producer.role != Role.PRODUCER.value:
            raise UserError(
                "export.error.not_a_producer",
                name=producer.display_name,
                participant_id=producer_id,
            )

    def name(pid: str) -> str:
        p = people.get(pid)
        return p.display_name if p else pid

    entries = []
    for s in mentoring.list(producer_id=producer_id):
        entries.append(
            SessionEntry(
                s,
                [name(i) for i in s.producer_ids],
                [name(i) for i in s.mentor_ids],
                {f: mentoring.current_text(s.id, f) for f in NOTE_FIELDS},
                mentoring.actions(session_id=s.id),
            )
        )
    owners = {a.owner: mentoring.owner_label(a.owner) for e in entries for a in e.actions}
    attendance: list[tuple[SessionSlot | None, CheckIn]] = []
    if producer is not None:
        plan = mentoring.producer_plan(producer.id)
        event = sources.events.current
        attendance = [(event.session(c.session_id), c) for c in plan.attendance]
    return Report(sources.events.current, entries, owners, producer, attendance)


# -- blocks -------------------------------------------------------------------------------------


def _day(opts: ExportOptions, iso: str) -> str:
    if not iso:
        return ""
    return opts.date(date.fromisoformat(iso[:10]))


def _topics(opts: ExportOptions, s: MentoringSession) -> str:
    return ", ".join([opts.text(f"topic.{t}") for t in s.topics] + list(s.standards))


def _attended(opts: ExportOptions, slot: SessionSlot | None, c: CheckIn) -> list[str]:
    label = f"{slot.name} {opts.short_date(slot.day)}" if slot else c.session_id
    return [label, f"{c.at:%H:%M}{'*' if c.provisional else ''}"]


def action_cells(report: Report, opts: ExportOptions, a: ActionItem) -> list[str]:
    """What, who, by when, and whether it is done: an action item as every report shows it."""
    status = (
        opts.text("export.action.done", date=_day(opts, a.done_at))
        if a.done
        else opts.text("export.action.open")
    )
    return [a.text, report.owners.get(a.owner, a.owner), _day(opts, a.due), status]


def _action_table(report: Report, opts: ExportOptions, actions: list[ActionItem]) -> Table:
    rows = [action_cells(report, opts, a) for a in actions]
    headers = [opts.text(f"export.col.{k}") for k in ("action", "owner", "due", "status")]
    return Table(headers, rows, [4, 2.2, 1.6, 1.6])


def _session_blocks(
    entry: SessionEntry, opts: ExportOptions, n: int, signed: bool = False
) -> list[Block]:
    s = entry.session
    when = datetime.fromisoformat(s.started_at) if s.started_at else None
    blocks: list[Block] = [
        Heading(
            opts.text("export.sessions.session", n=n, when=opts.moment(when) if when else ""), 3
        ),
        Fields(
            [
                (opts.text("export.col.producer"), ", ".join(entry.producers)),
                (opts.text("export.col.product"), ", ".join(s.products)),
                (opts.text("export.col.mentor"), ", ".join(entry.mentors)),
                (opts.text("export.col.topics"), _topics(opts, s)),
                (opts.text("export.col.duration"), str(entry.minutes)),
                (opts.text("export.col.follow_up"), _day(opts, s.follow_up)),
                (opts.text("export.col.target_stars"), str(s.target_stars or "")),
            ]
        ),
    ]
    for f in NOTE_FIELDS:
        if entry.texts[f].strip():
            blocks.append(Paragraph(opts.text(f"export.col.{f}"), entry.texts[f]))
    if signed:
        blocks.append(_signatures(opts, entry.producers, entry.mentors))
    return blocks


def _signatures(opts: ExportOptions, producers: list[str], mentors: list[str]) -> Signatures:
    """Where the producer and the mentor sign what was agreed (one spot per person)."""
    signs = [(name, opts.text("paperwork.sign.producer")) for name in producers or [""]]
    signs += [(name, opts.text("paperwork.sign.mentor")) for name in mentors or [""]]
    spots = [(Signer(name) if name else None, role) for name, role in signs]
    return Signatures(spots[:3])


def sessions_blocks(report: Report, opts: ExportOptions) -> list[Block]:
    """All sessions, then every action item (open first)."""
    event = report.event
    blocks: list[Block] = [
        Heading(opts.text("export.sessions.title")),
        Fields(
            [
                (opts.text("export.col.project"), event.name),
                (opts.text("paperwork.col.event_dates"), opts.date_range(event.days)),
                (opts.text("export.col.venue"), event.venue),
                (opts.text("export.col.count"), str(len(report.entries))),
            ]
        ),
    ]
    for n, entry in enumerate(report.entries, start=1):
        blocks += _session_blocks(entry, opts, n, signed=True)
    blocks.append(Heading(opts.text("export.plan.actions"), 2))
    blocks.append(_action_table(report, opts, report.actions))
    return blocks


def plan_blocks(report: Report, opts: ExportOptions) -> list[Block]:
    """One producer's development plan: who, attendance, sessions, then the plan of actions."""
    p = report.producer
    assert p is not None
    actions = report.actions
    open_items = [a for a in actions if not a.done]
    done_items = [a for a in actions if a.done]
    targets = [e.session.target_stars for e in report.entries if e.session.target_stars]
    blocks: list[Block] = [
        Heading(opts.text("export.plan.title")),
        Fields(
            [
                (opts.text("export.col.project"), report.event.name),
                (opts.text("paperwork.col.event_dates"), opts.date_range(report.event.days)),
                (opts.text("export.col.venue"), report.event.venue),
            ]
        ),
        Heading(opts.text("export.plan.details"), 2),
        Fields(
            [
                (opts.text("export.col.name"), p.display_name),
                (opts.text("export.col.organisation"), p.organisation),
                (opts.text("export.col.product"), p.product),
                (opts.text("export.col.category"), p.product_category),
                (opts.text("export.col.stars"), str(p.star_level or "")),
                (opts.text("export.col.target_stars"), str(targets[-1] if targets else "")),
                (opts.text("export.col.district"), p.district),
                (opts.text("export.col.phone"), opts.phone(p.phone)),
            ]
        ),
        Heading(opts.text("export.plan.attendance"), 2),
        Table(
            [opts.text("export.col.session"), opts.text("export.col.time")],
            [_attended(opts, slot, c) for slot, c in report.attendance]
            or [[opts.text("export.plan.none"), ""]],
            [4, 1],
        ),
        Heading(opts.text("export.plan.sessions"), 2),
    ]
    for n, entry in enumerate(report.entries, start=1):
        blocks += _session_blocks(entry, opts, n)
    if not report.entries:
        blocks.append(Paragraph("", opts.text("export.plan.none")))
    blocks.append(Heading(opts.text("export.plan.open"), 2))
    blocks.append(_action_table(report, opts, open_items))
    blocks.append(Heading(opts.text("export.plan.done"), 2))
    blocks.append(_action_table(report, opts, done_items))
    mentors = list(dict.fromkeys(m for e in report.entries for m in e.mentors))
    blocks.append(_signatures(opts, [p.display_name], mentors[:2]))
    return blocks


# -- data (JSON) ----------------------------------------------------------------------------


def report_document(report: Report, opts: ExportOptions) -> dict[str, Any]:
    def action(a: ActionItem) -> dict[str, Any]:
        return {
            "id": a.id,
            "session_id": a.session_id,
            "text": a.text,
            "owner": a.owner,
            "owner_label": report.owners.get(a.owner, a.owner),
            "due": a.due,
            "done": a.done,
            "done_at": a.done_at,
        }

    doc: dict[str, Any] = {
        "format": "facilitator.sessions/1",
        "event": {"id": report.event.id, "name": report.event.name},
        "sessions": [
            {
                "id": e.session.id,
                "producer_ids": e.session.producer_ids,
                "producers": e.producers,
                "mentor_ids": e.session.mentor_ids,
                "mentors": e.mentors,
                "products": e.session.products,
                "topics": e.session.topics,
                "standards": e.session.standards,
                "started_at": e.session.started_at,
                "ended_at": e.session.ended_at,
                "follow_up": e.session.follow_up,
                "target_stars": e.session.target_stars,
                **e.texts,
                "actions": [action(a) for a in e.actions],
            }
            for e in report.entries
        ],
        "actions": [action(a) for a in report.actions],
    }
    if report.producer is not None:
        p = report.producer
        doc["producer"] = {
            "id": p.id,
            "display_name": p.display_name,
            "organisation": p.organisation,
            "product": p.product,
            "star_level": p.star_level,
            "phone": opts.phone(p.phone),
        }
        doc["attendance"] = [
            {"session_id": c.session_id, "at": c.at.isoformat(timespec="seconds")}
            for _, c in report.attendance
        ]
    return doc


def report_blocks(report: Report, opts: ExportOptions) -> list[Block]:
    """The blocks of the mentoring report, or of the producer's plan when it is one."""
    return (
        plan_blocks(report, opts) if report.producer is not None else sessions_blocks(report, opts)
    )
