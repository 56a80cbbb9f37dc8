"""Attendance as JSON for other programs: ids and timestamps, nothing localised but the names.

Every check-in fact is listed, voided ones too (flagged), so a program can audit the desk; the
computed per-session attendance is included so it need not re-implement "earliest check-in not
voided" to get the same totals as the sign-in sheet.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from facilitator.exports.attendance import AttendanceTable
from facilitator.exports.options import ExportOptions

FORMAT = "facilitator.attendance/1"


def attendance_document(table: AttendanceTable, opts: ExportOptions) -> dict[str, Any]:
    """The document as plain data (tests and the writer both use this)."""
    event = table.event
    counted = {c.id for r in table.rows for c in r.cells.values()}
    return {
        "format": FORMAT,
        "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "phones_masked": not opts.show_phones,
        "event": {
            "id": event.id,
            "name": event.name,
            "venue": event.venue,
            "days": [d.isoformat() for d in event.days],
            "targets": dict(event.targets),
        },
        "sessions": [s.to_dict() for s in table.sessions],
        "participants": [
            {
                "id": r.participant_id,
                "code": r.code,
                "known": r.participant is not None,
                "removed": r.removed,
                "title": r.participant.title if r.participant else "",
                "first_name": r.participant.first_name if r.participant else "",
                "last_name": r.participant.last_name if r.participant else "",
                "display_name": r.name,
                "role": r.role,
                "position": r.position,
                "organisation": r.organisation,
                "product": r.participant.product if r.participant else "",
                "phone": opts.phone(r.phone),
            }
            for r in table.rows
        ],
        "checkins": [
            {
                **c.to_json(),
                "voided": c.id in table.voided,
                "counted": c.id in counted,
            }
            for c in table.facts
        ],
        "attendance": {
            s.id: {
                "count": table.count(s.id),
                "provisional": table.provisional_count(s.id),
                "by_role": dict(sorted(table.count_by_role(s.id).items())),
                "participant_ids": [
                    r.participant_id for r in table.rows if s.id in r.cells and not r.removed
                ],
            }
            for s in table.sessions
        },
    }


def attendance_json(table: AttendanceTable, opts: ExportOptions) -> bytes:
    text = json.dumps(attendance_document(table, opts), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
