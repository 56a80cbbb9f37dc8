"""Replicate a Store with one CouchDB database, the CouchDB way, without knowing what's in it.

The failures it prevents, each seen against the office's real CouchDB 3.4:

* **A database deleted and created again was never refilled**: the desk's own notes said the
  server had everything. The checkpoint now lives on both sides, in a `_local/<id>` document on
  the server and in the desk's local state, with a random session token. A server whose
  `_local` checkpoint is missing or disagrees with the desk's (deleted and created again,
  restored from an old backup) gets everything again: the push starts from sequence 0, and each
  batch first asks the server what it holds, so nothing it kept is sent twice.
* **Conflicts were never resolved.** Two servers replicating leave competing revisions; a desk
  that read only the winner missed what sat in the losers. The pull reads every leaf revision
  (`style=all_docs`, `conflicts=true`), merges them all with `merge_records` (the same
  field-level merge the desks use), and writes the merge and deletes the losers in one
  `_bulk_docs`. A push merges the server's winner and conflicts the same way before writing.
* **Removed records showed as live** in Fauxton, PouchDB and views. A tombstone is now a CouchDB
  deletion (`_deleted: true`) that keeps only the envelope the merge needs (id, hlc, station,
  deleted, per-field clocks): no personal data stays on the server, and the deletion still wins
  over an older edit from another desk when it is pulled back.
* **Every push compared every record**, and kept one local key per record (its `_rev`). The push
  now sends `Store.changes_since(checkpoint)`: what changed, not what the event holds.

Documents are `_id = "<table>:<record id>"`, the record's fields, and `type` (the table name), so
other tools can read them; `_design/facilitator` adds views by type and by person. The format is
described in docs/couchdb.md. Every run is safe to interrupt anywhere and repeat: pulled pages
are merged with their checkpoint in one durable write, and merging is idempotent.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from facilitator.storage.bundle import clone_suspects
from facilitator.storage.couch import (
    Change,
    ChangesPage,
    CouchClient,
    CouchError,
    CouchForbidden,
    CouchNoProgress,
    CouchRefused,
    CouchTooLarge,
    CouchUnauthorized,
    DocResult,
    ServerDoc,
)
from facilitator.storage.merge import merge_records
from facilitator.storage.record import Record
from facilitator.storage.store import Store

CHECKPOINT_PREFIX = "couch_checkpoint:"
"""Desk-local key (+ server key) of the pull position: the server's last `_changes` sequence."""
STATE_PREFIX = "couch_state:"
"""Desk-local key (+ server key) of the session, the pushed sequence and the records to retry."""
DESIGN_ID = "_design/facilitator"
BATCH_SIZE = 500
PAGE_SIZE = 500
CONFLICT_RETRIES = 5
SYNC_DEADLINE_S = 300.0
"""The longest one sync run may take, all its requests together."""
KEPT_ON_DELETION = ("id", "hlc", "station", "deleted", "clocks")
"""What a CouchDB deletion of a record keeps: the envelope the merge needs, no personal data."""
_STAMP = re.compile(r"\d{13}\.\d{5}")

Outgoing = Callable[[str, Record], Record]
"""Applied to every record before it is pushed, e.g. to keep a secret field off the server."""
Incoming = Callable[[str, Record], Record | None]
"""Applied to every record pulled; None sets it aside (the caller keeps it, e.g. in quarantine).

The pair must round-trip what a desk holds: `incoming(t, outgoing(t, r)) == r`.
"""


def public_url(url: str) -> str:
    """The URL without user name or password: safe to store, show and use as a key."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a malformed URL (bad port, broken [IPv6]): still never show a password
        scheme, sep, rest = url.partition("://")
        netloc, slash, path = rest.partition("/")
        return scheme + sep + netloc.rpartition("@")[2] + slash + path
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if port is not None:
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


# -- the document format --------------------------------------------------------------------


def doc_id(table: str, record_id: str) -> str:
    """A record's `_id` on the server: stable, and readable in Fauxton."""
    return f"{table}:{record_id}"


