"""What a shared link says beyond its id: how much was watched, on which day, and links
to sites without a provider (pure, no I/O).

``20m <link>`` means 20 minutes of it, ``&t=`` / ``?t=`` in a YouTube link "watched up to
here", a date word before the link backdates it. A link to any other site (a streaming
service, an article) can be logged by hand: its host suggests the activity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from handlers.service.catalog.sync_report import SyncReport
from handlers.service.core.errors import InvalidInput
from handlers.service.logbook.history import Entry
from handlers.service.logbook.text import duration_minutes, is_day_word

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_BARE_LINK = re.compile(r"\S*(?:youtu\.be|youtube\.com|spotify\.com|spotify\.link)\S*", re.I)
_OFFSET = re.compile(r"[?&#]t=(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?(?=[&#]|$)", re.IGNORECASE)
_PROVIDER_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "spotify.com",
                   "spotify.link")
HOST_ACTIVITIES = {
    "crunchyroll.com": "anime", "hidive.com": "anime", "animelon.com": "anime",
    "netflix.com": "tv", "primevideo.com": "tv", "disneyplus.com": "tv", "tver.jp": "tv",
    "abema.tv": "tv", "hulu.jp": "tv", "nicovideo.jp": "video", "bilibili.com": "video",
    "twitch.tv": "livestream", "podcasts.apple.com": "podcast", "audible.com": "audiobook",
    "audible.co.jp": "audiobook", "syosetu.com": "book", "kakuyomu.jp": "book",
    "mangadex.org": "manga", "bookwalker.jp": "manga", "nhk.or.jp": "reading",
    "wikipedia.org": "reading",
}
"""Hosts whose content is mostly one activity; any other site is logged as ``other``."""


@dataclass(frozen=True)
class WatchedLog:
    """A link logged with the part watched: its entry (``None`` if it was logged before)."""

    report: SyncReport
    entry: Entry | None
    needs_minutes: bool
    """Its length is unknown (a live stream) and no minutes were said: ask how long."""
    today_minutes: int


@dataclass(frozen=True)
class WatchedPart:
    """What the words around one link say about watching it."""

    minutes: float | None = None
    day: str | None = None
    until_seconds: int | None = None

    @property
    def given(self) -> bool:
        return self.minutes is not None or self.day is not None or bool(self.until_seconds)

    @property
    def watched_minutes(self) -> float | None:
        """The minutes said, else the offset of ``t=`` (watched up to there)."""
        if self.minutes is not None:
            return self.minutes
        return self.until_seconds / 60 if self.until_seconds else None


def watched_part(text: str) -> WatchedPart:
    """The duration, date word and ``t=`` offset of a message sharing one link (InvalidInput
    for a duration of nothing, which no entry can have)."""
    until = None
    for url in _BARE_LINK.findall(text):
        offset = _OFFSET.search(url.replace("&amp;", "&"))
        if offset and "youtu" in url.lower():
            h, m, s = (int(g or 0) for g in offset.groups())
            until = h * 3600 + m * 60 + s
            break
    words = _BARE_LINK.sub(" ", _URL.sub(" ", text)).split()
    minutes = next((duration_minutes(w) for w in words
                    if not w.isdigit() and duration_minutes(w) is not None), None)
    if minutes is not None and not minutes > 0:
        raise InvalidInput("0 minutes is nothing to log; for example 20m before the link.")
    day = next((w for w in words if is_day_word(w)), None)
    return WatchedPart(minutes, day, until)


def other_links(text: str) -> list[str]:
    """The http(s) links of ``text`` to sites other than YouTube and Spotify."""
    found = []
    for url in _URL.findall(text):
        host = (urlsplit(url).hostname or "").lower()
        if host and not any(host == h or host.endswith("." + h) for h in _PROVIDER_HOSTS):
            found.append(url.rstrip(".,;!?)"))
    return found


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def activity_for(url: str) -> str:
    """The activity a site's content most likely is (``other`` when unknown)."""
    host = host_of(url)
    return next((activity for known, activity in HOST_ACTIVITIES.items()
                 if host == known or host.endswith("." + known)), "other")
