"""What counts and what is refused: tokens, bad bodies, languages, short, deleted, autoplay."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.unit.capture.capture_harness import START, Player, player, recorded
from tests.unit.handlers.router_harness import ALICE, call, message

T = int(START.timestamp())


def _generic(event: str, position: float, at: int, **extra: Any) -> dict[str, Any]:
    return {"session_id": extra.pop("session_id", "s1"), "event": event,
            "position_seconds": position, "duration_seconds": 1440, "at": at,
            "kind": "episode", "series": "Free!", "season": 1, "episode": 1, **extra}


def _nothing_written(p: Player) -> None:
    assert p.captures() == [] and p.history() == []


def test_a_missing_wrong_or_revoked_token_is_a_401_and_writes_nothing() -> None:
    with player("generic") as p:
        body = _generic("start", 0, T)
        wrong = p.send("generic", body, token="itk_wrong")
        assert "token" in message(wrong, 401)
        assert wrong.headers["WWW-Authenticate"].startswith("Bearer")
        assert message(p.send("generic", body, token="nothing"), 401)
        basic = p.send("generic", body, headers={"Authorization": ALICE})
        assert "not a password" in message(basic, 401)
        _nothing_written(p)
        call(p.api, "DELETE", f"/integrations/{p.integration}")
        assert message(p.send("generic", body), 401)
        _nothing_written(p)
        assert call(p.api, "GET", "/integrations").json() == []


def test_a_capture_token_opens_nothing_but_capture() -> None:
    with player("generic") as p:
        for route in ("/progress", "/history", "/integrations", "/settings"):
            refused = call(p.api, "GET", route, auth=f"Bearer {p.token}")
            assert "opens only /capture/" in message(refused, 401)
            refused = call(p.api, "GET", route, auth=ALICE, query={"token": p.token})
            assert refused.status == 401


def test_a_bearer_header_authenticates_a_capture() -> None:
    with player("generic") as p:
        answer = p.send("generic", _generic("start", 0, T),
                        headers={"Authorization": f"Bearer {p.token}"}, token="")
        assert answer.status == 202


def test_bad_bodies_are_400s_naming_the_field_and_write_nothing() -> None:
    with player("generic") as p:
        cases = {
            "session_id": {"event": "start"},
            "event": {"session_id": "s", "event": "skip"},
            "position_seconds": _generic("progress", "soon", T),  # type: ignore[arg-type]
            "at": _generic("progress", 1, T) | {"at": "yesterday"},
            "kind": _generic("progress", 1, T) | {"kind": "podcast"},
        }
        for field, body in cases.items():
            assert message(p.send("generic", body), 400).startswith(field + ":"), field
        assert message(p.send("generic", raw=b"{not json"), 400).startswith("body:")
        assert message(p.send("generic", raw=b"[1]"), 400).startswith("body:")
        jellyfin = {**recorded("jellyfin_playback_start"), "ItemId": ""}
        assert message(p.send("jellyfin", jellyfin), 400).startswith("ItemId:")
        plex = {**recorded("plex_media_play"), "Metadata": {"type": "movie"}}
        assert message(p.send("plex", plex), 400).startswith("Metadata.ratingKey:")
        _nothing_written(p)


def test_a_body_over_10_mb_is_a_413() -> None:
    with player("generic") as p:
        assert message(p.send("generic", raw=b" " * (10 * 1024 * 1024 + 1)), 413)


def test_another_language_is_kept_ignored_with_its_reason_and_can_be_accepted() -> None:
    with player("jellyfin", languages=["ko"]) as p:
        p.at(START + timedelta(minutes=30))
        for name in ("jellyfin_playback_start", "jellyfin_playback_progress"):
            answer = p.send("jellyfin", recorded(name)).json()
        assert answer["state"] == "ignored" and "not in your languages (ko)" in answer["reason"]
        assert p.history() == []
        [ignored] = p.captures("ignored")
        assert ignored["counted_seconds"] == 600 and ignored["title"] == "葬送のフリーレン S1E3"
        accepted = call(p.api, "POST", f"/captures/{ignored['id']}/accept").json()
        assert accepted["state"] == "open" and accepted["entry_id"]
        assert [e["minutes"] for e in p.history()] == [10]
        # Later events of an accepted session keep growing its entry.
        p.send("jellyfin", recorded("jellyfin_playback_progress_paused"))
        assert [e["minutes"] for e in p.history()] == [12]


def test_a_source_without_languages_counts_unless_the_integration_requires_one() -> None:
    with player("emby", languages=["ja"], require_language=True) as p:
        p.at(START + timedelta(minutes=1))
        answer = p.send("emby", recorded("emby_playback_start")).json()
        assert answer["state"] == "ignored" and "reports no language" in answer["reason"]
    with player("emby", languages=["ja"]) as p:
        p.at(START + timedelta(minutes=1))
        assert p.send("emby", recorded("emby_playback_start")).json()["state"] == "open"


def test_a_session_under_a_minute_is_ignored_as_too_short() -> None:
    with player("generic") as p:
        p.at(START + timedelta(minutes=5))
        p.send("generic", _generic("start", 0, T))
        answer = p.send("generic", _generic("stop", 50, T + 50)).json()
        assert answer["state"] == "ignored" and answer["reason"].startswith("Too short")
        assert p.history() == []


def test_an_entry_deleted_from_the_history_stays_deleted() -> None:
    with player("generic") as p:
        p.at(START + timedelta(minutes=30))
        p.send("generic", _generic("start", 0, T))
        p.send("generic", _generic("progress", 300, T + 300))
        [entry] = p.history()
        call(p.api, "DELETE", f"/history/{entry['id']}")
        later = p.send("generic", _generic("progress", 600, T + 600)).json()
        assert later["counted_seconds"] == 600
        assert p.history() == []


def test_an_event_later_than_the_window_is_ignored_and_a_late_one_inside_it_applied() -> None:
    with player("generic") as p:
        p.at(START + timedelta(minutes=30))
        p.send("generic", _generic("start", 0, T))
        p.send("generic", _generic("progress", 200, T + 200))
        # 30 s late: applied in its place, the total is what the right order gives.
        late = p.send("generic", _generic("progress", 170, T + 170)).json()
        assert late["counted_seconds"] == 200
        p.send("generic", _generic("progress", 300, T + 300))
        # 200 s older than the newest: ignored.
        stale = p.send("generic", _generic("pause", 100, T + 100)).json()
        assert stale["counted_seconds"] == 300


def test_autoplay_into_the_next_item_closes_the_previous_session() -> None:
    with player("jellyfin") as p:
        p.at(START + timedelta(minutes=30))
        p.send("jellyfin", recorded("jellyfin_playback_start"))
        p.send("jellyfin", recorded("jellyfin_playback_progress"))
        following = {**recorded("jellyfin_playback_start"), "ItemId": "next-episode",
                     "EpisodeNumber": "4", "UtcTimestamp": "2026-05-08T12:10:30.0000000Z"}
        assert p.send("jellyfin", following).json()["state"] == "open"
        states = {c["title"]: c["state"] for c in p.captures()}
        assert states == {"葬送のフリーレン S1E3": "closed", "葬送のフリーレン S1E4": "open"}


def test_a_session_quiet_for_30_minutes_is_closed_and_a_new_event_starts_another() -> None:
    with player("generic") as p:
        p.at(START + timedelta(minutes=10))
        p.send("generic", _generic("start", 0, T))
        first = p.send("generic", _generic("progress", 300, T + 300)).json()
        assert first["state"] == "open"
        p.at(START + timedelta(minutes=36))
        assert [c["state"] for c in p.captures()] == ["closed"]
        again = p.send("generic", _generic("progress", 400, T + 36 * 60)).json()
        assert again["session"] != first["session"] and again["counted_seconds"] == 0
        assert [e["minutes"] for e in p.history()] == [5]


def test_integrations_are_listed_without_their_token_and_count_their_sessions() -> None:
    with player("generic") as p:
        p.send("generic", _generic("start", 0, T))
        [listed] = call(p.api, "GET", "/integrations").json()
        assert "token" not in listed and p.token not in str(listed)
        assert listed["sessions"] == 1 and listed["last_used_at"] == T
        made = call(p.api, "POST", "/integrations", {"name": "x", "source": "winamp"})
        assert message(made, 400).startswith("source:")


def test_the_token_is_long_random_and_the_url_carries_it() -> None:
    with player("plex") as p:
        assert p.token.startswith("itk_") and len(p.token) >= 4 + 22
        made = call(p.api, "POST", "/integrations", {"name": "tv", "source": "plex"},).json()
        assert made["capture_url"].endswith(f"/capture/plex?token={made['token']}")
        assert made["token"] != p.token
        stored = [str(item) for item in p.api.service.repo.scan()]
        assert not any(token in text for text in stored for token in (p.token, made["token"]))


def test_removing_a_user_revokes_their_tokens() -> None:
    with player("generic") as p:
        service = p.api.service
        service.accounts.add("carol", "a long password")
        _, token = service.capture.connect("carol", "mpv", "generic")
        assert p.send("generic", _generic("start", 0, T), token=token).status == 202
        service.accounts.remove("carol")
        assert message(p.send("generic", _generic("progress", 5, T + 5), token=token), 401)
        assert service.capture.connections("carol") == []


def test_two_generic_sessions_of_one_integration_do_not_close_each_other() -> None:
    with player("generic") as p:
        p.at(START + timedelta(minutes=30))
        for session in ("desk", "laptop"):
            p.send("generic", _generic("start", 0, T, session_id=session))
        for session in ("desk", "laptop"):
            answer = p.send("generic", _generic("progress", 300, T + 300, session_id=session))
            assert (answer.json()["state"], answer.json()["counted_seconds"]) == ("open", 300)
        assert sorted(e["minutes"] for e in p.history()) == [5, 5]
