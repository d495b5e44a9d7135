"""A history entry: the one shape every door shows, built from a stored item (pure, no I/O).

Each kind of stored item (log, episode, movie, video, Spotify episode) becomes an ``Entry``;
episodes, videos and Spotify episodes take their subtitle (and episodes their length) from
a related record: the show, channel or podcast.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from handlers.service.core.durations import episode_activity, episode_seconds, item_seconds
from storage.models import (
    Episode,
    LogEntry,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
)
from storage.repository import Item

EntryKind = Literal["log", "episode", "movie", "youtube", "spotify"]

_KINDS: dict[str, tuple[EntryKind, str]] = {
    LogEntry.SK_PREFIX: ("log", ""),
    Episode.SK_PREFIX: ("episode", "tv"),
    Movie.SK_PREFIX: ("movie", "movie"),
    YouTubeVideo.SK_PREFIX: ("youtube", "video"),
    SpotifyEpisode.SK_PREFIX: ("spotify", "podcast"),
}
"""Entry kind and activity of each history prefix (a log carries its own activity)."""
KIND_PREFIX: dict[EntryKind, str] = {kind: prefix for prefix, (kind, _) in _KINDS.items()}
"""The history prefix of each entry kind."""


class Entry(BaseModel):
    """One entry of the history, whatever its kind (the shape every door shows)."""

    # Built on first use: a Lambda that never answers a history pays nothing at import.
    model_config = ConfigDict(defer_build=True)

    id: str
    kind: EntryKind
    activity: str
    title: str | None
    subtitle: str | None
    minutes: float
    at: int
    amount: float | None = None
    unit: str | None = None
    note: str | None = None
    url: str | None = None
    source: str | None = None


def token(key: str) -> str:
    """A sort key as an opaque URL-safe token (base64url, no padding)."""
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def token_key(token: str) -> str:
    """The sort key behind a token; "" for anything that is not one."""
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""


def entry_id(sk: str) -> str:
    """The opaque, stable, URL-safe id of the entry stored under ``sk``."""
    return token(sk)


def related_sk(item: Item) -> str | None:
    """The sort key of the show, channel or podcast record an entry's item names, if any."""
    sk = str(item["sk"])
    if sk.startswith(Episode.SK_PREFIX):
        return Show.SK_PREFIX + str(item["folder_name"])
    if sk.startswith(YouTubeVideo.SK_PREFIX) and item.get("youtube_channel_id"):
        return YouTubeChannel.SK_PREFIX + str(item["youtube_channel_id"])
    if sk.startswith(SpotifyEpisode.SK_PREFIX) and item.get("spotify_show_id"):
        return SpotifyShow.SK_PREFIX + str(item["spotify_show_id"])
    return None


def entry_fields(item: Item, related: Item | None = None) -> Item:
    """Every field of an item's entry, ``minutes`` as whole ``seconds`` (what the kept
    totals count of it, ``item_seconds``; an episode's its show's runtime), absent values
    left out: the copy the time index keeps (``related`` as in ``to_entry``)."""
    sk = str(item["sk"])
    kind, activity = _KINDS[sk[: sk.find("#") + 1]]
    fields = {
        "id": entry_id(sk),
        "kind": kind,
        "activity": str(item.get("activity", activity)),
        "at": int(item["timestamp"]),
        **_FIELDS[kind](item, related),
    }
    return {name: value for name, value in fields.items() if value is not None}


def from_fields(fields: Item) -> Entry:
    """The entry whose fields are ``fields`` (as ``entry_fields`` gives them).

    Built from our own items, whose shapes the store already guarantees, so nothing is
    validated again; and, as a page builds many, without even ``model_construct``'s
    per-field work: every field is set here, in declaration order (the JSON's order).
    """
    values = dict(_TEMPLATE)
    values.update(fields)
    values["minutes"] = values.pop("seconds") / 60
    entry = Entry.__new__(Entry)
    _set(entry, "__dict__", values)
    _set(entry, "__pydantic_fields_set__", set(_ALL_FIELDS))
    _set(entry, "__pydantic_extra__", None)
    _set(entry, "__pydantic_private__", None)
    return entry


_TEMPLATE: dict[str, Any] = dict.fromkeys(Entry.model_fields)
_ALL_FIELDS = frozenset(Entry.model_fields)
_set = object.__setattr__


def to_entry(item: Item, related: Item | None = None) -> Entry:
    """The history entry of a stored item; ``related`` is its show/channel/podcast record."""
    return from_fields(entry_fields(item, related))


def _log_fields(item: Item, _related: Item | None) -> dict[str, Any]:
    return {
        "title": item.get("title") or None,
        "seconds": item_seconds(item),
        "amount": item.get("amount"),
        "unit": item.get("unit"),
        "note": item.get("note"),
        "url": item.get("url"),
        "source": item.get("source"),
    }


def _episode_fields(item: Item, show: Item | None) -> dict[str, Any]:
    return {
        "activity": episode_activity(show),
        "title": item["file_name"],
        "subtitle": (show or {}).get("tvdb_name") or item["folder_name"],
        "seconds": episode_seconds(show),
    }


def episode_folder(fields: Item) -> str:
    """The folder of the episode whose fields (``entry_fields``) these are: its key is
    ``EPISODE#<folder>#<file>`` and its title the file, so the folder is what lies between
    (whatever ``#`` either name holds)."""
    sk = token_key(str(fields["id"]))
    return sk[len(Episode.SK_PREFIX) : len(sk) - len(str(fields["title"])) - 1]


def _movie_fields(item: Item, _related: Item | None) -> dict[str, Any]:
    movie = Movie.from_item(item)
    return {"title": movie.name or movie.file_name, "seconds": item_seconds(item)}


def _played(kind: str, subtitle: str, url: str) -> Callable[[Item, Item | None], dict[str, Any]]:
    """The fields of a video or Spotify episode (``kind``: its attributes' prefix), its
    subtitle from the channel or podcast record, the watched part if one was logged."""

    def fields(item: Item, related: Item | None) -> dict[str, Any]:
        return {
            "title": item.get(f"{kind}_title"),
            "subtitle": (related or {}).get(subtitle),
            "seconds": item_seconds(item),
            "url": url + str(item[f"{kind}_id"]),
        }

    return fields


_youtube_fields = _played(
    "youtube_video", "youtube_channel_title", "https://www.youtube.com/watch?v="
)
_spotify_fields = _played(
    "spotify_episode", "spotify_show_name", "https://open.spotify.com/episode/"
)


_FIELDS = {
    "log": _log_fields,
    "episode": _episode_fields,
    "movie": _movie_fields,
    "youtube": _youtube_fields,
    "spotify": _spotify_fields,
}
