"""facilitator.screens.checkin.screen."""
