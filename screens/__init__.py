"""The Textual face of facilitator: the App, its screens, widgets and styles."""
