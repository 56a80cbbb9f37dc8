"""The user-mistake exceptions: shown as a message with a non-zero exit, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; the message says what happened and what to do."""

    exit_code = 1
