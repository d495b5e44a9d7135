"""How long each kind of watched item counts, and as what: the rule every statistic uses (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storage.models import Episode, LogEntry, Movie, SpotifyEpisode, YouTubeVideo

DEFAULT_EPISODE_SECONDS = 20 * 60
"""Duration of an episode whose show has no record or no runtime."""

DURATION_ATTRIBUTE = {
    Movie.SK_PREFIX: "movie_duration",
    YouTubeVideo.SK_PREFIX: "youtube_video_duration",
    SpotifyEpisode.SK_PREFIX: "spotify_episode_duration",
    LogEntry.SK_PREFIX: "duration",
}
"""Where each kind other than episodes stores its own duration, in seconds."""


def sk_kind(item: Mapping[str, Any]) -> str:
    """The sort-key prefix of an item including its ``#`` (``"EPISODE#"``), or ``""``."""
    sk: str = item.get("sk", "")
    return sk[: sk.find("#") + 1]


def runtime_seconds(minutes: int | None) -> int | None:
    """A provider's runtime in minutes as stored seconds; 0 is how providers say "unknown"."""
    return minutes * 60 if minutes else None


def episode_seconds(show: Mapping[str, Any] | None) -> int:
    """Duration of one episode of the folder whose show record is ``show`` (or none)."""
    runtime = show.get("tvdb_average_runtime") if show is not None else None
    # A zero runtime is how TVDB says "unknown"; it must not make a show weigh nothing.
    return int(runtime) if runtime else DEFAULT_EPISODE_SECONDS


SHOW_ACTIVITIES = ("anime", "tv")
"""What a user may say a show is; an episode of a show never said to be anime is ``tv``."""


def episode_activity(show: Mapping[str, Any] | None) -> str:
    """The activity an episode of the folder whose show record is ``show`` counts as, read
    when counted (never kept): ``anime`` when the user marked the show so, else ``tv``."""
    return "anime" if show is not None and show.get("activity") == "anime" else "tv"


def item_seconds(item: Mapping[str, Any], show: Mapping[str, Any] | None = None) -> int:
    """Duration of one content item; ``show`` is the episode's show record, if any.

    A missing duration (a live video, a provider without one) counts as 0 seconds; items
    that are not watched content weigh 0.
    """
    kind = sk_kind(item)
    if kind == Episode.SK_PREFIX:
        return episode_seconds(show)
    attribute = DURATION_ATTRIBUTE.get(kind)
    if attribute is None:
        return 0
    # A part watched (or a live stream's time) counts instead of the full length.
    return int(item.get("watched_seconds", item.get(attribute, 0)) or 0)
