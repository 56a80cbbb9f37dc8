"""Sync for a desk: bundles between desks, and CouchDB for the office, with the event's checks.

Storage moves records; this module knows what they mean: a bundle or a server database belongs
to one event, a desk must not swallow another event's data, a backup is taken before anything
foreign is merged, and credentials never land in the event database or a bundle. The CLI and the
TUI call the same functions here; the TUI calls `SyncService.run` from a worker thread, and the
desk's indexes follow every merge through the store's change events.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

from facilitator.clock import Clock
from facilitator.codes.join_phrase import (
    PHRASE_ENV,
    PHRASE_KEY,
    KeyGuard,
    looks_like_phrase,
    normalise_phrase,
    show_phrase,
)
from facilitator.codes.participant_code import event_tag
from facilitator.errors import UserError
from facilitator.event import EventService, NoEvent
from facilitator.i18n import Text, has_text, t
from facilitator.models import EVENT_TABLE, PARTICIPANTS
from facilitator.records import storage_errors
from facilitator.storage.bundle import (
    BundleError,
    bundle_event,
    changes_for,
    clone_suspects,
    make_bundle,
    read_bundle,
)
from facilitator.storage.bundle import write_bundle as write_bundle_file
from facilitator.storage.couch import CouchClient, CouchError, CouchUnreachable
from facilitator.storage.couch_sync import CouchSync, PeopleViews, SyncReport, public_url
from facilitator.storage.record import Record
from facilitator.storage.store import Store
from facilitator.storage_texts import known
from facilitator.sync.admission import KEEP, QUARANTINE_KEY, SetAside, admit, problem_of

URL_ENV = "FACILITATOR_COUCH_URL"
USER_ENV = "COUCHDB_USER"
PASSWORD_ENV = "COUCHDB_PASSWORD"
CONFIG_ENV = "FACILITATOR_COUCH_CONFIG"
AUTH_ENV = "FACILITATOR_COUCH_AUTH"
"""`cookie` for CouchDB's session cookies (the credentials file's `"auth"` does the same)."""
LOCAL_URL_KEY = "couch_url"
SYNC_BACKUP_EVERY_S = 30 * 60


class SyncError(UserError):
    """A sync that must not go ahead; the message says why and what to do."""


def couch_error(exc: CouchError) -> SyncError:
    """A CouchDB client error in the desk's words: by its code (`couch.error.<code>`), else by
    its wording (`facilitator.storage_texts`), else its English detail in a Thai frame."""
    code = getattr(exc, "code", None)
    params: dict[str, object] = dict(getattr(exc, "params", None) or {})
    if code and has_text(f"couch.error.{code}"):
        action = f"couch.action.{params.get('action', 'sync')}"
        params["action"] = Text(action) if has_text(action) else params.get("action", "")
        return SyncError(f"couch.error.{code}", detail=str(exc), **params)
    text = known(str(exc))
    if text is not None:
        return SyncError(text.key, **text.params)
    return SyncError("sync.error.server", detail=str(exc))


# -- bundles ------------------------------------------------------------------------------


def counts_text(counts: dict[str, int]) -> str:
    """ "ผู้เข้าร่วม 51, การลงทะเบียน 4": what a bundle holds, in the facilitator's words
    (a table this version has no name for is shown as it is called)."""
    parts = []
    for table, n in counts.items():
        key = f"sync.table.{table}"
        parts.append(f"{t(key) if has_text(key) else table} {n}")
    return ", ".join(parts)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    counts: dict[str, int]
    station: str


@dataclass(frozen=True)
class ImportResult:
    new: int
    updated: int
    unchanged: int
    from_station: str
    backup: Path | None
    set_aside: int = 0
    """Records kept out of the event (see `facilitator sync quarantine`)."""

    def summary(self) -> str:
        text = t("sync.import.done", new=self.new, updated=self.updated, station=self.from_station)
        if self.set_aside:
            text += " " + t("sync.quarantine.some", count=self.set_aside)
        return text


def _event_id(events: EventService) -> str | None:
    try:
        return events.current.id
    except NoEvent:
        return None


@dataclass(frozen=True)
class SyncParts:
    """What sync works on: the raw store (it moves records as they are), the event, the clock."""

    store: Store
    events: EventService
    clock: Clock


def quarantined(store: Store) -> list[SetAside]:
    """The records this desk set aside, oldest first."""
    kept = store.local(QUARANTINE_KEY, []) or []
    return [SetAside.from_json(x) for x in kept if isinstance(x, dict)]


def _with_quarantine(store: Store, aside: list[SetAside]) -> dict[str, object]:
    """The desk-local value that adds `aside` to the quarantine (bounded, newest kept)."""
    kept = [x.to_json() for x in quarantined(store)] + [x.to_json() for x in aside]
    return {QUARANTINE_KEY: kept[-KEEP:]}


def export_bundle(parts: SyncParts, out: Path) -> ExportResult:
    """Write this desk's whole shared state to `out` (atomically, owner-only)."""
    event_id = _event_id(parts.events)
    if event_id is None:
        raise SyncError("sync.no_event_to_export", db=parts.store.path)
    if parts.store.owns(out):
        raise UserError("export.error.own_file", path=out)
    phrase = parts.events.join_phrase()
    if phrase is None:
        raise SyncError("sync.error.export_not_joined")
    with storage_errors():
        bundle = make_bundle(parts.store, event_id)
        path = write_bundle_file(bundle, out, passphrase=normalise_phrase(phrase))
    return ExportResult(path, bundle.counts, bundle.station)


