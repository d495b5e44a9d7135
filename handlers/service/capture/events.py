"""What every source's event becomes: one shape the counting rules understand (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Action = Literal["start", "progress", "pause", "resume", "stop", "played"]
Kind = Literal["episode", "movie", "video", "audio", "audiobook"]


@dataclass(frozen=True)
class PlayerEvent:
    """One understood event of a player, whatever its source."""

    action: Action
    device: str
    """The source's own device or player id (a session is one item on one device)."""
    item: str
    """The source's own item id."""
    kind: Kind
    position: float | None = None
    """Seconds into the item; None when the source did not say (count nothing across it)."""
    duration: float | None = None
    at: float | None = None
    """The event's own time (epoch seconds), when the source sends one."""
    paused: bool | None = None
    completed: bool = False
    title: str = ""
    series: str = ""
    season: int | None = None
    episode: int | None = None
    tvdb_id: int | None = None
    tmdb_id: int | None = None
    audio_languages: tuple[str, ...] = ()
    subtitle_languages: tuple[str, ...] = ()
    reports_language: bool = False
    """Whether the source says anything about languages (Plex and Emby never do)."""
    player: str = ""
    account: str = ""
    """The source's user id; part of the session key."""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ignored:
    """An event we do not use (a library scan, a rating, music): answered 202 with why."""

    reason: str

