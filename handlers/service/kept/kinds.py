"""The kinds of entry a history holds, defined once: prefix, record, activity, weight (pure).

Every rule that used to switch on an entry's sort-key prefix asks this table instead: which
record names and weighs an entry (an episode's show, a video's channel, a Spotify
episode's podcast), which activity it counts as, whether its seconds come from that
record (episodes: the show's runtime) or from the entry itself (``durations``).
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class EntryKind:
    """One kind of history entry and how the kept items count it."""

    prefix: str
    """Its sort-key prefix (``"EPISODE#"``)."""
    name: str
    """The history's name of the kind (``"episode"``)."""
    activity: str | None
    """The activity it counts as; ``None``: the entry carries its own (logs)."""
    record_prefix: str | None
    """The prefix of the record that names it (its show, channel or podcast)."""
    record_attribute: str | None
    """The entry's attribute holding that record's id."""
    weighed_by_record: bool
    """Whether its seconds are its record's runtime (episodes), figured when read."""
    first_generation: bool
    """Whether the first generation counts it (``/progress``'s kind counters)."""
    keyed_by_record: bool = False
    """Whether its sort key starts with its record's id (``EPISODE#<folder>#<file>``)."""

    def activity_of(self, entry: Item) -> str:
        """The activity ``entry`` (of this kind) counts as."""
        return self.activity or str(entry.get("activity", "other"))

    def record_id(self, entry: Item) -> str | None:
        """The id of the record ``entry`` names, if it names one."""
        if self.record_attribute is None:
            return None
        value = entry.get(self.record_attribute)
        return None if value is None or value == "" else str(value)

    def entries_prefix(self, record_id: str) -> str:
        """A sort-key prefix holding every entry of this kind naming ``record_id``."""
        return f"{self.prefix}{record_id}#" if self.keyed_by_record else self.prefix

    def record_sk(self, entry: Item) -> str | None:
        """The sort key of the record ``entry`` names, if any."""
        found = self.record_id(entry)
        return None if found is None or self.record_prefix is None else self.record_prefix + found


ENTRY_KINDS: tuple[EntryKind, ...] = (
    EntryKind(Episode.SK_PREFIX, "episode", "tv", Show.SK_PREFIX, "folder_name", True, True,
              keyed_by_record=True),
    EntryKind(Movie.SK_PREFIX, "movie", "movie", None, None, False, True),
    EntryKind(YouTubeVideo.SK_PREFIX, "youtube", "video", YouTubeChannel.SK_PREFIX,
              "youtube_channel_id", False, True),
    EntryKind(SpotifyEpisode.SK_PREFIX, "spotify", "podcast", SpotifyShow.SK_PREFIX,
              "spotify_show_id", False, True),
    EntryKind(LogEntry.SK_PREFIX, "log", None, None, None, False, False),
)
BY_PREFIX = {kind.prefix: kind for kind in ENTRY_KINDS}
ENTRY_PREFIXES: tuple[str, ...] = tuple(BY_PREFIX)
RECORD_PREFIXES: tuple[str, ...] = tuple(
    dict.fromkeys(k.record_prefix for k in ENTRY_KINDS if k.record_prefix)
)
"""The records entries name: shows, channels, podcasts (source items, never derived)."""


def kind_of(sk: str) -> EntryKind | None:
    """The kind of the entry stored under ``sk``; ``None`` for anything else."""
    return BY_PREFIX.get(sk[: sk.find("#") + 1])


def is_entry(sk: str) -> bool:
    """Whether the item under ``sk`` is one entry of a history."""
    return kind_of(sk) is not None


def is_record(sk: str) -> bool:
    """Whether the item under ``sk`` is a record entries name (show, channel, podcast)."""
    return sk.startswith(RECORD_PREFIXES)


def kind_naming(record_sk: str) -> EntryKind | None:
    """The entry kind whose entries name the record ``record_sk`` (None: no kind does)."""
    return next((k for k in ENTRY_KINDS if k.record_prefix and record_sk.startswith(
        k.record_prefix)), None)
