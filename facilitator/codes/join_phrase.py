"""The join phrase: how a desk gets the event's signing key without anyone else getting it.

The key that signs check-in codes must never sit readable on the office's server or on a USB
stick: whoever reads it can mint a valid badge for anyone, and attendance (and the allowances
paid on it) could be forged. So the key travels only sealed under the event's join phrase
(`facilitator.storage.sealed`: scrypt + AES-GCM): in the event document on the server as
`key_sealed`, and in bundles, which are sealed whole. The phrase is shown by the desk that
created the event (`facilitator event phrase`, the sync screen, as text and as a QR that another
desk's scanner types) and is given by hand to the other desks, which keep it locally.

A phrase is 24 letters of the code alphabet, shown in groups of four: it survives a scanner on
the Thai Kedmanee layout or with Caps Lock on, like a badge code does.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from facilitator.codes.participant_code import CODE_ALPHABET
from facilitator.codes.scan_repair import repair_scan
from facilitator.models import EVENT_TABLE
from facilitator.storage.record import Record
from facilitator.storage.sealed import SealError, open_sealed, seal

PHRASE_LETTERS = 24
GROUP = 4
PHRASE_KEY = "join_phrase"
"""Desk-local state: this desk's copy of the event's join phrase (never synced)."""
SEALED_FIELD = "key_sealed"
PHRASE_ENV = "FACILITATOR_EVENT_PHRASE"


def new_join_phrase() -> str:
    """A fresh phrase: 24 random letters (about 91 bits), in groups of four."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(PHRASE_LETTERS))
    return show_phrase(letters)


def show_phrase(phrase: str) -> str:
    """`ACDF-GIKL-…`: the phrase as people read it aloud and type it."""
    letters = normalise_phrase(phrase)
    return "-".join(letters[i : i + GROUP] for i in range(0, len(letters), GROUP))


def normalise_phrase(typed: str) -> str:
    """The letters of a phrase as typed or scanned (any case, hyphens or spaces, Kedmanee)."""
    return "".join(ch for ch in repair_scan(typed) if ch in CODE_ALPHABET)


def looks_like_phrase(typed: str) -> bool:
    return len(normalise_phrase(typed)) == PHRASE_LETTERS


def seal_key(event_id: str, key: str, phrase: str) -> dict[str, object]:
    """The event key sealed under the phrase, bound to the event; the same every time."""
    return seal(
        key.encode(),
        normalise_phrase(phrase),
        aad=event_id.encode(),
        salt=event_id.encode()[:16].ljust(16, b"\0"),
        deterministic=True,
    )


def open_key(event_id: str, sealed: object, phrase: str) -> str | None:
    """The event key from its sealed box, or None when this phrase does not open it."""
    try:
        return open_sealed(sealed, normalise_phrase(phrase), aad=event_id.encode()).decode()
    except (SealError, UnicodeDecodeError):
        return None


class KeyGuard:
    """The CouchDB transforms of the event document: the key out sealed, back in opened.

    Round trip: a record pushed and pulled again is the record it was (`incoming(outgoing(r))
    == r`), so the engine never sees a change that is not there.
    """

    def __init__(self, phrase: Callable[[], str | None]) -> None:
        self._phrase = phrase

    @property
    def phrase(self) -> str | None:
        """This desk's phrase now (it changes when the desk joins)."""
        return self._phrase()

    def outgoing(self, table: str, record: Record) -> Record:
        if table != EVENT_TABLE or "key" not in record:
            return record
        out = {k: v for k, v in record.items() if k != "key"}
        clocks = dict(out.get("clocks", {}))
        key_mark = clocks.pop("key", None)
        phrase = self.phrase
        if phrase:
            out[SEALED_FIELD] = seal_key(record["id"], record["key"], phrase)
            if key_mark is not None:
                clocks[SEALED_FIELD] = key_mark
        if "clocks" in out:
            out["clocks"] = clocks
        return out

    def incoming(self, table: str, record: Record) -> Record:
        phrase = self.phrase
        if table != EVENT_TABLE or SEALED_FIELD not in record or not phrase:
            return record
        key = open_key(record["id"], record[SEALED_FIELD], phrase)
        if key is None:
            return record  # kept sealed: this desk's phrase is not this event's
        back = {k: v for k, v in record.items() if k != SEALED_FIELD}
        back["key"] = key
        clocks = dict(back.get("clocks", {}))
        mark = clocks.pop(SEALED_FIELD, None)
        if mark is not None:
            clocks["key"] = mark
        if "clocks" in back:
            back["clocks"] = clocks
        return back