def document_of(table: str, record: Record) -> dict[str, Any]:
    """The server document of a record: its fields and `type`; a tombstone becomes a deletion.

    `type` is the table name; a record field of that name would be overwritten, so tables
    must not use one.
    """
    did = doc_id(table, record["id"])
    if record.get("deleted"):
        kept = {k: record[k] for k in KEPT_ON_DELETION if k in record}
        return {"_id": did, "_deleted": True, "type": table, **kept}
    return {"_id": did, "type": table, **record}


class BadDocument(ValueError):
    """A document in the desks' namespace (`table:id`) whose envelope is damaged."""


def record_of(doc: dict[str, Any]) -> tuple[str, Record] | None:
    """(table, record) from a server document; None for documents that are not the desks'.

    A deletion without the envelope (removed in Fauxton, or a losing revision we deleted) is
    not a record either. A desk document with a damaged envelope raises `BadDocument`: merging
    it would crash the clock or the merge, so it is set aside and reported instead.
    """
    did = doc.get("_id")
    if not isinstance(did, str):
        return None
    table, sep, record_id = did.partition(":")
    if not sep or not table or table.startswith("_") or not record_id:
        return None
    record = {k: v for k, v in doc.items() if not k.startswith("_")}
    if record.get("type") == table:
        del record["type"]
    if doc.get("_deleted"):
        if "hlc" not in record:
            return None
        if not record.get("deleted"):
            record["deleted"] = True  # a deletion by another tool that kept the body
    problem = _envelope_problem(record, record_id)
    if problem:
        raise BadDocument(problem)
    return table, record


def _envelope_problem(record: Record, record_id: str) -> str | None:
    if record.get("id") != record_id:
        return "its id does not match its _id"
    hlc = record.get("hlc")
    if not isinstance(hlc, str) or not _STAMP.fullmatch(hlc):
        return "its clock stamp (hlc) is missing or malformed"
    if not isinstance(record.get("station"), str) or not record["station"]:
        return "its station is missing"
    clocks = record.get("clocks", {})
    if not isinstance(clocks, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in clocks.items()
    ):
        return "its per-field clocks are malformed"
    return None


@dataclass(frozen=True)
class PeopleViews:
    """Which table holds the people and which fields of other records name one, for the
    `by_participant` view (the storage layer does not know what a participant is)."""

    table: str
    references: tuple[str, ...] = ()


def design_document(people: PeopleViews | None = None) -> dict[str, Any]:
    """`_design/facilitator`: views by type and, given `people`, by person.

    `by_type` is keyed by the table name; `by_participant` by `[person id, type]`, from the
    person's own document and from every record whose reference fields name them (a string or
    a list of strings). Both reduce with `_count`; deleted documents are in neither.
    """
    by_type = "function (doc) { if (doc.type) { emit(doc.type, null); } }"
    views: dict[str, Any] = {"by_type": {"map": by_type, "reduce": "_count"}}
    if people is not None:
        by_participant = (
            "function (doc) {\n"
            "  if (!doc.type) { return; }\n"
            f"  if (doc.type === {json.dumps(people.table)}) {{ emit([doc.id, doc.type], null); }}\n"
            f"  var fields = {json.dumps(list(people.references))};\n"
            "  for (var i = 0; i < fields.length; i++) {\n"
            "    var value = doc[fields[i]];\n"
            "    var ids = Array.isArray(value) ? value : [value];\n"
            "    for (var j = 0; j < ids.length; j++) {\n"
            "      if (typeof ids[j] === 'string') { emit([ids[j], doc.type], null); }\n"
            "    }\n"
            "  }\n"
            "}"
        )
        views["by_participant"] = {"map": by_participant, "reduce": "_count"}
    return {"_id": DESIGN_ID, "language": "javascript", "views": views}


