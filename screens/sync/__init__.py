"""facilitator.screens.sync.screen."""
