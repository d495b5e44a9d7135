"""Every error status of the REST API, through the router: status and ``{"message"}`` body."""

from __future__ import annotations

import pytest

from handlers.service.core.errors import STORE_BUSY_MESSAGE
from handlers.service.core.request_limits import size_limit_text
from handlers.settings import Settings
from tests.unit.handlers.provider_doubles import FakeTvdb, FakeYouTube
from tests.unit.handlers.router_harness import SETTINGS, call, message, refuse_writes, router

EPISODE = {"folder_name": "Free! [1080p]", "file_name": "01"}


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (b'{"episodes": [{"folder_name": 5}', "JSON"),
        (b"\xff\xfe\x00", "JSON"),
        (b"[]", "object"),
        (b'{"episodes": "x"}', "episodes"),
        (b'{"episodes": [{"folder_name": 5, "file_name": "x"}]}', "episodes.0.folder_name"),
        (b'{"episodes": [{"folder_name": "a"}]}', "episodes.0.file_name"),
        (b'{"episodes": [{"folder_name": "", "file_name": "x"}]}', "episodes.0.folder_name"),
        (b"{}", "episodes"),
        (b"", "object"),
    ],
)
def test_malformed_sync_bodies_are_400_naming_the_problem(raw: bytes, names: str) -> None:
    with router() as api:
        assert names in message(call(api, "POST", "/sync", raw=raw), 400)


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000,
        b'{"episodes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"ignored": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
    ],
    ids=["bare", "in-a-field", "in-an-ignored-field"],
)
def test_deeply_nested_json_is_a_400_not_a_crash(raw: bytes) -> None:
    with router() as api:
        assert "deeply" in message(call(api, "POST", "/sync", raw=raw), 400)


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/syncyoutube", b'{"video_ids": ["\\udc80"]}'),
        ("/sync", b'{"episodes": [{"folder_name": "a\\ud800", "file_name": "x"}]}'),
        ("/syncspotify", b'{"episode_ids": ["4qjerzMw8jfD30VOG0tjpK"], "x": "\\udfff"}'),
    ],
)
def test_a_lone_surrogate_is_a_400_and_nothing_is_written(path: str, raw: bytes) -> None:
    with router() as api:
        assert "surrogate" in message(call(api, "POST", path, raw=raw), 400)
        assert list(api.service.repo.query_prefix("USER#alice")) == []


def test_a_surrogate_pair_is_ordinary_text() -> None:
    with router() as api:
        raw = b'{"episodes": [{"folder_name": "\\ud83c\\udf38", "file_name": "1"}]}'
        assert call(api, "POST", "/sync", raw=raw).json() == {"episodes_added": 1}
        assert call(api, "GET", "/shows").json()["shows"][0]["folder_name"] == "🌸"


def test_a_lone_surrogate_in_the_query_is_a_400() -> None:
    with router() as api:
        assert "surrogate" in message(call(api, "GET", "/search", query={"query": "\udc80"}), 400)


def test_an_unknown_search_type_is_a_400() -> None:
    with router() as api:
        response = call(api, "GET", "/search", query={"query": "free", "type": "tv"})
        assert "type" in message(response, 400)


def test_no_credentials_is_401_with_a_basic_challenge() -> None:
    with router() as api:
        response = call(api, "GET", "/progress", auth=None)
        assert message(response, 401) == "Unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "auth", ["Basic " + "YWxpY2U6d3Jvbmc=", "Basic !!!", "Digest abc", "Basic " + "OnB3"]
)
def test_wrong_or_unreadable_credentials_are_403(auth: str) -> None:
    with router() as api:
        response = call(api, "GET", "/progress", auth=auth)
        message(response, 403)
        assert "WWW-Authenticate" not in response.headers


def test_asking_about_another_user_is_403() -> None:
    with router() as api:
        message(call(api, "GET", "/progress", query={"user": "bob"}), 403)
        assert call(api, "GET", "/progress", query={"user": "alice"}).status == 200


def test_an_unknown_show_folder_is_404() -> None:
    with router() as api:
        body = {"folder_name": "Nope", "tvdb_id": 278157}
        assert "Nope" in message(call(api, "PUT", "/show", body), 404)


