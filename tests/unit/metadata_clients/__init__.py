"""Unit tests of the provider clients, link parsing and duration parsing."""
