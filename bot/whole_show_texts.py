"""A shared Spotify show or YouTube playlist as both chat doors show it: what it holds, the
"Log all" button's data, and what logging it did (no I/O).

The button's data (``xa:c:<show>``, ``xa:y:<playlist>``) is the same in Telegram and on
Discord, and both doors hand it to the one service call, so "Log all" cannot mean two
things.
"""

from __future__ import annotations

import re

from bot.formatting import count, duration, minutes_text, short
from handlers.service import Collection, CollectionKind, MessageLinks, SyncReport

LOG_ALL = "xa"
MAX_ID = 50
"""The longest show or playlist id offered with buttons (Telegram's data holds 64 bytes)."""
_LETTERS: dict[str, CollectionKind] = {"c": "spotify", "y": "youtube"}
_DATA = re.compile(rf"{LOG_ALL}:([cy]):([A-Za-z0-9_-]{{1,{MAX_ID}}})")


def shared_collection(links: MessageLinks) -> tuple[CollectionKind, str] | None:
    """The show or playlist a message shares, offered before anything is logged (a show
    first when it shares both)."""
    if links.spotify_show_ids:
        return "spotify", links.spotify_show_ids[0]
    if links.youtube_playlist_ids:
        return "youtube", links.youtube_playlist_ids[0]
    return None


def noun(kind: str) -> str:
    return "video" if kind == "youtube" else "episode"


def collection_lines(show: Collection) -> list[str]:
    """Its name, then how many episodes, how long, and how many are logged already."""
    icon = "▶️" if show.kind == "youtube" else "🎧"
    return [f"{icon} <b>{short(show.name, 60)}</b>",
            f"{count(len(show.episodes), noun(show.kind))} · {duration(show.total_seconds)} · "
            f"{show.logged_count} already logged"]


def offers_buttons(show: Collection) -> bool:
    """Whether there is something to log and its id fits a button's data."""
    return bool(show.episodes) and len(show.id) <= MAX_ID


def log_all_label(show: Collection) -> str:
    return f"✅ Log all {len(show.episodes)}"


def log_all_data(show: Collection) -> str:
    """``xa:c:<show id>`` or ``xa:y:<playlist id>``."""
    letter = "y" if show.kind == "youtube" else "c"
    return f"{LOG_ALL}:{letter}:{show.id}"


def parse_log_all(data: str) -> tuple[CollectionKind, str] | None:
    """The kind and id a "Log all" button names (``None``: not a well-formed one)."""
    match = _DATA.fullmatch(data)
    if match is None:
        return None
    return _LETTERS[match.group(1)], match.group(2)


def logged_all_text(kind: str, report: SyncReport, today_minutes: int) -> str:
    """``✅ Logged 3 episodes (1h 02m); 1 were logged already.``, a failure, today's total."""
    added = sum(item.duration_seconds or 0 for item in report.added)
    lines = [f"✅ Logged {count(len(report.added), noun(kind))} ({duration(added)}); "
             f"{len(report.existing)} were logged already."]
    if report.failed:
        lines.append(f"⚠️ {short(report.failed[0].reason, 120)}")
    lines.append(f"Today: <b>{minutes_text(today_minutes)}</b>")
    return "\n".join(lines)
