"""Unit tests of the local sync client."""
