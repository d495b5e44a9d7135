"""An in-memory stand-in for the tracker's REST API behind ``httpx.MockTransport`` (no I/O)."""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

USER = "alice"
PASSWORD = "pw:with colon"


@dataclass
class FakeTrackerApi:
    """Records what a client sends, the way the real API answers it (wire contract only)."""

    prefix: str = "/prod"
    unknown_ids: set[str] = field(default_factory=set)
    """Video, podcast episode ids and movie file names the providers do not know (422)."""
    search_results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fail_paths: Counter[str] = field(default_factory=Counter)
    """Path -> how many of its next requests answer 500."""
    drop_after: int | None = None
    """Refuse connections once this many requests were answered."""
    episodes: set[tuple[str, str]] = field(default_factory=set)
    shows: dict[str, int | None] = field(default_factory=dict)
    movies: dict[str, int] = field(default_factory=dict)
    videos: set[str] = field(default_factory=set)
    podcast_episodes: set[str] = field(default_factory=set)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        """The transport a client uses to reach this fake."""
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        if self.drop_after is not None and len(self.requests) >= self.drop_after:
            raise httpx.ConnectError("connection refused", request=request)
        path = request.url.path
        self.requests.append((request.method, path))
        if not path.startswith(self.prefix + "/"):
            return _json(404, {"message": "no such route"})
        route = path[len(self.prefix) :]
        expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            return _json(403, {"message": "Forbidden"})
        if self.fail_paths[route] > 0:
            self.fail_paths[route] -= 1
            return _json(500, {"message": "Internal server error"})
        body = json.loads(request.content) if request.content else {}
        return self._route(request.method, route, body, request.url.params)

    def _route(
        self, method: str, route: str, body: dict[str, Any], params: httpx.QueryParams
    ) -> httpx.Response:
        if (method, route) == ("POST", "/sync"):
            return self._sync(body)
        if (method, route) == ("GET", "/shows"):
            rows = [
                {"folder_name": name, "tvdb_id": tvdb_id, "tvdb_name": None, "tvdb_image": None}
                for name, tvdb_id in sorted(self.shows.items())
            ]
            return _json(200, {"shows": rows})
        if (method, route) == ("PUT", "/show"):
            if body["folder_name"] not in self.shows:
                return _json(404, {"message": "no such show"})
            self.shows[body["folder_name"]] = body["tvdb_id"]
            return _json(200, {})
        if (method, route) == ("GET", "/search"):
            return _json(200, {"results": self.search_results.get(params["query"], [])})
        if (method, route) == ("POST", "/syncmovies"):
            pairs = [(movie["file_name"], movie["tvdb_id"]) for movie in body["movies"]]
            return self._partial(pairs, self.movies, "movies_added")
        if (method, route) == ("POST", "/syncyoutube"):
            return self._partial([(i, 0) for i in body["video_ids"]], self.videos, "videos_added")
        if (method, route) == ("POST", "/syncspotify"):
            pairs = [(i, 0) for i in body["episode_ids"]]
            return self._partial(pairs, self.podcast_episodes, "episodes_added")
        if (method, route) == ("GET", "/progress"):
            return _json(200, self.progress())
        return _json(404, {"message": "no such route"})

    def _sync(self, body: dict[str, Any]) -> httpx.Response:
        added, failed = 0, []
        # The server keys an episode by folder and file name joined with "#"; an episode
        # whose key another one holds is refused, as the real service does.
        keys = {f"{folder}#{name}": (folder, name) for folder, name in self.episodes}
        for item in body["episodes"]:
            key = (item["folder_name"], item["file_name"])
            holder = keys.setdefault(f"{key[0]}#{key[1]}", key)
            if holder != key:
                failed.append({"id": f"{key[0]}/{key[1]}", "reason": "same stored key"})
                continue
            self.shows.setdefault(key[0], None)
            if key not in self.episodes:
                self.episodes.add(key)
                added += 1
        if failed:
            body = {"message": "some episodes collide", "episodes_added": added, "failed": failed}
            return _json(422, body)
        return _json(200, {"episodes_added": added})

    def _partial(
        self, pairs: list[tuple[str, int]], store: set[str] | dict[str, int], key: str
    ) -> httpx.Response:
        added, failed = 0, []
        for item, tvdb_id in pairs:
            if item in self.unknown_ids:
                failed.append({"id": item, "reason": "not found"})
            elif item not in store:
                if isinstance(store, dict):
                    store[item] = tvdb_id
                else:
                    store.add(item)
                added += 1
        if failed:
            return _json(
                422, {"message": "some items were not found", key: added, "failed": failed}
            )
        return _json(200, {key: added})

    def progress(self) -> dict[str, Any]:
        """A progress document consistent with what was recorded."""
        return {
            "total_episodes_watched": len(self.episodes),
            "total_movies_watched": len(self.movies),
            "total_hours_watched": 0,
            "episodes_watched_today": len(self.episodes),
            "movies_watched_today": len(self.movies),
            "youtube_videos_watched": len(self.videos),
            "youtube_videos_watched_today": len(self.videos),
            "spotify_episodes_watched": len(self.podcast_episodes),
            "spotify_episodes_watched_today": len(self.podcast_episodes),
            "days_since_first_episode": 0,
            "weekly_trend_percentage": None,
            "daily_activity": [{"days_ago": d, "minutes_watched": 0} for d in range(6, -1, -1)],
            "all_time_progress": [{"label": "Jan 2026", "cumulative_hours": 0}],
            "shows": [],
            "youtube_channels": [],
            "spotify_shows": [],
            "movies": [
                {"movie_id": name, "name": None, "artwork_url": None}
                for name in sorted(self.movies)
            ],
        }


def _json(status: int, body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(status, json=body)
