"""The check-in desk: a scan (or a name picked from search) in, one verdict out.

Why one service for both faces: the CLI's `facilitator checkin CODE` and the TUI's scan box call
the same `scan`, so a verdict, its colour, its exit code and its one-line message are decided in
one place. The scan path is a code check (offline HMAC), a session pick, two dictionary look-ups
and, when someone is really checked in, one durable journal append: a scanner can fire codes as
fast as people walk past.

Verdicts are decided in this order: is it a code at all, is it ours, is it genuine; only then is
a session needed (a red verdict is more useful than "pick a session" for a badge that is wrong
anyway), and only then the roster (unknown id with a genuine code = registered at another desk;
the id of someone taken off the roster = refused, naming them, on every desk the removal reached).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from facilitator.checkin.attendance import (
    METHODS,
    AttendanceBook,
    CheckIn,
    local_naive,
    void_fields,
)
from facilitator.checkin.certificates import CertificateCheck, CertificateVerdict, check_certificate
from facilitator.checkin.double_read import DoubleReads
from facilitator.checkin.kiosk import PhoneMatch, match_phone_ending
from facilitator.checkin.turnout import (
    PROJECTOR_BUCKET_MINUTES,
    REMOVED,
    UNLISTED,
    Arrivals,
    Counts,
    Turnout,
    arrival_buckets,
    count_turnout,
    left_after,
    role_rows,
)
from facilitator.clock import Clock
from facilitator.codes.certificate_code import looks_like_certificate, read_certificate_code
from facilitator.codes.known_events import event_name_for_tag
from facilitator.codes.participant_code import CodeKind, looks_like_code, read_code
from facilitator.codes.scan_repair import repair_scan
from facilitator.errors import UserError
from facilitator.event import EventService, SessionPick, pick_session
from facilitator.i18n import t
from facilitator.labels import describe_person, session_label
from facilitator.models import CHECKINS, PARTICIPANTS, Event, Participant, SessionSlot
from facilitator.records import Records
from facilitator.roster.directory import ParticipantDirectory, ParticipantError
from facilitator.storage.record import new_id
from facilitator.thai.text import normalize_phone

__all__ = ["CheckIn", "CheckInError", "CheckInService", "LeftEarly", "ScanResult", "Verdict"]

OVERRIDE_KEY = "session_override"
"""Desk-local state: the session picked by hand at the desk (F9) and the day it was picked."""
_RAW_SHOWN = 60  # characters of a bad scan shown back, enough to see a layout problem


class CheckInError(UserError, ValueError):
    """A check-in request that cannot be carried out (unknown person, session or check-in)."""


class Verdict(StrEnum):
    """What the desk tells the person in front of it."""

    CHECKED_IN = "checked_in"
    ALREADY = "already"
    PROVISIONAL = "provisional"
    OTHER_EVENT = "other_event"
    FORGED = "forged"
    NOT_A_CODE = "not_a_code"
    NO_SESSION = "no_session"
    UNVERIFIED = "unverified"
    """A code-shaped scan on a desk that cannot check signatures yet (not joined)."""
    REMOVED = "removed"
    """A genuine badge of someone taken off the roster: refused, naming them."""
    CERTIFICATE = "certificate"
    """A genuine certificate of this event was scanned: said so, nobody checked in."""

    @property
    def colour(self) -> str:
        """ "green" (in), "amber" (look at the screen) or "red" (not checked in)."""
        return _COLOURS[self]

    @property
    def exit_code(self) -> int:
        """The CLI's exit status: 0 in, 1x look at it, 2x refused."""
        return _EXIT_CODES[self]

    @property
    def rings_bell(self) -> bool:
        """Red verdicts ring: the facilitator may be looking at the person, not the screen."""
        return self.colour == "red"


