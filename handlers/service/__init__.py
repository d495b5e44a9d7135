"""The rules: every operation the doors call, behind the `Service` facade (no HTTP, no AWS)."""
