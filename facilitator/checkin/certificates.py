"""Is this certificate genuine? The answer `facilitator verify` and the door's scanner both give.

A certificate's QR is verified offline with the event key, as a badge is. The answer names the
certificate's number and, when this desk has the roster, whose it is; a forged or damaged code
names nobody, and a badge code is refused as "not a certificate" rather than read as one.

A certificate printed for someone later taken off the roster is still signed by the event's key,
but it is no longer one the office stands behind: it is refused as REMOVED, naming the person as
the roster's tombstone keeps them, so whoever checks it knows whose it was and why it fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from facilitator.codes.certificate_code import read_certificate_code
from facilitator.codes.known_events import event_name_for_tag
from facilitator.codes.participant_code import CodeKind, read_code
from facilitator.i18n import t
from facilitator.labels import describe_person
from facilitator.models import Event, Participant
from facilitator.roster.directory import ParticipantDirectory


class CertificateVerdict(StrEnum):
    GENUINE = "genuine"
    REMOVED = "removed"
    OTHER_EVENT = "other_event"
    FORGED = "forged"
    BADGE = "badge"
    NOT_A_CODE = "not_a_code"

    @property
    def exit_code(self) -> int:
        """0 genuine; 20 another event's; 21 forged or damaged; 22 not a certificate;
        23 issued to someone since removed from the roster."""
        return _EXIT[self]


_EXIT = {
    CertificateVerdict.GENUINE: 0,
    CertificateVerdict.OTHER_EVENT: 20,
    CertificateVerdict.FORGED: 21,
    CertificateVerdict.BADGE: 22,
    CertificateVerdict.NOT_A_CODE: 22,
    CertificateVerdict.REMOVED: 23,
}


@dataclass(frozen=True)
class CertificateCheck:
    """The verdict on one certificate code, with its number and holder when genuine."""

    verdict: CertificateVerdict
    cleaned: str
    number: int | None = None
    participant_id: str | None = None
    participant: Participant | None = None
    event_name: str = ""

    @property
    def genuine(self) -> bool:
        return self.verdict is CertificateVerdict.GENUINE

    def message(self) -> str:
        """One line in the interface language."""
        v = self.verdict
        if v is CertificateVerdict.GENUINE:
            return t(
                "paperwork.verify.genuine",
                number=f"{self.number:03d}",
                event=self.event_name,
                who=describe_person(self.participant, self.participant_id),
            )
        if v is CertificateVerdict.REMOVED:
            return t(
                "paperwork.verify.removed",
                number=f"{self.number:03d}",
                event=self.event_name,
                who=describe_person(self.participant, self.participant_id),
            )
        if v is CertificateVerdict.OTHER_EVENT:
            return t("paperwork.verify.other_event", event=self.event_name)
        return t(f"paperwork.verify.{v.value}", code=self.cleaned)


def check_certificate(
    raw: str,
    event: Event,
    roster: ParticipantDirectory,
    reach: Callable[[str], None] | None = None,
) -> CertificateCheck:
    """Verify a certificate code against this event, entirely offline. `reach` is told whose
    it is before the roster is asked (while the event opens, it brings them in)."""
    reading = read_certificate_code(raw, event.id, event.key)
    if reading.kind is CodeKind.NOT_A_CODE:
        badge = read_code(raw, event.id, event.key)
        verdict = (
            CertificateVerdict.BADGE
            if badge.kind is not CodeKind.NOT_A_CODE
            else CertificateVerdict.NOT_A_CODE
        )
        return CertificateCheck(verdict, reading.cleaned)
    if reading.kind is CodeKind.FORGED:
        return CertificateCheck(CertificateVerdict.FORGED, reading.cleaned)
    if reading.kind is CodeKind.OTHER_EVENT:
        tag = reading.event_tag or ""
        name = event_name_for_tag(tag) or t("verdict.other_event_tag", tag=tag)
        return CertificateCheck(CertificateVerdict.OTHER_EVENT, reading.cleaned, event_name=name)
    pid = reading.participant_id
    if pid and reach is not None:
        reach(pid)
    person = roster.get(pid) if pid else None
    removed = roster.removed(pid) if pid and person is None else None
    verdict = CertificateVerdict.GENUINE if removed is None else CertificateVerdict.REMOVED
    return CertificateCheck(
        verdict, reading.cleaned, reading.number, pid, person or removed, event.name
    )
