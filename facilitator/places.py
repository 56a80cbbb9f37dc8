"""Where this user's facilitator files live when no path is given.

One function per place, so the CLI, the known-events list and the tests agree on them.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "FACILITATOR_DB"


def user_data_dir() -> Path:
    """This user's facilitator data folder: `$XDG_DATA_HOME/facilitator`, else ~/.local/share/facilitator."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "facilitator"


def default_db_path() -> Path:
    """`$FACILITATOR_DB`, else `event.json` in the user's data folder."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return user_data_dir() / "event.json"
