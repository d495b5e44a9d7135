"""Capture from players: target languages, integrations and their tokens, sessions, counting."""