_COLOURS: dict[Verdict, str] = {
    Verdict.CHECKED_IN: "green",
    Verdict.ALREADY: "amber",
    Verdict.PROVISIONAL: "amber",
    Verdict.NO_SESSION: "amber",
    Verdict.UNVERIFIED: "amber",
    Verdict.CERTIFICATE: "amber",
    Verdict.OTHER_EVENT: "red",
    Verdict.FORGED: "red",
    Verdict.NOT_A_CODE: "red",
    Verdict.REMOVED: "red",
}
_EXIT_CODES: dict[Verdict, int] = {
    Verdict.CHECKED_IN: 0,
    Verdict.ALREADY: 10,
    Verdict.PROVISIONAL: 11,
    Verdict.NO_SESSION: 12,
    Verdict.UNVERIFIED: 13,
    Verdict.CERTIFICATE: 14,
    Verdict.OTHER_EVENT: 20,
    Verdict.FORGED: 21,
    Verdict.NOT_A_CODE: 22,
    Verdict.REMOVED: 23,
}


@dataclass(frozen=True)
class ScanResult:
    """One verdict with everything the screen or the CLI shows about it."""

    verdict: Verdict
    raw: str
    cleaned: str
    participant: Participant | None
    participant_id: str | None
    session: SessionSlot | None
    checkin: CheckIn | None  # the new one, or the earlier one for ALREADY
    other_event: str | None = None  # the other event's name if known here, else its tag
    certificate: CertificateCheck | None = None  # set for a scanned certificate

    def message(self) -> str:
        """One line in the current interface language."""
        v = self.verdict
        if v is Verdict.CERTIFICATE and self.certificate is not None:
            return t("verdict.certificate", detail=self.certificate.message())
        who = describe_person(self.participant, self.participant_id)
        session = session_label(self.session) if self.session else ""
        if v is Verdict.CHECKED_IN:
            return t("verdict.checked_in", who=who, session=session)
        if v is Verdict.ALREADY and self.checkin is not None:
            return t(
                "verdict.already",
                who=who,
                session=session,
                time=self.checkin.at.strftime("%H:%M"),
                station=self.checkin.station,
            )
        if v is Verdict.PROVISIONAL:
            return t("verdict.provisional", participant_id=self.participant_id, session=session)
        if v is Verdict.OTHER_EVENT:
            return t("verdict.other_event", event=self.other_event)
        if v is Verdict.FORGED:
            return t("verdict.forged", code=self.cleaned)
        if v is Verdict.NO_SESSION:
            return t("verdict.no_session", who=who)
        if v is Verdict.UNVERIFIED:
            return t("verdict.unverified", code=self.cleaned)
        if v is Verdict.REMOVED:
            return t("verdict.removed", who=who)
        shown = repr(self.raw)
        if len(shown) > _RAW_SHOWN:
            shown = shown[: _RAW_SHOWN - 1] + "…"
        return t("verdict.not_a_code", raw=shown)


@dataclass(frozen=True)
class LeftEarly:
    """The people to call after lunch: in for an earlier session today, not for this one."""

    session: SessionSlot | None
    earlier: tuple[SessionSlot, ...]
    people: list[Participant]


