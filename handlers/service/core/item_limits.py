"""One-sentence messages for items over the store's size limits, naming the field (no I/O).

The store reports which key is too long; the user knows it as a folder or file name.
"""

from __future__ import annotations

from handlers.service.logbook import history_index
from storage.limits import ITEM_MAX_BYTES, PARTITION_KEY_MAX_BYTES, SORT_KEY_MAX_BYTES
from storage.models import Episode, Movie, Show, SpotifyEpisode, SpotifyShow, YouTubeVideo
from storage.repository import InvalidItem

_KEY_NAMES: tuple[tuple[str, str, int], ...] = (
    # Sort-key prefix, what the user calls the rest of the key, bytes besides the prefix.
    (Episode.SK_PREFIX, "The show folder and file name together are", 1),
    (Show.SK_PREFIX, "The show folder name is", 0),
    (Movie.SK_PREFIX, "The movie file name is", 0),
    (YouTubeVideo.SK_PREFIX, "The YouTube video id is", 0),
    (SpotifyEpisode.SK_PREFIX, "The Spotify episode id is", 0),
    (SpotifyShow.SK_PREFIX, "The Spotify show id is", 0),
)


def invalid_item_message(error: InvalidItem) -> str:
    """What the user sent that the store cannot hold, and the limit, in one sentence."""
    if error.attribute == "pk":
        return f"The user name is too long (at most {PARTITION_KEY_MAX_BYTES - 5:,} bytes)."
    if error.attribute == "sk":
        sk, room = error.sk or "", SORT_KEY_MAX_BYTES
        if sk.startswith(history_index.PREFIX):
            # A history reference holds its entry's key after a fixed part of its own.
            fixed = len(history_index.widest_reference_sk(""))
            sk, room = sk[fixed:], room - fixed
        for prefix, subject, separators in _KEY_NAMES:
            if sk.startswith(prefix):
                room -= len(prefix.encode()) + separators
                return f"{subject} too long (at most {room:,} bytes in UTF-8)."
        return f"A name is too long to be stored (at most {SORT_KEY_MAX_BYTES:,} bytes)."
    return f"The record is too large to be stored (at most {ITEM_MAX_BYTES:,} bytes)."
