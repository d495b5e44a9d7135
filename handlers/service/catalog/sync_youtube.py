"""Sync YouTube videos (``POST /syncyoutube``): looks new ids up in batches and stores them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from handlers.service.catalog.sync_report import FailedItem, LoggedItem, SyncReport
from handlers.service.kept.creating import create_new
from metadata_clients import errors as provider_errors
from metadata_clients.models import YouTubeVideo as Video
from storage.models import YouTubeChannel, YouTubeVideo, user_pk
from storage.repository import Item, ItemRepository

if TYPE_CHECKING:
    # For annotations only: the clients' module loads httpx, which no rule calls.
    from metadata_clients.settings import ProviderClients

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def _logged(item: Item, channel_title: str | None) -> LoggedItem:
    return LoggedItem(
        kind="youtube",
        id=item["youtube_video_id"],
        sk=item["sk"],
        title=item.get("youtube_video_title"),
        source=channel_title,
        duration_seconds=item.get("youtube_video_duration"),
        timestamp=int(item["timestamp"]),
    )


def _channel_titles(repo: ItemRepository, user: str, channel_ids: set[str]) -> dict[str, str]:
    sks = [YouTubeChannel.SK_PREFIX + c for c in sorted(channel_ids)]
    found = repo.get_many(user_pk(user), sks) if sks else {}
    return {
        str(item["youtube_channel_id"]): str(item["youtube_channel_title"])
        for item in found.values()
        if item.get("youtube_channel_title")
    }


def _channel_items(
    repo: ItemRepository, providers: ProviderClients, user: str, videos: Iterable[Video]
) -> list[Item]:
    """Records of the videos' channels that the user has none of yet."""
    assert providers.youtube is not None
    channel_ids = {video.channel_id for video in videos if video.channel_id}
    sks = [YouTubeChannel.SK_PREFIX + c for c in sorted(channel_ids)]
    stored = repo.get_many(user_pk(user), sks)
    missing = sorted(c for c in channel_ids if YouTubeChannel.SK_PREFIX + c not in stored)
    if not missing:
        return []
    try:
        channels = providers.youtube.channels(missing)
    except provider_errors.ProviderError:
        # The videos are still worth logging; their channel records come with a later video.
        return []
    return [
        YouTubeChannel(
            user=user,
            youtube_channel_id=c.id,
            youtube_channel_title=c.title,
            youtube_channel_artwork_url=c.artwork_url,
        ).to_item()
        for c in channels.values()
    ]


def _video_item(user: str, video: Video, now: int) -> Item:
    return YouTubeVideo(
        user=user,
        youtube_video_id=video.id,
        youtube_video_title=video.title,
        youtube_channel_id=video.channel_id,
        youtube_video_duration=video.duration_seconds,
        timestamp=now,
    ).to_item()


def _report_existing(
    repo: ItemRepository, user: str, existing: Iterable[Item], report: SyncReport
) -> None:
    items = list(existing)
    titles = _channel_titles(
        repo, user, {str(i["youtube_channel_id"]) for i in items if i.get("youtube_channel_id")}
    )
    report.existing.extend(
        _logged(item, titles.get(str(item.get("youtube_channel_id")))) for item in items
    )


def sync_youtube(
    repo: ItemRepository,
    providers: ProviderClients,
    user: str,
    video_ids: Sequence[str],
    now: int,
    zone: ZoneInfo,
) -> SyncReport:
    """Log each new video (title, channel, duration) and each channel not seen before."""
    report = SyncReport()
    wanted = report.well_formed(video_ids, VIDEO_ID, "This is not a YouTube video id.")
    sks = [YouTubeVideo.SK_PREFIX + v for v in wanted]
    existing = repo.get_many(user_pk(user), sks) if wanted else {}
    new_ids = [v for v in wanted if YouTubeVideo.SK_PREFIX + v not in existing]
    _report_existing(repo, user, existing.values(), report)
    if not new_ids:
        return report
    if providers.youtube is None:
        report.failed.extend(FailedItem(v, "No YouTube API key is configured.") for v in new_ids)
        report.provider_not_configured = True
        return report
    try:
        videos = providers.youtube.videos(new_ids)
    except provider_errors.ProviderError as error:
        report.failed.extend(FailedItem(v, str(error)) for v in new_ids)
        report.provider_unavailable = True
        return report
    report.failed.extend(
        FailedItem(v, "YouTube has no public video with this id.")
        for v in new_ids
        if v not in videos
    )
    video_items = [_video_item(user, videos[v], now) for v in new_ids if v in videos]
    channels = _channel_items(repo, providers, user, videos.values())
    created = create_new(repo, user, zone, video_items + channels)
    titles = {v.channel_id: v.channel_title for v in videos.values()}
    for item in video_items:
        logged = _logged(item, titles.get(item.get("youtube_channel_id", "")))
        report.logged(logged, (item["pk"], item["sk"]) in created)
    return report
