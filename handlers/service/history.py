"""A user's history: every kind of entry as one list, newest first, a page at a time (store I/O).

A page reads one page of time-index references (see ``history_index``), then the entries
they name and the show, channel and podcast records those need, in two batched reads.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from handlers.service import history_index
from handlers.service.durations import episode_seconds
from handlers.service.errors import InvalidInput, NotFound
from storage.models import (
    Episode,
    LogEntry,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
    user_pk,
)
from storage.repository import Item, ItemRepository

EntryKind = Literal["log", "episode", "movie", "youtube", "spotify"]
MAX_PAGE = 200
DEFAULT_PAGE = 50
_SCAN_LIMIT = 20 * MAX_PAGE
"""A filtered page stops after this many references, so a rare filter cannot read it all."""
_CURSOR = re.compile(rf"{history_index.PREFIX}\d{{11}}#.+", re.DOTALL)

_KINDS: dict[str, tuple[EntryKind, str]] = {
    LogEntry.SK_PREFIX: ("log", ""),
    Episode.SK_PREFIX: ("episode", "tv"),
    Movie.SK_PREFIX: ("movie", "movie"),
    YouTubeVideo.SK_PREFIX: ("youtube", "video"),
    SpotifyEpisode.SK_PREFIX: ("spotify", "podcast"),
}
"""Entry kind and activity of each history prefix (a log carries its own activity)."""


class Entry(BaseModel):
    """One entry of the history, whatever its kind (the shape every door shows)."""

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


@dataclass(frozen=True)
class HistoryPage:
    entries: list[Entry]
    next_cursor: str | None


def _token(key: str) -> str:
    """A sort key as an opaque URL-safe token (base64url, no padding)."""
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def _key(token: str) -> str:
    """The sort key behind a token; "" for anything that is not one."""
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""


def entry_id(sk: str) -> str:
    """The opaque, stable, URL-safe id of the entry stored under ``sk``."""
    return _token(sk)


def entry_sk(identifier: str) -> str:
    """The sort key behind an entry id; NotFound for anything that is not one."""
    sk = _key(identifier)
    if not history_index.is_entry(sk):
        raise NotFound("There is no such entry.")
    return sk


def cursor_for(reference_sk: str) -> str:
    """The opaque cursor of the page that starts after this index reference."""
    return _token(reference_sk)


def _after(cursor: str) -> str:
    decoded = _key(cursor)
    if not _CURSOR.fullmatch(decoded):
        raise InvalidInput("cursor: not a cursor this server gave out.")
    return decoded


def page(
    repo: ItemRepository,
    user: str,
    *,
    limit: int = DEFAULT_PAGE,
    cursor: str | None = None,
    activity: str | None = None,
    since: int | None = None,
    until: int | None = None,
) -> HistoryPage:
    """Entries newest first, ``since <= at <= until``, after ``cursor``; at most ``limit``."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit: must be between 1 and {MAX_PAGE}.")
    history_index.ensure_index(repo, user)
    start = _after(cursor) if cursor else None
    if until is not None:
        start = max(start or "", history_index.first_sk_at_or_before(until))
    entries: list[Entry] = []
    scanned = 0
    chunks = _reference_chunks(repo, user, start, since, limit + 1)
    for chunk in chunks:
        for reference, entry in _load(repo, user, chunk):
            if entry is not None and (activity is None or entry.activity == activity):
                entries.append(entry)
            if len(entries) == limit:
                more = reference != chunk[-1]["sk"] or next(chunks, None) is not None
                return HistoryPage(entries, cursor_for(reference) if more else None)
        scanned += len(chunk)
        if scanned >= _SCAN_LIMIT:
            return HistoryPage(entries, cursor_for(chunk[-1]["sk"]))
    return HistoryPage(entries, None)


def _reference_chunks(
    repo: ItemRepository, user: str, start: str | None, since: int | None, size: int
) -> Iterator[list[Item]]:
    """References after ``start`` at or after ``since``, ``size`` per store read."""
    pk = user_pk(user)
    while True:
        chunk = list(repo.query_prefix(pk, history_index.PREFIX, start_after=start, limit=size))
        kept = [r for r in chunk if since is None or history_index.timestamp_of(r["sk"]) >= since]
        if kept:
            yield kept
        if len(kept) < size:
            return
        start = kept[-1]["sk"]


