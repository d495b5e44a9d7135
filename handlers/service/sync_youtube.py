"""Sync YouTube videos (``POST /syncyoutube``): looks new ids up in batches and stores them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from handlers.service.sync_report import FailedItem, LoggedItem, SyncReport
from metadata_clients import errors as provider_errors
from metadata_clients.settings import ProviderClients
from storage.models import YouTubeChannel, YouTubeVideo, user_pk
from storage.repository import Item, ItemRepository

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


def sync_youtube(
    repo: ItemRepository,
    providers: ProviderClients,
    user: str,
    video_ids: Sequence[str],
    now: int,
) -> SyncReport:
    """Log each new video (title, channel, duration) and each channel not seen before."""
    report = SyncReport()
    pk = user_pk(user)
    wanted: list[str] = []
    for video_id in dict.fromkeys(video_ids):
        if VIDEO_ID.fullmatch(video_id):
            wanted.append(video_id)
        else:
            report.failed.append(FailedItem(video_id, "This is not a YouTube video id."))
    existing = repo.get_many(pk, [YouTubeVideo.SK_PREFIX + v for v in wanted]) if wanted else {}
    new_ids = [v for v in wanted if YouTubeVideo.SK_PREFIX + v not in existing]
    known_titles = _channel_titles(
        repo,
        user,
        {str(i["youtube_channel_id"]) for i in existing.values() if i.get("youtube_channel_id")},
    )
    report.existing.extend(
        _logged(item, known_titles.get(str(item.get("youtube_channel_id"))))
        for item in existing.values()
    )
    if not new_ids:
        return report
    if providers.youtube is None:
        report.failed.extend(FailedItem(v, "No YouTube API key is configured.") for v in new_ids)
        report.provider_unavailable = True
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
    channel_ids = {video.channel_id for video in videos.values() if video.channel_id}
    stored_channels = repo.get_many(pk, [YouTubeChannel.SK_PREFIX + c for c in sorted(channel_ids)])
    missing_channels = sorted(
        c for c in channel_ids if YouTubeChannel.SK_PREFIX + c not in stored_channels
    )
    channel_items: list[Item] = []
    if missing_channels:
        try:
            channels = providers.youtube.channels(missing_channels)
        except provider_errors.ProviderError:
            # The videos are still worth logging; their channel records come with a later video.
            channels = {}
        channel_items = [
            YouTubeChannel(
                user=user,
                youtube_channel_id=c.id,
                youtube_channel_title=c.title,
                youtube_channel_artwork_url=c.artwork_url,
            ).to_item()
            for c in channels.values()
        ]
    video_items = [
        YouTubeVideo(
            user=user,
            youtube_video_id=v.id,
            youtube_video_title=v.title,
            youtube_channel_id=v.channel_id,
            youtube_video_duration=v.duration_seconds,
            timestamp=now,
        ).to_item()
        for v in (videos[i] for i in new_ids if i in videos)
    ]
    created = repo.put_many_if_absent(video_items + channel_items)
    titles = {v.channel_id: v.channel_title for v in videos.values()}
    for item in video_items:
        logged = _logged(item, titles.get(item.get("youtube_channel_id", "")))
        target = report.added if (item["pk"], item["sk"]) in created else report.existing
        target.append(logged)
    return report
