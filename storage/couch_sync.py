"""Push and pull a Store to one CouchDB database, table by table, without knowing what's in them.

Documents are `_id = "<table>:<record id>"` with the record (envelope included) as the body, so
the server holds exactly what the desks hold and merges the same way. The rules that make a run
safe to interrupt anywhere and repeat:

- Pull reads `_changes` from a checkpoint and merges each page with `Store.merge`, whose single
  journal write also stores the page's `last_seq`: a crash before that write re-reads the page
  (merging is idempotent), a crash after it has both the data and the checkpoint.
- Push sends what differs from what the server is known to hold. For each record the desk keeps,
  in its local state, the `_rev` and a fingerprint of the server's copy. Before sending a batch
  it reads the server's current copies (`_all_docs`): a record the server already has (a batch
  whose answer was lost) is not sent again, and one another desk changed is merged first and sent
  with the server's `_rev`. Each `_bulk_docs` row is read, because a conflict comes back inside a
  201: a conflicted record is read again, merged and retried; a rejected one stays queued and is
  reported, never dropped.
- What the server had that the desk lacked is merged into the desk in the same write as the
  fingerprints, so nothing is lost either way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from facilitator.storage.bundle import clone_suspects
from facilitator.storage.couch import CouchClient, CouchError
from facilitator.storage.merge import merge_records
from facilitator.storage.record import Record
from facilitator.storage.store import Store

CHECKPOINT_PREFIX = "couch_checkpoint:"
REV_PREFIX = "couch_rev:"
BATCH_SIZE = 500
PAGE_SIZE = 500
CONFLICT_RETRIES = 5


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


def doc_id(table: str, record_id: str) -> str:
    return f"{table}:{record_id}"


def fingerprint(record: Record) -> str:
    """A short digest of a record's content, to tell "the server has this" without asking."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode(), digest_size=8).hexdigest()


def record_of(doc: dict[str, Any]) -> tuple[str, Record] | None:
    """(table, record) from a server document; None for documents that are not ours."""
    table, sep, record_id = str(doc.get("_id", "")).partition(":")
    if not sep or not table or table.startswith("_") or doc.get("_deleted"):
        return None
    record = {k: v for k, v in doc.items() if not k.startswith("_")}
    if record.get("id") != record_id or not {"hlc", "station"} <= record.keys():
        return None
    return table, record


@dataclass(frozen=True)
class Rejected:
    """A record the server refused; it stays queued and is shown to the desk."""

    doc_id: str
    error: str
    reason: str


@dataclass
class SyncReport:
    """What one push, pull or both did."""

    pulled_new: int = 0
    pulled_updated: int = 0
    pulled_pages: int = 0
    pushed: int = 0
    already_there: int = 0
    conflicts_merged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    waiting: int = 0
    clone_suspects: list[tuple[str, str]] = field(default_factory=list)

    @property
    def pulled_changes(self) -> int:
        return self.pulled_new + self.pulled_updated


