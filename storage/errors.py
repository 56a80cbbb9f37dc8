"""The storage errors, each with a stable code, so a message can be shown in the user's language.

Without this a caller can only print the English text, or parse it to decide what to do. Every
error here carries `code` (the catalogue key is `storage.error.<code>`) and `params` (the values
its text is filled with), besides the English message. Callers catch the three types they always
have: `StoreError` (every storage problem), `CorruptDatabase` (refused because of damage: the
files were left exactly as they were) and `DatabaseLocked` (another window holds the file).

`StoreNotice` is the same shape for what a successful open wants the user to know: what was
recovered and what, if anything, was lost (catalogue key `storage.notice.<code>`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Params = Mapping[str, str | int]


class StoreError(Exception):
    """A database problem the user can act on; the message says what to do."""

    code: str = "store_error"

    def __init__(self, message: str, code: str | None = None, params: Params | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.params: dict[str, str | int] = dict(params or {})

    @property
    def message(self) -> str:
        """The English text."""
        return str(self.args[0]) if self.args else ""


class CorruptDatabase(StoreError):
    """The database was refused because of damage; nothing on disk was changed."""

    code = "damaged"


class DatabaseLocked(StoreError):
    """Another live process has the database open."""

    code = "locked"


@dataclass(frozen=True)
class StoreNotice:
    """Something the user should know after an open that succeeded (a recovery, a discard)."""

    code: str
    message: str
    params: Mapping[str, str | int] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message
