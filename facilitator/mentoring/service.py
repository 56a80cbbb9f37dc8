"""Mentoring sessions: who coached whom on what, the notes typed live, and the follow-up actions.

A session (MENTORING, merged per field) holds the facts a report counts: producer(s) and their
product, mentor(s), topic tags, the timer, a follow-up date and a target star level. Its text
fields live in `facilitator.notes` as versioned facts, because two desks may type notes about the
same session before they sync and neither text may be lost. Action items are their own records
(ACTIONS, merged per field) so that ticking one done on one desk and editing another elsewhere
both survive a sync.

`MentoringService` is the one API the TUI, the CLI and the exports use; reach it as
`desk.mentoring`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from facilitator.checkin.service import CheckInService
from facilitator.clock import Clock
from facilitator.errors import UserError
from facilitator.i18n import t
from facilitator.labels import role_label
from facilitator.mentoring.notes import NOTE_FIELDS, NoteBook, NoteVersion
from facilitator.models import (
    ACTIONS,
    MENTORING,
    NOTE_VERSIONS,
    Participant,
    Role,
    check_star_level,
)
from facilitator.records import Records
from facilitator.roster.refs import RefError, RefRemoved
from facilitator.roster.service import RosterService
from facilitator.thai.text import search_key
from facilitator.user_dates import DateRefused, read_date

TOPICS: tuple[str, ...] = (
    "product_quality",
    "standards",
    "packaging",
    "branding",
    "pricing",
    "marketing_online",
    "production",
    "finance",
    "other",
)
# The standards a "standards" session is about; written as Thai offices write them.
STANDARDS: tuple[str, ...] = ("มผช.", "อย.", "GMP", "Halal")


class MentoringError(UserError, ValueError):
    """A mentoring record cannot be made or found as asked."""


class DueDateRefused(DateRefused, MentoringError):
    """A due or follow-up date that cannot be read as typed."""


# (none given, unknown ids) for the people of a session, by their part in it.
_PEOPLE_ERRORS = {
    "producer": ("mentoring.error.needs_producer", "mentoring.error.unknown_producer"),
    "mentor": ("mentoring.error.needs_mentor", "mentoring.error.unknown_mentor"),
}
# Someone in the wrong role for the side they were given, by the side.
_WRONG_ROLE = {
    "producer": "mentoring.error.not_a_producer",
    "mentor": "mentoring.error.not_a_mentor",
}
# Who may sit on each side of a session: the producer being advised, and whoever advises them
# (a KBO mentor, an official of the office, a lecturer). A guest or a staff member is neither.
SIDE_ROLES = {
    "producer": frozenset({Role.PRODUCER.value}),
    "mentor": frozenset({Role.MENTOR.value, Role.OFFICIAL.value, Role.LECTURER.value}),
}
# (no match, several matches) for an id or id prefix, by what it names.
_ID_ERRORS = {
    "session": ("mentoring.error.no_session_id", "mentoring.error.many_sessions"),
    "action": ("mentoring.error.no_action_id", "mentoring.error.many_actions"),
}


def topic_label(topic: str) -> str:
    """A topic tag in the interface language."""
    return t(f"topic.{topic}")


def parse_due(text: str, today: date) -> str:
    """A due or follow-up date as typed, stored as YYYY-MM-DD ("" for none).

    Any form the Thai date reader takes (`30/06/2564`, `7 ก.ค. 64`, `2564-07-10`, `+7`); a date
    it cannot read, or one implausibly far from today, is refused saying how it was read.
    """
    text = text.strip()
    if not text:
        return ""
    return read_date(text, today, refused=DueDateRefused).isoformat()


def _date_text(value: date | str | None, today: date) -> str:
    """A date as stored (YYYY-MM-DD), from a date, a date as typed, or nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return parse_due(value, today)