# -- reports --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rejected:
    """A record the server refused; it stays queued and is shown to the desk."""

    doc_id: str
    error: str
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A server document that was not merged: damaged, or set aside by the `incoming` hook."""

    doc_id: str
    reason: str


@dataclass
class SyncReport:
    """What one push, pull or both did.

    `refilled` says the server had lost its checkpoint (deleted and created again, restored
    from a backup) and was given everything again. `design` is "installed", "present" or
    "not permitted" (a database member may not write design documents), None if not tried.
    """

    pulled_new: int = 0
    pulled_updated: int = 0
    pulled_pages: int = 0
    pushed: int = 0
    already_there: int = 0
    conflicts_merged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    waiting: int = 0
    refilled: bool = False
    design: str | None = None
    clone_suspects: list[tuple[str, str]] = field(default_factory=list)

    @property
    def pulled_changes(self) -> int:
        return self.pulled_new + self.pulled_updated


@dataclass
class _ServerCopy:
    """What the server holds of one document: its winning body and every version as a record."""

    winner: dict[str, Any] | None = None
    records: list[Record] = field(default_factory=list)
    blocked: str | None = None
    """Why a version could not be read: then the document is left as it is, never overwritten."""


@dataclass
class _Run:
    """Where one run starts and what it has done, saved as the checkpoint at its end."""

    session: str
    push_seq: int
    pull_from: str | None
    retry: list[tuple[str, str]]
    saved: dict[str, Any] | None


# -- the engine -----------------------------------------------------------------------------


class CouchSync:
    """One desk's store against one CouchDB database.

    `key` names the server in the desk's local state (use `public_url(url)`), so a checkpoint of
    one server is never used against another. `on_progress` is told after every page or batch;
    `check_page` sees records from the server before they are merged and may raise to refuse
    them. `outgoing` / `incoming` transform every record pushed / pulled (see `Outgoing`,
    `Incoming`). `people` adds the `by_participant` view. `deadline` bounds a whole run, in
    seconds of the client's clock.
    """

    def __init__(
        self,
        store: Store,
        client: CouchClient,
        key: str,
        batch_size: int = BATCH_SIZE,
        page_size: int = PAGE_SIZE,
        on_progress: Callable[[SyncReport], None] | None = None,
        check_page: Callable[[list[tuple[str, Record]]], None] | None = None,
        *,
        outgoing: Outgoing | None = None,
        incoming: Incoming | None = None,
        people: PeopleViews | None = None,
        deadline: float | None = SYNC_DEADLINE_S,
    ) -> None:
        self.store = store
        self.client = client
        self.key = key
        self.batch_size = batch_size
        self.page_size = page_size
        self.on_progress = on_progress or (lambda report: None)
        self.check_page = check_page or (lambda items: None)
        self.outgoing = outgoing
        self.incoming = incoming
        self.people = people
        self.deadline = deadline
        digest = hashlib.sha256(f"{store.station}\n{key}".encode()).hexdigest()[:24]
        self.replication_id = f"facilitator-{digest}"
        self._design_checked = False
        self._local_rev: str | None = None
        # Records the server is known to hold at exactly this version (the store never mutates
        # a record, so identity is enough): what this process pulled or pushed. Lets a push skip
        # what a pull just brought, without a local key per record.
        self._on_server: dict[tuple[str, str], Record] = {}

    # -- desk-local state -----------------------------------------------------------------

    @property
    def checkpoint_key(self) -> str:
        """The desk-local key of the pull position."""
        return CHECKPOINT_PREFIX + self.key

    @property
    def state_key(self) -> str:
        """The desk-local key of the session, the pushed sequence and the records to retry."""
        return STATE_PREFIX + self.key

    def checkpoint(self) -> str | None:
        """The server sequence the last pull reached."""
        return self.store.local(self.checkpoint_key)

    def _desk_state(self) -> dict[str, Any]:
        state = self.store.local(self.state_key)
        return state if isinstance(state, dict) else {}

    def pending(self) -> list[tuple[str, Record]]:
        """Records whose current version the server is not known to hold (costs what changed)."""
        state = self._desk_state()
        retry = [(t, i) for t, i in state.get("retry", [])]
        return self._pending(int(state.get("push_seq", 0)), retry)

    def _pending(self, push_seq: int, retry: list[tuple[str, str]]) -> list[tuple[str, Record]]:
        waiting: dict[tuple[str, str], Record] = {}
        for table, record in self.store.changes_since(push_seq):
            waiting[(table, record["id"])] = record
        for table, rid in retry:
            record = self.store.get(table, rid)
            if record is not None:
                waiting[(table, rid)] = record
        return [
            (table, record)
            for (table, rid), record in waiting.items()
            if self._on_server.get((table, rid)) is not record
        ]

    # -- a run ------------------------------------------------------------------------------

    def sync(self, push: bool = True, pull: bool = True) -> SyncReport:
        """Pull first (fewer conflicts to resolve), then push what is still waiting."""
        return self._run(SyncReport(), push=push, pull=pull)

    def pull(self, report: SyncReport | None = None) -> SyncReport:
        """Read `_changes` from the checkpoint to the end, one durable write per page."""
        return self._run(report or SyncReport(), push=False, pull=True)

    def push(self, report: SyncReport | None = None) -> SyncReport:
        """Send what changed since the checkpoint, in batches; rejected records stay waiting."""
        return self._run(report or SyncReport(), push=True, pull=False)

    def _run(self, report: SyncReport, push: bool, pull: bool) -> SyncReport:
        with self.client.deadline(self.deadline):
            self.client.open_database(create=True)
            self._ensure_design(report)
            run = self._begin(report)
            if pull:
                self._pull(run, report)
            if push:
                self._push(run, report)
            self._save(run)
        report.waiting = len(self._pending(run.push_seq, run.retry))
        return report

    def _begin(self, report: SyncReport) -> _Run:
        """Compare the desk's checkpoint with the server's; start over if the server lost it."""
        desk = self._desk_state()
        server = self.client.get_local(self.replication_id)
        self._local_rev = server.get("_rev") if server else None
        retry = [(str(t), str(i)) for t, i in desk.get("retry", [])]
        confirmed = {"session": desk.get("session"), "push_seq": desk.get("push_seq")}
        pending = desk.get("pending") or {}
        for mark in (confirmed, pending):
            if server and _same_mark(server, mark):
                push_seq = int(mark["push_seq"])
                saved = {"session": mark["session"], "push_seq": push_seq, "retry": retry}
                # A pending mark the server holds was never confirmed on the desk: save it.
                trusted = saved if mark is confirmed else None
                return _Run(mark["session"], push_seq, self.checkpoint(), retry, trusted)
        if isinstance(confirmed["session"], str) or isinstance(pending.get("session"), str):
            report.refilled = True  # the server lost what it was given: give it everything
            self._on_server.clear()
        return _Run(secrets.token_hex(8), 0, None, retry, None)

    def _save(self, run: _Run) -> None:
        """Write the checkpoint on both sides; a crash between the two is recognised next time.

        The desk first notes the checkpoint as pending, then the server stores it, then the desk
        confirms it: a server holding either the confirmed or the pending one is trusted.
        """
        state = {"session": run.session, "push_seq": run.push_seq, "retry": run.retry}
        if state == run.saved:
            return
        mark = {"session": run.session, "push_seq": run.push_seq}
        self.store.set_local(self.state_key, {**self._desk_state(), "pending": mark})
        body = {**mark, "station": self.store.station}
        try:
            self._local_rev = self._put_checkpoint(body)
        except CouchRefused as exc:
            if exc.status != 409:
                raise
            found = self.client.get_local(self.replication_id)  # someone wrote it meanwhile
            self._local_rev = found.get("_rev") if found else None
            self._local_rev = self._put_checkpoint(body)
        self.store.set_local(self.state_key, {**state, "pending": None})
        run.saved = state

    def _put_checkpoint(self, body: dict[str, Any]) -> str:
        if self._local_rev:
            body = {**body, "_rev": self._local_rev}
        return self.client.put_local(self.replication_id, body)

    def _ensure_design(self, report: SyncReport) -> None:
        """Install `_design/facilitator` once per engine, when this user may; else skip quietly.

        CouchDB lets only database admins write design documents; a member's attempt is refused
        (403 from CouchDB, 401 from PouchDB) and the sync goes on without the views.
        """
        if self._design_checked:
            return
        self._design_checked = True
        want = design_document(self.people)
        have = self.client.get_doc(DESIGN_ID)
        views = have.get("views") if have else None
        if isinstance(views, dict) and all(views.get(k) == v for k, v in want["views"].items()):
            report.design = "present"  # a desk without `people` never takes a view away
            return
        doc = want
        if have and "_rev" in have:
            kept = views if isinstance(views, dict) else {}
            doc = {**have, **want, "views": {**kept, **want["views"]}}
        try:
            self.client.put_doc(doc)
        except (CouchForbidden, CouchUnauthorized):
            report.design = "not permitted"
            return
        report.design = "installed"

    # -- pull -------------------------------------------------------------------------------

    def _pull(self, run: _Run, report: SyncReport) -> None:
        since = run.pull_from
        limit = self.page_size
        seen: set[str] = set()
        while True:
            try:
                page = self.client.changes(since, limit=limit)
            except CouchTooLarge:
                if limit == 1:
                    raise
                limit = max(1, limit // 2)  # a page of huge documents: ask for fewer at a time
                continue
            if page.results and (page.last_seq == since or page.last_seq in seen):
                raise CouchNoProgress(server=self.client.server_url, seq=page.last_seq)
            seen.add(page.last_seq)
            self._merge_page(page, run, report)
            report.pulled_pages += 1
            self.on_progress(report)
            since = page.last_seq
            if len(page.results) < limit or page.pending == 0:
                return

    def _merge_page(self, page: ChangesPage, run: _Run, report: SyncReport) -> None:
        """Merge every leaf of every change, then resolve on the server what had conflicts."""
        wanted: list[tuple[str, str]] = []
        changes = [c for c in page.results if not c.id.startswith("_")]  # design documents
        for change in changes:
            winner = (change.doc or {}).get("_rev")
            wanted += [(change.id, rev) for rev in change.leaves if rev != winner]
        bodies = self.client.bulk_get(wanted) if wanted else {}
        items: list[tuple[str, Record]] = []
        server_copy: dict[tuple[str, str], Record] = {}
        unresolved: list[tuple[str, Record]] = []
        for change in changes:
            docs = [change.doc] + [bodies.get((change.id, rev)) for rev in change.leaves]
            found = self._merge_versions(change, [d for d in docs if d], report)
            if found is None:
                continue
            table, merged, winner = found
            items.append((table, merged))
            if winner is not None and merged == winner and not (change.doc or {}).get("_conflicts"):
                server_copy[(table, merged["id"])] = merged
            else:
                unresolved.append((table, merged))
        self.check_page(items)  # may refuse the page (another event's data) before any write
        report.clone_suspects += clone_suspects(self.store, items)
        before = self.store.sequence
        merged_report = self.store.merge(items, local={self.checkpoint_key: page.last_seq})
        report.pulled_new += merged_report.added
        report.pulled_updated += merged_report.updated
        known = [self._remember(key, copy) for key, copy in server_copy.items()]
        all_known = sum(known) == len(items)
        if run.push_seq == before and self.store.sequence == before + 1 and all_known:
            run.push_seq = before + 1  # the desk held nothing unpushed, and now holds the server
        if unresolved:
            report.conflicts_merged += len(unresolved)
            run.retry += self._write(unresolved, report)

    def _merge_versions(
        self, change: Change, docs: list[dict[str, Any]], report: SyncReport
    ) -> tuple[str, Record, Record | None] | None:
        """The merge of every revision of one document, and the winner's own record."""
        versions: list[tuple[str, Record]] = []
        winner: Record | None = None
        for n, doc in enumerate(docs):
            try:
                found = self._from_server(doc)
            except BadDocument as exc:
                if n == 0:
                    report.skipped.append(Skipped(change.id, str(exc)))
                continue
            if found is None:
                continue
            if n == 0:
                winner = found[1]
            versions.append(found)
        if not versions:
            return None
        table = versions[0][0]
        policy = self.store.policies.get(table, "lww")
        merged = versions[0][1]
        for _, record in versions[1:]:
            merged = merge_records(merged, record, policy)
        return table, merged, winner

    def _from_server(self, doc: dict[str, Any]) -> tuple[str, Record] | None:
        """A server document as a desk record (through `incoming`); None if not the desks'.

        Raises `BadDocument` for a damaged one and for one `incoming` set aside.
        """
        found = record_of(doc)
        if found is None or self.incoming is None:
            return found
        table, record = found
        transformed = self.incoming(table, record)
        if transformed is None:
            raise BadDocument("set aside by this desk's check of incoming records")
        return table, transformed

    def _remember(self, key: tuple[str, str], copy: Record) -> bool:
        """Note that the server holds the store's record at `key` if it equals `copy`."""
        current = self.store.get(*key)
        if current is None or current != copy:
            return False
        self._on_server[key] = current
        return True

    # -- push -------------------------------------------------------------------------------

    def _push(self, run: _Run, report: SyncReport) -> None:
        upto = self.store.sequence  # read before the changes: later writes are pushed next time
        waiting = self._pending(run.push_seq, run.retry)
        retry: list[tuple[str, str]] = []
        for start in range(0, len(waiting), self.batch_size):
            retry += self._write(waiting[start : start + self.batch_size], report)
            self.on_progress(report)
        run.push_seq = max(run.push_seq, upto)
        run.retry = list(dict.fromkeys(retry))

    def _write(self, batch: list[tuple[str, Record]], report: SyncReport) -> list[tuple[str, str]]:
        """Merge each record with everything the server holds of it and write the result as
        the child of the winner, deleting the losing revisions in the same `_bulk_docs`.
        Conflicts (another desk wrote in between) are retried; returns what the server refused.
        """
        todo = {doc_id(table, record["id"]): table for table, record in batch}
        refused: list[tuple[str, str]] = []
        for _attempt in range(CONFLICT_RETRIES + 1):
            if not todo:
                return refused
            todo = self._write_once(todo, report, refused)
        for did, table in todo.items():
            reason = "the server kept changing it; it will be retried"
            report.rejected.append(Rejected(did, "conflict", reason))
            refused.append((table, did.partition(":")[2]))
        return refused

    def _write_once(
        self, todo: dict[str, str], report: SyncReport, refused: list[tuple[str, str]]
    ) -> dict[str, str]:
        """One round of `_write`: read, merge, write; returns the documents to try again."""
        states = self.client.read_docs(list(todo))
        copies = self._server_copies(states)
        to_local: list[tuple[str, Record]] = []
        there: list[tuple[str, str, Record]] = []
        docs: list[dict[str, Any]] = []
        sent: list[tuple[str, str, Record]] = []
        for did, table in todo.items():
            rid = did.partition(":")[2]
            current = self.store.get(table, rid)
            if current is None:
                continue
            state, copy = states.get(did), copies.get(did)
            if copy is not None and copy.blocked:
                report.skipped.append(Skipped(did, f"not overwritten: {copy.blocked}"))
                refused.append((table, rid))
                continue
            merged = current
            policy = self.store.policies.get(table, "lww")
            for record in copy.records if copy else []:
                merged = merge_records(merged, record, policy)
            if merged != current:
                to_local.append((table, merged))
            doc = document_of(table, self._to_server(table, merged))
            if state is None:
                sent.append((table, rid, merged))
                docs.append(doc)
                continue
            if not state.conflicts and copy and copy.winner and _same_body(doc, copy.winner):
                report.already_there += 1
                there.append((table, rid, merged))
                continue
            if not state.deleted or doc.get("_deleted"):
                # A live body brought back over a deleted winner is written without its rev
                # (the server starts a new branch). A deletion over a deletion names the rev
                # it extends: PouchDB then keeps the merged tombstone (its envelope and marks)
                # instead of silently dropping it. CouchDB 3.4 refuses a deletion over a
                # deletion either way (a conflict, reported as skipped): there, only which desk
                # removed last can differ between desks, never whether the record is removed.
                doc["_rev"] = state.rev
            sent.append((table, rid, merged))
            docs.append(doc)
            docs += [{"_id": did, "_rev": rev, "_deleted": True} for rev in state.conflicts]
        if to_local:
            self.check_page(to_local)
            self.store.merge(to_local)
        for table, rid, merged in there:
            self._remember((table, rid), merged)
        return self._read_results(docs, sent, report, refused)

    def _read_results(
        self,
        docs: list[dict[str, Any]],
        sent: list[tuple[str, str, Record]],
        report: SyncReport,
        refused: list[tuple[str, str]],
    ) -> dict[str, str]:
        """Read each row of a `_bulk_docs` answer: a conflict comes back inside a 201.

        A record's row is followed by the rows deleting its losing revisions; a conflict on any
        of them sends the record round again. Rows are matched to documents by id (PouchDB
        with a validation function answers the refused ones first), in order within an id.
        """
        results = self.client.bulk_docs(docs)
        rows: dict[str, list[DocResult]] = {}
        for result in results:
            rows.setdefault(result.id, []).append(result)
        owners = {doc_id(t, r): (t, r, m) for t, r, m in sent}
        again: dict[str, str] = {}
        for did, (table, rid, merged) in owners.items():
            mine = rows.get(did, [])
            if not mine:
                again[did] = table  # unaccounted for: read it again and retry
                continue
            record_row, loser_rows = mine[0], mine[1:]
            if record_row.ok:
                report.pushed += 1
                self._remember((table, rid), merged)
            elif not record_row.conflict:
                reason = record_row.reason or ""
                report.rejected.append(Rejected(did, record_row.error or "error", reason))
                refused.append((table, rid))
                continue
            if not record_row.ok or any(row.conflict for row in loser_rows):
                self._on_server.pop((table, rid), None)
                report.conflicts_merged += 1
                again[did] = table
        return again

    def _server_copies(self, states: dict[str, ServerDoc]) -> dict[str, _ServerCopy]:
        """Every version the server holds of each document, as desk records, with the winner's
        body: the winner, the losing revisions, and for a deleted winner every leaf (an empty
        deletion of a losing revision may win over a record's own tombstone)."""
        wanted = [(did, rev) for did, s in states.items() for rev in s.conflicts]
        bodies = self.client.bulk_get(wanted) if wanted else {}
        copies: dict[str, _ServerCopy] = {}
        for did, state in states.items():
            docs = [state.doc] if state.doc is not None else self.client.leaf_docs(did)
            docs += [bodies.get((did, rev)) for rev in state.conflicts]
            copy = copies[did] = _ServerCopy()
            for doc in docs:
                if not doc:
                    continue
                if doc.get("_rev") == state.rev:
                    copy.winner = doc
                try:
                    found = self._from_server(doc)
                except BadDocument as exc:
                    copy.blocked = str(exc)
                    continue
                if found is not None:
                    copy.records.append(found[1])
        return copies

    def _to_server(self, table: str, record: Record) -> Record:
        return record if self.outgoing is None else self.outgoing(table, record)


def _same_body(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Whether the server's winning body is the document we would write (revisions aside)."""
    meta = {"_rev", "_conflicts", "_deleted_conflicts", "_revisions", "_revs_info"}
    return {k: v for k, v in theirs.items() if k not in meta} == ours


def _same_mark(server: dict[str, Any], mark: dict[str, Any]) -> bool:
    """Whether the server's `_local` checkpoint is this one (same session, same sequence)."""
    return (
        isinstance(mark.get("session"), str)
        and server.get("session") == mark.get("session")
        and server.get("push_seq") == mark.get("push_seq")
    )


__all__ = [
    "DESIGN_ID",
    "BadDocument",
    "CouchError",
    "CouchSync",
    "Incoming",
    "Outgoing",
    "PeopleViews",
    "Rejected",
    "Skipped",
    "SyncReport",
    "design_document",
    "doc_id",
    "document_of",
    "public_url",
    "record_of",
]
