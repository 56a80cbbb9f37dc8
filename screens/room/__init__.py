"""The room: the projector view (F6), facing the audience; no names, no phones."""
