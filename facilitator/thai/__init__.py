"""facilitator.thai."""
