"""Offline checks of the infrastructure code in infra/ (no I/O on import)."""
