"""End to end: ``immersion-tracker serve`` on loopback with a SQLite file and fake providers."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.providers import MIKU_SHOW_ID, ProviderFake
from tests.support.api_server import RunningApi, running_api

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def providers() -> Iterator[ProviderFake]:
    with ProviderFake() as fake:
        yield fake


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, providers: ProviderFake) -> Iterator[RunningApi]:
    env = {
        **providers.environment(),
        "IMMERSION_TRACKER_WEB_ORIGIN": "https://immersion.example.com",
    }
    with running_api(tmp_path_factory.mktemp("api"), env) as running:
        yield running


@pytest.fixture
def http(api: RunningApi) -> Iterator[httpx.Client]:
    with api.client() as client:
        yield client


def test_authentication_errors(api: RunningApi) -> None:
    with httpx.Client(base_url=api.base_url) as anonymous:
        missing = anonymous.get("/progress")
        assert missing.status_code == 401
        assert missing.headers["WWW-Authenticate"].startswith("Basic")
        assert missing.json() == {"message": "Unauthorized"}
        wrong = anonymous.get("/progress", auth=(api.user, "nope"))
        assert wrong.status_code == 403 and wrong.json()["message"]
        options = anonymous.options("/syncyoutube")
        assert options.status_code == 200
        assert options.headers["Access-Control-Allow-Origin"] == "https://immersion.example.com"
        assert anonymous.get("/openapi.json").json()["openapi"].startswith("3.")


def test_old_client_shapes_and_a_base_url_with_a_prefix(
    api: RunningApi, http: httpx.Client
) -> None:
    response = http.post(
        "/prod/sync?user=alice",
        json={
            "episodes": [
                {
                    "folder_name": "Free! [Judas] S01",
                    "file_name": "Free! - 01 (1080p) #1 *?",
                    "extra": True,
                }
            ],
            "client_version": "1.0",
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"episodes_added": 1}
    assert http.get("/progress", params={"user": "bob"}).status_code == 403
    put = http.put(
        "/some/prefix/show", json={"folder_name": "Free! [Judas] S01", "tvdb_id": 278157}
    )
    assert (put.status_code, put.json()) == (200, {})
    shows = http.get("/shows").json()["shows"]
    assert shows == [
        {
            "folder_name": "Free! [Judas] S01",
            "tvdb_id": 278157,
            "tvdb_name": "Free!",
            "tvdb_image": shows[0]["tvdb_image"],
        }
    ]


def test_every_sync_route_and_the_progress_they_add_up_to(http: httpx.Client) -> None:
    assert http.post(
        "/syncyoutube", json={"video_ids": ["9bZkp7q19f0", "kJQP7kiw5Fk", "9bZkp7q19f0"]}
    ).json() == {"videos_added": 2}
    assert http.post("/syncyoutube", json={"video_ids": ["9bZkp7q19f0"]}).json() == {
        "videos_added": 0
    }
    assert http.post("/syncspotify", json={"episode_ids": ["4qjerzMw8jfD30VOG0tjpK"]}).json() == {
        "episodes_added": 1
    }
    backfill = http.post(
        "/syncspotify", json={"episode_ids": ["5TmVVWd9TOCaF2bEtyYDwv"], "backfill": True}
    )
    assert backfill.status_code == 200 and backfill.json()["episodes_added"] >= 1
    movies = http.post(
        "/syncmovies",
        json={
            "movies": [
                {"file_name": "Suzume [BD]", "tvdb_id": 331904},
                {"file_name": "Kimi no Na wa", "tmdb_id": 372058},
            ]
        },
    )
    assert movies.json() == {"movies_added": 2}
    progress = http.get("/progress").json()
    assert progress["total_movies_watched"] == 2
    assert progress["youtube_videos_watched"] == 2
    assert any(s["show_id"] == MIKU_SHOW_ID for s in progress["spotify_shows"])
    assert {m["name"] for m in progress["movies"]} == {"すずめの戸締まり", "君の名は。"}


def test_unknown_ids_are_a_422_that_keeps_what_succeeded(http: httpx.Client) -> None:
    response = http.post("/syncyoutube", json={"video_ids": ["zzzzzzzzzzz", "fake0000001"]})
    assert response.status_code == 422
    body = response.json()
    assert body["videos_added"] == 1 and body["message"]
    assert body["failed"] == [{"id": "zzzzzzzzzzz", "reason": body["failed"][0]["reason"]}]
    assert http.post("/syncyoutube", json={"video_ids": ["fake0000001"]}).json() == {
        "videos_added": 0
    }
    show = http.put("/show", json={"folder_name": "Free! [Judas] S01", "tvdb_id": 1})
    assert show.status_code == 422


def test_provider_outage_is_a_503_and_a_retry_succeeds(
    http: httpx.Client, providers: ProviderFake
) -> None:
    providers.inject("youtube.videos", "500", count=20)
    outage = http.post("/syncyoutube", json={"video_ids": ["fake0000002"]})
    providers.clear_faults()
    assert outage.status_code == 503 and outage.json()["failed"][0]["id"] == "fake0000002"
    assert http.post("/syncyoutube", json={"video_ids": ["fake0000002"]}).json() == {
        "videos_added": 1
    }


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "needle"),
    [
        ("POST", "/sync", b'{"episodes": [', 400, "JSON"),
        ("POST", "/sync", b'{"episodes": [{"folder_name": "x"}]}', 400, "episodes.0.file_name"),
        ("POST", "/syncyoutube", b'{"video_ids": "9bZkp7q19f0"}', 400, "video_ids"),
        ("PUT", "/show", b'{"folder_name": "x", "tvdb_id": "abc"}', 400, "tvdb_id"),
        (
            "PUT",
            "/show",
            b'{"folder_name": "Not a folder", "tvdb_id": 278157}',
            404,
            "Not a folder",
        ),
        ("POST", "/syncmovies", b'{"movies": [{"file_name": "x"}]}', 400, "tvdb_id"),
        ("GET", "/nothing", b"", 404, "route"),
    ],
)
def test_bad_requests_get_one_clear_sentence(
    http: httpx.Client, method: str, path: str, body: bytes, status: int, needle: str
) -> None:
    response = http.request(
        method, path, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status
    assert needle in response.json()["message"]


def test_size_limits_are_413_before_any_work(http: httpx.Client, providers: ProviderFake) -> None:
    providers.calls.reset()
    too_many = http.post("/syncyoutube", json={"video_ids": [f"fake{n:07d}" for n in range(1001)]})
    assert too_many.status_code == 413 and "1,000" in too_many.json()["message"]
    too_big = http.post("/sync", content=b'{"episodes": []' + b" " * 1_100_000 + b"}")
    assert too_big.status_code == 413
    assert providers.calls.count() == 0


def test_search_and_link_code(http: httpx.Client) -> None:
    found = http.get("/search", params={"query": "Free", "type": "series"}).json()["results"]
    assert any(r["tvdb_id"] == 278157 for r in found)
    assert http.get("/search", params={"query": "x", "type": "music"}).status_code == 400
    code = http.post("/linkcode").json()
    assert len(code["code"]) >= 6 and code["expires_in"] == 600
