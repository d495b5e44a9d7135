"""Loopback fake of TVDB, YouTube, Spotify and TMDB for tests and benchmarks (does network I/O).

One stdlib ``ThreadingHTTPServer`` on 127.0.0.1 (port 0) answers with the documented shapes
of ``spec/providers.md`` and its fixture table. Usage::

    with ProviderFake(latency=0.05) as fake:
        env = fake.environment()        # IMMERSION_TRACKER_* base URLs and dummy credentials
        fake.url                        # http://127.0.0.1:<port>
        fake.calls.count("youtube.videos")
        fake.inject("spotify.episode", "429", count=2, retry_after=1)

Endpoints (names used by the call log and fault injection):

- ``tvdb.login`` POST /v4/login; ``tvdb.series`` GET /v4/series/{id};
  ``tvdb.movie`` GET /v4/movies/{id}; ``tvdb.search`` GET /v4/search
- ``youtube.videos`` GET /youtube/v3/videos; ``youtube.channels`` GET /youtube/v3/channels
- ``spotify.token`` POST /api/token; ``spotify.episode`` GET /v1/episodes/{id};
  ``spotify.show`` GET /v1/shows/{id}; ``spotify.show_episodes`` GET /v1/shows/{id}/episodes
- ``tmdb.movie`` GET /3/movie/{id}

Data: the fixture table, plus synthetic entries made on demand: any 11-character YouTube
id starting with ``fake`` is a video of channel ``synthetic_channel_id(video_id)``; any
channel id starting with ``UCfake`` exists; any 22-character Spotify id starting with
``fake`` is an episode of show ``FAKE_SHOW_ID``; TVDB series and movie ids from 9,000,000
up exist. ``add_youtube_videos(n, channels=k)`` and ``add_spotify_episodes(n)`` register
generated entries for benchmarks and return their ids.

Credentials are checked like the real services: TVDB login needs ``TVDB_API_KEY`` and then a
bearer token it issued (``expire_tvdb_tokens()`` makes them all stale, answering 401);
YouTube needs ``YOUTUBE_API_KEY`` as ``key=`` or ``X-Goog-Api-Key`` (else 400 keyInvalid);
Spotify's token endpoint needs HTTP Basic ``SPOTIFY_CLIENT_ID:SPOTIFY_CLIENT_SECRET`` and
the API a token it issued; TMDB needs ``Bearer TMDB_READ_ACCESS_TOKEN``.

Faults (``inject``): ``"429"`` (with ``Retry-After``), ``"500"``, ``"malformed"`` (200 with a
body that is not JSON), ``"quota"`` (YouTube 403 quotaExceeded) for the next ``count``
requests to one endpoint. ``latency`` (seconds, settable) is added to every request.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

TVDB_API_KEY = "fake-tvdb-api-key"
YOUTUBE_API_KEY = "fake-youtube-api-key"
SPOTIFY_CLIENT_ID = "fake-spotify-client-id"
SPOTIFY_CLIENT_SECRET = "fake-spotify-client-secret"
TMDB_READ_ACCESS_TOKEN = "fake-tmdb-read-access-token"

FAKE_SHOW_ID = "fakeShow00000000000000"
MIKU_SHOW_ID = "6Nl8RDfPxsk4h4bfWe76Kg"

Fault = Literal["429", "500", "malformed", "quota"]
Json = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    endpoint: str
    method: str
    path: str
    query: Mapping[str, str]


@dataclass
class CallLog:
    """Thread-safe record of the requests received, for assertions."""

    _calls: list[Call] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def all(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def count(self, endpoint: str | None = None) -> int:
        """Requests to one endpoint (or to all of them)."""
        return sum(1 for c in self.all() if endpoint is None or c.endpoint == endpoint)

    def counts(self) -> Counter[str]:
        return Counter(c.endpoint for c in self.all())

    def paths(self) -> list[str]:
        return [c.path for c in self.all()]

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()


def _tvdb_series(tvdb_id: int, name: str, runtime: int | None, language: str) -> Json:
    return {
        "id": tvdb_id,
        "name": name,
        "image": f"https://artworks.thetvdb.com/banners/posters/{tvdb_id}-1.jpg",
        "averageRuntime": runtime,
        "originalLanguage": language,
    }


def _tvdb_movie(tvdb_id: int, name: str, runtime: int | None) -> Json:
    return {
        "id": tvdb_id,
        "name": name,
        "image": f"https://artworks.thetvdb.com/banners/movies/{tvdb_id}/posters/1.jpg",
        "runtime": runtime,
    }


def _iso_duration(seconds: int) -> str:
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{sec}S" if sec or text == "PT" else "")


def _stable_number(text: str, modulo: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % modulo


def synthetic_channel_id(video_id: str) -> str:
    """The channel an on-demand ``fake...`` video belongs to (24 characters, ``UCfake...``)."""
    return "UCfake" + hashlib.sha256(video_id.encode()).hexdigest()[:18]


def _youtube_video(video_id: str, title: str, channel_id: str, channel_title: str,
                   duration: str | None, language: str | None = None) -> Json:
    snippet: Json = {"title": title, "channelId": channel_id, "channelTitle": channel_title}
    if language is not None:
        snippet["defaultAudioLanguage"] = language
    details: Json = {} if duration is None else {"duration": duration}
    return {"kind": "youtube#video", "id": video_id, "snippet": snippet,
            "contentDetails": details}


def _youtube_channel(channel_id: str, title: str) -> Json:
    base = f"https://yt3.ggpht.com/{channel_id}"
    return {"kind": "youtube#channel", "id": channel_id, "snippet": {
        "title": title,
        "thumbnails": {size: {"url": f"{base}={size}"} for size in ("default", "medium", "high")},
    }}


def _spotify_images(key: str) -> list[Json]:
    return [{"url": f"https://i.scdn.co/image/{key}-640", "height": 640, "width": 640},
            {"url": f"https://i.scdn.co/image/{key}-300", "height": 300, "width": 300}]


def _spotify_show(show_id: str, name: str) -> Json:
    return {"id": show_id, "name": name, "type": "show", "images": _spotify_images(show_id)}


def _spotify_episode(episode_id: str, name: str, duration_ms: int, release_date: str,
                     precision: str, show: Json) -> Json:
    return {"id": episode_id, "name": name, "type": "episode", "duration_ms": duration_ms,
            "release_date": release_date, "release_date_precision": precision,
            "languages": ["ja"], "images": _spotify_images(episode_id), "show": show}


def _tmdb_movie(tmdb_id: int, title: str, runtime: int | None, poster: str | None) -> Json:
    return {"id": tmdb_id, "original_title": title, "title": title, "runtime": runtime,
            "poster_path": poster}


@dataclass
class ProviderData:
    """What the fake knows; tests may add entries through ``ProviderFake``'s methods."""

    tvdb_series: dict[int, Json] = field(default_factory=dict)
    tvdb_movies: dict[int, Json] = field(default_factory=dict)
    tvdb_aliases: dict[int, list[str]] = field(default_factory=dict)
    youtube_videos: dict[str, Json] = field(default_factory=dict)
    youtube_channels: dict[str, Json] = field(default_factory=dict)
    spotify_episodes: dict[str, Json] = field(default_factory=dict)
    spotify_shows: dict[str, Json] = field(default_factory=dict)
    spotify_show_items: dict[str, list[str | None]] = field(default_factory=dict)
    tmdb_movies: dict[int, Json] = field(default_factory=dict)


