"""facilitator.screens.exports."""
