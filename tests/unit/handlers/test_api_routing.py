"""Route matching and dispatch of the REST router: prefixes, 404, 405, OPTIONS, public routes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handlers.aws.api_lambda import request_from_event
from handlers.http import responses
from handlers.http.routes import ROUTES, Route, route_for
from tests.unit.handlers.router_harness import call, message, router

EVENTS = Path(__file__).resolve().parents[2] / "events"


@pytest.mark.parametrize(
    "path", ["/progress", "/prod/progress", "/some/prefix/progress", "/prod/progress/"]
)
def test_the_last_segment_after_any_prefix_picks_the_route(path: str) -> None:
    route, _, _ = route_for("GET", path)
    assert route is not None and route.path == "/progress"
    with router() as api:
        assert call(api, "GET", path).status == 200


@pytest.mark.parametrize("path", ["/", "/nowhere", "/prod/progres", "/progress/extra"])
def test_an_unknown_path_is_404(path: str) -> None:
    with router() as api:
        response = call(api, "GET", path)
        message(response, 404)
        assert "Allow" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/sync", "POST,OPTIONS"),
        ("DELETE", "/progress", "GET,OPTIONS"),
        ("POST", "/prod/show", "PUT,OPTIONS"),
        ("PUT", "/openapi.json", "GET,OPTIONS"),
    ],
)
def test_a_known_path_with_another_method_is_405_with_allow(
    method: str, path: str, allow: str
) -> None:
    with router() as api:
        response = call(api, method, path, auth=None)
        assert method in message(response, 405)
        assert response.headers["Allow"] == allow


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.method} {r.path}" for r in ROUTES])
def test_options_answers_every_route_without_credentials(route: Any) -> None:
    with router() as api:
        response = call(api, "OPTIONS", "/prod" + route.path, auth=None)
        assert response.status == 200 and response.json() == {}
        assert response.headers["Access-Control-Allow-Headers"] == "Authorization,Content-Type"
        assert response.headers["Access-Control-Allow-Methods"] == "GET,POST,PUT,OPTIONS"


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.method} {r.path}" for r in ROUTES])
def test_only_public_routes_answer_without_credentials(route: Any) -> None:
    with router() as api:
        response = call(api, route.method, route.path, auth=None)
        if route.authenticated:
            assert message(response, 401) == "Unauthorized"
        elif route.body is not None:
            message(response, 400)  # the Mini App's sign-in: answered, but no data sent
        elif route.path.startswith("/capture/"):
            assert "capture token" in message(response, 401)  # opened by its own token only
        else:
            assert response.status == 200


def test_every_route_has_its_own_handler_and_no_other_is_reachable() -> None:
    with router() as api:
        assert set(api.dispatch) == set(ROUTES)
        handlers = [getattr(h, "__name__", "") for h in api.dispatch.values()]
        assert len(set(handlers)) == len(ROUTES)


def test_a_public_route_serves_its_own_handler_not_the_document() -> None:
    with router() as api:
        # The Mini App's sign-in is public too, but needs signed data to answer 200.
        # A capture is opened by a capture token, not by being public.
        public = [r for r in ROUTES if not r.authenticated and r.body is None
                  and not r.path.startswith("/capture/")]
        for route in public:
            body = call(api, route.method, route.path, auth=None).json()
            route.ok.model_validate(body)
        assert [r.ok for r in public] == [responses.OpenApiDocument, responses.Updated]


def _recorded(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text("utf-8"))
    return event


RECORDED = [
    ("api_get_progress", 200),
    ("api_post_sync", 200),
    ("api_put_show", 200),
    ("api_get_shows", 200),
    ("api_post_syncyoutube_base64", 200),
    ("api_post_syncmovies_tmdb", 200),
    ("api_post_syncspotify_backfill", 200),
    ("api_get_progress_old_client_user_param", 200),
    ("api_get_progress_other_user_param", 403),
    ("api_options_sync", 200),
    ("api_post_sync_malformed", 400),
    ("api_get_openapi", 200),
]


def test_recorded_events_answer_as_they_always_did() -> None:
    with router() as api:
        for name, status in RECORDED:
            response = api.handle(request_from_event(_recorded(name)))
            assert response.status == status, (name, response.body)
            assert set(response.json()) != {"message"} or status != 200
        assert call(api, "GET", "/shows").json()["shows"][1]["tvdb_name"] == "ハイキュー!!"


def test_a_route_without_its_own_handler_cannot_be_served(monkeypatch: pytest.MonkeyPatch) -> None:
    # The first router answered every public route with the OpenAPI document; now a route
    # the dispatch table does not name stops the API from being built at all.
    import handlers.http.api as api_module

    extra = Route("GET", "/health", authenticated=False)
    monkeypatch.setattr(api_module, "ROUTES", (*ROUTES, extra))
    with pytest.raises(RuntimeError, match="dispatch table"), router():
        pass
