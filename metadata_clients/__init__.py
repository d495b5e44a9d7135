"""Metadata providers (TVDB, YouTube, Spotify, TMDB), link parsing and duration parsing.

This package init imports nothing so that the light sync client can use ``links`` alone.
"""