def _event_name(records: list[Record]) -> str:
    live = [r for r in records if not r.get("deleted")]
    return str(live[0].get("name", "?")) if live else "?"


def bundle_phrase(parts: SyncParts, given: str | None) -> str | None:
    """The phrase to open a bundle with: given, else $FACILITATOR_EVENT_PHRASE, else this desk's."""
    for phrase in (
        given,
        os.environ.get(PHRASE_ENV),
        parts.events.join_phrase() if _event_id(parts.events) else None,
    ):
        if phrase:
            if not looks_like_phrase(phrase):
                raise SyncError("event.error.phrase_shape")
            return normalise_phrase(phrase)
    return None


def import_bundle(parts: SyncParts, path: Path, phrase: str | None = None) -> ImportResult:
    """Check a bundle, back up, and merge it in one write.

    Refused with no change: a damaged or edited file, another event's bundle, and a bundle that
    shows this desk has a twin with the same station id (a copied database file). The desk's
    indexes follow the merge through the store's change events; nothing is reloaded.
    """
    if not path.exists():
        raise UserError("sync.error.no_file", path=path)
    store = parts.store
    ours = _event_id(parts.events)
    label = bundle_event(path)
    if ours is not None and label is not None and label != ours:
        raise SyncError(
            "sync.other_event",
            file=path,
            theirs="?",
            theirs_id=label[:8],
            ours=parts.events.current.name,
            ours_id=ours[:8],
        )
    opener = bundle_phrase(parts, phrase)
    try:
        bundle = read_bundle(path, passphrase=opener)
    except BundleError as exc:
        if exc.code == "needs_phrase":
            raise SyncError("sync.error.bundle_needs_phrase", file=path) from None
        if exc.code == "wrong_phrase":
            raise SyncError("sync.error.bundle_wrong_phrase", file=path) from None
        text = known(str(exc))
        if text is not None:
            raise SyncError(text.key, **text.params) from None
        raise SyncError("sync.error.bundle", detail=str(exc)) from None
    if not bundle.event:
        raise SyncError("sync.bundle_without_event", file=path)
    if ours is not None and bundle.event != ours:
        raise SyncError(
            "sync.other_event",
            file=path,
            theirs=_event_name(bundle.tables.get(EVENT_TABLE, [])),
            theirs_id=bundle.event[:8],
            ours=parts.events.current.name,
            ours_id=ours[:8],
        )
    source = f"bundle {path.name} ({bundle.station})"
    items, aside = admit(bundle.items(), parts.clock.now(), store.check_incoming, source)
    suspects = clone_suspects(store, items)
    if suspects:
        raise SyncError(
            "sync.clone", station=store.station, count=len(suspects), file=path, db=store.path
        )
    needed = changes_for(store, items)
    local: dict[str, object] = _with_quarantine(store, aside) if aside else {}
    if opener:
        local[PHRASE_KEY] = show_phrase(opener)
    if not needed:
        if aside:
            with storage_errors():
                store.merge([], local=local)
        return ImportResult(0, 0, len(items), bundle.station, None, len(aside))
    with storage_errors():
        backup = store.backup("before-sync-import") if store.table_names() else None
        report = store.merge(needed, local=local or None)
    return ImportResult(
        report.added, report.updated, len(items) - len(needed), bundle.station, backup, len(aside)
    )


