"""facilitator.roster."""
