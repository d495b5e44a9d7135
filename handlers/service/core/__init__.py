"""What every area shares: the calendar, durations, activities, errors, limits (no I/O)."""
