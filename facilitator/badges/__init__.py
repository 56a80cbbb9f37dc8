"""facilitator.badges.service."""
