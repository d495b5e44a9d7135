"""The links a shared message carries, and what logging them did (no I/O).

A door hands over the message's text (with any URLs hidden behind text appended); which
links count, and which are only noted, is decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.service.catalog.sync_report import SyncReport
from metadata_clients.links import extract_links


@dataclass(frozen=True)
class MessageLinks:
    """What a message links to."""

    youtube_video_ids: tuple[str, ...] = ()
    spotify_episode_ids: tuple[str, ...] = ()
    collections: bool = False
    """It links a whole Spotify show or YouTube playlist (not logged one by one yet)."""
    short_links: bool = False
    """It has ``spotify.link`` short links (they need a network hop to resolve)."""
    channels: bool = False
    """It links a YouTube channel, which is not something watched."""
    spotify_show_ids: tuple[str, ...] = ()
    """Whole Spotify shows it links (offered, never logged without asking)."""
    youtube_playlist_ids: tuple[str, ...] = ()
    """Whole YouTube playlists it links (offered likewise)."""

    @property
    def loggable(self) -> bool:
        return bool(self.youtube_video_ids or self.spotify_episode_ids)


@dataclass(frozen=True)
class LinkLog:
    """What logging one message's links did."""

    links: MessageLinks
    report: SyncReport
    undo_id: str | None
    """Names the undo record of ``report.added`` (``None`` when nothing was added)."""
    today_minutes: int
    """The user's minutes today, after logging."""


_CHANNEL = re.compile(
    r"(?:https?://)?(?:www\.|m\.)?youtube\.com/(?:@[\w.-]+|channel/|c/|user/)", re.IGNORECASE
)


def links_in(text: str) -> MessageLinks:
    """Every YouTube video and Spotify episode in ``text``, plus what is only noted."""
    found = extract_links(text)
    return MessageLinks(
        found.youtube_video_ids,
        found.spotify_episode_ids,
        bool(found.spotify_show_ids or found.youtube_playlist_ids),
        bool(found.spotify_short_links),
        bool(_CHANNEL.search(text)),
        found.spotify_show_ids,
        found.youtube_playlist_ids,
    )


def combined(*reports: SyncReport | None) -> SyncReport:
    """One report of several syncs, in order."""
    present = [r for r in reports if r is not None]
    return SyncReport(
        added=[item for r in present for item in r.added],
        existing=[item for r in present for item in r.existing],
        failed=[item for r in present for item in r.failed],
        provider_unavailable=any(r.provider_unavailable for r in present),
    )
