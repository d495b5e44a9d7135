"""The fake YouTube Data API v3: videos and channels lists, 50 ids at most (pure).

Needs ``YOUTUBE_API_KEY`` as ``key=`` or ``X-Goog-Api-Key`` (else 400 keyInvalid). Any
11-character video id starting with ``fake`` is a video of channel
``synthetic_channel_id(video_id)``; any channel id starting with ``UCfake`` exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.fakes.providers.exchange import (
    Json,
    Reply,
    Request,
    Route,
    json_reply,
    stable_number,
)

YOUTUBE_API_KEY = "fake-youtube-api-key"
MAX_IDS = 50
FIXTURE_PLAYLIST = "PLfixture0000000001"


def iso_duration(seconds: int) -> str:
    """``seconds`` written the way YouTube does (``PT4M12S``)."""
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{sec}S" if sec or text == "PT" else "")


def synthetic_channel_id(video_id: str) -> str:
    """The channel an on-demand ``fake...`` video belongs to (24 characters, ``UCfake...``)."""
    return "UCfake" + hashlib.sha256(video_id.encode()).hexdigest()[:18]


def _video(video_id: str, title: str, channel_id: str, channel_title: str,
           duration: str | None, language: str | None = None) -> Json:
    snippet: Json = {"title": title, "channelId": channel_id, "channelTitle": channel_title}
    if language is not None:
        snippet["defaultAudioLanguage"] = language
    details: Json = {} if duration is None else {"duration": duration}
    return {"kind": "youtube#video", "id": video_id, "snippet": snippet,
            "contentDetails": details}


def _channel(channel_id: str, title: str) -> Json:
    base = f"https://yt3.ggpht.com/{channel_id}"
    return {"kind": "youtube#channel", "id": channel_id, "snippet": {
        "title": title,
        "thumbnails": {size: {"url": f"{base}={size}"} for size in ("default", "medium", "high")},
    }}


@dataclass
class YouTubeFake:
    """The fixture table's videos and channels, plus any registered for benchmarks."""

    videos: dict[str, Json] = field(default_factory=dict)
    channels: dict[str, Json] = field(default_factory=dict)
    playlists: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def with_fixtures(cls) -> YouTubeFake:
        fake = cls()
        fake.videos["9bZkp7q19f0"] = _video(
            "9bZkp7q19f0", "PSY - GANGNAM STYLE(강남스타일) M/V", "UCffDXn7ycAzwL2LDlbyWOTw",
            "officialpsy", "PT4M12S", "ko")
        fake.videos["kJQP7kiw5Fk"] = _video(
            "kJQP7kiw5Fk", "Luis Fonsi - Despacito ft. Daddy Yankee",
            "UCLp8RBhQHu9wSsq62j_Md6A", "LuisFonsiVEVO", "PT3M46S")
        for channel_id, title in (("UCffDXn7ycAzwL2LDlbyWOTw", "officialpsy"),
                                  ("UCLp8RBhQHu9wSsq62j_Md6A", "LuisFonsiVEVO")):
            fake.channels[channel_id] = _channel(channel_id, title)
        fake.playlists[FIXTURE_PLAYLIST] = ["9bZkp7q19f0", "kJQP7kiw5Fk"]
        return fake

    def routes(self) -> list[Route]:
        return [Route("GET", "youtube.videos", r"/youtube/v3/videos", self._videos),
                Route("GET", "youtube.channels", r"/youtube/v3/channels", self._channels),
                Route("GET", "youtube.playlistItems", r"/youtube/v3/playlistItems",
                      self._playlist_items)]

    def add_videos(self, count: int, *, channels: int = 1, seconds: int = 600) -> list[str]:
        """Register ``count`` videos spread over ``channels`` new channels; return their ids."""
        channel_ids = [f"UCbench{n:017d}" for n in range(channels)]
        for channel_id in channel_ids:
            self.channels[channel_id] = _channel(channel_id, channel_id)
        ids = [f"bench{n:06d}" for n in range(count)]
        for n, video_id in enumerate(ids):
            channel_id = channel_ids[n % channels]
            self.videos[video_id] = _video(video_id, f"Video {n}", channel_id, channel_id,
                                           iso_duration(seconds), "ja")
        return ids

    def _video(self, video_id: str) -> Json | None:
        if video_id in self.videos:
            return self.videos[video_id]
        if len(video_id) == 11 and video_id.startswith("fake"):
            channel_id = synthetic_channel_id(video_id)
            seconds = 60 + stable_number(video_id, 1800)
            return _video(video_id, f"Synthetic video {video_id}", channel_id,
                          f"Channel {channel_id[6:12]}", iso_duration(seconds))
        return None

    def _channel(self, channel_id: str) -> Json | None:
        if channel_id in self.channels:
            return self.channels[channel_id]
        if channel_id.startswith("UCfake"):
            return _channel(channel_id, f"Channel {channel_id[6:12]}")
        return None

    def _list(self, request: Request, find: Callable[[str], Json | None]) -> Reply:
        key = request.headers.get("x-goog-api-key") or request.query.get("key")
        if key != YOUTUBE_API_KEY:
            return json_reply(400, {"error": {"code": 400, "message": "API key not valid.",
                                              "errors": [{"reason": "keyInvalid"}]}})
        ids = [i for i in request.query.get("id", "").split(",") if i]
        if len(ids) > MAX_IDS:
            return json_reply(400, {"error": {"code": 400, "message": "too many ids",
                                              "errors": [{"reason": "invalidFilters"}]}})
        items = [item for item in map(find, ids) if item is not None]
        return json_reply(200, {"kind": "youtube#listResponse", "items": items,
                                "pageInfo": {"totalResults": len(items),
                                             "resultsPerPage": len(items)}})

    def _playlist_items(self, request: Request) -> Reply:
        """A page of at most 50 items; ``pageToken`` is the offset as text."""
        listing = self.playlists.get(request.query.get("playlistId", ""))
        if listing is None:
            return json_reply(404, {"error": {"code": 404, "message": "playlist not found",
                                              "errors": [{"reason": "playlistNotFound"}]}})
        size = min(int(request.query.get("maxResults") or 5), MAX_IDS)
        offset = int(request.query.get("pageToken") or 0)
        items = [{"kind": "youtube#playlistItem", "contentDetails": {"videoId": video_id}}
                 for video_id in listing[offset:offset + size]]
        body: Json = {"kind": "youtube#playlistItemListResponse", "items": items}
        if offset + size < len(listing):
            body["nextPageToken"] = str(offset + size)
        return json_reply(200, body)

    def _videos(self, request: Request) -> Reply:
        return self._list(request, self._video)

    def _channels(self, request: Request) -> Reply:
        return self._list(request, self._channel)
