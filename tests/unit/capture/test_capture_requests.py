"""A capture event costs the store one read and one write (on DynamoDB: two requests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, cast

from handlers.http.api import Api, ApiRequest, ApiResponse
from handlers.service.accounts.credentials import secret_users
from handlers.service.capture.integrations import TOKEN_SK, capture_pk, token_digest
from handlers.service.facade import Service
from storage.models import Show
from storage.repository import ItemRepository
from storage.sqlite import SQLiteItemRepository
from tests.unit.capture.capture_harness import START
from tests.unit.handlers.provider_doubles import fake_clients
from tests.unit.handlers.router_harness import SETTINGS, call

T = int(START.timestamp())


class Counted:
    """The store, counting the port calls made through it (a batch counts once)."""

    def __init__(self, inner: ItemRepository) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.inner, name)
        if not callable(found):
            return found

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return found(*args, **kwargs)

        return counted


@contextmanager
def counted_router() -> Iterator[tuple[Api, Counted, list[Any]]]:
    now = [START + timedelta(minutes=30)]
    inner = SQLiteItemRepository(":memory:", clock=lambda: now[0].timestamp())
    store = Counted(inner)
    try:
        users = secret_users({"users": [{"user": "alice", "password": "secret:pass"}]})
        service = Service(repo=cast(ItemRepository, store), providers=fake_clients(),
                          settings=SETTINGS, clock=lambda: now[0], secret_users=users)
        yield Api(service, service.accounts.authenticator), store, now
    finally:
        inner.close()


def _send(api: Api, token: str, body: dict[str, Any]) -> ApiResponse:
    import json

    return api.handle(ApiRequest("POST", "/capture/generic", query={"token": token},
                                 body=json.dumps(body).encode()))


def _generic(event: str, position: float, at: int) -> dict[str, Any]:
    return {"session_id": "mpv-1", "event": event, "position_seconds": position,
            "duration_seconds": 1440, "at": at, "kind": "episode", "series": "Free!",
            "season": 1, "episode": 1, "audio_language": "ja", "player": "mpv"}


def test_each_event_is_one_read_and_one_write_entry_and_token_use_included() -> None:
    with counted_router() as (api, store, _now):
        call(api, "PUT", "/settings", {"languages": ["ja"], "timezone": "Asia/Tokyo"})
        token = call(api, "POST", "/integrations", {"name": "mpv", "source": "generic"}).json(
            )["token"]
        # Start, the entry made (past a minute), grown, paused, resumed, grown, stopped.
        steps = [("start", 0, 0), ("progress", 90, 90), ("progress", 200, 200),
                 ("pause", 260, 260), ("resume", 260, 300), ("progress", 400, 440),
                 ("stop", 600, 640)]
        for event, position, offset in steps:
            store.calls.clear()
            answer = _send(api, token, _generic(event, position, T + offset))
            assert answer.status == 202, answer.body
            # One batch read (token, session, settings, preferences, the device's last
            # session), one transaction (session, entry, kept totals, the token's use).
            assert store.calls == ["get_keys", "transact"], (event, store.calls)
        [entry] = call(api, "GET", "/history").json()["entries"]
        assert entry["minutes"] == 10
        [listed] = call(api, "GET", "/integrations").json()
        assert listed["sessions"] == 1 and listed["last_used_at"] == T + 30 * 60


def test_a_forged_token_of_the_current_shape_is_a_401_after_one_read() -> None:
    with counted_router() as (api, store, _now):
        token = call(api, "POST", "/integrations", {"name": "mpv", "source": "generic"}).json(
            )["token"]
        forged = token[:-4] + "AAAA"
        store.calls.clear()
        assert _send(api, forged, _generic("start", 0, T)).status == 401
        assert store.calls == ["get_keys"]
        other = "itk_Ym9i." + token.split(".", 1)[1]  # bob's name on alice's token
        assert _send(api, other, _generic("start", 0, T)).status == 401
        assert call(api, "GET", "/history").json()["entries"] == []


def test_a_token_of_the_older_shape_still_captures() -> None:
    with counted_router() as (api, store, _now):
        made = call(api, "POST", "/integrations", {"name": "mpv", "source": "generic"}).json()
        repo = store.inner
        record = repo.get(capture_pk("alice"), f"INTEGRATION#{made['id']}")
        assert record is not None
        old = "itk_" + "Q" * 32  # random only: names no user
        repo.delete(f"CAPTURETOKEN#{record['token_digest']}", TOKEN_SK)
        repo.put({**record, "token_digest": token_digest(old)})
        repo.put({"pk": f"CAPTURETOKEN#{token_digest(old)}", "sk": TOKEN_SK, "user": "alice",
                  "integration_id": made["id"], "version": 1})
        for event, position, offset in [("start", 0, 0), ("stop", 120, 120)]:
            assert _send(api, old, _generic(event, position, T + offset)).status == 202
        assert [e["minutes"] for e in call(api, "GET", "/history").json()["entries"]] == [2]
        assert _send(api, made["token"], _generic("start", 0, T)).status == 401


def test_an_entry_its_user_edited_keeps_the_edit_and_still_grows() -> None:
    with counted_router() as (api, _store, _now):
        token = call(api, "POST", "/integrations", {"name": "mpv", "source": "generic"}).json(
            )["token"]
        _send(api, token, _generic("start", 0, T))
        _send(api, token, _generic("progress", 120, T + 120))
        [entry] = call(api, "GET", "/history").json()["entries"]
        edited = call(api, "PATCH", f"/history/{entry['id']}", {"note": "with subtitles"})
        assert edited.status == 200, edited.body
        _send(api, token, _generic("stop", 300, T + 300))
        [entry] = call(api, "GET", "/history").json()["entries"]
        assert (entry["minutes"], entry["note"]) == (5, "with subtitles")
        assert api.service.kept.verify("alice") == []


def test_an_event_racing_another_of_its_session_is_applied_after_it() -> None:
    with counted_router() as (api, store, _now):
        token = call(api, "POST", "/integrations", {"name": "mpv", "source": "generic"}).json(
            )["token"]
        _send(api, token, _generic("start", 0, T))
        _send(api, token, _generic("progress", 120, T + 120))
        reads = store.inner.get_keys
        raced: list[ApiResponse] = []
        racing = [True]

        def read_then_race(keys: Any) -> Any:
            found = reads(keys)
            if racing.pop() if racing else False:
                # Another event of the session lands between this read and its write.
                raced.append(_send(api, token, _generic("progress", 240, T + 240)))
            return found

        store.inner.get_keys = read_then_race  # type: ignore[method-assign]
        store.calls.clear()
        late = _send(api, token, _generic("progress", 300, T + 300))
        # Its read, the racing event's read and write, its refused write, read again, write.
        assert store.calls == ["get_keys", "get_keys", "transact", "transact", "get_keys",
                               "transact"]
        assert raced[0].json()["counted_seconds"] == 240
        # Refused at its write (the session moved on), read again and applied after it.
        assert late.json()["counted_seconds"] == 300
        assert [e["minutes"] for e in call(api, "GET", "/history").json()["entries"]] == [5]
        assert api.service.kept.verify("alice") == []


def test_with_notices_autoplay_closes_the_previous_session_and_tells_of_it() -> None:
    with counted_router() as (api, _store, _now):
        api.service.capture.want_notices("alice", True)
        token = call(api, "POST", "/integrations", {"name": "mpv", "source": "jellyfin"}).json(
            )["token"]
        base = {"NotificationType": "PlaybackProgress", "DeviceId": "tv", "ItemId": "e3",
                "ItemType": "Episode", "Name": "Episode 3", "SeriesName": "Free!",
                "SeasonNumber": "1", "EpisodeNumber": "3", "RunTimeTicks": "14400000000",
                "IsPaused": "False"}

        def jellyfin(position: int, offset: int, **more: str) -> ApiResponse:
            import json

            at = (START + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
            body = {**base, "PlaybackPositionTicks": str(position * 10_000_000),
                    "UtcTimestamp": at, **more}
            return api.handle(ApiRequest("POST", "/capture/jellyfin", query={"token": token},
                                         body=json.dumps(body).encode()))

        first = jellyfin(0, 0, NotificationType="PlaybackStart").json()["session"]
        jellyfin(300, 300)
        jellyfin(0, 310, NotificationType="PlaybackStart", ItemId="e4", EpisodeNumber="4")
        [notice] = api.service.capture.pending_notices()
        assert (notice.session_id, notice.title, notice.minutes) == (first, "Free! S1E3", 5)
        states = {c["title"]: c["state"] for c in call(api, "GET", "/captures").json()[
            "captures"]}
        assert states == {"Free! S1E3": "closed", "Free! S1E4": "open"}


def test_the_show_record_comes_with_the_one_read_up_to_the_watched_episode() -> None:
    with counted_router() as (api, store, _now):
        # The user says Free! is anime; the record weighs its episodes 24 minutes.
        store.inner.put({**Show(user="alice", folder_name="Free!",
                                tvdb_average_runtime=1440).to_item(), "activity": "anime"})
        token = call(api, "POST", "/integrations", {"name": "mpv", "source": "generic"}).json(
            )["token"]
        for event, position, offset, made in [("start", 0, 0, []),
                                              ("progress", 120, 120, [("log", "anime")]),
                                              ("stop", 1400, 1400, [("episode", "anime")])]:
            store.calls.clear()
            assert _send(api, token, _generic(event, position, T + offset)).status == 202
            # The log's activity and, once watched, the episode's show: no other request.
            assert store.calls == ["get_keys", "transact"], (event, store.calls)
            entries = call(api, "GET", "/history").json()["entries"]
            assert [(e["kind"], e.get("activity")) for e in entries] == made
        assert api.service.kept.verify("alice") == []
