"""The roster as the Desk offers it: the directory of people, and importing the offices' files.

`RosterService` is the directory (search, add, change, remove) plus the two steps of an import,
so both faces reach everything about people through `desk.participants`.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.clock import Clock
from facilitator.errors import UserError
from facilitator.records import Records
from facilitator.roster.directory import ParticipantDirectory
from facilitator.roster.import_plan import ImportPlan, apply_import, plan_import


class RosterService(ParticipantDirectory):
    """Everyone on the roster, and the way in for a district office's file."""

    def __init__(self, records: Records, clock: Clock) -> None:
        super().__init__(records, clock)

    def plan_import(self, path: Path) -> ImportPlan:
        """Read a CSV or XLSX roster and match every row, writing nothing."""
        if not path.exists():
            raise UserError("roster.error.no_file", path=path)
        plan = plan_import(path, self)
        if not (plan.new or plan.changed or plan.unchanged or plan.problems):
            raise UserError("roster.error.no_rows", file=path.name)
        return plan

    def apply_import(self, plan: ImportPlan, skip_bad: bool = False) -> None:
        """Write a plan in one durable write after a backup; bad rows refuse it unless skipped."""
        apply_import(plan, self, self._records, skip_bad)
