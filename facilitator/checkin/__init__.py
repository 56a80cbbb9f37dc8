"""facilitator.checkin.service."""
