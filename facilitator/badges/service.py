"""Which badges to print, what they say, and which ones this desk has already printed.

Why a service of its own: the CLI (`facilitator badges`) and the TUI's badge actions must pick the
same people, print the same words and keep the same "already printed" record, so "print the new
ones" after a morning of walk-ins means the same thing from either face.

Badges are always in Thai (roles from the `role.*` catalogue keys in Thai, dates in the Buddhist
Era) whatever language the desk's interface is in: the badge is for the room, not for the desk.

The printed record is desk-local (`badges_printed` in the store's local state, never synced):
badges are printed where the printer is, usually one desk at the office, and "new since the last
print" is a question about *that* printer's pile. A synced table would need a new merge policy in
the shared schema for a fact no other desk acts on; if two desks each print, each prints its own
new ones, which is what they want.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.clock import Clock
from facilitator.errors import UserError
from facilitator.event import EventService
from facilitator.files import make_folder
from facilitator.i18n import text_in
from facilitator.models import Participant, Role
from facilitator.records import Records
from facilitator.roster.service import RosterService
from facilitator.thai.dates import format_date_range

if TYPE_CHECKING:
    from facilitator.badges.sheet import BadgeData

# The renderers (fpdf2, Pillow, the font checks) are imported where badges are made, not
# here: every CLI command and the TUI's start-up import this module, and those libraries
# cost a second or more to load on a desk laptop.

Progress = Callable[[int, int], None]

PRINTED_KEY = "badges_printed"
"""Desk-local state: {participant id: ISO time its badge was last written to a PDF or PNG}."""

OUTPUT_FOLDER = "badges"


class BadgeError(UserError):
    """A badge request that cannot be carried out as asked (unknown person, file in the way)."""


class ShapingError(UserError):
    """Thai cannot be shaped on this machine; printing would misplace tone marks."""

    exit_code = 3


@dataclass(frozen=True)
class Selection:
    """Who gets a badge. Every option given narrows the list; none means everyone.

    `people` holds REFs: roster numbers, check-in codes (as printed, scanned or typed, in any
    case), ids or phones, so a facilitator can reprint the badge in someone's hand.
    """

    role: str | None = None
    new_only: bool = False
    people: tuple[str, ...] = ()
    walk_ins_today: bool = False


@dataclass(frozen=True)
class BadgeRun:
    """What one print job wrote, for the CLI's summary and the TUI's notification."""

    people: list[Participant]
    pdf: Path | None = None
    pages: int = 0
    png_dir: Path | None = None
    pngs: tuple[Path, ...] = ()


def thai(key: str) -> str:
    """A catalogue text in Thai, whatever the interface language is."""
    return text_in("th", key)


def role_on_badge(role: str) -> str:
    return thai(f"role.{role}")


def added_on(person: Participant) -> date | None:
    """The day the person was registered (from `added_at`), if known."""
    try:
        return datetime.fromisoformat(person.added_at).date() if person.added_at else None
    except ValueError:
        return None


def require_shaping(pdf: bool, png: bool) -> None:
    """Check before writing anything: no half a job, no badge with misplaced tone marks."""
    from facilitator.thai.shaping import (
        ShapingUnavailable,
        require_pdf_shaping,
        require_pillow_shaping,
    )

    try:
        if pdf:
            require_pdf_shaping()
        if png:
            require_pillow_shaping()
    except ShapingUnavailable as exc:
        raise ShapingError("badges.error.shaping", reason=exc) from None


class BadgeService:
    """Selects participants, builds their BadgeData and remembers who was printed."""

    def __init__(
        self,
        records: Records,
        events: EventService,
        roster: RosterService,
        clock: Clock,
        folder: Path,
    ) -> None:
        self._records = records
        self._events = events
        self._roster = roster
        self._clock = clock
        self._folder = folder

    # -- who -------------------------------------------------------------------------------

    def code_of(self, person: Participant | str) -> str:
        """The check-in code on a person's badge (from the person or their id)."""
        return self._events.current.code_for(person if isinstance(person, str) else person.id)

    def resolve(self, ref: str) -> Participant:
        """The participant a REF names (roster number, badge code, id, phone, name): the
        roster's one resolver, so `badges --person` takes what every other command takes."""
        return self._roster.resolve(ref)

    def printed(self) -> dict[str, str]:
        """{participant id: ISO time} of badges this desk has written."""
        return dict(self._records.local(PRINTED_KEY, {}) or {})

    def select(self, selection: Selection, today: date | None = None) -> list[Participant]:
        """The chosen people, in roster order (the office's file, then the walk-ins)."""
        today = today or self._clock.now().date()
        people = self._roster.all()
        if selection.people:
            wanted = {self.resolve(x).id for x in selection.people}
            people = [p for p in people if p.id in wanted]
        if selection.role:
            if selection.role not in {r.value for r in Role}:
                roles = ", ".join(r.value for r in Role)
                raise BadgeError("roster.error.unknown_role", role=selection.role, roles=roles)
            people = [p for p in people if p.role == selection.role]
        if selection.new_only:
            done = self.printed()
            people = [p for p in people if p.id not in done]
        if selection.walk_ins_today:
            people = [p for p in people if p.source == "walk_in" and added_on(p) == today]
        return people

    # -- what ------------------------------------------------------------------------------

    def event_dates(self) -> str:
        days = self._events.current.days
        return format_date_range(min(days), max(days)) if days else ""

    def badge_data(self, people: Sequence[Participant]) -> list[BadgeData]:
        """What each badge says; sort keys keep the order given (roster order)."""
        from facilitator.badges.sheet import BadgeData

        event_name, dates = self._events.current.name, self.event_dates()
        width = len(str(len(people)))
        return [
            BadgeData(
                code=self.code_of(p),
                title=p.title,
                name=p.name,
                role_label=role_on_badge(p.role),
                affiliation=p.affiliation,
                event_name=event_name,
                event_dates=dates,
                sort_key=f"{n:0{width}d}",
                position=p.position,
                number=self._roster.number(p.id) or 0,
            )
            for n, p in enumerate(people)
        ]

    # -- where -----------------------------------------------------------------------------

    def output_dir(self) -> Path:
        """`badges/` beside the database: found again next to the event it belongs to."""
        return self._folder / OUTPUT_FOLDER

    def fresh_pdf_path(self, label: str, now: datetime | None = None) -> Path:
        """A new file in output_dir() named by time and label; never an existing one."""
        stamp = (now or self._clock.now()).strftime("%Y%m%d-%H%M%S")
        base = self.output_dir() / f"badges-{stamp}-{label}"
        path, n = base.with_suffix(".pdf"), 1
        while path.exists():
            n += 1
            path = base.with_name(f"{base.name}-{n}.pdf")
        return path

    # -- writing ---------------------------------------------------------------------------

    def write(
        self,
        people: Sequence[Participant],
        pdf: Path | None = None,
        png_dir: Path | None = None,
        force: bool = False,
        progress: Progress | None = None,
        now: datetime | None = None,
    ) -> BadgeRun:
        """Write the badge PDF and/or the PNGs, then record these people as printed.

        Progress counts badges over both outputs together (a PDF and PNGs of 50 people is
        100 steps), so one bar covers the whole job.
        """
        if pdf is None and png_dir is None:
            raise BadgeError("badges.error.no_output")
        if not people:
            raise BadgeError("badges.error.nobody_selected")
        if pdf is not None and pdf.suffix.lower() != ".pdf":
            raise BadgeError("badges.error.not_pdf", path=pdf)
        if pdf is not None and pdf.is_dir():
            raise BadgeError("badges.error.pdf_is_folder", path=pdf)
        if pdf is not None and pdf.exists() and not force:
            raise BadgeError("badges.error.exists", path=pdf)
        if png_dir is not None and png_dir.exists() and not png_dir.is_dir():
            raise BadgeError("badges.error.png_not_folder", path=png_dir)
        require_shaping(pdf is not None, png_dir is not None)
        # Both folders are made (or refused) before any badge is drawn: a picture folder that
        # cannot be made must not leave a fresh PDF behind with nobody marked as printed.
        for folder in (pdf.parent if pdf is not None else None, png_dir):
            if folder is not None:
                make_folder(folder)

        from facilitator.badges.png import write_badge_pngs
        from facilitator.badges.sheet import write_badge_sheet

        badges = self.badge_data(people)
        total = len(badges) * ((pdf is not None) + (png_dir is not None))

        def step(offset: int) -> Progress | None:
            if progress is None:
                return None
            return lambda done, _count: progress(offset + done, total)

        pages = 0
        pngs: list[Path] = []
        if pdf is not None:
            pages = write_badge_sheet(badges, pdf, step(0))
        if png_dir is not None:
            offset = len(badges) if pdf is not None else 0
            pngs = write_badge_pngs(badges, png_dir, step(offset))
        if not self._records.read_only:  # a snapshot prints, but keeps no record of it
            self.mark_printed((p.id for p in people), now)
        return BadgeRun(list(people), pdf, pages, png_dir, tuple(pngs))

    def mark_printed(self, ids: Iterable[str], now: datetime | None = None) -> None:
        """Remember these badges as printed now (one durable desk-local write)."""
        stamp = (now or self._clock.now()).isoformat(timespec="seconds")
        record = self.printed()
        record.update(dict.fromkeys(ids, stamp))
        self._records.set_local(PRINTED_KEY, record)