def test_too_many_items_is_413_naming_the_limit() -> None:
    settings = Settings(**{**SETTINGS.model_dump(), "max_items_per_request": 2})
    with router(settings) as api:
        response = call(api, "POST", "/sync", {"episodes": [EPISODE] * 3})
        text = message(response, 413)
        assert size_limit_text(settings.max_body_bytes, 2) in text and "3" in text


def test_a_body_over_the_byte_limit_is_413_naming_the_limit() -> None:
    settings = Settings(**{**SETTINGS.model_dump(), "max_body_bytes": 100})
    with router(settings) as api:
        response = call(api, "POST", "/sync", {"episodes": [EPISODE] * 5})
        assert size_limit_text(100, settings.max_items_per_request) in message(response, 413)
        assert list(api.service.repo.query_prefix("USER#alice")) == []


def test_an_unknown_series_is_422() -> None:
    with router() as api:
        call(api, "POST", "/sync", {"episodes": [EPISODE]})
        body = {"folder_name": EPISODE["folder_name"], "tvdb_id": 4242}
        assert "4242" in message(call(api, "PUT", "/show", body), 422)


def test_an_unknown_video_is_422_and_the_rest_stays_written() -> None:
    with router() as api:
        response = call(api, "POST", "/syncyoutube", {"video_ids": ["9bZkp7q19f0", "nonexistent"]})
        assert response.status == 422
        body = response.json()
        assert list(body) == ["message", "videos_added", "failed"]
        assert body["videos_added"] == 1 and [f["id"] for f in body["failed"]] == ["nonexistent"]


def test_the_store_refusing_writes_is_503() -> None:
    with router() as api:
        refuse_writes(api)
        response = call(api, "POST", "/sync", {"episodes": [EPISODE]})
        assert message(response, 503) == STORE_BUSY_MESSAGE


def test_a_provider_outage_is_503() -> None:
    with router() as api:
        tvdb = api.service.providers.tvdb
        assert isinstance(tvdb, FakeTvdb)
        tvdb.down = True
        call(api, "POST", "/sync", {"episodes": [EPISODE]})
        body = {"folder_name": EPISODE["folder_name"], "tvdb_id": 278157}
        message(call(api, "PUT", "/show", body), 503)
        message(call(api, "GET", "/search", query={"query": "free"}), 503)


def test_a_provider_outage_during_a_sync_is_503_with_the_partial_body() -> None:
    with router() as api:
        youtube = api.service.providers.youtube
        assert isinstance(youtube, FakeYouTube)
        youtube.down = True
        response = call(api, "POST", "/syncyoutube", {"video_ids": ["9bZkp7q19f0"]})
        assert response.status == 503 and response.json()["videos_added"] == 0
        assert "unavailable" in response.json()["message"]


MISSING_KEY_REQUESTS = [
    ("tvdb", "PUT", "/show", {"folder_name": EPISODE["folder_name"], "tvdb_id": 278157}, None),
    ("tvdb", "GET", "/search", None, {"query": "free"}),
    ("tvdb", "POST", "/syncmovies", {"movies": [{"file_name": "a", "tvdb_id": 331904}]}, None),
    ("tmdb", "POST", "/syncmovies", {"movies": [{"file_name": "a", "tmdb_id": 372058}]}, None),
    ("youtube", "POST", "/syncyoutube", {"video_ids": ["9bZkp7q19f0"]}, None),
    ("spotify", "POST", "/syncspotify", {"episode_ids": ["4qjerzMw8jfD30VOG0tjpK"]}, None),
]


@pytest.mark.parametrize(
    ("provider", "method", "path", "body", "query"),
    MISSING_KEY_REQUESTS,
    ids=[f"{r[0]}-{r[2]}" for r in MISSING_KEY_REQUESTS],
)
def test_a_provider_without_credentials_is_422_on_every_route(
    provider: str, method: str, path: str, body: object, query: dict[str, str] | None
) -> None:
    with router(without=(provider,)) as api:
        call(api, "POST", "/sync", {"episodes": [EPISODE]})
        response = call(api, method, path, body, query=query)
        assert response.status == 422, response.body
        assert "configured" in response.body