def fixture_data() -> ProviderData:
    """The fixture table of ``spec/providers.md``."""
    data = ProviderData()
    data.tvdb_series[278157] = _tvdb_series(278157, "Free!", 24, "jpn")
    data.tvdb_series[270065] = _tvdb_series(270065, "ハイキュー!!", 24, "jpn")
    data.tvdb_movies[331904] = _tvdb_movie(331904, "すずめの戸締まり", 122)
    data.tvdb_movies[197] = _tvdb_movie(197, "君の名は。", 106)
    data.tvdb_aliases.update({
        278157: ["Free!", "Free! Iwatobi Swim Club"], 270065: ["Haikyu!!", "Haikyuu!!"],
        331904: ["Suzume", "Suzume no Tojimari"], 197: ["Your Name.", "Kimi no Na wa."]})
    data.youtube_videos["9bZkp7q19f0"] = _youtube_video(
        "9bZkp7q19f0", "PSY - GANGNAM STYLE(강남스타일) M/V", "UCffDXn7ycAzwL2LDlbyWOTw",
        "officialpsy", "PT4M12S", "ko")
    data.youtube_videos["kJQP7kiw5Fk"] = _youtube_video(
        "kJQP7kiw5Fk", "Luis Fonsi - Despacito ft. Daddy Yankee", "UCLp8RBhQHu9wSsq62j_Md6A",
        "LuisFonsiVEVO", "PT3M46S")
    data.youtube_channels["UCffDXn7ycAzwL2LDlbyWOTw"] = _youtube_channel(
        "UCffDXn7ycAzwL2LDlbyWOTw", "officialpsy")
    data.youtube_channels["UCLp8RBhQHu9wSsq62j_Md6A"] = _youtube_channel(
        "UCLp8RBhQHu9wSsq62j_Md6A", "LuisFonsiVEVO")
    miku = _spotify_show(
        MIKU_SHOW_ID,
        "The Miku Real Japanese Podcast | Japanese conversation | Japanese culture")
    data.spotify_shows[MIKU_SHOW_ID] = miku
    data.spotify_episodes["4qjerzMw8jfD30VOG0tjpK"] = _spotify_episode(
        "4qjerzMw8jfD30VOG0tjpK", "#1 自己紹介", 388000, "2020-05-01", "day", miku)
    data.spotify_episodes["5TmVVWd9TOCaF2bEtyYDwv"] = _spotify_episode(
        "5TmVVWd9TOCaF2bEtyYDwv", "日本の夏", 3015000, "2023-07", "month", miku)
    # A real show listing may hold null for an episode the market cannot play.
    data.spotify_show_items[MIKU_SHOW_ID] = ["5TmVVWd9TOCaF2bEtyYDwv", None,
                                             "4qjerzMw8jfD30VOG0tjpK"]
    data.tmdb_movies[372058] = _tmdb_movie(372058, "君の名は。", 106,
                                           "/q719jXXEzOoYaps6babgKnONONX.jpg")
    data.tmdb_movies[916224] = _tmdb_movie(916224, "すずめの戸締まり", 122, None)
    return data


