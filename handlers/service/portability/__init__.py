"""Your data is yours: export, import from other trackers, migrate stores (store I/O)."""
