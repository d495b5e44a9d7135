"""The provider records the clients return, as pydantic models (pure)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class TvdbSeries(_Record):
    id: int
    name: str
    image: str | None
    average_runtime_minutes: int | None
    original_language: str | None


class TvdbEpisode(_Record):
    """An episode as TVDB v4 ``GET /episodes/{id}`` gives it: which series it belongs to."""

    id: int
    series_id: int
    name: str | None
    runtime_minutes: int | None


class TvdbMovie(_Record):
    id: int
    name: str
    image: str | None
    runtime_minutes: int | None


class TvdbSearchResult(_Record):
    tvdb_id: int
    name: str
    year: str | None
    image_url: str | None
    primary_language: str | None
    overview: str | None


class YouTubeVideo(_Record):
    id: str
    title: str
    channel_id: str
    channel_title: str
    duration_seconds: int | None
    """``None`` for a live or upcoming video, which has no duration yet."""
    default_audio_language: str | None


class YouTubeChannel(_Record):
    id: str
    title: str
    artwork_url: str | None


class SpotifyShow(_Record):
    id: str
    name: str
    artwork_url: str | None


class SpotifyEpisode(_Record):
    id: str
    name: str
    duration_seconds: int
    release_date: date | None
    """The first day of the period when ``release_date_precision`` is month or year."""
    release_date_precision: str | None
    languages: list[str]
    artwork_url: str | None
    show: SpotifyShow | None
    """``None`` for the simplified episodes of a show listing."""


class TmdbMovie(_Record):
    id: int
    title: str
    """The original title, as the product stores names in the original language."""
    runtime_minutes: int | None
    image: str | None