class _Handler(BaseHTTPRequestHandler):
    """Routes one request to the fake; keep-alive like the real hosts."""

    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 10  # idle keep-alive connections give their thread back
    # Headers and body go out in two writes; Nagle plus delayed ACKs would add 40 ms each.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self.server.fake._handle(self)

    def do_POST(self) -> None:
        self.server.fake._handle(self)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the call log instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: ProviderFake) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


def _json(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> _Reply:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return _Reply(status, body, {"Content-Type": "application/json; charset=utf-8",
                                 **(headers or {})})


_Route = tuple[str, str, re.Pattern[str], str]
_ROUTES: list[_Route] = [
    ("POST", "tvdb.login", re.compile(r"/v4/login"), "_tvdb_login"),
    ("GET", "tvdb.series", re.compile(r"/v4/series/(?P<id>[^/]+)"), "_tvdb_series"),
    ("GET", "tvdb.movie", re.compile(r"/v4/movies/(?P<id>[^/]+)"), "_tvdb_movie"),
    ("GET", "tvdb.search", re.compile(r"/v4/search"), "_tvdb_search"),
    ("GET", "youtube.videos", re.compile(r"/youtube/v3/videos"), "_youtube_videos"),
    ("GET", "youtube.channels", re.compile(r"/youtube/v3/channels"), "_youtube_channels"),
    ("POST", "spotify.token", re.compile(r"/api/token"), "_spotify_token"),
    ("GET", "spotify.episode", re.compile(r"/v1/episodes/(?P<id>[^/]+)"), "_spotify_episode"),
    ("GET", "spotify.show", re.compile(r"/v1/shows/(?P<id>[^/]+)"), "_spotify_show"),
    ("GET", "spotify.show_episodes", re.compile(r"/v1/shows/(?P<id>[^/]+)/episodes"),
     "_spotify_show_episodes"),
    ("GET", "tmdb.movie", re.compile(r"/3/movie/(?P<id>[^/]+)"), "_tmdb_movie"),
]


@dataclass
class _Request:
    endpoint: str
    path_id: str
    query: dict[str, str]
    headers: Mapping[str, str]
    body: bytes


class ProviderFake:
    """The four providers on one loopback port; a context manager that starts and stops it."""

    def __init__(self, *, latency: float = 0.0, spotify_token_lifetime: int = 3600,
                 data: ProviderData | None = None) -> None:
        self.latency = latency
        self.spotify_token_lifetime = spotify_token_lifetime
        self.data = data if data is not None else fixture_data()
        self.calls = CallLog()
        self._faults: dict[str, list[tuple[Fault, int]]] = {}
        self._tvdb_tokens: set[str] = set()
        self._spotify_tokens: set[str] = set()
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> ProviderFake:
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> ProviderFake:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the provider fake is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def environment(self) -> dict[str, str]:
        """Environment variables pointing the product at this fake, with matching credentials."""
        return {
            "IMMERSION_TRACKER_TVDB_BASE_URL": f"{self.url}/v4",
            "IMMERSION_TRACKER_YOUTUBE_BASE_URL": self.url,
            "IMMERSION_TRACKER_SPOTIFY_API_BASE_URL": self.url,
            "IMMERSION_TRACKER_SPOTIFY_ACCOUNTS_BASE_URL": self.url,
            "IMMERSION_TRACKER_TMDB_BASE_URL": self.url,
            "IMMERSION_TRACKER_TVDB_API_KEY": TVDB_API_KEY,
            "IMMERSION_TRACKER_YOUTUBE_API_KEY": YOUTUBE_API_KEY,
            "IMMERSION_TRACKER_SPOTIFY_CLIENT_ID": SPOTIFY_CLIENT_ID,
            "IMMERSION_TRACKER_SPOTIFY_CLIENT_SECRET": SPOTIFY_CLIENT_SECRET,
            "IMMERSION_TRACKER_TMDB_READ_ACCESS_TOKEN": TMDB_READ_ACCESS_TOKEN,
        }

    # -- test controls ---------------------------------------------------------------------
    def inject(self, endpoint: str, fault: Fault, *, count: int = 1,
               retry_after: int = 1) -> None:
        """Make the next ``count`` requests to ``endpoint`` fail with ``fault``."""
        if endpoint not in {route[1] for route in _ROUTES}:
            raise ValueError(f"unknown endpoint {endpoint!r}")
        with self._lock:
            self._faults.setdefault(endpoint, []).extend([(fault, retry_after)] * count)

    def clear_faults(self) -> None:
        """Forget every fault not yet served."""
        with self._lock:
            self._faults.clear()

    def expire_tvdb_tokens(self) -> None:
        """Every TVDB token issued so far now answers 401, as after a month."""
        with self._lock:
            self._tvdb_tokens.clear()

    def expire_spotify_tokens(self) -> None:
        with self._lock:
            self._spotify_tokens.clear()

    def add_youtube_videos(self, count: int, *, channels: int = 1,
                           seconds: int = 600) -> list[str]:
        """Register ``count`` videos spread over ``channels`` new channels; return their ids."""
        channel_ids = [f"UCbench{n:017d}" for n in range(channels)]
        for channel_id in channel_ids:
            self.data.youtube_channels[channel_id] = _youtube_channel(channel_id, channel_id)
        ids = [f"bench{n:06d}" for n in range(count)]
        for n, video_id in enumerate(ids):
            channel_id = channel_ids[n % channels]
            self.data.youtube_videos[video_id] = _youtube_video(
                video_id, f"Video {n}", channel_id, channel_id, _iso_duration(seconds), "ja")
        return ids

    def add_spotify_episodes(self, count: int, *, duration_ms: int = 1_200_000) -> list[str]:
        """Register ``count`` episodes of ``FAKE_SHOW_ID``; return their ids."""
        show = self._synthetic_show()
        ids = [f"bench{n:017d}" for n in range(count)]
        for n, episode_id in enumerate(ids):
            self.data.spotify_episodes[episode_id] = _spotify_episode(
                episode_id, f"Episode {n}", duration_ms, "2024-01-01", "day", show)
        self.data.spotify_show_items.setdefault(FAKE_SHOW_ID, []).extend(ids)
        return ids

    # -- lookups including on-demand synthetic entries ------------------------------------
    def _synthetic_show(self) -> Json:
        return self.data.spotify_shows.setdefault(
            FAKE_SHOW_ID, _spotify_show(FAKE_SHOW_ID, "Synthetic Podcast"))

    def _video(self, video_id: str) -> Json | None:
        if video_id in self.data.youtube_videos:
            return self.data.youtube_videos[video_id]
        if len(video_id) == 11 and video_id.startswith("fake"):
            channel_id = synthetic_channel_id(video_id)
            seconds = 60 + _stable_number(video_id, 1800)
            return _youtube_video(video_id, f"Synthetic video {video_id}", channel_id,
                                  f"Channel {channel_id[6:12]}", _iso_duration(seconds))
        return None

    def _channel(self, channel_id: str) -> Json | None:
        if channel_id in self.data.youtube_channels:
            return self.data.youtube_channels[channel_id]
        if channel_id.startswith("UCfake"):
            return _youtube_channel(channel_id, f"Channel {channel_id[6:12]}")
        return None

    def _episode(self, episode_id: str) -> Json | None:
        if episode_id in self.data.spotify_episodes:
            return self.data.spotify_episodes[episode_id]
        if len(episode_id) == 22 and episode_id.startswith("fake"):
            duration_ms = 60_000 + _stable_number(episode_id, 3_600_000)
            return _spotify_episode(episode_id, f"Synthetic episode {episode_id}", duration_ms,
                                    "2024", "year", self._synthetic_show())
        return None

    def _tvdb_record(self, kind: Literal["series", "movie"], tvdb_id: int) -> Json | None:
        table = self.data.tvdb_series if kind == "series" else self.data.tvdb_movies
        if tvdb_id in table:
            return table[tvdb_id]
        if tvdb_id >= 9_000_000:
            if kind == "series":
                return _tvdb_series(tvdb_id, f"Synthetic series {tvdb_id}", 24, "jpn")
            return _tvdb_movie(tvdb_id, f"Synthetic movie {tvdb_id}", 100)
        return None

    # -- request handling ------------------------------------------------------------------
    def _handle(self, handler: _Handler) -> None:
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        reply = self._dispatch(handler.command, split.path, split.query, handler, body)
        if self.latency > 0:
            time.sleep(self.latency)
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.end_headers()
        handler.wfile.write(reply.body)

    def _dispatch(self, method: str, path: str, query: str, handler: _Handler,
                  body: bytes) -> _Reply:
        for route_method, endpoint, pattern, action in _ROUTES:
            match = pattern.fullmatch(path)
            if match is None or route_method != method:
                continue
            params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
            self.calls.record(Call(endpoint, method, path, params))
            fault = self._take_fault(endpoint)
            if fault is not None:
                return fault
            request = _Request(endpoint, match.groupdict().get("id", ""), params,
                               {k.lower(): v for k, v in handler.headers.items()}, body)
            answer: Callable[[_Request], _Reply] = getattr(self, action)
            return answer(request)
        self.calls.record(Call("unknown", method, path, {}))
        return _json(404, {"error": "no such route"})

    def _take_fault(self, endpoint: str) -> _Reply | None:
        with self._lock:
            queue = self._faults.get(endpoint)
            if not queue:
                return None
            fault, retry_after = queue.pop(0)
        if fault == "429":
            return _json(429, {"error": {"status": 429, "message": "API rate limit exceeded"}},
                         {"Retry-After": str(retry_after)})
        if fault == "500":
            return _json(500, {"error": {"status": 500, "message": "Server error"}})
        if fault == "quota":
            return _json(403, {"error": {"code": 403, "message": "quota exceeded",
                                         "errors": [{"reason": "quotaExceeded",
                                                     "domain": "youtube.quota"}]}})
        return _Reply(200, b"<html>upstream hiccup", {"Content-Type": "application/json"})

    def _bearer(self, request: _Request) -> str:
        value = request.headers.get("authorization", "")
        return value[len("Bearer "):] if value.startswith("Bearer ") else ""

    # TVDB
    def _tvdb_login(self, request: _Request) -> _Reply:
        try:
            apikey = json.loads(request.body or b"{}").get("apikey")
        except (ValueError, AttributeError):
            apikey = None
        if apikey != TVDB_API_KEY:
            return _json(401, {"status": "failure", "message": "InvalidAPIKey", "data": None})
        token = "tvdb." + secrets.token_urlsafe(16)
        with self._lock:
            self._tvdb_tokens.add(token)
        return _json(200, {"status": "success", "data": {"token": token}})

    def _tvdb_authorised(self, request: _Request) -> bool:
        with self._lock:
            return self._bearer(request) in self._tvdb_tokens

    def _tvdb_unauthorised(self) -> _Reply:
        return _json(401, {"status": "failure", "message": "Unauthorized", "data": None})

    def _tvdb_lookup(self, request: _Request, kind: Literal["series", "movie"]) -> _Reply:
        if not self._tvdb_authorised(request):
            return self._tvdb_unauthorised()
        record = self._tvdb_record(kind, int(request.path_id)) if request.path_id.isdigit() \
            else None
        if record is None:
            return _json(404, {"status": "failure", "message": "NotFoundException", "data": None})
        return _json(200, {"status": "success", "data": record})

    def _tvdb_series(self, request: _Request) -> _Reply:
        return self._tvdb_lookup(request, "series")

    def _tvdb_movie(self, request: _Request) -> _Reply:
        return self._tvdb_lookup(request, "movie")

    def _tvdb_search(self, request: _Request) -> _Reply:
        if not self._tvdb_authorised(request):
            return self._tvdb_unauthorised()
        words = request.query.get("query", "").casefold()
        kind = request.query.get("type", "series")
        limit = int(request.query.get("limit") or 10)
        table = self.data.tvdb_movies if kind == "movie" else self.data.tvdb_series
        results = []
        for tvdb_id, record in table.items():
            names = [record["name"], *self.data.tvdb_aliases.get(tvdb_id, [])]
            if words and any(words in name.casefold() for name in names):
                results.append({"tvdb_id": str(tvdb_id), "name": record["name"],
                                "year": "2013" if kind == "series" else "2022",
                                "image_url": record["image"], "primary_language": "jpn",
                                "overview": f"{record['name']} ({kind})", "type": kind})
        return _json(200, {"status": "success", "data": results[:limit]})

    # YouTube
    def _youtube_list(self, request: _Request, find: Callable[[str], Json | None]) -> _Reply:
        key = request.headers.get("x-goog-api-key") or request.query.get("key")
        if key != YOUTUBE_API_KEY:
            return _json(400, {"error": {"code": 400, "message": "API key not valid.",
                                         "errors": [{"reason": "keyInvalid"}]}})
        ids = [i for i in request.query.get("id", "").split(",") if i]
        if len(ids) > 50:
            return _json(400, {"error": {"code": 400, "message": "too many ids",
                                         "errors": [{"reason": "invalidFilters"}]}})
        items = [item for item in map(find, ids) if item is not None]
        return _json(200, {"kind": "youtube#listResponse", "items": items,
                           "pageInfo": {"totalResults": len(items),
                                        "resultsPerPage": len(items)}})

    def _youtube_videos(self, request: _Request) -> _Reply:
        return self._youtube_list(request, self._video)

    def _youtube_channels(self, request: _Request) -> _Reply:
        return self._youtube_list(request, self._channel)

    # Spotify
    def _spotify_token(self, request: _Request) -> _Reply:
        expected = base64.b64encode(f"{SPOTIFY_CLIENT_ID}:{SPOTIFY_CLIENT_SECRET}".encode())
        form = parse_qs(request.body.decode())
        if request.headers.get("authorization") != "Basic " + expected.decode() \
                or form.get("grant_type") != ["client_credentials"]:
            return _json(400, {"error": "invalid_client", "error_description": "Invalid client"})
        token = "spotify." + secrets.token_urlsafe(16)
        with self._lock:
            self._spotify_tokens.add(token)
        return _json(200, {"access_token": token, "token_type": "Bearer",
                           "expires_in": self.spotify_token_lifetime})

    def _spotify_guard(self, request: _Request) -> _Reply | None:
        with self._lock:
            valid = self._bearer(request) in self._spotify_tokens
        if not valid:
            return _json(401, {"error": {"status": 401, "message": "The access token expired"}})
        if not request.query.get("market"):
            # Without a market a client-credentials request cannot play anything.
            return _json(404, {"error": {"status": 404, "message": "Non existing id"}})
        return None

    def _spotify_episode(self, request: _Request) -> _Reply:
        refusal = self._spotify_guard(request)
        if refusal is not None:
            return refusal
        episode = self._episode(request.path_id)
        if episode is None:
            return _json(404, {"error": {"status": 404, "message": "Non existing id"}})
        return _json(200, episode)

    def _spotify_show(self, request: _Request) -> _Reply:
        refusal = self._spotify_guard(request)
        if refusal is not None:
            return refusal
        if request.path_id == FAKE_SHOW_ID:
            self._synthetic_show()
        show = self.data.spotify_shows.get(request.path_id)
        if show is None:
            return _json(404, {"error": {"status": 404, "message": "Non existing id"}})
        return _json(200, show)

    def _spotify_show_episodes(self, request: _Request) -> _Reply:
        refusal = self._spotify_guard(request)
        if refusal is not None:
            return refusal
        show_id = request.path_id
        if show_id not in self.data.spotify_show_items:
            return _json(404, {"error": {"status": 404, "message": "Non existing id"}})
        listing = self.data.spotify_show_items[show_id]
        limit = min(int(request.query.get("limit") or 20), 50)
        offset = int(request.query.get("offset") or 0)
        page = listing[offset:offset + limit]
        items = [None if i is None else _simplified(self._episode(i)) for i in page]
        base = f"{self.url}/v1/shows/{show_id}/episodes"
        following = {"market": request.query["market"], "limit": limit, "offset": offset + limit}
        next_url = f"{base}?{urlencode(following)}" if offset + limit < len(listing) else None
        return _json(200, {"href": f"{base}?{urlencode(request.query)}", "items": items,
                           "limit": limit, "offset": offset, "total": len(listing),
                           "next": next_url})

    # TMDB
    def _tmdb_movie(self, request: _Request) -> _Reply:
        if self._bearer(request) != TMDB_READ_ACCESS_TOKEN:
            return _json(401, {"status_code": 7, "status_message": "Invalid API key.",
                               "success": False})
        movie = self.data.tmdb_movies.get(int(request.path_id)) \
            if request.path_id.isdigit() else None
        if movie is None:
            return _json(404, {"status_code": 34, "success": False,
                               "status_message": "The resource you requested could not be found."})
        return _json(200, movie)


def _simplified(episode: Json | None) -> Json | None:
    """A show listing's episodes carry no ``show`` object."""
    if episode is None:
        return None
    return {key: value for key, value in episode.items() if key != "show"}


def iter_endpoints() -> Iterator[str]:
    """Every endpoint name the fake serves (for call-log and fault-injection users)."""
    return (route[1] for route in _ROUTES)
