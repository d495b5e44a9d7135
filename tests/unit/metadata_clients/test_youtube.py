"""YouTube client against the provider fake, in-process through httpx.MockTransport."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx
import pytest

from metadata_clients.errors import BadCredentials, ProviderUnavailable, QuotaExceeded
from metadata_clients.models import YouTubeChannel, YouTubeVideo
from metadata_clients.youtube import YouTubeClient
from tests.fakes.providers import YOUTUBE_API_KEY, ProviderFake, synthetic_channel_id
from tests.unit.metadata_clients.conftest import FakeTime


@pytest.fixture
def youtube(providers: ProviderFake, http: httpx.Client, fake_time: FakeTime) -> YouTubeClient:
    return YouTubeClient(http, YOUTUBE_API_KEY, providers.url, clock=fake_time.clock,
                         sleep=fake_time.sleep)


def test_videos_with_durations_and_unknown_ids_absent(youtube: YouTubeClient) -> None:
    videos = youtube.videos(["9bZkp7q19f0", "kJQP7kiw5Fk", "zzzzzzzzzzz"])
    assert set(videos) == {"9bZkp7q19f0", "kJQP7kiw5Fk"}
    assert videos["9bZkp7q19f0"] == YouTubeVideo(
        id="9bZkp7q19f0", title="PSY - GANGNAM STYLE(강남스타일) M/V",
        channel_id="UCffDXn7ycAzwL2LDlbyWOTw", channel_title="officialpsy",
        duration_seconds=252, default_audio_language="ko")
    assert videos["kJQP7kiw5Fk"].duration_seconds == 226
    assert videos["kJQP7kiw5Fk"].default_audio_language is None


def test_no_ids_means_no_call(youtube: YouTubeClient, providers: ProviderFake) -> None:
    assert youtube.videos([]) == {}
    assert providers.calls.count() == 0


def test_125_ids_take_exactly_3_calls(youtube: YouTubeClient, providers: ProviderFake) -> None:
    ids = [f"fake{n:07d}" for n in range(125)]
    videos = youtube.videos(ids + ids[:10])
    assert set(videos) == set(ids)
    assert providers.calls.count("youtube.videos") == 3
    sizes = [len(c.query["id"].split(",")) for c in providers.calls.all()]
    assert sizes == [50, 50, 25]


def test_channels_pick_the_best_thumbnail(youtube: YouTubeClient) -> None:
    fake_channel = synthetic_channel_id("fake0000001")
    channels = youtube.channels(["UCffDXn7ycAzwL2LDlbyWOTw", fake_channel, "UCunknown"])
    assert channels["UCffDXn7ycAzwL2LDlbyWOTw"] == YouTubeChannel(
        id="UCffDXn7ycAzwL2LDlbyWOTw", title="officialpsy",
        artwork_url="https://yt3.ggpht.com/UCffDXn7ycAzwL2LDlbyWOTw=high")
    assert set(channels) == {"UCffDXn7ycAzwL2LDlbyWOTw", fake_channel}


def _answering(item: Mapping[str, object]) -> YouTubeClient:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"items": [item]})

    return YouTubeClient(httpx.Client(transport=httpx.MockTransport(handle)), "k",
                         "https://yt.example")


def test_live_video_and_medium_only_thumbnail() -> None:
    live = {"id": "liveliveliv", "snippet": {"title": "Live", "channelId": "UC1",
                                              "channelTitle": "c"},
            "contentDetails": {"duration": "P0D"}}
    assert _answering(live).videos(["liveliveliv"])["liveliveliv"].duration_seconds is None
    channel = {"id": "UC1", "snippet": {"title": "c", "thumbnails": {
        "default": {"url": "d"}, "medium": {"url": "m"}}}}
    assert _answering(channel).channels(["UC1"])["UC1"].artwork_url == "m"


def test_unreadable_duration_spoils_only_that_video(caplog: pytest.LogCaptureFixture) -> None:
    odd = {"id": "oddoddoddod", "snippet": {"title": "t", "channelId": "UC1"},
           "contentDetails": {"duration": "4 minutes"}}
    with caplog.at_level(logging.WARNING):
        video = _answering(odd).videos(["oddoddoddod"])["oddoddoddod"]
    assert video.duration_seconds is None
    assert "unreadable duration" in caplog.text


def test_quota_exceeded(youtube: YouTubeClient, providers: ProviderFake) -> None:
    providers.inject("youtube.videos", "quota")
    with pytest.raises(QuotaExceeded, match="try again later"):
        youtube.videos(["9bZkp7q19f0"])
    assert providers.calls.count("youtube.videos") == 1


def test_invalid_key(providers: ProviderFake, http: httpx.Client) -> None:
    with pytest.raises(BadCredentials):
        YouTubeClient(http, "wrong", providers.url).channels(["UCffDXn7ycAzwL2LDlbyWOTw"])


def test_429_and_500_then_success(
    youtube: YouTubeClient, providers: ProviderFake, fake_time: FakeTime,
) -> None:
    providers.inject("youtube.videos", "429", retry_after=4)
    providers.inject("youtube.videos", "500")
    assert "9bZkp7q19f0" in youtube.videos(["9bZkp7q19f0"])
    assert providers.calls.count("youtube.videos") == 3
    assert fake_time.sleeps[0] == 4.0


def test_persistent_500_and_malformed(youtube: YouTubeClient, providers: ProviderFake) -> None:
    providers.inject("youtube.videos", "500", count=4)
    with pytest.raises(ProviderUnavailable, match="HTTP 500"):
        youtube.videos(["9bZkp7q19f0"])
    providers.inject("youtube.channels", "malformed")
    with pytest.raises(ProviderUnavailable, match="malformed"):
        youtube.channels(["UCffDXn7ycAzwL2LDlbyWOTw"])
