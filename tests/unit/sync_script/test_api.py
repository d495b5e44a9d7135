"""The HTTP client of the sync client, against MockTransport answers."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from sync_script.api import (
    ApiAuthError,
    ApiError,
    ApiUnreachable,
    Candidate,
    TrackerApi,
    open_client,
)


class Recorder:
    """Answers requests from a script of responses and remembers what it saw."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def _api(
    recorder: Recorder, base_url: str = "http://api.test/prod"
) -> tuple[TrackerApi, list[float]]:
    sleeps: list[float] = []
    client = open_client(base_url, "alice", "pa:ss", transport=httpx.MockTransport(recorder))
    return TrackerApi(client, sleep=sleeps.append, attempts=3, first_delay=0.5), sleeps


def test_paths_join_onto_a_base_with_a_prefix_and_carry_basic_auth() -> None:
    recorder = Recorder(httpx.Response(200, json={"episodes_added": 1}))
    api, _ = _api(recorder, "http://api.test/prod/")
    answer = api.sync_batch("sync", {"episodes": []})
    (request,) = recorder.seen
    assert str(request.url) == "http://api.test/prod/sync"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"alice:pa:ss").decode()
    assert json.loads(request.content) == {"episodes": []}
    assert answer.accepted and answer.added == 1


def test_a_partial_failure_names_the_failed_ids() -> None:
    body = {"message": "m", "videos_added": 1, "failed": [{"id": "x", "reason": "not found"}]}
    api, sleeps = _api(Recorder(httpx.Response(422, json=body)))
    answer = api.sync_batch("syncyoutube", {"video_ids": ["x", "y"]})
    assert answer.accepted
    assert answer.failed == {"x": "not found"}
    assert sleeps == []


def test_a_503_with_a_failed_list_is_an_answer_not_retried() -> None:
    body = {"message": "down", "episodes_added": 0, "failed": [{"id": "e", "reason": "down"}]}
    recorder = Recorder(httpx.Response(503, json=body))
    api, sleeps = _api(recorder)
    assert api.sync_batch("syncspotify", {"episode_ids": ["e"]}).failed == {"e": "down"}
    assert len(recorder.seen) == 1 and sleeps == []


@pytest.mark.parametrize(
    "body", [{"message": "m"}, {"message": "m", "failed": "x"}, {"failed": [{"reason": "r"}]}]
)
def test_a_422_without_a_readable_failed_list_confirms_nothing(body: dict[str, object]) -> None:
    api, _ = _api(Recorder(httpx.Response(422, json=body)))
    answer = api.sync_batch("syncyoutube", {"video_ids": ["x"]})
    assert not answer.accepted


def test_server_errors_are_retried_with_growing_delays_then_reported() -> None:
    recorder = Recorder(*[httpx.Response(502, text="Bad Gateway")] * 3)
    api, sleeps = _api(recorder)
    answer = api.sync_batch("sync", {"episodes": []})
    assert not answer.accepted
    assert answer.message == "502 Bad Gateway"
    assert sleeps == [0.5, 1.0]
    assert api.requests_sent == 3


def test_retry_after_is_honoured() -> None:
    busy = httpx.Response(503, headers={"Retry-After": "7"}, json={"message": "busy"})
    api, sleeps = _api(Recorder(busy, httpx.Response(200, json={"shows": []})))
    assert api.shows() == []
    assert sleeps == [7.0]


def test_a_connection_error_that_lasts_becomes_unreachable() -> None:
    error = httpx.ConnectError("refused")
    api, sleeps = _api(Recorder(error, error, error))
    with pytest.raises(ApiUnreachable, match=r"cannot reach the API at http://api\.test/prod/"):
        api.progress()
    assert sleeps == [0.5, 1.0]


def test_a_connection_error_that_passes_is_retried() -> None:
    recorder = Recorder(httpx.ReadTimeout("slow"), httpx.Response(200, json={"x": 1}))
    api, _ = _api(recorder)
    assert api.progress() == {"x": 1}


@pytest.mark.parametrize("status", [401, 403])
def test_wrong_credentials_stop_at_once(status: int) -> None:
    recorder = Recorder(httpx.Response(status, json={"message": "Unauthorized"}))
    api, sleeps = _api(recorder)
    with pytest.raises(ApiAuthError):
        api.sync_batch("sync", {"episodes": []})
    assert sleeps == []


def test_search_reads_candidates_and_passes_the_query() -> None:
    results = {
        "results": [
            {"tvdb_id": 270065, "name": "ハイキュー!!", "year": "2014", "image_url": None},
            {"tvdb_id": "5", "name": "String id", "year": None, "image_url": None},
            {"tvdb_id": None, "name": "broken"},
        ]
    }
    recorder = Recorder(httpx.Response(200, json=results))
    api, _ = _api(recorder)
    found = api.search("Haikyuu!! & more", "series")
    assert found == [Candidate(270065, "ハイキュー!!", "2014"), Candidate(5, "String id", None)]
    assert recorder.seen[0].url.params["query"] == "Haikyuu!! & more"
    assert recorder.seen[0].url.params["type"] == "series"


def test_a_refused_put_raises_with_the_message() -> None:
    api, _ = _api(Recorder(httpx.Response(404, json={"message": "no such show"})))
    with pytest.raises(ApiError, match="404 no such show"):
        api.put_show("Folder", 1)
