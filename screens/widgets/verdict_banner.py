"""The large coloured banner that answers every scan until the next one replaces it.

Why a banner and not a dialog: a queue of fifty people passes the desk in minutes and the
scanner keeps typing into the scan field; a modal would swallow the next code. The banner only
changes colour and text, so it costs one repaint and never takes focus.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.labels import person_details
from facilitator.labels import session_span as session_text

if TYPE_CHECKING:
    from facilitator.checkin.service import CheckIn, ScanResult
    from facilitator.models import Participant, SessionSlot

COLOUR_CLASSES = ("-green", "-amber", "-red", "-idle", "-undone")


def person_lines(participant: Participant) -> list[str]:
    """Who this is, as the desk reads it aloud: name, then role and product or organisation."""
    return [participant.display_name, person_details(participant)]


class VerdictBanner(Static):
    """Green, amber or red, with the verdict in big bold letters and who it was about."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-idle")
        self.verdict: str | None = None
        self.text = ""
        """The banner's words without colours, for tests and the bench to read."""
        self.generation = 0
        """How many verdicts this banner has shown: tests and the bench wait on it."""

    def on_mount(self) -> None:
        self.show_ready()

    def _paint(self, colour: str, head: str, lines: list[str], verdict: str | None) -> None:
        self.remove_class(*COLOUR_CLASSES)
        self.add_class(f"-{colour}")
        text = Text(no_wrap=False)
        text.append(f"{head}\n", style="bold")
        for n, line in enumerate(x for x in lines if x):
            text.append(f"\n{line}", style="bold" if n == 0 else "")
        self.update(text)
        self.text = text.plain
        self.verdict = verdict
        self.generation += 1

    def show_ready(self, session: SessionSlot | None = None) -> None:
        """The resting state before the first scan."""
        self._paint("idle", t("scan.ready"), [session_text(session), t("scan.ready_detail")], None)

    def show_result(self, result: ScanResult, at: datetime | None = None) -> None:
        """Paint one scan's verdict; the next call replaces it whole.

        `at` is the desk's time of the scan (the desk's clock: a test's or a rehearsal's), so
        the banner never shows a time the desk did not record.
        """
        verdict = str(result.verdict)
        clock = (at or datetime.now()).strftime("%H:%M:%S")
        head = f"{t(f'scan.head.{verdict}')}   {clock}"
        lines: list[str] = []
        if result.participant is not None:
            lines += person_lines(result.participant)
        if verdict == "already" and result.checkin is not None:
            lines.append(
                t(
                    "scan.already_when",
                    time=f"{result.checkin.at:%H:%M}",
                    station=result.checkin.station,
                )
            )
        if verdict in {"checked_in", "already", "provisional"}:
            lines.append(session_text(result.session))
        if verdict in {"provisional", "other_event", "forged", "removed", "certificate"}:
            lines.append(result.message())
        if verdict == "not_a_code":
            lines.append(t("scan.received", raw=repr(result.raw)))
        if verdict == "no_session":
            lines.append(t("scan.pick_session"))
        self._paint(result.verdict.colour, head, lines, verdict)

    def show_no_session(self) -> None:
        """A day with no sessions: nothing is recorded until the desk picks one."""
        self._paint("red", t("scan.head.no_session"), [t("scan.pick_session")], "no_session")

    def show_undone(
        self, checkin: CheckIn, participant: Participant | None, session: SessionSlot | None
    ) -> None:
        """The last check-in was taken back; say whose, so the desk can tell the person."""
        who = person_lines(participant) if participant else [checkin.participant_id]
        lines = [*who, f"{session_text(session)} · {checkin.at:%H:%M}"]
        self._paint("undone", t("scan.head.undone"), lines, "undone")
