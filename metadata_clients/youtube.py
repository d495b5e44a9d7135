"""YouTube Data API v3 client: videos and channels, 50 ids per call; playlists, 50 items a
page (does I/O)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import httpx

from metadata_clients.durations import MalformedDuration, parse_duration
from metadata_clients.errors import (
    BadCredentials,
    NotFound,
    ProviderUnavailable,
    QuotaExceeded,
)
from metadata_clients.models import YouTubeChannel, YouTubeVideo
from metadata_clients.transport import (
    Clock,
    ProviderTransport,
    RetryPolicy,
    Sleep,
    unexpected_shape,
)

DEFAULT_BASE_URL = "https://www.googleapis.com"
PROVIDER = "YouTube"
BATCH_SIZE = 50
"""The API's own maximum of ids per call; each call costs one quota unit whatever its size."""
MAX_PLAYLIST_PAGES = 100
"""A playlist is read up to 5,000 videos (YouTube's own cap on a playlist)."""

_QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded",
                  "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}
_KEY_REASONS = {"keyInvalid", "keyExpired", "API_KEY_INVALID", "accessNotConfigured",
                "forbidden", "ipRefererBlocked", "SERVICE_DISABLED"}

log = logging.getLogger(__name__)
T = TypeVar("T")


class YouTubeClient:
    """Looks up YouTube videos and channels in batches; unknown ids are simply absent."""

    def __init__(self, http: httpx.Client, api_key: str, base_url: str = DEFAULT_BASE_URL, *,
                 clock: Clock = time.monotonic, sleep: Sleep = time.sleep,
                 policy: RetryPolicy | None = None) -> None:
        self._transport = ProviderTransport(http, PROVIDER, policy or RetryPolicy(), sleep,
                                            clock)
        self._api_key = api_key
        self._base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"YouTubeClient(base_url={self._base_url!r})"

    def videos(self, ids: Iterable[str]) -> dict[str, YouTubeVideo]:
        """The videos YouTube knows among ``ids``; a missing key means not found (or private)."""
        return self._lookup("videos", "snippet,contentDetails", ids, _video)

    def channels(self, ids: Iterable[str]) -> dict[str, YouTubeChannel]:
        """The channels YouTube knows among ``ids``."""
        return self._lookup("channels", "snippet", ids, _channel)

    def playlist_video_ids(self, playlist_id: str) -> list[str]:
        """The video ids of a playlist in its order, 50 a page; NotFound for no such list."""
        ids: list[str] = []
        token: str | None = None
        for _ in range(MAX_PLAYLIST_PAGES):
            params: dict[str, str | int] = {"part": "contentDetails", "maxResults": BATCH_SIZE,
                                            "playlistId": playlist_id}
            if token:
                params["pageToken"] = token
            response = self._transport.send(
                "GET", f"{self._base_url}/youtube/v3/playlistItems", params=params,
                headers={"X-Goog-Api-Key": self._api_key})
            if response.status_code == 404:
                raise NotFound(PROVIDER, "playlist", playlist_id)
            if response.status_code != 200:
                raise _error_for(response)
            body = self._transport.decode(response)
            try:
                ids += [str(item["contentDetails"]["videoId"]) for item in body["items"]]
            except (KeyError, TypeError):
                raise unexpected_shape(PROVIDER) from None
            token = body.get("nextPageToken")
            if not token:
                break
        return ids

    def _lookup(self, resource: str, part: str, ids: Iterable[str],
                convert: Callable[[dict[str, Any]], T]) -> dict[str, T]:
        found: dict[str, T] = {}
        for batch in _batches(list(dict.fromkeys(ids)), BATCH_SIZE):
            for item in self._list(resource, part, batch):
                try:
                    record = convert(item)
                except (KeyError, TypeError, ValueError):
                    raise unexpected_shape(PROVIDER) from None
                if item["id"] in batch:
                    found[item["id"]] = record
        return found

    def _list(self, resource: str, part: str, batch: list[str]) -> list[dict[str, Any]]:
        # The key travels in a header, not the query, so URLs in logs never carry it.
        response = self._transport.send(
            "GET", f"{self._base_url}/youtube/v3/{resource}",
            params={"part": part, "id": ",".join(batch), "maxResults": BATCH_SIZE},
            headers={"X-Goog-Api-Key": self._api_key})
        if response.status_code != 200:
            raise _error_for(response)
        body = self._transport.decode(response)
        items = body.get("items", []) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise unexpected_shape(PROVIDER)
        return [item for item in items if isinstance(item, dict)]


def _batches(ids: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _error_for(response: httpx.Response) -> Exception:
    reasons = _reasons(response)
    if reasons & _QUOTA_REASONS:
        return QuotaExceeded(PROVIDER, "daily quota")
    if reasons & _KEY_REASONS or response.status_code in (401, 403):
        return BadCredentials(PROVIDER)
    if response.status_code == 400 and "API key" in response.text:
        return BadCredentials(PROVIDER)
    return ProviderUnavailable(PROVIDER, f"HTTP {response.status_code}")


def _reasons(response: httpx.Response) -> set[str]:
    try:
        error = response.json().get("error", {})
        listed = [entry.get("reason") for entry in error.get("errors", [])]
        listed += [entry.get("reason") for entry in error.get("details", [])]
    except (ValueError, AttributeError, TypeError):
        return set()
    return {reason for reason in listed if isinstance(reason, str)}


def _video(item: dict[str, Any]) -> YouTubeVideo:
    snippet = item["snippet"]
    raw_duration = item.get("contentDetails", {}).get("duration")
    try:
        duration = parse_duration(raw_duration)
    except MalformedDuration:
        # One odd video must not sink its batch; without a duration it is treated as live.
        log.warning("YouTube video %s has an unreadable duration %r", item["id"], raw_duration)
        duration = None
    return YouTubeVideo(id=item["id"], title=snippet["title"], channel_id=snippet["channelId"],
                        channel_title=snippet.get("channelTitle", ""),
                        duration_seconds=duration,
                        default_audio_language=snippet.get("defaultAudioLanguage"))


def _channel(item: dict[str, Any]) -> YouTubeChannel:
    snippet = item["snippet"]
    thumbnails = snippet.get("thumbnails") or {}
    artwork = next((thumbnails[size]["url"] for size in ("high", "medium", "default")
                    if size in thumbnails and thumbnails[size].get("url")), None)
    return YouTubeChannel(id=item["id"], title=snippet["title"], artwork_url=artwork)
