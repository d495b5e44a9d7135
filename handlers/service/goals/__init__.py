"""Goals, streaks, reminders' settings and study-group leaderboards (store I/O)."""
