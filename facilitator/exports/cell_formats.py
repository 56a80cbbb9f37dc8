"""Dates and times in a workbook as real cells, shown in the era the export asks for.

A date written as text ("8 มิ.ย. 64") cannot be sorted, filtered or subtracted, and finance
retypes it. So a date is a date cell and the era is only how it is *shown*: the number format
`[$-107041E]` names the Thai locale (041E) with calendar 07, the Thai Buddhist one, which
Excel and LibreOffice both honour ("8 มิถุนายน 2564"; checked with LibreOffice 7.4, which does
not take the newer `[$-th-TH,107]` spelling). A Gregorian export gets ISO dates.
A check-in time is a date-and-time cell shown as "09:12"; a provisional one says so in its
format (`hh:mm"*"` shows "09:12*") and stays a time.
"""

from __future__ import annotations

from facilitator.exports.options import ExportOptions

THAI_BUDDHIST = "[$-107041E]"
TIME = "hh:mm"
PROVISIONAL_TIME = 'hh:mm"*"'


def date_format(opts: ExportOptions, short: bool = False) -> str:
    """ "8 มิถุนายน 2564" / "8 มิ.ย. 64" in the Buddhist Era, "2021-06-08" otherwise."""
    if opts.buddhist_era:
        return THAI_BUDDHIST + ("d mmm yy" if short else "d mmmm yyyy")
    return "yyyy-mm-dd"


def moment_format(opts: ExportOptions) -> str:
    """A date and a time: "8 มิ.ย. 64 09:12" / "2021-06-08 09:12"."""
    return f"{date_format(opts, short=True)} {TIME}"


def time_format(provisional: bool) -> str:
    return PROVISIONAL_TIME if provisional else TIME
