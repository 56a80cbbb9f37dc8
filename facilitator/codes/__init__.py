"""facilitator.codes.participant_code."""
