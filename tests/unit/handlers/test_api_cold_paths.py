"""A request builds only the service areas it uses (a cold start pays for no other)."""

from __future__ import annotations

from tests.unit.handlers.router_harness import call, router


def test_an_authenticated_request_does_not_build_the_capture_area() -> None:
    # Other routes refuse a capture token by its shape; checking it must not build the
    # capture area (its rules and the logbook's) for every first request.
    with router() as api:
        assert call(api, "GET", "/progress").status == 200
        assert "capture" not in vars(api.service)


def test_a_capture_token_is_still_refused_on_other_routes() -> None:
    with router() as api:
        answer = call(api, "GET", "/progress", auth="Bearer itk_" + "a" * 40)
        assert answer.status == 401, answer.body
        assert "capture" not in vars(api.service)
