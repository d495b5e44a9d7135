"""Shows, channels and podcasts, the four syncs and shared links (store and provider I/O)."""
