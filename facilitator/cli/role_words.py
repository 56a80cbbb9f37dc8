"""A role as typed on the command line: its name, or the Thai words a roster file uses."""

from __future__ import annotations

from facilitator.models import Role
from facilitator.roster.roster_file import parse_role, role_from_position


def role_word(text: str) -> str:
    """The role `text` names: its name (producer) or its Thai words (ผู้ประกอบการ,
    กรรมการ KBO, เจ้าหน้าที่, วิทยากร), as a roster file writes them. Anything else is given
    back as typed, for argparse's `choices` to refuse, listing what it takes."""
    if text in {r.value for r in Role}:
        return text
    return parse_role(text) or role_from_position(text) or text
