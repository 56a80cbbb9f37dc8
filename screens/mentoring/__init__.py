"""facilitator.screens.mentoring."""
