"""Users, passwords, web sessions, Telegram links and per-user settings (store I/O)."""
