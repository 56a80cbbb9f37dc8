"""Attendance as CSV: one row per person per session, for whatever spreadsheet the office has.

Why a byte-order mark: Excel on a Thai Windows PC opens a BOM-less UTF-8 CSV as TIS-620 and
every Thai name turns to mojibake; with the BOM (utf-8-sig) it reads UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _csv import _writer as _Writer

from facilitator.exports.attendance import AttendanceTable
from facilitator.exports.formulas import csv_value
from facilitator.exports.options import ExportOptions

COLUMNS = (
    "id",
    "code",
    "name",
    "role",
    "organisation",
    "phone",
    "session_id",
    "date",
    "session",
    "status",
    "time",
    "desk",
    "provisional",
)


class _TextOnlyWriter:
    """A csv writer whose every cell has been through `csv_value`."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writerow(self, values: Iterable[object]) -> None:
        self._writer.writerow([csv_value(v) for v in values])


def attendance_csv(table: AttendanceTable, opts: ExportOptions) -> bytes:
    """The CSV as UTF-8 with BOM, CRLF line ends (what Excel writes and expects).

    Every cell goes through `csv_value`, so a name or an organisation typed as a formula
    ("=HYPERLINK(...)") reaches the office's Excel as text.
    """
    buffer = io.StringIO()
    writer = _TextOnlyWriter(csv.writer(buffer, lineterminator="\r\n"))
    writer.writerow([opts.text(f"export.col.{c}") for c in COLUMNS])
    yes, no = opts.text("export.yes"), opts.text("export.no")
    attended, absent = opts.text("export.status.attended"), opts.text("export.status.absent")
    for slot in table.sessions:
        for row in table.rows_on(slot.day):
            c = row.checkin(slot.id)
            writer.writerow(
                [
                    row.participant_id,
                    row.code,
                    row.shown_name(opts.text),
                    opts.role(row.role),
                    row.organisation,
                    opts.phone(row.phone),
                    slot.id,
                    opts.numeric_date(slot.day),
                    slot.name,
                    attended if c else absent,
                    f"{c.at:%H:%M}" if c else "",
                    c.station if c else "",
                    (yes if c.provisional else no) if c else "",
                ]
            )
    return buffer.getvalue().encode("utf-8-sig")
