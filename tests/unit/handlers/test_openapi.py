"""The OpenAPI document describes exactly the routes served, and every answer fits its schema."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import SecretStr

from bot.review_card import render
from handlers.http.api import Api, ApiResponse
from handlers.http.openapi import error_statuses, openapi_document
from handlers.http.routes import ROUTES, route_for
from handlers.service.core.activities import ACTIVITIES
from handlers.service.core.request_limits import size_limit_text
from tests.support.mini_app import BOT_TOKEN, signed_init_data
from tests.unit.handlers.provider_doubles import FakeTvdb, FakeYouTube
from tests.unit.handlers.router_harness import NOW, SETTINGS, call, refuse_writes, router

DOCUMENT = openapi_document(SETTINGS.max_body_bytes, SETTINGS.max_items_per_request)
EPISODE = {"folder_name": "Free! [1080p]", "file_name": "01"}
Answer = tuple[str, str, ApiResponse]


def test_every_served_route_and_no_other_is_described() -> None:
    paths = DOCUMENT["paths"]
    described = {(method.upper(), path) for path, item in paths.items() for method in item}
    assert described == {(route.method, route.path) for route in ROUTES}


def test_every_reference_resolves_under_components() -> None:
    schemas = DOCUMENT["components"]["schemas"]
    text = json.dumps(DOCUMENT)
    refs = {part.split('"', 1)[0] for part in text.split('"$ref": "')[1:]}
    assert refs and all(ref.startswith("#/components/schemas/") for ref in refs)
    assert {ref.rsplit("/", 1)[-1] for ref in refs} <= set(schemas)
    Draft202012Validator.check_schema({"$defs": schemas})


def test_the_size_limit_text_is_the_one_the_api_answers_with() -> None:
    limit = size_limit_text(SETTINGS.max_body_bytes, SETTINGS.max_items_per_request)
    for route in ROUTES:
        if route.body is not None:
            too_large = DOCUMENT["paths"][route.path][route.method.lower()]["responses"]["413"]
            assert too_large["description"] == limit


def _activity_schema(model: str) -> dict[str, Any]:
    field: dict[str, Any] = DOCUMENT["components"]["schemas"][model]["properties"]["activity"]
    return next((s for s in field.get("anyOf", []) if s.get("type") == "string"), field)


def test_the_activities_are_an_enum_from_the_one_table_and_each_can_be_logged() -> None:
    for model in ("LogRequest", "EntryChanges"):
        assert _activity_schema(model)["enum"] == list(ACTIVITIES), model
    body = {**DOCUMENT["components"]["schemas"]["LogRequest"],
            "components": DOCUMENT["components"]}
    validator = Draft202012Validator(body)
    assert not validator.is_valid({"activity": "cooking", "minutes": 5})
    with router() as api:
        for activity in _activity_schema("LogRequest")["enum"]:
            request = {"activity": activity, "minutes": 5}
            assert validator.is_valid(request)
            answer = call(api, "POST", "/log", request)
            assert answer.status == 201, (activity, answer.body)
            assert answer.json()["entry"]["activity"] == activity


def _sessions(api: Api) -> Iterator[Answer]:
    def ask(method: str, path: str, body: Any = None, **options: Any) -> Answer:
        return method, path, call(api, method, path, body, **options)

    show = {"folder_name": EPISODE["folder_name"], "tvdb_id": 278157}
    for route in ROUTES:
        yield ask(route.method, route.path, auth=None)  # 401, or the public route's answer
        yield ask(route.method, route.path, auth="Basic YWxpY2U6d3Jvbmc=")  # 403
        if route.body is not None:
            yield ask(route.method, route.path, raw=b"{")  # 400
            yield ask(route.method, route.path, raw=b" " * (SETTINGS.max_body_bytes + 1))
    yield ask("PUT", "/show", show)  # 404: no such folder yet
    yield ask("POST", "/sync", {"episodes": [EPISODE]})
    yield ask("PUT", "/show", show)
    yield ask("PUT", "/show", {**show, "tvdb_id": 4242})  # 422 message only
    movies = [{"file_name": "a", "tvdb_id": 331904}, {"file_name": "b", "tmdb_id": 372058}]
    yield ask("POST", "/syncmovies", {"movies": movies})
    yield ask("POST", "/syncmovies", {"movies": [{"file_name": "c", "tvdb_id": 1}]})  # 422
    yield ask("POST", "/syncyoutube", {"video_ids": ["9bZkp7q19f0", "nonexistent"]})  # 422
    yield ask("POST", "/syncyoutube", {"video_ids": ["kJQP7kiw5Fk"]})
    yield ask("POST", "/syncspotify", {"episode_ids": ["5TmVVWd9TOCaF2bEtyYDwv"], "backfill": True})
    yield ask("POST", "/syncspotify", {"episode_ids": ["zzzzzzzzzzzzzzzzzzzzzz"]})  # 422
    yield ask("GET", "/search", query={"query": "free"})
    yield ask("GET", "/search", query={"query": "kimi", "type": "movie"})
    yield ask("GET", "/search", query={"query": "free", "type": "tv"})  # 400
    yield ask("GET", "/progress", query={"user": "bob"})  # 403
    yield ask("POST", "/linkcode")
    yield ask("GET", "/shows")
    yield ask("GET", "/progress")
    yield from _logging_sessions(ask)
    yield ask("GET", "/review.png")  # 422: this server was given no card renderer
    api.service.logbook.draw_card = render
    yield ask("GET", "/review.png", query={"year": "2024"})
    yield from _portability(ask)
    yield from _capture(ask)
    yield ask("POST", "/session")
    yield ask("GET", "/session")
    yield ask("POST", "/session/token")
    yield ask("DELETE", "/session")
    yield ask("POST", "/session/telegram", {"init_data": "auth_date=1&hash=00"}, auth=None)  # 422
    tvdb, youtube = api.service.providers.tvdb, api.service.providers.youtube
    assert isinstance(tvdb, FakeTvdb) and isinstance(youtube, FakeYouTube)
    tvdb.down = youtube.down = True
    yield ask("PUT", "/show", show)  # 503 message only
    yield ask("POST", "/syncyoutube", {"video_ids": ["liveNow0000"]})  # 503 partial
    refuse_writes(api)
    yield ask("POST", "/sync", {"episodes": [{**EPISODE, "file_name": "02"}]})  # 503 store


def _logging_sessions(ask: Callable[..., Answer]) -> Iterator[Answer]:
    logged = ask("POST", "/log", {"activity": "anime", "minutes": 25, "title": "Frieren"})
    yield logged  # 201
    yield ask("POST", "/log", {"activity": "cooking", "minutes": 5})  # 400
    entry = logged[2].json()["entry"]["id"]
    yield ask("GET", "/history")
    yield ask("GET", "/history", query={"limit": "many"})  # 400
    yield ask("PATCH", f"/history/{entry}", {"minutes": 30})
    yield ask("PATCH", "/history/nothing", {"minutes": 30})  # 404
    yield ask("GET", "/stats", query={"bucket": "week"})
    yield ask("GET", "/stats", query={"bucket": "year"})  # 400
    yield ask("GET", "/review", query={"year": "2024"})
    yield ask("GET", "/review", query={"year": "soon"})  # 400
    yield ask("GET", "/review.png", query={"year": "soon"})  # 400
    yield ask("GET", "/title", query={"name": "Frieren"})
    yield ask("GET", "/title")  # 400
    yield ask("GET", "/title", query={"name": "Nothing"})  # 404
    yield ask("GET", "/settings")
    yield ask("PUT", "/settings", {"timezone": "Europe/Berlin", "reading_speed": {"book": 200}})
    yield ask("PUT", "/settings", {"timezone": "Mars/Base"})  # 400
    yield ask("DELETE", f"/history/{entry}")
    yield ask("DELETE", f"/history/{entry}")  # 404


def _portability(ask: Any) -> Iterator[Answer]:
    csv = b"Date,Log Name,Duration\n2024-01-01,Frieren,24\n2024-01-02,Bad,-1\n"
    yield ask("GET", "/export", query={"format": "csv"})
    yield ask("GET", "/export", query={"format": "xml"})  # 400
    yield ask("POST", "/import", raw=b"no,format\n", query={"format": "auto"})  # 400
    imported = ask("POST", "/import", raw=csv, query={"dry_run": "false"})
    yield imported
    yield ask("DELETE", "/imports/" + imported[2].json()["import_id"])
    yield ask("DELETE", "/imports/unknown")  # 404


def _capture(ask: Callable[..., Answer]) -> Iterator[Answer]:
    made = ask("POST", "/integrations", {"name": "home jellyfin", "source": "generic"})
    yield made  # 201
    yield ask("GET", "/integrations")
    bearer = "Bearer " + made[2].json()["token"]
    event = {"session_id": "s1", "event": "start", "position_seconds": 0, "kind": "movie"}
    yield ask("POST", "/capture/generic", event, auth=bearer)  # 202
    yield ask("POST", "/capture/generic", {"event": "start"}, auth=bearer)  # 400 session_id
    yield ask("POST", "/capture/winamp", event, auth=bearer)  # 404
    yield ask("POST", "/capture/generic", raw=b" " * (10 * 1024 * 1024 + 1), auth=bearer)  # 413
    yield ask("GET", "/progress", auth=bearer)  # 401: a capture token opens only /capture/
    listed = ask("GET", "/captures")
    yield listed
    yield ask("GET", "/captures", query={"state": "gone"})  # 400
    session = listed[2].json()["captures"][0]["id"]
    yield ask("POST", f"/captures/{session}/accept")
    yield ask("POST", "/captures/none/accept")  # 404
    integration = made[2].json()["id"]
    yield ask("DELETE", f"/integrations/{integration}")  # 204
    yield ask("DELETE", f"/integrations/{integration}")  # 404
    yield ask("POST", "/capture/generic", event, auth=bearer)  # 401: revoked


def _answers() -> list[Answer]:
    with router() as api:
        answers = list(_sessions(api))
    with router(without=("tmdb",)) as api:
        body = {"movies": [{"file_name": "b", "tmdb_id": 372058}]}
        answers.append(("POST", "/syncmovies", call(api, "POST", "/syncmovies", body)))
    with router(without=("tvdb",)) as api:
        answers.append(("GET", "/search", call(api, "GET", "/search", query={"query": "x"})))
    token = SecretStr(BOT_TOKEN)
    with router(SETTINGS.model_copy(update={"telegram_bot_token": token})) as api:
        api.service.links.redeem(api.service.links.create_code("alice"), 42)
        for who in (42, 43):  # linked, then not linked (403)
            signed = {"init_data": signed_init_data(who, int(NOW.timestamp()))}
            answer = call(api, "POST", "/session/telegram", signed, auth=None)
            answers.append(("POST", "/session/telegram", answer))
    return answers


ANSWERS = _answers()


def _schema_for(path: str, method: str, status: int) -> dict[str, Any]:
    operation = DOCUMENT["paths"][path][method.lower()]
    response = operation["responses"].get(str(status))
    assert response is not None, f"{method} {path} answers {status}, which is not described"
    schema: dict[str, Any] = response["content"]["application/json"]["schema"]
    return {**schema, "components": DOCUMENT["components"]}


@pytest.mark.parametrize(
    "answer", ANSWERS, ids=[f"{m} {p} {r.status}" for m, p, r in ANSWERS]
)
def test_every_answer_validates_against_its_route_and_status(answer: Answer) -> None:
    method, path, response = answer
    route, _, _ = route_for(method, path)
    assert route is not None
    if response.headers["Content-Type"].startswith(("text/csv", "application/x-ndjson")):
        return  # an export: CSV or JSON Lines text, not a JSON document
    if response.status == 204:
        assert response.body == ""
        return
    if response.binary is not None:
        assert "image/png" in DOCUMENT["paths"][route.path]["get"]["responses"]["200"]["content"]
        return  # the review card: an image
    validator = Draft202012Validator(_schema_for(route.path, method, response.status))
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert errors == [], response.body


def test_the_answers_cover_every_described_status() -> None:
    # 503 is exercised where a stand-in can fail (a provider outage, a store refusing writes);
    # 409 needs a racing writer: test_logs_and_history.py makes one at the store. 429 comes
    # from the local server's login throttle, in front of the router: test_login_throttling.py.
    answered = {(m, p, r.status) for m, p, r in ANSWERS}
    for route in ROUTES:
        described = {route.ok_status, *error_statuses(route)} - {503, 409, 429}
        covered = {s for m, p, s in answered if route_for(m, p)[0] == route}
        assert described <= covered, (route.path, described - covered)


def test_progress_through_its_model_is_byte_for_byte_the_old_serialisation() -> None:
    moments = [NOW - timedelta(days=20)]
    with router(clock=lambda: moments[0]) as api:
        call(api, "POST", "/syncyoutube", {"video_ids": ["9bZkp7q19f0"]})
        moments[0] = NOW - timedelta(days=3, hours=5)
        call(api, "POST", "/sync", {"episodes": [EPISODE]})
        call(api, "PUT", "/show", {"folder_name": EPISODE["folder_name"], "tvdb_id": 278157})
        call(api, "POST", "/syncmovies", {"movies": [{"file_name": "m", "tmdb_id": 372058}]})
        moments[0] = NOW
        response = call(api, "GET", "/progress")
        old_wire = json.dumps(api.service.progress("alice"), ensure_ascii=False)
        assert response.body == old_wire
        assert isinstance(response.json()["weekly_trend_percentage"], float)
        shows = json.dumps({"shows": api.service.shows("alice")}, ensure_ascii=False)
        assert call(api, "GET", "/shows").body == shows
    assert isinstance(moments[0], datetime)