def _load(
    repo: ItemRepository, user: str, references: list[Item]
) -> Iterator[tuple[str, Entry | None]]:
    pk = user_pk(user)
    items = repo.get_many(pk, [str(r["ref"]) for r in references])
    related = repo.get_many(pk, sorted({sk for i in items.values() if (sk := _related_sk(i))}))
    for reference in references:
        item = items.get(str(reference["ref"]))
        stale = item is None or history_index.reference_sk(int(item["timestamp"]), item["sk"]) != (
            reference["sk"]
        )
        if stale:
            # A crash between writing an entry and its reference, or an entry moved in time.
            repo.delete(pk, reference["sk"])
            yield reference["sk"], None
            continue
        assert item is not None
        yield reference["sk"], to_entry(item, related.get(_related_sk(item) or ""))


def entry_of(repo: ItemRepository, user: str, item: Item) -> Entry:
    """The history entry of one stored item, with its show, channel or podcast record."""
    related_sk = _related_sk(item)
    related = repo.get(user_pk(user), related_sk) if related_sk else None
    return to_entry(item, related)


def minutes_since(repo: ItemRepository, user: str, since: int) -> float:
    """Minutes of every entry at or after ``since`` (a day or a week: a few index pages)."""
    total, cursor = 0.0, None
    while True:
        found = page(repo, user, limit=MAX_PAGE, cursor=cursor, since=since)
        total += sum(entry.minutes for entry in found.entries)
        if found.next_cursor is None:
            return total
        cursor = found.next_cursor


def _related_sk(item: Item) -> str | None:
    sk = str(item["sk"])
    if sk.startswith(Episode.SK_PREFIX):
        return Show.SK_PREFIX + str(item["folder_name"])
    if sk.startswith(YouTubeVideo.SK_PREFIX) and item.get("youtube_channel_id"):
        return YouTubeChannel.SK_PREFIX + str(item["youtube_channel_id"])
    if sk.startswith(SpotifyEpisode.SK_PREFIX) and item.get("spotify_show_id"):
        return SpotifyShow.SK_PREFIX + str(item["spotify_show_id"])
    return None


def to_entry(item: Item, related: Item | None = None) -> Entry:
    """The history entry of a stored item; ``related`` is its show/channel/podcast record."""
    sk = str(item["sk"])
    prefix = next(p for p in _KINDS if sk.startswith(p))
    kind, activity = _KINDS[prefix]
    fields: dict[str, Any] = _FIELDS[kind](item, related)
    # Built from stored items whose shapes the store already guarantees: no re-validation.
    return Entry.model_construct(
        id=entry_id(sk),
        kind=kind,
        activity=str(item.get("activity", activity)),
        at=int(item["timestamp"]),
        **{**_ABSENT, **fields},
    )


def _log_fields(item: Item, _related: Item | None) -> dict[str, Any]:
    return {
        "title": item.get("title") or None,
        "subtitle": None,
        "minutes": int(item["duration"]) / 60,
        "amount": item.get("amount"),
        "unit": item.get("unit"),
        "note": item.get("note"),
        "url": item.get("url"),
        "source": item.get("source"),
    }


def _episode_fields(item: Item, show: Item | None) -> dict[str, Any]:
    return {
        "title": item["file_name"],
        "subtitle": (show or {}).get("tvdb_name") or item["folder_name"],
        "minutes": episode_seconds(show) / 60,
    }


def _movie_fields(item: Item, _related: Item | None) -> dict[str, Any]:
    movie = Movie.from_item(item)
    return {"title": movie.name or movie.file_name, "subtitle": None,
            "minutes": (movie.movie_duration or 0) / 60}


def _watched_minutes(item: Item, full: str) -> float:
    seconds = item.get("watched_seconds", item.get(full, 0))
    return int(seconds or 0) / 60


def _youtube_fields(item: Item, channel: Item | None) -> dict[str, Any]:
    video_id = item["youtube_video_id"]
    return {
        "title": item.get("youtube_video_title"),
        "subtitle": (channel or {}).get("youtube_channel_title"),
        "minutes": _watched_minutes(item, "youtube_video_duration"),
        "url": f"https://www.youtube.com/watch?v={video_id}",
    }


def _spotify_fields(item: Item, show: Item | None) -> dict[str, Any]:
    episode_id = item["spotify_episode_id"]
    return {
        "title": item.get("spotify_episode_title"),
        "subtitle": (show or {}).get("spotify_show_name"),
        "minutes": _watched_minutes(item, "spotify_episode_duration"),
        "url": f"https://open.spotify.com/episode/{episode_id}",
    }


_ABSENT: dict[str, Any] = dict.fromkeys(("amount", "unit", "note", "url", "source"))

_FIELDS = {
    "log": _log_fields,
    "episode": _episode_fields,
    "movie": _movie_fields,
    "youtube": _youtube_fields,
    "spotify": _spotify_fields,
}
