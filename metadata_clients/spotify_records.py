"""Spotify JSON objects to our models: episodes, shows, release dates (pure)."""

from __future__ import annotations

from datetime import date
from typing import Any

from metadata_clients.models import SpotifyEpisode, SpotifyShow


def release_date(text: str | None, precision: str | None) -> date | None:
    """The release date, or the first day of its month or year for coarser precisions.

    ``None`` when absent or unreadable (Spotify sends ``0000`` for unknown dates).
    """
    if not text:
        return None
    parts = text.split("-")
    try:
        if precision == "year" or len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if precision == "month" or len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date.fromisoformat(text)
    except ValueError:
        return None


def _artwork(images: Any) -> str | None:
    """The largest image: Spotify lists them widest first, but do not rely on it."""
    if not isinstance(images, list):
        return None
    usable = [image for image in images if isinstance(image, dict) and image.get("url")]
    if not usable:
        return None
    best = max(usable, key=lambda image: image.get("width") or 0)
    url = best["url"]
    return url if isinstance(url, str) else None


def show_from_json(body: dict[str, Any]) -> SpotifyShow:
    return SpotifyShow(id=body["id"], name=body["name"], artwork_url=_artwork(body.get("images")))


def episode_from_json(body: dict[str, Any]) -> SpotifyEpisode:
    show = body.get("show")
    precision = body.get("release_date_precision")
    return SpotifyEpisode(
        id=body["id"], name=body["name"], duration_seconds=round(body["duration_ms"] / 1000),
        release_date=release_date(body.get("release_date"), precision),
        release_date_precision=precision, languages=list(body.get("languages") or []),
        artwork_url=_artwork(body.get("images")),
        show=show_from_json(show) if isinstance(show, dict) else None,
    )
