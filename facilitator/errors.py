"""The exceptions a user sees: a message in their language, a non-zero exit, never a traceback.

Every error names a catalogue key and the values to fill in, and is put into words only when it
is shown (`str(error)`), so the CLI's `--lang`, the TUI's language and a test's language all get
the text in the language they speak. The storage layer speaks English and knows nothing of the
catalogue; its errors are translated once, where the Desk meets the store (`from_storage`).
"""

from __future__ import annotations

from typing import Any

from facilitator.i18n import has_text, t
from facilitator.storage_texts import known, os_reason


class UserError(Exception):
    """Something the user can fix; the message says what happened and what to do."""

    exit_code = 1

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return t(self.key, **self.params)


class DatabaseError(UserError):
    """The event database cannot be opened, read or written (damaged, locked, a full disk).

    `hints` are catalogue keys of further lines (what to do), filled from the same params.
    """

    def __init__(self, key: str, /, hints: tuple[str, ...] = (), **params: Any) -> None:
        super().__init__(key, **params)
        self.hints = hints

    def __str__(self) -> str:
        return "\n".join([t(self.key, **self.params), *(t(h, **self.params) for h in self.hints)])


def from_storage(exc: BaseException) -> UserError:
    """A storage-layer exception in the user's words.

    A storage error with a `code` names its catalogue entry (`storage.error.<code>`, filled
    with its `params`, an operating-system reason translated); a refusal of a damaged database
    also says what to do (`storage.hint.*`: the backups and the restore command). One without a
    code is recognised by its wording (`facilitator.storage_texts`); one that is neither keeps
    the storage layer's English text as the detail.
    """
    code = getattr(exc, "code", None)
    params = dict(getattr(exc, "params", None) or {})
    if code and has_text(f"storage.error.{code}"):
        if "reason" in params:
            params["reason"] = os_reason(params["reason"])
        return DatabaseError(
            f"storage.error.{code}", detail=str(exc), hints=_restore_hints(params), **params
        )
    text = known(str(exc))
    if text is not None:
        return DatabaseError(text.key, **text.params)
    return DatabaseError("storage.text.other", detail=str(exc))


def _restore_hints(params: dict[str, object]) -> tuple[str, ...]:
    """What a refusal of a damaged database adds: how to get the event back."""
    hints: list[str] = []
    if params.get("restore_command"):
        hints.append("storage.hint.restore")
    elif "backup_folder" in params:
        hints.append("storage.hint.no_backups")
    if params.get("restore_generation_command"):
        hints.append("storage.hint.restore_generation")
    return tuple(hints)
