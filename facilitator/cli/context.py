"""What every command needs: the parsed arguments and, when asked for, the open desk."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from facilitator.desk import Desk
from facilitator.errors import DatabaseError, UserError
from facilitator.i18n import t
from facilitator.places import default_db_path


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that are the user's to fix: printed as one message, no traceback.

    The Desk turns every storage problem into a `UserError`, so that is all a command sees.
    """
    return (UserError,)


class CliContext:
    """Holds the arguments and opens the database once, on first use."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._desk: Desk | None = None

    @property
    def db_path(self) -> Path:
        return Path(self.args.db).expanduser() if self.args.db else default_db_path()

    def desk(self, reading: bool = False, door_first: bool = False) -> Desk:
        """The open desk (takes the database lock).

        A command that only reads (`reading`) still works while the TUI holds the database:
        it reads a consistent snapshot instead, and says so on stderr. `door_first`: see
        `Desk.open` (the TUI at the door).
        """
        if self._desk is None:
            try:
                self._desk = Desk.open(
                    self.db_path, station=self.args.station, door_first=door_first
                )
            except DatabaseError as exc:
                if not reading or exc.key != "storage.error.locked":
                    raise
                self._desk = Desk.snapshot(self.db_path)
                print(t("cli.snapshot", error=exc), file=sys.stderr)
            for problem in self._desk.warnings:
                print(t("cli.warning", problem=problem), file=sys.stderr)
        return self._desk

    def close(self) -> None:
        if self._desk is not None:
            desk, self._desk = self._desk, None
            try:
                desk.close()
            except user_errors() as exc:  # e.g. the folder turned read-only: warn, no traceback
                print(t("cli.warning", problem=exc), file=sys.stderr)

    @staticmethod
    def print_json(data: Any) -> None:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
