"""Pushed messages: the due-time index, reminders and the weekly digest (store I/O)."""
