"""Service-layer tests of the sync operations, on a real SQLite store and provider stand-ins."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from handlers.service.catalog.sync_episodes import EpisodeRef
from handlers.service.catalog.sync_movies import MovieRef
from handlers.service.core.errors import NotFound, ProviderNotConfigured, Unprocessable
from handlers.service.facade import Service
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from tests.unit.handlers.provider_doubles import FakeSpotify, FakeTvdb, FakeYouTube, fake_clients

NOW = datetime(2024, 1, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def service() -> Iterator[Service]:
    repo = InMemoryItemRepository()
    yield Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=lambda: NOW)
    repo.close()


def items(service: Service, user: str = "alice") -> dict[str, dict[str, object]]:
    return {i["sk"]: i for i in service.repo.query_prefix(user_pk(user))}


def test_episodes_create_items_and_bare_show_records_once(service: Service) -> None:
    refs = [
        EpisodeRef("Free! [1080p]", "ep 01"),
        EpisodeRef("Free! [1080p]", "ep 01"),
        EpisodeRef("ハイキュー!!", "第1話 #1 *?"),
    ]
    report = service.sync_episodes("alice", refs)
    assert report.added_count == 2
    stored = items(service)
    assert stored["EPISODE#Free! [1080p]#ep 01"] == {
        "pk": "USER#alice",
        "sk": "EPISODE#Free! [1080p]#ep 01",
        "user": "alice",
        "folder_name": "Free! [1080p]",
        "file_name": "ep 01",
        "timestamp": int(NOW.timestamp()),
        "version": 1,
    }
    assert stored["SHOW#ハイキュー!!"] == {
        "pk": "USER#alice",
        "sk": "SHOW#ハイキュー!!",
        "user": "alice",
        "folder_name": "ハイキュー!!",
        "version": 1,
    }
    again = service.sync_episodes("alice", refs)
    assert again.added_count == 0 and len(again.existing) == 2


def test_episode_sync_never_overwrites_a_show_with_metadata(service: Service) -> None:
    service.sync_episodes("alice", [EpisodeRef("Free", "1")])
    service.update_show("alice", "Free", 278157)
    service.sync_episodes("alice", [EpisodeRef("Free", "2")])
    show = items(service)["SHOW#Free"]
    assert show["tvdb_name"] == "Free!" and show["tvdb_average_runtime"] == 24 * 60
    assert show["version"] == 2


def test_update_show_unknown_folder_and_unknown_series(service: Service) -> None:
    with pytest.raises(NotFound):
        service.update_show("alice", "Nope", 278157)
    service.sync_episodes("alice", [EpisodeRef("Free", "1")])
    with pytest.raises(Unprocessable):
        service.update_show("alice", "Free", 4242)
    assert "tvdb_id" not in items(service)["SHOW#Free"]


def test_update_show_repoints_and_removes_a_runtime_that_is_gone(service: Service) -> None:
    service.sync_episodes("alice", [EpisodeRef("Free", "1")])
    service.update_show("alice", "Free", 278157)
    listed = service.update_show("alice", "Free", 999)
    assert listed == {
        "folder_name": "Free",
        "tvdb_id": 999,
        "tvdb_name": "No Runtime",
        "tvdb_image": "https://artworks.thetvdb.com/999.jpg",
    }
    assert "tvdb_average_runtime" not in items(service)["SHOW#Free"]


def test_youtube_looks_up_only_new_videos_and_new_channels(service: Service) -> None:
    youtube = service.providers.youtube
    assert isinstance(youtube, FakeYouTube)
    report = service.sync_youtube("alice", ["9bZkp7q19f0", "9bZkp7q19f0", "nonexistent", "bad id"])
    assert [i.id for i in report.added] == ["9bZkp7q19f0"]
    assert report.added[0].source == "officialpsy" and report.added[0].duration_seconds == 252
    assert {f.id for f in report.failed} == {"nonexistent", "bad id"}
    assert not report.provider_unavailable and not report.provider_not_configured
    stored = items(service)
    assert (
        stored["YOUTUBECHANNEL#UCffDXn7ycAzwL2LDlbyWOTw"]["youtube_channel_title"] == "officialpsy"
    )
    assert "YOUTUBEVIDEO#nonexistent" not in stored
    youtube.calls.clear()
    second = service.sync_youtube("alice", ["9bZkp7q19f0", "kJQP7kiw5Fk"])
    assert [i.id for i in second.added] == ["kJQP7kiw5Fk"]
    assert [i.id for i in second.existing] == ["9bZkp7q19f0"]
    assert second.existing[0].source == "officialpsy"
    assert youtube.calls == [
        ("videos", ("kJQP7kiw5Fk",)),
        ("channels", ("UCLp8RBhQHu9wSsq62j_Md6A",)),
    ]


def test_youtube_live_video_is_stored_without_duration(service: Service) -> None:
    report = service.sync_youtube("alice", ["liveNow0000"])
    assert report.added_count == 1
    assert "youtube_video_duration" not in items(service)["YOUTUBEVIDEO#liveNow0000"]


def test_youtube_outage_fails_every_new_id_and_writes_nothing(service: Service) -> None:
    youtube = service.providers.youtube
    assert isinstance(youtube, FakeYouTube)
    youtube.down = True
    report = service.sync_youtube("alice", ["9bZkp7q19f0"])
    assert report.provider_unavailable and report.added_count == 0
    assert items(service) == {}


def test_spotify_logs_episode_and_show_from_the_embedded_show(service: Service) -> None:
    report = service.sync_spotify("alice", ["4qjerzMw8jfD30VOG0tjpK", "zzzzzzzzzzzzzzzzzzzzzz"])
    assert [i.id for i in report.added] == ["4qjerzMw8jfD30VOG0tjpK"]
    assert [f.id for f in report.failed] == ["zzzzzzzzzzzzzzzzzzzzzz"]
    assert not report.provider_unavailable
    stored = items(service)
    assert stored["SPOTIFYEPISODE#4qjerzMw8jfD30VOG0tjpK"] == {
        "pk": "USER#alice",
        "sk": "SPOTIFYEPISODE#4qjerzMw8jfD30VOG0tjpK",
        "user": "alice",
        "spotify_episode_id": "4qjerzMw8jfD30VOG0tjpK",
        "spotify_episode_title": "No 1 紹介(しょうかい) Introduction",
        "spotify_show_id": "6Nl8RDfPxsk4h4bfWe76Kg",
        "spotify_episode_duration": 388,
        "timestamp": int(NOW.timestamp()),
        "version": 1,
    }
    assert str(stored["SPOTIFYSHOW#6Nl8RDfPxsk4h4bfWe76Kg"]["spotify_show_name"]).startswith(
        "The Miku"
    )


def test_spotify_backfill_logs_earlier_episodes_and_skips_logged_ones(service: Service) -> None:
    service.sync_spotify("alice", ["4qjerzMw8jfD30VOG0tjpK"])
    report = service.sync_spotify("alice", ["0000000000000000000003"], backfill=True)
    assert sorted(i.id for i in report.added) == [
        "0000000000000000000003",
        "5TmVVWd9TOCaF2bEtyYDwv",
    ]
    assert [i.id for i in report.existing] == ["4qjerzMw8jfD30VOG0tjpK"]
    assert "SPOTIFYEPISODE#0000000000000000000004" not in items(service)
    again = service.sync_spotify("alice", ["0000000000000000000003"], backfill=True)
    assert again.added_count == 0


def test_spotify_unavailable_episode_is_unavailable_and_others_still_land(service: Service) -> None:
    spotify = service.providers.spotify
    assert isinstance(spotify, FakeSpotify)
    spotify.down_ids.add("5TmVVWd9TOCaF2bEtyYDwv")
    report = service.sync_spotify("alice", ["5TmVVWd9TOCaF2bEtyYDwv", "4qjerzMw8jfD30VOG0tjpK"])
    assert report.provider_unavailable and report.added_count == 1


def test_movies_by_tvdb_and_tmdb_and_unknown_ids(service: Service) -> None:
    report = service.sync_movies(
        "alice",
        [
            MovieRef("suzume", tvdb_id=331904),
            MovieRef("kimi", tmdb_id=372058),
            MovieRef("nothing", tvdb_id=1),
        ],
    )
    assert sorted(i.id for i in report.added) == ["kimi", "suzume"]
    assert [f.id for f in report.failed] == ["nothing"]
    stored = items(service)
    assert stored["MOVIE#suzume"]["movie_duration"] == 122 * 60
    assert (
        stored["MOVIE#kimi"]["tmdb_name"] == "君の名は。" and "tvdb_id" not in stored["MOVIE#kimi"]
    )
    tvdb = service.providers.tvdb
    assert isinstance(tvdb, FakeTvdb)
    tvdb.calls.clear()
    assert service.sync_movies("alice", [MovieRef("suzume", tvdb_id=331904)]).added_count == 0
    assert tvdb.calls == []


def test_tmdb_movies_without_tmdb_credentials_are_refused_before_any_write() -> None:
    repo = InMemoryItemRepository()
    service = Service(repo=repo, providers=fake_clients(tmdb=False), clock=lambda: NOW)
    with pytest.raises(ProviderNotConfigured, match="TMDB"):
        service.sync_movies("alice", [MovieRef("a", tvdb_id=331904), MovieRef("b", tmdb_id=372058)])
    assert list(repo.query_prefix(user_pk("alice"))) == []
    repo.close()


def test_users_never_see_each_other(service: Service) -> None:
    service.sync_youtube("alice", ["9bZkp7q19f0"])
    assert service.sync_youtube("bob", ["9bZkp7q19f0"]).added_count == 1
    assert service.progress("bob")["youtube_videos_watched"] == 1
    assert service.shows("bob") == []


def test_timezone_setting_is_validated_and_used(service: Service) -> None:
    assert service.timezone("alice").key == "Pacific/Auckland"
    with pytest.raises(Exception, match="Did you mean"):
        service.set_timezone("alice", "berlin")
    assert service.set_timezone("alice", "Europe/Berlin").key == "Europe/Berlin"
    assert service.timezone("alice").key == "Europe/Berlin"
    assert service.set_timezone("alice", "Asia/Tokyo").key == "Asia/Tokyo"


def test_a_provider_without_credentials_is_not_reported_as_an_outage() -> None:
    repo = InMemoryItemRepository()
    providers = replace(fake_clients(), youtube=None, spotify=None, tvdb=None)
    service = Service(repo=repo, providers=providers, clock=lambda: NOW)
    reports = [
        service.sync_youtube("alice", ["9bZkp7q19f0"]),
        service.sync_spotify("alice", ["4qjerzMw8jfD30VOG0tjpK"]),
        service.sync_movies("alice", [MovieRef("a", tvdb_id=331904)]),
    ]
    for report in reports:
        assert report.provider_not_configured and not report.provider_unavailable
        assert "configured" in report.failed[0].reason and report.added_count == 0
    assert list(repo.query_prefix(user_pk("alice"))) == []
    repo.close()
