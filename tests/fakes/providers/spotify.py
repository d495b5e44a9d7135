"""The fake Spotify Web API: client-credentials token, episodes, shows and listings (pure).

The token route needs HTTP Basic ``SPOTIFY_CLIENT_ID:SPOTIFY_CLIENT_SECRET``; every other
route a token it issued (``expire_tokens()`` makes them stale, answering 401) and a
``market``. Any 22-character episode id starting with ``fake`` is an episode of show
``FAKE_SHOW_ID``.
"""

from __future__ import annotations

import base64
import secrets
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from tests.fakes.providers.exchange import (
    Json,
    Reply,
    Request,
    Route,
    json_reply,
    stable_number,
)

SPOTIFY_CLIENT_ID = "fake-spotify-client-id"
SPOTIFY_CLIENT_SECRET = "fake-spotify-client-secret"
FAKE_SHOW_ID = "fakeShow00000000000000"
MIKU_SHOW_ID = "6Nl8RDfPxsk4h4bfWe76Kg"
MIKU_SHOW_NAME = "The Miku Real Japanese Podcast | Japanese conversation | Japanese culture"


def _images(key: str) -> list[Json]:
    return [{"url": f"https://i.scdn.co/image/{key}-640", "height": 640, "width": 640},
            {"url": f"https://i.scdn.co/image/{key}-300", "height": 300, "width": 300}]


def _show(show_id: str, name: str) -> Json:
    return {"id": show_id, "name": name, "type": "show", "images": _images(show_id)}


def _episode(episode_id: str, name: str, duration_ms: int, release_date: str,
             precision: str, show: Json) -> Json:
    return {"id": episode_id, "name": name, "type": "episode", "duration_ms": duration_ms,
            "release_date": release_date, "release_date_precision": precision,
            "languages": ["ja"], "images": _images(episode_id), "show": show}


def _simplified(episode: Json | None) -> Json | None:
    """A show listing's episodes carry no ``show`` object."""
    if episode is None:
        return None
    return {key: value for key, value in episode.items() if key != "show"}


def _not_found() -> Reply:
    return json_reply(404, {"error": {"status": 404, "message": "Non existing id"}})


@dataclass
class SpotifyFake:
    """The fixture table's show and episodes, plus the tokens issued so far."""

    token_lifetime: int = 3600
    episodes: dict[str, Json] = field(default_factory=dict)
    shows: dict[str, Json] = field(default_factory=dict)
    show_items: dict[str, list[str | None]] = field(default_factory=dict)
    _tokens: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def with_fixtures(cls, token_lifetime: int = 3600) -> SpotifyFake:
        fake = cls(token_lifetime)
        miku = fake.shows[MIKU_SHOW_ID] = _show(MIKU_SHOW_ID, MIKU_SHOW_NAME)
        fake.episodes["4qjerzMw8jfD30VOG0tjpK"] = _episode(
            "4qjerzMw8jfD30VOG0tjpK", "#1 自己紹介", 388000, "2020-05-01", "day", miku)
        fake.episodes["5TmVVWd9TOCaF2bEtyYDwv"] = _episode(
            "5TmVVWd9TOCaF2bEtyYDwv", "日本の夏", 3015000, "2023-07", "month", miku)
        # A real show listing may hold null for an episode the market cannot play.
        fake.show_items[MIKU_SHOW_ID] = ["5TmVVWd9TOCaF2bEtyYDwv", None,
                                         "4qjerzMw8jfD30VOG0tjpK"]
        return fake

    def routes(self) -> list[Route]:
        return [
            Route("POST", "spotify.token", r"/api/token", self._token),
            Route("GET", "spotify.episode", r"/v1/episodes/(?P<id>[^/]+)", self._episode),
            Route("GET", "spotify.show", r"/v1/shows/(?P<id>[^/]+)", self._show),
            Route("GET", "spotify.show_episodes", r"/v1/shows/(?P<id>[^/]+)/episodes",
                  self._show_episodes),
        ]

    def expire_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()

    def add_episodes(self, count: int, *, duration_ms: int = 1_200_000) -> list[str]:
        """Register ``count`` episodes of ``FAKE_SHOW_ID``; return their ids."""
        show = self._synthetic_show()
        ids = [f"bench{n:017d}" for n in range(count)]
        for n, episode_id in enumerate(ids):
            self.episodes[episode_id] = _episode(episode_id, f"Episode {n}", duration_ms,
                                                 "2024-01-01", "day", show)
        self.show_items.setdefault(FAKE_SHOW_ID, []).extend(ids)
        return ids

    def _synthetic_show(self) -> Json:
        return self.shows.setdefault(FAKE_SHOW_ID, _show(FAKE_SHOW_ID, "Synthetic Podcast"))

    def _find(self, episode_id: str) -> Json | None:
        if episode_id in self.episodes:
            return self.episodes[episode_id]
        if len(episode_id) == 22 and episode_id.startswith("fake"):
            duration_ms = 60_000 + stable_number(episode_id, 3_600_000)
            return _episode(episode_id, f"Synthetic episode {episode_id}", duration_ms,
                            "2024", "year", self._synthetic_show())
        return None

    def _token(self, request: Request) -> Reply:
        expected = base64.b64encode(f"{SPOTIFY_CLIENT_ID}:{SPOTIFY_CLIENT_SECRET}".encode())
        form = parse_qs(request.body.decode())
        if request.headers.get("authorization") != "Basic " + expected.decode() \
                or form.get("grant_type") != ["client_credentials"]:
            return json_reply(400, {"error": "invalid_client",
                                    "error_description": "Invalid client"})
        token = "spotify." + secrets.token_urlsafe(16)
        with self._lock:
            self._tokens.add(token)
        return json_reply(200, {"access_token": token, "token_type": "Bearer",
                                "expires_in": self.token_lifetime})

    def _refusal(self, request: Request) -> Reply | None:
        with self._lock:
            valid = request.bearer() in self._tokens
        if not valid:
            return json_reply(401, {"error": {"status": 401,
                                              "message": "The access token expired"}})
        if not request.query.get("market"):
            # Without a market a client-credentials request cannot play anything.
            return _not_found()
        return None

    def _episode(self, request: Request) -> Reply:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        episode = self._find(request.path_id)
        return _not_found() if episode is None else json_reply(200, episode)

    def _show(self, request: Request) -> Reply:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        if request.path_id == FAKE_SHOW_ID:
            self._synthetic_show()
        show = self.shows.get(request.path_id)
        return _not_found() if show is None else json_reply(200, show)

    def _show_episodes(self, request: Request) -> Reply:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        show_id = request.path_id
        if show_id not in self.show_items:
            return _not_found()
        listing = self.show_items[show_id]
        limit = min(int(request.query.get("limit") or 20), 50)
        offset = int(request.query.get("offset") or 0)
        items = [None if i is None else _simplified(self._find(i))
                 for i in listing[offset:offset + limit]]
        base = f"{request.origin}/v1/shows/{show_id}/episodes"
        following = {"market": request.query["market"], "limit": limit, "offset": offset + limit}
        next_url = f"{base}?{urlencode(following)}" if offset + limit < len(listing) else None
        return json_reply(200, {"href": f"{base}?{urlencode(request.query)}", "items": items,
                                "limit": limit, "offset": offset, "total": len(listing),
                                "next": next_url})
