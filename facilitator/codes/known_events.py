"""Events this machine has seen, so a scan from another event can be named, not just tagged.

Why: a participant code carries only a 3-letter event tag. When a trainer runs two workshops (or
a demo and the real one) on one laptop and a badge of the other is scanned, "this badge is for
<the other workshop's name>" tells the desk what happened; "event tag KAV" does not. The list is
a small per-user file, `$XDG_DATA_HOME/facilitator/known-events.json` ({tag: name}), written
whenever a desk opens an event. Naming is a nicety: a missing or unwritable file never stops a
check-in, it only makes the message show the tag.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from facilitator.codes.participant_code import event_tag
from facilitator.errors import UserError
from facilitator.files import write_atomic
from facilitator.places import user_data_dir

REGISTRY_ENV = "FACILITATOR_KNOWN_EVENTS"


def registry_path() -> Path:
    """`$FACILITATOR_KNOWN_EVENTS`, else the user's data folder (beside the default database)."""
    if os.environ.get(REGISTRY_ENV):
        return Path(os.environ[REGISTRY_ENV]).expanduser()
    return user_data_dir() / "known-events.json"


def known_events(path: Path | None = None) -> dict[str, str]:
    """Every remembered {tag: event name}; empty when the file is missing or unreadable."""
    try:
        data = json.loads((path or registry_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def remember_event(event_id: str, name: str, path: Path | None = None) -> None:
    """Record this event's tag and name; writes only when something changed, never raises."""
    target = path or registry_path()
    tag = event_tag(event_id)
    current = known_events(target)
    if current.get(tag) == name:
        return
    current[tag] = name
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = json.dumps(current, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(target, text, force=True)
    except (OSError, UserError):
        return  # a read-only home must not break the desk; the tag is shown instead


def event_name_for_tag(tag: str, path: Path | None = None) -> str | None:
    """The name of the event with this tag, if this machine has opened it."""
    return known_events(path).get(tag)
