"""Sample items for the storage contract tests: every kind, awkward names (no I/O)."""

from __future__ import annotations

from storage.models import (
    Episode,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    StoredItem,
    YouTubeChannel,
    YouTubeVideo,
)
from storage.repository import Item

AWKWARD_NAMES = (
    "plain",
    "with space",
    "hash#inside#twice",
    "[brackets] and *stars* and ?marks?",
    "100% _under_ score",
    "進撃の巨人",
    "emoji 😀 and fullwidth ～",
)

SPEC_EXAMPLES: tuple[Item, ...] = (
    {
        "pk": "USER#alice",
        "sk": "EPISODE#show_name#episode_filename",
        "user": "alice",
        "folder_name": "show_name",
        "file_name": "episode_filename",
        "timestamp": 1672531200,
        "version": 1,
    },
    {
        "pk": "USER#alice",
        "sk": "SHOW#show_name",
        "user": "alice",
        "folder_name": "show_name",
        "tvdb_id": 12345,
        "tvdb_name": "Example Show",
        "tvdb_image": "https://artworks.thetvdb.com/banners/posters/12345-1.jpg",
        "tvdb_average_runtime": 1440,
        "version": 2,
    },
    {
        "pk": "USER#alice",
        "sk": "SPOTIFYEPISODE#4qjerzMw8jfD30VOG0tjpK",
        "user": "alice",
        "spotify_episode_id": "4qjerzMw8jfD30VOG0tjpK",
        "spotify_episode_title": "No 1 紹介(しょうかい) Introduction",
        "spotify_show_id": "6Nl8RDfPxsk4h4bfWe76Kg",
        "spotify_episode_duration": 388,
        "timestamp": 1672531200,
        "version": 1,
    },
)


def every_kind(user: str, name: str) -> list[StoredItem]:
    """One model of each of the seven kinds, all named ``name``, metadata filled in."""
    return [
        Episode(user=user, folder_name=name, file_name=f"{name} 01", timestamp=1672531200),
        Show(
            user=user,
            folder_name=name,
            tvdb_id=81797,
            tvdb_name=f"{name} (TV)",
            tvdb_image="https://artworks.thetvdb.com/x.jpg",
            tvdb_average_runtime=1440,
            version=3,
        ),
        Movie(user=user, file_name=name, tmdb_id=129, tmdb_name=name, timestamp=1700000000),
        Movie(
            user=user,
            file_name=f"{name} 2",
            tvdb_id=7,
            tvdb_name=name,
            movie_duration=7200,
            timestamp=1700000001,
        ),
        YouTubeVideo(
            user=user,
            youtube_video_id=f"id-{name}",
            youtube_video_title=name,
            youtube_channel_id="UC123",
            youtube_video_duration=613,
            timestamp=1700000002,
        ),
        YouTubeChannel(user=user, youtube_channel_id=f"UC-{name}", youtube_channel_title=name),
        SpotifyEpisode(user=user, spotify_episode_id=f"ep-{name}", timestamp=1700000003),
        SpotifyShow(
            user=user,
            spotify_show_id=f"show-{name}",
            spotify_show_name=name,
            spotify_show_artwork_url="https://i.scdn.co/image/ab",
        ),
    ]


def plain_item(pk: str, sk: str, **attributes: object) -> Item:
    """A minimal item as the service writes them."""
    return {"pk": pk, "sk": sk, "version": 1, **attributes}
