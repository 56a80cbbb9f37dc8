"""facilitator.sync.service."""
