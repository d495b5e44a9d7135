"""Logs of any immersion and the one history of every kind: write, edit, undo (store I/O)."""