@dataclass
class MentoringSession:
    """One sitting of mentor(s) with producer(s). Text fields are in the notebook, not here."""

    id: str
    producer_ids: list[str]
    mentor_ids: list[str]
    products: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    standards: list[str] = field(default_factory=list)
    started_at: str = ""
    ended_at: str = ""
    follow_up: str = ""
    target_stars: int | None = None
    station: str = ""

    @property
    def day(self) -> date | None:
        return datetime.fromisoformat(self.started_at).date() if self.started_at else None

    @property
    def running(self) -> bool:
        """The timer runs until the session is ended."""
        return bool(self.started_at) and not self.ended_at

    def elapsed_seconds(self, now: datetime | None = None) -> int:
        """How long the session ran (or has run so far)."""
        if not self.started_at:
            return 0
        end = datetime.fromisoformat(self.ended_at) if self.ended_at else (now or datetime.now())
        return max(0, int((end - datetime.fromisoformat(self.started_at)).total_seconds()))

    def to_fields(self) -> dict[str, Any]:
        return {
            "producer_ids": list(self.producer_ids),
            "mentor_ids": list(self.mentor_ids),
            "products": list(self.products),
            "topics": list(self.topics),
            "standards": list(self.standards),
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "follow_up": self.follow_up,
            "target_stars": self.target_stars,
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> MentoringSession:
        return cls(
            id=r["id"],
            producer_ids=list(r.get("producer_ids", [])),
            mentor_ids=list(r.get("mentor_ids", [])),
            products=list(r.get("products", [])),
            topics=list(r.get("topics", [])),
            standards=list(r.get("standards", [])),
            started_at=r.get("started_at", ""),
            ended_at=r.get("ended_at", ""),
            follow_up=r.get("follow_up", ""),
            target_stars=r.get("target_stars"),
            station=r.get("station", ""),
        )


@dataclass
class ActionItem:
    """Something someone promised to do after a session, with a due date."""

    id: str
    session_id: str
    text: str
    owner: str = ""  # a participant id, or free text ("กลุ่ม", "พัฒนาชุมชนอำเภอ")
    due: str = ""  # YYYY-MM-DD or ""
    done: bool = False
    done_at: str = ""
    created_at: str = ""

    @property
    def due_date(self) -> date | None:
        return date.fromisoformat(self.due) if self.due else None

    def to_fields(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "text": self.text,
            "owner": self.owner,
            "due": self.due,
            "done": self.done,
            "done_at": self.done_at,
            "created_at": self.created_at,
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> ActionItem:
        return cls(
            id=r["id"],
            session_id=r.get("session_id", ""),
            text=r.get("text", ""),
            owner=r.get("owner", ""),
            due=r.get("due", ""),
            done=bool(r.get("done", False)),
            done_at=r.get("done_at", ""),
            created_at=r.get("created_at", ""),
        )


@dataclass
class ProducerPlan:
    """Everything about one producer: the development plan a mentor leaves with the office."""

    producer_id: str
    producer: Participant | None
    attendance: list[Any]  # CheckIn records from desk.checkins, when that service exists
    sessions: list[MentoringSession]
    open_actions: list[ActionItem]
    done_actions: list[ActionItem]

    @property
    def follow_ups(self) -> list[str]:
        """Follow-up dates promised in the sessions, earliest first."""
        return sorted({s.follow_up for s in self.sessions if s.follow_up})

    @property
    def target_stars(self) -> int | None:
        """The latest target star level set in a session."""
        targets = [s.target_stars for s in self.sessions if s.target_stars]
        return targets[-1] if targets else None


SESSION_EDITABLE = frozenset(
    {"producer_ids", "mentor_ids", "topics", "standards", "follow_up", "target_stars"}
)


class MentoringService:
    """Sessions, their versioned notes and their action items, on one desk."""

    def __init__(
        self,
        records: Records,
        roster: RosterService,
        checkins: CheckInService,
        clock: Clock,
    ) -> None:
        self._store = records
        self._roster = roster
        self._checkins = checkins
        self._clock = clock
        self.notes = NoteBook(records, clock)

    def refresh(self, table: str, ids: Iterable[str]) -> None:
        """Index what a write or a sync touched (only note versions are indexed)."""
        if table == NOTE_VERSIONS:
            self.notes.refresh(ids)

    def _iso(self, moment: datetime | None) -> str:
        return (moment or self._clock.now()).isoformat(timespec="seconds")

    def _today(self) -> date:
        return self._clock.now().date()

    def resolve_person(self, ref: str) -> str:
        """A participant id from any REF a user can see (roster number, badge code, id or
        prefix, phone, full name): the roster's one resolver, refusing what is ambiguous."""
        return self._roster.resolve(ref).id

    def resolve_owner(self, owner: str) -> str:
        """Who an action is for: a participant's id when the text names exactly one person (any
        REF the roster resolves, or a search that finds only them), else the text as typed
        ("กลุ่ม", "พัฒนาชุมชน"). A REF that names several people is refused, not guessed."""
        owner = owner.strip()
        if not owner or owner in self._roster:
            return owner
        try:
            return self._roster.resolve(owner).id
        except RefRemoved:
            raise
        except RefError as exc:
            if exc.key != "roster_edit.error.ref_unknown":
                raise
        words = [search_key(w) for w in owner.split()]
        by_name = [
            p
            for p in self._roster.search(owner, limit=3)
            if all(w in search_key(f"{p.name} {p.nickname}") for w in words)
        ]
        return by_name[0].id if len(by_name) == 1 else owner

    # -- sessions ---------------------------------------------------------------------------

    def _person(self, pid: str) -> Participant | None:
        return self._roster.get(pid)

    def _check_people(self, ids: list[str], what: str, settled: Iterable[str] = ()) -> None:
        """Everyone given for one side (`what`: producer or mentor) is on the roster in a role
        that fits it (`SIDE_ROLES`). Those `settled` (already in the session) are not asked
        again, so a session recorded before this rule can still be edited."""
        if not ids:
            raise MentoringError(_PEOPLE_ERRORS[what][0])
        unknown = [i for i in ids if self._person(i) is None]
        if unknown:
            raise MentoringError(_PEOPLE_ERRORS[what][1], ids=", ".join(unknown))
        known = set(settled)
        for pid in ids:
            person = self._person(pid)
            if pid not in known and person is not None and person.role not in SIDE_ROLES[what]:
                raise MentoringError(
                    _WRONG_ROLE[what],
                    who=self._who(person),
                    role=role_label(person.role),
                )

    def _who(self, person: Participant) -> str:
        """ "36 ดร.สมศักดิ์ ทองดี": the roster number people type, then the name."""
        number = self._roster.number(person.id)
        return f"{number} {person.display_name}" if number else person.display_name

    def _check_sides(self, producer_ids: list[str], mentor_ids: list[str]) -> None:
        """Both sides of a new session; producers and mentors given the wrong way round are
        named as swapped, which is what happened, rather than as one person in a wrong role."""
        producers = [p for i in producer_ids if (p := self._person(i))]
        mentors = [p for i in mentor_ids if (p := self._person(i))]
        if (
            producers
            and mentors
            and all(p.role in SIDE_ROLES["mentor"] for p in producers)
            and all(p.role in SIDE_ROLES["producer"] for p in mentors)
        ):
            raise MentoringError(
                "mentoring.error.roles_swapped",
                producer=self._who(producers[0]),
                producer_role=role_label(producers[0].role),
                mentor=self._who(mentors[0]),
                mentor_role=role_label(mentors[0].role),
            )
        self._check_people(producer_ids, "producer")
        self._check_people(mentor_ids, "mentor")

    @staticmethod
    def _check_topics(topics: list[str], standards: list[str]) -> None:
        bad = [x for x in topics if x not in TOPICS]
        if bad:
            raise MentoringError(
                "mentoring.error.topic", topics=", ".join(bad), known=", ".join(TOPICS)
            )
        bad = [x for x in standards if x not in STANDARDS]
        if bad:
            raise MentoringError(
                "mentoring.error.standard", standards=", ".join(bad), known=", ".join(STANDARDS)
            )

    def start_session(
        self,
        producer_ids: list[str],
        mentor_ids: list[str],
        topics: list[str] | None = None,
        now: datetime | None = None,
        standards: list[str] | None = None,
    ) -> MentoringSession:
        """Open a session and start its timer; the producers' products are noted as they are now."""
        self._check_sides(producer_ids, mentor_ids)
        topics, standards = list(topics or []), list(standards or [])
        self._check_topics(topics, standards)
        products = [p.product for i in producer_ids if (p := self._person(i)) and p.product]
        draft = MentoringSession(
            id="",
            producer_ids=list(producer_ids),
            mentor_ids=list(mentor_ids),
            products=products,
            topics=topics,
            standards=standards,
            started_at=self._iso(now),
        )
        record = self._store.put(MENTORING, draft.to_fields())
        return MentoringSession.from_record(record)

    def record_session(
        self,
        producer_ids: list[str],
        mentor_ids: list[str],
        topics: list[str] | None = None,
        standards: list[str] | None = None,
        texts: Mapping[str, str] | None = None,
        follow_up: date | str | None = None,
        target_stars: int | None = None,
        actions: Sequence[tuple[str, str, date | str | None]] = (),
        running: bool = False,
        now: datetime | None = None,
    ) -> MentoringSession:
        """A whole session at once, as a script gives it (`sessions add`): its people, topics,
        texts (field → text), follow-up, target, actions as (text, owner, due), ended unless
        `running`.

        Everything is checked first (people, topics, dates, stars, each action's owner and
        due date) and then written in one durable write: a bad due date on the third action
        leaves no session, no note and no first two actions behind.
        """
        self._check_sides(producer_ids, mentor_ids)
        topics, standards = list(topics or []), list(standards or [])
        self._check_topics(topics, standards)
        texts = {f: x for f, x in (texts or {}).items() if x}
        unknown = [f for f in texts if f not in NOTE_FIELDS]
        if unknown:
            raise MentoringError(
                "mentoring.error.field", field=", ".join(unknown), known=", ".join(NOTE_FIELDS)
            )
        if not check_star_level(target_stars):
            raise MentoringError("mentoring.error.target_stars")
        today = self._today()
        follow = _date_text(follow_up, today)
        stamp = self._iso(now)
        todo = []
        for text, owner, due in actions:
            if not text.strip():
                raise MentoringError("mentoring.error.action_text")
            todo.append((text.strip(), self.resolve_owner(owner), _date_text(due, today)))

        session = MentoringSession(
            id=self._store.new_id(MENTORING),
            producer_ids=list(producer_ids),
            mentor_ids=list(mentor_ids),
            products=[p.product for i in producer_ids if (p := self._person(i)) and p.product],
            topics=topics,
            standards=standards,
            started_at=stamp,
            ended_at="" if running else stamp,
            follow_up=follow,
            target_stars=target_stars,
        )
        items: list[tuple[str, dict[str, Any], str | None]] = [
            (MENTORING, session.to_fields(), session.id)
        ]
        for f, text in texts.items():
            note = self.notes.draft(session.id, f, text, now=now)
            items.append((NOTE_VERSIONS, note.to_fields(), note.id))
        for text, owner, due in todo:
            action = ActionItem("", session.id, text, owner, due, created_at=stamp)
            items.append((ACTIONS, action.to_fields(), None))
        self._store.put_many(items)
        return self.get(session.id) or session

    def get(self, session_id: str) -> MentoringSession | None:
        """One session by its exact id (None if unknown or deleted)."""
        r = self._store.get(MENTORING, session_id)
        return None if r is None or r.get("deleted") else MentoringSession.from_record(r)

    def find(self, id_or_prefix: str) -> MentoringSession:
        """A session by id or unique id prefix, as typed on the command line."""
        return MentoringSession.from_record(self._unique(MENTORING, id_or_prefix, "session"))

    def list(
        self,
        producer_id: str | None = None,
        mentor_id: str | None = None,
        topic: str | None = None,
        day: date | str | None = None,
    ) -> list[MentoringSession]:
        """Sessions matching every given filter, oldest first."""
        wanted_day = _date_text(day, self._today()) if day else ""
        found = []
        for r in self._store.records(MENTORING):
            s = MentoringSession.from_record(r)
            if producer_id and producer_id not in s.producer_ids:
                continue
            if mentor_id and mentor_id not in s.mentor_ids:
                continue
            if topic and topic not in s.topics:
                continue
            if wanted_day and s.started_at[:10] != wanted_day:
                continue
            found.append(s)
        return sorted(found, key=lambda s: (s.started_at, s.id))

    def update_session(self, session_id: str, **changes: Any) -> MentoringSession:
        """Change topics, people, follow-up or target; only changed fields are stamped."""
        current = self.get(session_id)
        if current is None:
            raise MentoringError("mentoring.error.no_session", session_id=session_id)
        unknown = set(changes) - SESSION_EDITABLE
        if unknown:
            raise MentoringError("mentoring.error.not_editable", fields=", ".join(sorted(unknown)))
        if "follow_up" in changes:
            changes["follow_up"] = _date_text(changes["follow_up"], self._today())
        if not check_star_level(changes.get("target_stars")):
            raise MentoringError("mentoring.error.target_stars")
        self._check_topics(changes.get("topics", []), changes.get("standards", []))
        for key, what in (("producer_ids", "producer"), ("mentor_ids", "mentor")):
            if key in changes:
                self._check_people(changes[key], what, getattr(current, key))
        record = self._store.put(MENTORING, changes, session_id)
        return MentoringSession.from_record(record)

    def add_person(self, session_id: str, participant_id: str) -> MentoringSession:
        """Bring one more person into a session: a producer joins the producers (with their
        product), anyone else the mentors. Adding someone already there changes nothing."""
        current = self.find(session_id)
        person = self._person(participant_id)
        if person is None:
            raise MentoringError("mentoring.error.no_participant", participant_id=participant_id)
        if participant_id in current.producer_ids or participant_id in current.mentor_ids:
            return current
        if person.role == Role.PRODUCER.value:
            updated = self.update_session(
                session_id, producer_ids=[*current.producer_ids, participant_id]
            )
            if person.product and person.product not in updated.products:
                record = self._store.put(
                    MENTORING, {"products": [*updated.products, person.product]}, session_id
                )
                updated = MentoringSession.from_record(record)
            return updated
        return self.update_session(session_id, mentor_ids=[*current.mentor_ids, participant_id])

    def end_session(self, session_id: str, now: datetime | None = None) -> MentoringSession:
        """Stop the timer (ending twice keeps the first end)."""
        current = self.get(session_id)
        if current is None:
            raise MentoringError("mentoring.error.no_session", session_id=session_id)
        if current.ended_at:
            return current
        record = self._store.put(MENTORING, {"ended_at": self._iso(now)}, session_id)
        return MentoringSession.from_record(record)

    # -- notes ------------------------------------------------------------------------------

    def _check_field(self, session_id: str, field_name: str) -> None:
        if field_name not in NOTE_FIELDS:
            raise MentoringError(
                "mentoring.error.field", field=field_name, known=", ".join(NOTE_FIELDS)
            )
        if self._store.get(MENTORING, session_id) is None:
            raise MentoringError("mentoring.error.no_session", session_id=session_id)

    def save_note(
        self,
        session_id: str,
        field_name: str,
        text: str,
        parent: str | list[str] | None = None,
        now: datetime | None = None,
    ) -> NoteVersion | None:
        """Save a text field as a new version; None if the text is what is already saved.

        `parent` is the version (or versions) the text was edited from; an editor passes what
        it loaded so that a version arriving from another desk meanwhile becomes a second head
        instead of being replaced unseen. Without it the save replaces every current head.
        """
        self._check_field(session_id, field_name)
        parents = [parent] if isinstance(parent, str) else parent
        return self.notes.save(session_id, field_name, text, parents, now)

    def current_text(self, session_id: str, field_name: str) -> str:
        """The text of a field: its single head, or every head between conflict markers."""
        return self.notes.current_text(session_id, field_name)

    def heads(self, session_id: str, field_name: str) -> list[NoteVersion]:
        """The latest version(s) of a field; more than one means desks edited it apart."""
        return self.notes.heads(session_id, field_name)

    def merge_heads(
        self, session_id: str, field_name: str, text: str | None = None, now: datetime | None = None
    ) -> NoteVersion | None:
        """Resolve several heads into one version (default text keeps every line of each)."""
        self._check_field(session_id, field_name)
        return self.notes.merge_heads(session_id, field_name, text, now)

    def history(self, session_id: str, field_name: str) -> list[NoteVersion]:
        """Every version of a field, oldest first, with its time and desk."""
        return self.notes.history(session_id, field_name)

    def conflicts(self, session_id: str) -> list[str]:
        """The text fields of a session that have more than one head."""
        return [f for f in NOTE_FIELDS if len(self.heads(session_id, f)) > 1]

    # -- actions ----------------------------------------------------------------------------

    def add_action(
        self,
        session_id: str,
        text: str,
        owner: str = "",
        due: date | str | None = None,
        now: datetime | None = None,
    ) -> ActionItem:
        """Record a follow-up action of a session."""
        if self.get(session_id) is None:
            raise MentoringError("mentoring.error.no_session", session_id=session_id)
        if not text.strip():
            raise MentoringError("mentoring.error.action_text")
        draft = ActionItem(
            "",
            session_id,
            text.strip(),
            self.resolve_owner(owner),
            _date_text(due, self._today()),
            created_at=self._iso(now),
        )
        return ActionItem.from_record(self._store.put(ACTIONS, draft.to_fields()))

    def set_action_done(
        self, action_id: str, done: bool = True, now: datetime | None = None
    ) -> ActionItem:
        """Tick an action done (or open it again)."""
        r = self._store.get(ACTIONS, action_id)
        if r is None or r.get("deleted"):
            raise MentoringError("mentoring.error.no_action", action_id=action_id)
        changes = {"done": done, "done_at": self._iso(now) if done else ""}
        return ActionItem.from_record(self._store.put(ACTIONS, changes, action_id))

    def find_action(self, id_or_prefix: str) -> ActionItem:
        """An action by id or unique id prefix."""
        return ActionItem.from_record(self._unique(ACTIONS, id_or_prefix, "action"))

    def actions(self, session_id: str | None = None, open_only: bool = False) -> list[ActionItem]:
        """Action items, of one session or all, optionally only the open ones; by due date."""
        items = [
            ActionItem.from_record(r)
            for r in self._store.records(ACTIONS)
            if (session_id is None or r.get("session_id") == session_id)
            and not (open_only and r.get("done"))
        ]
        return sorted(items, key=lambda a: (a.due or "9999", a.created_at, a.id))

    def owner_label(self, owner: str) -> str:
        """An action's owner as a person reads it: the participant's name, or the free text."""
        # Someone removed from the roster since keeps their name in the records they are in.
        person = (self._person(owner) or self._roster.removed(owner)) if owner else None
        return person.display_name if person else owner

    def names(self, ids: list[str]) -> str:
        """People's names from their ids, comma-separated (an unknown id is shown as it is)."""
        return ", ".join(self.owner_label(i) for i in ids)

    # -- one producer -----------------------------------------------------------------------

    def producer_plan(self, producer_id: str) -> ProducerPlan:
        """Attendance, every session and the open and done actions of one producer."""
        sessions = self.list(producer_id=producer_id)
        ids = {s.id for s in sessions}
        acts = [a for a in self.actions() if a.session_id in ids]
        return ProducerPlan(
            producer_id=producer_id,
            producer=self._person(producer_id),
            attendance=self._attendance(producer_id),
            sessions=sessions,
            open_actions=[a for a in acts if not a.done],
            done_actions=[a for a in acts if a.done],
        )

    def _attendance(self, participant_id: str) -> list[Any]:
        """Check-ins of one person, earliest first."""
        return sorted(
            (c for c in self._checkins.all_checkins() if c.participant_id == participant_id),
            key=lambda c: str(c.at),
        )

    # -- ids --------------------------------------------------------------------------------

    def _unique(self, table: str, id_or_prefix: str, what: str) -> dict[str, Any]:
        key = id_or_prefix.strip()
        exact = self._store.get(table, key)
        if exact is not None and not exact.get("deleted"):
            return exact
        matches = [r for r in self._store.records(table) if r["id"].startswith(key)] if key else []
        if not matches:
            raise MentoringError(_ID_ERRORS[what][0], ref=id_or_prefix)
        if len(matches) > 1:
            raise MentoringError(_ID_ERRORS[what][1], count=len(matches), ref=id_or_prefix)
        return matches[0]
