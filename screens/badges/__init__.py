"""facilitator.screens.badges.actions."""
