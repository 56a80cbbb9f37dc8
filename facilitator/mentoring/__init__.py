"""facilitator.mentoring.service."""