class CheckInService:
    """Scans, search check-ins, walk-ins, undo and attendance for one desk.

    The attendance book follows the store: the Desk calls `refresh` with the check-in ids a
    write or a sync touched.
    """

    def __init__(
        self,
        records: Records,
        events: EventService,
        roster: ParticipantDirectory,
        clock: Clock,
    ) -> None:
        self._records = records
        self._events = events
        self._roster = roster
        self._clock = clock
        self._lock = threading.RLock()
        self.session_override: str | None = self._remembered_override()
        self.reads = DoubleReads(clock)
        """The double-read rule every scanning face shares (the same badge within seconds)."""
        self._role_of: dict[str, str] = {}
        self._expected: Counter[str] = Counter()
        self._here: dict[str, Counter[str]] = {}
        """Per session, how many who count there are of each role (UNLISTED: not on the roster)."""
        self.roster_changed(p.id for p in (*roster.all(), *roster.all_removed()))
        self._book = AttendanceBook(records.station, self._counted_changed)
        self._book.load(records.records(CHECKINS, include_deleted=True))

    def refresh(self, ids: Iterable[str]) -> None:
        """Index check-in facts that arrived (written here or merged from another desk)."""
        with self._lock:
            for checkin_id in ids:
                record = self._records.get(CHECKINS, checkin_id)
                if record is not None:
                    self._book.take(record)

    def roster_changed(self, ids: Iterable[str]) -> None:
        """People were added, changed or removed (the roster took them in already): keep the
        by-role tallies in step, moving anyone present to their new role."""
        with self._lock:
            for pid in ids:
                person = self._roster.get(pid)
                old = self._role_of.get(pid)
                new = person.role if person is not None else self._tally_of_unknown(pid)
                if old == new:
                    continue
                if old is not None:
                    if old != REMOVED:
                        self._expected[old] -= 1
                    del self._role_of[pid]
                if new is not None:
                    if new != REMOVED:
                        self._expected[new] += 1
                    self._role_of[pid] = new
                book = getattr(self, "_book", None)
                for session_id, here in self._here.items():
                    if book is not None and book.counted(pid, session_id) is not None:
                        here[old or UNLISTED] -= 1
                        here[new or UNLISTED] += 1

    def _tally_of_unknown(self, participant_id: str) -> str | None:
        """Where someone not on the roster is tallied: REMOVED when they were taken off it
        (never counted), else nowhere in particular (UNLISTED: a desk that has not heard
        of them yet)."""
        return REMOVED if self._roster.removed(participant_id) is not None else None

    def _counted_changed(self, session_id: str, participant_id: str, counts: bool) -> None:
        here = self._here.get(session_id)
        if here is None:  # not setdefault: a Counter made per call was a fifth of the start
            here = self._here[session_id] = Counter()
        here[self._role_of.get(participant_id, UNLISTED)] += 1 if counts else -1

    @property
    def _event(self) -> Event:
        return self._events.current

    def _now(self, now: datetime | None) -> datetime:
        return local_naive(now or self._clock.now())

    # -- sessions ----------------------------------------------------------------------------

    def current_session(self, now: datetime | None = None) -> SessionPick:
        """The session a scan counts for now (the override wins when it names a real session)."""
        return pick_session(self._event, self._now(now), self.session_override)

    def choose_session(self, session_id: str | None, keep: bool = True) -> SessionPick:
        """Count scans for this session from now on (None: back to the time of day).

        A choice made at the desk is kept for the rest of the day (desk-local state), so a
        restart after a power cut does not silently go back to the time of day; a one-off
        command (`checkin --session`) passes `keep=False`.
        """
        if session_id:
            self._events.session(session_id)  # refuses an id the event does not have
        self.session_override = session_id or None
        if keep:
            today = self._clock.now().date().isoformat()
            self._records.set_local(OVERRIDE_KEY, {"day": today, "session": self.session_override})
        return self.current_session()

    def _remembered_override(self) -> str | None:
        """Today's hand-picked session, if this desk picked one today."""
        kept = self._records.local(OVERRIDE_KEY)
        if not isinstance(kept, dict) or kept.get("day") != self._clock.now().date().isoformat():
            return None
        session = kept.get("session")
        return session if isinstance(session, str) else None

    # -- checking in ---------------------------------------------------------------------------

    def scan(self, raw: str, now: datetime | None = None) -> ScanResult:
        """Judge what the scanner typed and, if it is a genuine code of ours, check the person in."""
        if not self._event.can_verify:
            # Without the key no code can be told from a forgery: never a green verdict.
            cleaned = repair_scan(raw)
            verdict = Verdict.UNVERIFIED if looks_like_code(cleaned) else Verdict.NOT_A_CODE
            return ScanResult(verdict, raw, cleaned, None, None, None, None)
        reading = read_code(raw, self._event.id, self._event.key)
        if reading.kind is CodeKind.NOT_A_CODE and looks_like_certificate(reading.cleaned):
            return self._certificate(raw)
        if reading.kind is CodeKind.NOT_A_CODE:
            return ScanResult(Verdict.NOT_A_CODE, raw, reading.cleaned, None, None, None, None)
        if reading.kind is CodeKind.FORGED:
            return ScanResult(Verdict.FORGED, raw, reading.cleaned, None, None, None, None)
        if reading.kind is CodeKind.OTHER_EVENT:
            tag = reading.event_tag or ""
            name = event_name_for_tag(tag) or t("verdict.other_event_tag", tag=tag)
            return ScanResult(
                Verdict.OTHER_EVENT, raw, reading.cleaned, None, None, None, None, name
            )
        assert reading.participant_id is not None
        self._records.reach([reading.participant_id])  # while the event opens: their records
        return self._check_in(reading.participant_id, "scan", now, raw, reading.cleaned)

    def _certificate(self, raw: str) -> ScanResult:
        """A certificate's QR at the door: its own verdict, never a check-in."""
        check = self.verify_certificate(raw)
        verdict = {
            CertificateVerdict.GENUINE: Verdict.CERTIFICATE,
            CertificateVerdict.REMOVED: Verdict.CERTIFICATE,  # amber, and its message says why
            CertificateVerdict.OTHER_EVENT: Verdict.OTHER_EVENT,
        }.get(check.verdict, Verdict.FORGED)
        return ScanResult(
            verdict,
            raw,
            check.cleaned,
            check.participant,
            check.participant_id,
            None,
            None,
            check.event_name if verdict is Verdict.OTHER_EVENT else None,
            check,
        )

    def verify_certificate(self, raw: str) -> CertificateCheck:
        """Whether a certificate code is a genuine one of this event, and whose (offline)."""
        return check_certificate(
            raw, self._event, self._roster, reach=lambda pid: self._records.reach([pid])
        )

    def scan_once(self, raw: str, now: datetime | None = None) -> ScanResult | None:
        """`scan`, unless it repeats the last code within seconds (a double read): then None."""
        if self.reads.is_repeat(repair_scan(raw)):
            return None
        return self.scan(raw, now)

    def check_in(
        self, participant_id: str, method: str = "search", now: datetime | None = None
    ) -> ScanResult:
        """Check in someone found by search (no badge) or just registered."""
        if participant_id not in self._roster:
            raise CheckInError("checkin.error.no_participant", participant_id=participant_id)
        return self._check_in(participant_id, method, now, "", "")

    def _check_in(
        self,
        participant_id: str,
        method: str,
        now: datetime | None,
        raw: str,
        cleaned: str,
        newcomer: Participant | None = None,
    ) -> ScanResult:
        """Check `participant_id` in; a `newcomer` (not yet written) is written with it."""
        if method not in METHODS:
            raise CheckInError("checkin.error.method", method=method, methods=", ".join(METHODS))
        moment = self._now(now)
        participant = newcomer or self._roster.get(participant_id)
        joining: list[tuple[str, dict[str, Any], str | None]] = (
            [(PARTICIPANTS, newcomer.to_fields(), newcomer.id)] if newcomer else []
        )
        if participant is None and (removed := self._roster.removed(participant_id)):
            # The badge is genuine but the person was taken off the roster: no session matters.
            return ScanResult(Verdict.REMOVED, raw, cleaned, removed, participant_id, None, None)
        slot = self.current_session(moment).session

        def result(verdict: Verdict, checkin: CheckIn | None) -> ScanResult:
            return ScanResult(verdict, raw, cleaned, participant, participant_id, slot, checkin)

        if slot is None:
            if joining:
                self._records.put_many(joining)
            return result(Verdict.NO_SESSION, None)
        with self._lock:
            earlier = self._book.counted(participant_id, slot.id)
            if earlier is not None:
                return result(Verdict.ALREADY, earlier)
            checkin = CheckIn(
                id=new_id(),
                participant_id=participant_id,
                session_id=slot.id,
                at=moment,
                station=self._records.station,
                method=method,
                provisional=participant is None,
            )
            # Durable before we say so; the Desk indexes it in the book as the write returns.
            # A check-in is a new fact with a new random id (and a newcomer's id is `new_id`'s):
            # `fresh`, so an event still opening does not look for them in the file.
            self._records.put_many(
                [*joining, (CHECKINS, checkin.to_fields(), checkin.id)], fresh=True
            )
        return result(Verdict.PROVISIONAL if checkin.provisional else Verdict.CHECKED_IN, checkin)

    def register_walk_in(
        self,
        *,
        title: str,
        first_name: str,
        last_name: str,
        role: str,
        phone: str = "",
        organisation: str = "",
        product: str = "",
        position: str = "",
        nickname: str = "",
        district: str = "",
        star_level: int | None = None,
        now: datetime | None = None,
        despite_listed: bool = False,
        listed_text: str = "walkin.error.listed",
    ) -> tuple[Participant, ScanResult]:
        """Someone not on the roster: register them (source "walk_in") and check them in at once.

        Someone with the same phone or the same name is refused (`AlreadyListed`) unless
        `despite_listed`: paying and counting one person twice is worse than one more question.
        `listed_text` is the refusal's catalogue key (each face says how to go on its own way).
        """
        try:
            phone = normalize_phone(phone)
        except ValueError as exc:
            raise ParticipantError(str(exc)) from None
        person = self._roster.prepare(
            title=title.strip(),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            role=role,
            phone=phone,
            organisation=organisation.strip(),
            product=product.strip(),
            position=position.strip(),
            nickname=nickname.strip(),
            district=district.strip(),
            star_level=star_level,
            source="walk_in",
        )
        if not despite_listed:
            self._roster.refuse_if_listed(person, listed_text)
        # The person and their check-in in one durable write: never registered but not in.
        return person, self._check_in(person.id, "walk_in", now, "", "", newcomer=person)

    # -- undoing ---------------------------------------------------------------------------------

    def latest_own(self) -> CheckIn | None:
        """This desk's latest check-in that still counts (what Ctrl+Z would take back)."""
        with self._lock:
            return self._book.latest_own()

    def undo_last(self) -> CheckIn | None:
        """Void this desk's latest check-in that still counts (a wrong person picked, a test scan)."""
        with self._lock:
            latest = self._book.latest_own()
            return None if latest is None else self.void(latest.id)

    def undo_for(self, participant_id: str, now: datetime | None = None) -> CheckIn | None:
        """Void the check-in that counts this person in for the current session, whichever
        desk made it and however long ago (a wrong person checked in by name, found out
        after other scans: `undo_last` only reaches the latest). None when they are not in."""
        with self._lock:
            counted = self.checked_in_now(participant_id, now)
            return None if counted is None else self.void(counted.id)

    def checked_in_now(self, participant_id: str, now: datetime | None = None) -> CheckIn | None:
        """The check-in that counts this person in for the current session, if any."""
        session = self.current_session(now).session
        return None if session is None else self._book.counted(participant_id, session.id)

    def void(self, checkin_id: str) -> CheckIn:
        """Undo one check-in by adding a void fact; the check-in itself is never touched."""
        with self._lock:
            checkin = self._book.get(checkin_id)
            if checkin is None:
                raise CheckInError("checkin.error.no_checkin", checkin_id=checkin_id)
            if self._book.is_voided(checkin_id):
                raise CheckInError("checkin.error.already_undone", checkin_id=checkin_id)
            self._records.put(CHECKINS, void_fields(checkin, self._now(None)))
            return checkin

    # -- attendance ------------------------------------------------------------------------------

    def attendance(self, session_id: str, include_removed: bool = True) -> list[CheckIn]:
        """Who counts as present in a session (first valid check-in each), earliest first.
        `include_removed=False` leaves out people since taken off the roster, as the door's
        counts do; the sign-in sheet keeps them, marked."""
        present = self._book.session(session_id)
        if include_removed:
            return present
        return [c for c in present if self._roster.removed(c.participant_id) is None]

    def sessions_count(self, participant_id: str) -> int:
        """How many sessions a person counts as present in (kept when they are removed)."""
        return len(self._book.sessions_of(participant_id))

    def count_in(self, session_id: str) -> int:
        """How many people count as present in a session (an event edit may not drop it then)."""
        return self._book.count(session_id)

    def here_since(self, participant_id: str, day: date) -> datetime | None:
        """When the person first arrived that day ("here since 09:12" in search results)."""
        times = [
            c.at
            for slot in self._event.sessions_on(day)
            if (c := self._book.counted(participant_id, slot.id)) is not None
        ]
        return min(times, default=None)

    def turnout(self, now: datetime | None = None) -> Turnout:
        """Who is in for the session a scan would count for now, against the roster, with the
        people missing (a pass over the roster: for reports; a screen wants `counts`)."""
        session = self.current_session(now).session
        present = self.present(session.id) if session is not None else frozenset()
        removed = frozenset(pid for pid in present if self._roster.removed(pid) is not None)
        return count_turnout(session, present, self._roster.all(), self._event.targets, removed)

    def counts(self, now: datetime | None = None) -> Counts:
        """How many are in for the session a scan would count for now, by role: kept as
        check-ins arrive, so asking costs the roles, not the roster."""
        session = self.current_session(now).session
        with self._lock:
            here = self._here.get(session.id, Counter()) if session is not None else Counter()
            return Counts(session, role_rows(self._expected, here, self._event.targets))

    def present(self, session_id: str) -> frozenset[str]:
        """The ids of everyone who counts as present in a session."""
        return self._book.present(session_id)

    def is_missing(self, participant_id: str, session_id: str) -> bool:
        """On the roster and not (or no longer) checked in for this session."""
        return participant_id in self._roster and not self._book.counted(participant_id, session_id)

    def sessions_attended(self, participant_id: str) -> frozenset[str]:
        """The sessions of the event in which this person counts as present (the event grid)."""
        with self._lock:
            return frozenset(
                s.id for s in self._event.sessions if self._book.counted(participant_id, s.id)
            )

    def participants_of(self, checkin_ids: Iterable[str]) -> set[str]:
        """Whose attendance the check-in facts with these ids (check-ins or voids) changed."""
        people: set[str] = set()
        for checkin_id in checkin_ids:
            record = self._records.get(CHECKINS, checkin_id)
            if record is not None and record.get("participant_id"):
                people.add(record["participant_id"])
        return people

    def left_early(self, now: datetime | None = None) -> LeftEarly:
        """Who was in for an earlier session today but is not in for the current one (after
        lunch: came in the morning, not back for the afternoon), to call."""
        moment = self._now(now)
        session = self.current_session(moment).session
        if session is None or session.day != moment.date():
            return LeftEarly(session, (), [])
        earlier = tuple(
            s for s in self._event.sessions_on(moment.date()) if s.start < session.start
        )
        came: frozenset[str] = frozenset().union(*(self.present(s.id) for s in earlier))
        people = left_after(came, self.present(session.id), self._roster.all())
        return LeftEarly(session, earlier, people)

    def left_before(
        self, participant_id: str, session: SessionSlot, earlier: Iterable[SessionSlot]
    ) -> bool:
        """Whether this person is one `left_early` names: on the roster, in for an earlier
        session, not in for `session` (asked per person as check-ins arrive)."""
        book = self._book
        return (
            participant_id in self._roster
            and book.counted(participant_id, session.id) is None
            and any(book.counted(participant_id, s.id) is not None for s in earlier)
        )

    def arrivals(
        self, now: datetime | None = None, bucket_minutes: int = PROJECTOR_BUCKET_MINUTES
    ) -> Arrivals:
        """Today's check-ins per time bucket, from the first session's start to now."""
        moment = self._now(now)
        sessions = self._event.sessions_on(moment.date())
        start = sessions[0].starts_at() if sessions else moment
        minutes = self._book.arrivals_by_minute(moment.date())
        return arrival_buckets(minutes, moment.date(), start, moment, bucket_minutes)

    def is_valid_code(self, raw: str) -> bool:
        """Whether scanner text is a whole, genuine code of this event, a badge's or a
        certificate's (it may be submitted without the Enter a scanner did not send: a
        certificate held up at the door then gets its own verdict, not "incomplete")."""
        event = self._event
        if read_code(raw, event.id, event.key).kind is CodeKind.VALID:
            return True
        return read_certificate_code(raw, event.id, event.key).kind is CodeKind.VALID

    def by_phone_ending(self, digits: str) -> PhoneMatch:
        """The kiosk's look-up for someone without a badge: at most three names, masked."""
        return match_phone_ending(digits, lambda q, n: self._roster.search(q, limit=n))

    def all_checkins(self, include_voided: bool = False) -> list[CheckIn]:
        """Every check-in fact in time order (also second arrivals recorded by another desk)."""
        return self._book.all(include_voided)

    def is_voided(self, checkin_id: str) -> bool:
        return self._book.is_voided(checkin_id)