# -- CouchDB: where and who -------------------------------------------------------------------


@dataclass(frozen=True)
class CouchTarget:
    """One event database on one server: the URL to use (with credentials) and to show."""

    url: str = field(repr=False)
    public: str
    auth: str = "basic"
    """ "basic" (a header on every request) or "cookie" (one `_session` login, then its cookie)."""

    def client(self, timeout: float = 10.0) -> CouchClient:
        return CouchClient(self.url, timeout=timeout, auth=self.auth)


def config_path() -> Path:
    """`$FACILITATOR_COUCH_CONFIG`, else ~/.config/facilitator/couch.json."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "facilitator" / "couch.json"


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The credentials file ({"url"?, "user", "password"}); refused if others can read it."""
    path = path or config_path()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return {}
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SyncError("sync.config_readable", path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SyncError("sync.config_bad", path=path, problem=exc) from None
    if not isinstance(data, dict):
        raise SyncError("sync.config_bad", path=path, problem=Text("sync.config_not_object"))
    return data


def default_database(event_id: str) -> str:
    """`facilitator-<tag>-<id prefix>`: readable in Fauxton, and two events never share one."""
    return f"facilitator-{event_tag(event_id).lower()}-{event_id[:8].lower()}"


def configured_url(store: Store) -> str | None:
    """The server this desk syncs with: $FACILITATOR_COUCH_URL, else `sync configure`'s."""
    return os.environ.get(URL_ENV) or store.local(LOCAL_URL_KEY) or read_config().get("url")


def _split_http_url(url: str) -> SplitResult:
    """The parts of an http(s) URL with a host and a valid port, or SyncError saying so."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        raise SyncError("sync.bad_url", url=public_url(url)) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SyncError("sync.bad_url", url=public_url(url))
    return parts


def resolve_target(sync: SyncParts, url: str | None = None) -> CouchTarget:
    """Build the URL to use: database name added if missing, credentials from wherever they are."""
    url = url or configured_url(sync.store)
    if not url:
        raise SyncError("sync.no_url")
    parts = _split_http_url(url)
    path = parts.path.rstrip("/")
    if not path.strip("/"):
        event_id = _event_id(sync.events)
        if event_id is None:
            raise SyncError("sync.url_needs_db", url=public_url(url))
        path = "/" + default_database(event_id)
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if user is None:
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user is None:
        config = read_config()
        user, password = config.get("user"), config.get("password")
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = host
    if user:
        netloc = f"{quote(user, safe='')}:{quote(password or '', safe='')}@{host}"
    full = urlunsplit((parts.scheme, netloc, path, "", ""))
    auth = str(os.environ.get(AUTH_ENV) or read_config().get("auth") or "basic")
    return CouchTarget(full, public_url(full), "cookie" if auth == "cookie" else "basic")


def has_password(url: str) -> bool:
    """Whether a URL carries a password (visible to every user of the machine when typed on
    a command line, and kept in the shell's history)."""
    try:
        return urlsplit(url).password is not None
    except ValueError:
        return "@" in url.split("//", 1)[-1].split("/", 1)[0]


def configure(store: Store, url: str) -> str:
    """Remember the server for this desk, without credentials; returns what was stored."""
    _split_http_url(url)
    stored = public_url(url)
    with storage_errors():
        store.set_local(LOCAL_URL_KEY, stored)
    return stored


# -- CouchDB: running it -----------------------------------------------------------------------


class EventGuard:
    """Refuses a server page that holds another event: one server database is one event."""

    def __init__(self, events: EventService) -> None:
        self.events = events

    def __call__(self, items: list[tuple[str, Record]]) -> None:
        ours = _event_id(self.events)
        for table, record in items:
            if table == EVENT_TABLE and ours is not None and record["id"] != ours:
                raise SyncError(
                    "sync.server_other_event", theirs=record.get("name", "?"), ours=ours
                )


@dataclass
class SyncStatus:
    """What the footer shows: when it last worked, what waits, and what went wrong."""

    url: str | None = None
    last_ok: float | None = None
    waiting: int = 0
    offline: bool = False
    error: str | None = None
    rejected: int = 0
    running: bool = False
    last_report: SyncReport | None = None

    def line(self, now: float | None = None) -> str:
        """One short line in the interface language."""
        if not self.url:
            return t("sync.status.off")
        if self.running:
            state = t("sync.status.running")
        elif self.offline:
            state = t("sync.status.offline")
        elif self.error:
            state = t("sync.status.error")
        else:
            state = t("sync.status.ok")
        if self.last_ok is None:
            when = t("sync.status.never")
        else:
            ago = int((now or time.time()) - self.last_ok)
            when = (
                t("sync.status.ago", seconds=ago)
                if ago < 120
                else time.strftime("%H:%M", time.localtime(self.last_ok))
            )
        text = t("sync.status.line", state=state, when=when, waiting=self.waiting)
        if self.rejected:
            text += " · " + t("sync.status.rejected", count=self.rejected)
        return text


class Gate:
    """The `incoming` hook of a pull: the key opened, then the record checked at the door.

    A record that fails is left on the server (never overwritten from here) and noted, so the
    service can put it in the quarantine after the run.
    """

    def __init__(self, guard: KeyGuard, parts: SyncParts) -> None:
        self._guard = guard
        self._parts = parts
        self._reasons: dict[tuple[str, str], str] = {}

    def incoming(self, table: str, record: Record) -> Record | None:
        opened = self._guard.incoming(table, record)
        envelope = self._parts.store.check_incoming(opened)
        problem = problem_of(table, opened, self._parts.clock.now(), envelope)
        if problem is None:
            return opened
        self._reasons[(table, str(record.get("id", ""))[:60])] = problem[:300]
        return None

    def take(self) -> dict[tuple[str, str], str]:
        reasons, self._reasons = self._reasons, {}
        return reasons


class SyncService:
    """A desk's CouchDB sync: one at a time, backups before merging, status for the screens."""

    def __init__(self, parts: SyncParts, url: str | None = None, timeout: float = 10.0) -> None:
        self.parts = parts
        self._url = url
        self.timeout = timeout
        self.status = SyncStatus(url=None)
        self._engine: CouchSync | None = None
        self._gate: Gate | None = None
        self._engine_url: str | None = None
        self._running = threading.Lock()
        self._last_backup = 0.0
        self._backup_due = False
        try:
            self.status.url = self.target().public
        except UserError:
            self.status.url = None

    def target(self) -> CouchTarget:
        return resolve_target(self.parts, self._url)

    def engine(self) -> CouchSync:
        target = self.target()
        if self._engine is None or self._engine_url != target.url:
            client = target.client(timeout=self.timeout)
            guard = KeyGuard(self.parts.events.join_phrase)
            self._gate = Gate(guard, self.parts)
            self._engine = CouchSync(
                self.parts.store,
                client,
                key=target.public,
                people=PeopleViews(PARTICIPANTS, ("participant_id", "producer_ids", "mentor_ids")),
                outgoing=guard.outgoing,
                incoming=self._gate.incoming,
            )
            self._engine.check_page = self._before_merge
            self._engine_url = target.url
        return self._engine

    def _before_merge(self, items: list[tuple[str, Record]]) -> None:
        """Each pulled page, before it is merged: a page of another event is refused, and the
        first page that brings something is preceded by the pull's backup. Taken here, not
        when the run starts, so a server that cannot be reached (or has nothing new) leaves
        every file of the desk as it was."""
        EventGuard(self.parts.events)(items)
        if not (self._backup_due and items):
            return
        if self.parts.store.table_names():
            with storage_errors():
                self.parts.store.backup("before-sync")
        self._last_backup = time.monotonic()
        self._backup_due = False

    def waiting(self) -> int:
        return len(self.engine().pending())

    def run(self, push: bool = True, pull: bool = True) -> SyncReport:
        """Sync once (from any thread: the desk's indexes follow through the change events)."""
        if not self._running.acquire(blocking=False):
            raise SyncError("sync.busy")
        self.status.running = True
        try:
            engine = self.engine()
            self.status.url = engine.key
            self._backup_due = pull and time.monotonic() - self._last_backup > SYNC_BACKUP_EVERY_S
            with storage_errors():
                report = engine.sync(push=push, pull=pull)
        except CouchUnreachable as exc:
            # The desk's own words: the technical detail is English and says nothing to do.
            error = SyncError("sync.error.unreachable", server=self.status.url or "")
            self.status.offline, self.status.error = True, str(error)
            raise error from exc
        except CouchError as exc:
            error = couch_error(exc)
            self.status.offline, self.status.error = False, str(error)
            raise error from exc
        except UserError as exc:
            self.status.offline, self.status.error = False, str(exc)
            raise
        finally:
            self.status.running = False
            self._running.release()
        self.status.offline = False
        self.status.error = None
        self.status.last_ok = time.time()
        self.status.waiting = report.waiting
        self.status.rejected = len(report.rejected)
        self.status.last_report = report
        self._keep_set_aside(report)
        return report

    def _keep_set_aside(self, report: SyncReport) -> None:
        """Put the server's records that the gate refused in the quarantine, with why."""
        reasons = self._gate.take() if self._gate is not None else {}
        if not reasons:
            return
        now = self.parts.clock.now().isoformat(timespec="seconds")
        aside = [
            SetAside(table, rid, f"server {self.status.url or ''}", reason, now)
            for (table, rid), reason in reasons.items()
        ]
        with storage_errors():
            self.parts.store.set_local(
                QUARANTINE_KEY, _with_quarantine(self.parts.store, aside)[QUARANTINE_KEY]
            )


def describe_report(report: SyncReport) -> list[str]:
    """The lines the CLI and the sync screen show after a run."""
    lines = [
        t("sync.report.pulled", new=report.pulled_new, updated=report.pulled_updated),
        t(
            "sync.report.pushed",
            pushed=report.pushed,
            already=report.already_there,
            conflicts=report.conflicts_merged,
        ),
        t("sync.report.waiting", waiting=report.waiting),
    ]
    for rejected in report.rejected:
        lines.append(
            t(
                "sync.report.rejected",
                id=rejected.doc_id,
                error=rejected.error,
                reason=rejected.reason,
            )
        )
    if report.clone_suspects:
        lines.append(t("sync.report.clone", count=len(report.clone_suspects)))
    return lines


class DeskSync:
    """Sync as the Desk offers it: bundles on a stick, and the office's CouchDB."""

    def __init__(self, parts: SyncParts) -> None:
        self._parts = parts

    def export_bundle(self, out: Path) -> ExportResult:
        """Write this desk's shared state to a bundle file."""
        return export_bundle(self._parts, out)

    def import_bundle(self, path: Path, phrase: str | None = None) -> ImportResult:
        """Merge another desk's bundle (refused whole if it is damaged, of another event, or
        the phrase does not open it); `phrase` is needed by a desk that has not joined yet."""
        return import_bundle(self._parts, path, phrase)

    def configure(self, url: str) -> str:
        """Remember the server (never its password); returns the URL as stored."""
        return configure(self._parts.store, url)

    def configured_url(self) -> str | None:
        """The server this desk syncs with, if one is set."""
        return configured_url(self._parts.store)

    def quarantine(self) -> list[SetAside]:
        """The records this desk set aside at its door, oldest first."""
        return quarantined(self._parts.store)

    def couch(self, url: str | None = None, timeout: float = 10.0) -> SyncService:
        """A link to a CouchDB database (the configured one unless `url` is given)."""
        return SyncService(self._parts, url=url, timeout=timeout)
