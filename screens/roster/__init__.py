"""facilitator.screens.roster."""
