"""What an export reads: the Desk's services, read side only, in one small bundle.

The renderers never see the Desk (they could write through it); they get the event, the roster,
the check-in book and the mentoring records, and build their tables from those.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.checkin.service import CheckInService
from facilitator.event import EventService
from facilitator.mentoring.service import MentoringService
from facilitator.roster.directory import ParticipantDirectory


@dataclass(frozen=True)
class ExportSources:
    """The services an export reads from."""

    events: EventService
    roster: ParticipantDirectory
    checkins: CheckInService
    mentoring: MentoringService