class CouchSync:
    """One desk's store against one CouchDB database.

    `key` names the server in the desk's local state (use `public_url(url)`), so a checkpoint of
    one server is never used against another. `on_progress` is told after every page or batch;
    `check_page` sees each pulled page before it is merged and may raise to refuse it.
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
    ) -> None:
        self.store = store
        self.client = client
        self.key = key
        self.batch_size = batch_size
        self.page_size = page_size
        self.on_progress = on_progress or (lambda report: None)
        self.check_page = check_page or (lambda items: None)
        self._rev_prefix = f"{REV_PREFIX}{hashlib.sha1(key.encode()).hexdigest()[:10]}:"
        self._fingerprints: dict[tuple[str, str], tuple[Record, str]] = {}

    # -- local bookkeeping -----------------------------------------------------------------

    @property
    def checkpoint_key(self) -> str:
        return CHECKPOINT_PREFIX + self.key

    def checkpoint(self) -> str | None:
        return self.store.local(self.checkpoint_key)

    def _rev_key(self, table: str, record_id: str) -> str:
        return f"{self._rev_prefix}{table}:{record_id}"

    def _known(self, table: str, record_id: str) -> dict[str, str] | None:
        return self.store.local(self._rev_key(table, record_id))

    def _fingerprint(self, table: str, record: Record) -> str:
        """Fingerprints cached by record identity: the store replaces, never mutates, records."""
        cached = self._fingerprints.get((table, record["id"]))
        if cached is not None and cached[0] is record:
            return cached[1]
        value = fingerprint(record)
        self._fingerprints[(table, record["id"])] = (record, value)
        return value

    def pending(self) -> list[tuple[str, Record]]:
        """Records whose current version the server is not known to hold."""
        waiting = []
        for table, record in self.store.dump():
            known = self._known(table, record["id"])
            if known is None or known.get("fp") != self._fingerprint(table, record):
                waiting.append((table, record))
        return waiting

    # -- pull --------------------------------------------------------------------------------

    def pull(self, report: SyncReport | None = None) -> SyncReport:
        """Read `_changes` from the checkpoint to the end, one durable write per page."""
        report = report or SyncReport()
        while True:
            page = self.client.changes(self.checkpoint(), limit=self.page_size)
            items: list[tuple[str, Record]] = []
            revs: dict[str, Any] = {}
            for change in page.results:
                doc = change.get("doc")
                found = record_of(doc) if isinstance(doc, dict) and not change["deleted"] else None
                if found is None:
                    continue
                table, record = found
                items.append(found)
                revs[self._rev_key(table, record["id"])] = {
                    "rev": doc["_rev"],
                    "fp": fingerprint(record),
                }
            self.check_page(items)  # may refuse the page (another event's data) before any write
            report.clone_suspects += clone_suspects(self.store, items)
            merged = self.store.merge(items, local={**revs, self.checkpoint_key: page.last_seq})
            report.pulled_new += merged.added
            report.pulled_updated += merged.updated
            report.pulled_pages += 1
            self.on_progress(report)
            if len(page.results) < self.page_size:
                return report

    # -- push --------------------------------------------------------------------------------

    def push(self, report: SyncReport | None = None) -> SyncReport:
        """Send every waiting record, in batches; rejected ones stay waiting."""
        report = report or SyncReport()
        waiting = self.pending()
        for start in range(0, len(waiting), self.batch_size):
            self._push_batch(waiting[start : start + self.batch_size], report)
            self.on_progress(report)
        report.waiting = len(self.pending())
        return report

    def _push_batch(self, batch: list[tuple[str, Record]], report: SyncReport) -> None:
        todo = {doc_id(table, record["id"]): (table, record) for table, record in batch}
        for _attempt in range(CONFLICT_RETRIES + 1):
            if not todo:
                return
            todo = self._push_once(todo, report)
        for did in todo:
            report.rejected.append(
                Rejected(did, "conflict", "the server kept changing it; it will be retried")
            )

    def _push_once(
        self, todo: dict[str, tuple[str, Record]], report: SyncReport
    ) -> dict[str, tuple[str, Record]]:
        """One round: read the server's copies, merge, send what differs; returns conflicts."""
        server = self.client.get_docs(list(todo))
        to_local: list[tuple[str, Record]] = []
        revs: dict[str, Any] = {}
        outgoing: list[dict[str, Any]] = []
        sent: dict[str, tuple[str, Record]] = {}
        for did, (table, ours) in todo.items():
            current = self.store.get(table, ours["id"]) or ours
            theirs_doc = server.get(did)
            theirs = record_of(theirs_doc) if theirs_doc else None
            policy = self.store.policies.get(table, "lww")
            merged = current if theirs is None else merge_records(current, theirs[1], policy)
            if merged != current:
                to_local.append((table, merged))
            if theirs is not None and merged == theirs[1]:
                report.already_there += 1
                revs[self._rev_key(table, ours["id"])] = {
                    "rev": theirs_doc["_rev"],  # type: ignore[index]
                    "fp": fingerprint(merged),
                }
                continue
            doc = {"_id": did, **merged}
            if theirs_doc is not None:
                doc["_rev"] = theirs_doc["_rev"]
            outgoing.append(doc)
            sent[did] = (table, merged)
        conflicts: dict[str, tuple[str, Record]] = {}
        if outgoing:
            for result in self.client.bulk_docs(outgoing):
                table, merged = sent[result.id]
                if result.ok and result.rev:
                    report.pushed += 1
                    revs[self._rev_key(table, merged["id"])] = {
                        "rev": result.rev,
                        "fp": fingerprint(merged),
                    }
                elif result.conflict:
                    report.conflicts_merged += 1
                    conflicts[result.id] = (table, merged)
                else:
                    report.rejected.append(
                        Rejected(result.id, result.error or "error", result.reason or "")
                    )
        if to_local or revs:
            self.store.merge(to_local, local=revs)
        return conflicts

    # -- both ---------------------------------------------------------------------------------

    def sync(self, push: bool = True, pull: bool = True) -> SyncReport:
        """Pull first (fewer conflicts to resolve), then push what is still waiting."""
        self.client.ensure_database()
        report = SyncReport()
        if pull:
            self.pull(report)
        if push:
            self.push(report)
        else:
            report.waiting = len(self.pending())
        return report


__all__ = [
    "CouchError",
    "CouchSync",
    "Rejected",
    "SyncReport",
    "doc_id",
    "fingerprint",
    "public_url",
    "record_of",
]
