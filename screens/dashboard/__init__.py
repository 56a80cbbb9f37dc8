"""facilitator.screens.dashboard.screen."""
