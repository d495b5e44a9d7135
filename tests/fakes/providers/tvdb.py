"""The fake TVDB API v4: login, series, episodes, movies, search, documented shapes (pure).

Login needs ``TVDB_API_KEY`` and returns a bearer token; every other route needs a token it
issued (``expire_tokens()`` makes them all stale, answering 401). Series and movie ids from
9,000,000 up exist on demand.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from typing import Literal

from tests.fakes.providers.exchange import Json, Reply, Request, Route, json_reply

TVDB_API_KEY = "fake-tvdb-api-key"
SYNTHETIC_FROM = 9_000_000


def _series(tvdb_id: int, name: str, runtime: int | None, language: str) -> Json:
    return {"id": tvdb_id, "name": name,
            "image": f"https://artworks.thetvdb.com/banners/posters/{tvdb_id}-1.jpg",
            "averageRuntime": runtime, "originalLanguage": language}


def _episode(tvdb_id: int, series_id: int, name: str, runtime: int | None) -> Json:
    return {"id": tvdb_id, "seriesId": series_id, "name": name, "runtime": runtime,
            "seasonNumber": 1, "number": 1, "aired": "2023-09-29"}


def _movie(tvdb_id: int, name: str, runtime: int | None) -> Json:
    return {"id": tvdb_id, "name": name,
            "image": f"https://artworks.thetvdb.com/banners/movies/{tvdb_id}/posters/1.jpg",
            "runtime": runtime}


def _failure(status: int, message: str) -> Reply:
    return json_reply(status, {"status": "failure", "message": message, "data": None})


@dataclass
class TvdbFake:
    """The fixture table's series and movies, plus the tokens issued so far."""

    series: dict[int, Json] = field(default_factory=dict)
    movies: dict[int, Json] = field(default_factory=dict)
    episodes: dict[int, Json] = field(default_factory=dict)
    aliases: dict[int, list[str]] = field(default_factory=dict)
    _tokens: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def with_fixtures(cls) -> TvdbFake:
        fake = cls()
        fake.series[278157] = _series(278157, "Free!", 24, "jpn")
        fake.series[270065] = _series(270065, "ハイキュー!!", 24, "jpn")
        fake.series[424536] = _series(424536, "葬送のフリーレン", 25, "jpn")
        # The episode id every recorded player payload sends (episode-level, as players do).
        fake.episodes[9350138] = _episode(9350138, 424536, "Frieren", 24)
        fake.movies[331904] = _movie(331904, "すずめの戸締まり", 122)
        fake.movies[197] = _movie(197, "君の名は。", 106)
        fake.aliases.update({
            278157: ["Free!", "Free! Iwatobi Swim Club"], 270065: ["Haikyu!!", "Haikyuu!!"],
            331904: ["Suzume", "Suzume no Tojimari"], 197: ["Your Name.", "Kimi no Na wa."]})
        return fake

    def routes(self) -> list[Route]:
        return [Route("POST", "tvdb.login", r"/v4/login", self._login),
                Route("GET", "tvdb.series", r"/v4/series/(?P<id>[^/]+)", self._series),
                Route("GET", "tvdb.episode", r"/v4/episodes/(?P<id>[^/]+)", self._episode),
                Route("GET", "tvdb.movie", r"/v4/movies/(?P<id>[^/]+)", self._movie),
                Route("GET", "tvdb.search", r"/v4/search", self._search)]

    def expire_tokens(self) -> None:
        """Every token issued so far now answers 401, as after a month."""
        with self._lock:
            self._tokens.clear()

    def _record(self, kind: Literal["series", "movie", "episode"],
                tvdb_id: int) -> Json | None:
        if kind == "episode":
            return self.episodes.get(tvdb_id)
        table = self.series if kind == "series" else self.movies
        if tvdb_id in table:
            return table[tvdb_id]
        if tvdb_id >= SYNTHETIC_FROM:
            if kind == "series":
                return _series(tvdb_id, f"Synthetic series {tvdb_id}", 24, "jpn")
            return _movie(tvdb_id, f"Synthetic movie {tvdb_id}", 100)
        return None

    def _login(self, request: Request) -> Reply:
        try:
            apikey = json.loads(request.body or b"{}").get("apikey")
        except (ValueError, AttributeError):
            apikey = None
        if apikey != TVDB_API_KEY:
            return _failure(401, "InvalidAPIKey")
        token = "tvdb." + secrets.token_urlsafe(16)
        with self._lock:
            self._tokens.add(token)
        return json_reply(200, {"status": "success", "data": {"token": token}})

    def _authorised(self, request: Request) -> bool:
        with self._lock:
            return request.bearer() in self._tokens

    def _lookup(self, request: Request, kind: Literal["series", "movie", "episode"]) -> Reply:
        if not self._authorised(request):
            return _failure(401, "Unauthorized")
        record = self._record(kind, int(request.path_id)) if request.path_id.isdigit() \
            else None
        if record is None:
            return _failure(404, "NotFoundException")
        return json_reply(200, {"status": "success", "data": record})

    def _series(self, request: Request) -> Reply:
        return self._lookup(request, "series")

    def _episode(self, request: Request) -> Reply:
        return self._lookup(request, "episode")

    def _movie(self, request: Request) -> Reply:
        return self._lookup(request, "movie")

    def _search(self, request: Request) -> Reply:
        if not self._authorised(request):
            return _failure(401, "Unauthorized")
        words = request.query.get("query", "").casefold()
        kind = request.query.get("type", "series")
        limit = int(request.query.get("limit") or 10)
        table = self.movies if kind == "movie" else self.series
        results = []
        for tvdb_id, record in table.items():
            names = [record["name"], *self.aliases.get(tvdb_id, [])]
            if words and any(words in name.casefold() for name in names):
                results.append({"tvdb_id": str(tvdb_id), "name": record["name"],
                                "year": "2013" if kind == "series" else "2022",
                                "image_url": record["image"], "primary_language": "jpn",
                                "overview": f"{record['name']} ({kind})", "type": kind})
        return json_reply(200, {"status": "success", "data": results[:limit]})
