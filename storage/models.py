"""Typed models of the seven stored item kinds, byte-compatible with the first generation (no I/O).

Each model knows its sort-key prefix and converts to and from the stored item shape.
Keys are built by plain concatenation and never parsed back: every attribute is stored on
its own. Optional metadata attributes are absent from the stored item when unknown.
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict

from storage.repository import Item


def user_pk(user: str) -> str:
    """The partition key of everything a user owns."""
    return f"USER#{user}"


class StoredItem(BaseModel):
    """Common fields of every item and the conversion to and from the stored shape."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)

    SK_PREFIX: ClassVar[str]

    user: str
    version: int = 1

    @property
    def pk(self) -> str:
        return user_pk(self.user)

    @property
    def sk(self) -> str:
        return self.SK_PREFIX + self.key_suffix()

    def key_suffix(self) -> str:
        raise NotImplementedError

    def to_item(self) -> Item:
        """The item exactly as stored: keys first, unknown metadata left out."""
        body = self.model_dump(exclude_none=True, by_alias=True)
        return {"pk": self.pk, "sk": self.sk, **body}

    @classmethod
    def from_item(cls, item: Item) -> Self:
        """Load a stored item (ours or the first generation's)."""
        return cls.model_validate(item)


class Episode(StoredItem):
    SK_PREFIX: ClassVar[str] = "EPISODE#"
    folder_name: str
    file_name: str
    timestamp: int

    def key_suffix(self) -> str:
        return f"{self.folder_name}#{self.file_name}"


class Show(StoredItem):
    SK_PREFIX: ClassVar[str] = "SHOW#"
    folder_name: str
    tvdb_id: int | None = None
    tvdb_name: str | None = None
    tvdb_image: str | None = None
    tvdb_average_runtime: int | None = None
    activity: str | None = None
    """``anime`` when the user says the show is anime (its episodes count as such)."""

    def key_suffix(self) -> str:
        return self.folder_name


class Movie(StoredItem):
    """A movie, identified by TVDB (current spelling) or TMDB (a later generation's)."""

    SK_PREFIX: ClassVar[str] = "MOVIE#"
    file_name: str
    tvdb_id: int | None = None
    tvdb_name: str | None = None
    tvdb_image: str | None = None
    tmdb_id: int | None = None
    tmdb_name: str | None = None
    tmdb_image: str | None = None
    movie_duration: int | None = None
    timestamp: int

    def key_suffix(self) -> str:
        return self.file_name

    @property
    def name(self) -> str | None:
        return self.tvdb_name if self.tvdb_name is not None else self.tmdb_name

    @property
    def image(self) -> str | None:
        return self.tvdb_image if self.tvdb_image is not None else self.tmdb_image


class YouTubeVideo(StoredItem):
    SK_PREFIX: ClassVar[str] = "YOUTUBEVIDEO#"
    youtube_video_id: str
    youtube_video_title: str | None = None
    youtube_channel_id: str | None = None
    youtube_video_duration: int | None = None
    watched_seconds: int | None = None
    """Set when only part was watched, or the length was unknown (a live stream)."""
    timestamp: int

    def key_suffix(self) -> str:
        return self.youtube_video_id


class YouTubeChannel(StoredItem):
    SK_PREFIX: ClassVar[str] = "YOUTUBECHANNEL#"
    youtube_channel_id: str
    youtube_channel_title: str | None = None
    youtube_channel_artwork_url: str | None = None

    def key_suffix(self) -> str:
        return self.youtube_channel_id


class SpotifyEpisode(StoredItem):
    SK_PREFIX: ClassVar[str] = "SPOTIFYEPISODE#"
    spotify_episode_id: str
    spotify_episode_title: str | None = None
    spotify_show_id: str | None = None
    spotify_episode_duration: int | None = None
    watched_seconds: int | None = None
    """Set when only part was listened to."""
    timestamp: int

    def key_suffix(self) -> str:
        return self.spotify_episode_id


class SpotifyShow(StoredItem):
    SK_PREFIX: ClassVar[str] = "SPOTIFYSHOW#"
    spotify_show_id: str
    spotify_show_name: str | None = None
    spotify_show_artwork_url: str | None = None

    def key_suffix(self) -> str:
        return self.spotify_show_id


class LogEntry(StoredItem):
    """Immersion logged by hand (or imported): any activity, with its duration in seconds."""

    SK_PREFIX: ClassVar[str] = "LOG#"
    log_id: str
    activity: str
    title: str = ""
    duration: int
    amount: float | None = None
    unit: str | None = None
    note: str | None = None
    url: str | None = None
    timestamp: int
    created_at: int
    source: str
    external_id: str | None = None
    timed: bool | None = None
    """True when the learner gave the minutes beside the amount: a measured time, not one
    worked out from the amount with a speed setting."""

    def key_suffix(self) -> str:
        return self.log_id


ITEM_KINDS: tuple[type[StoredItem], ...] = (
    Episode,
    Show,
    Movie,
    YouTubeVideo,
    YouTubeChannel,
    SpotifyEpisode,
    SpotifyShow,
    LogEntry,
)

CONTENT_PREFIXES: tuple[str, ...] = (
    Episode.SK_PREFIX,
    Movie.SK_PREFIX,
    YouTubeVideo.SK_PREFIX,
    SpotifyEpisode.SK_PREFIX,
)
"""Sort-key prefixes of the first generation's content items (its counters and lists)."""

HISTORY_PREFIXES: tuple[str, ...] = (*CONTENT_PREFIXES, LogEntry.SK_PREFIX)
"""Sort-key prefixes of every item that is one entry of a user's history."""


def model_for(item: Item) -> type[StoredItem] | None:
    """The model class of a stored item by its sort key, or ``None`` for other kinds."""
    sk = str(item.get("sk", ""))
    # Longest prefix first would matter only if one prefix started another; none does.
    for kind in ITEM_KINDS:
        if sk.startswith(kind.SK_PREFIX):
            return kind
    return None


def load_item(item: Item) -> StoredItem | None:
    """Load any content kind from its stored shape; ``None`` for other kinds."""
    kind = model_for(item)
    return kind.from_item(item) if kind else None

