"""Our own capture format, for the mpv agent, Kodi scripts and anything else (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from handlers.service.capture.events import Action, Kind, PlayerEvent
from handlers.service.capture.languages import language_code
from handlers.service.capture.sources import values as v
from handlers.service.core.errors import InvalidInput

_EVENTS = ("start", "progress", "pause", "resume", "stop")


def parse(body: Mapping[str, Any]) -> PlayerEvent:
    """The event of a ``generic`` body; every bad field is named."""
    session = v.text(body, "session_id", limit=1000)
    if not session:
        raise InvalidInput("session_id: is missing.")
    if len(session) > 200:
        raise InvalidInput("session_id: at most 200 characters.")
    event = v.text(body, "event")
    if event not in _EVENTS:
        raise InvalidInput(f"event: must be one of {', '.join(_EVENTS)}.")
    kind = v.text(body, "kind") or "video"
    if kind not in get_args(Kind) or kind == "audiobook":
        raise InvalidInput("kind: must be episode, movie, video or audio.")
    audio = language_code(body.get("audio_language"))
    subtitle = language_code(body.get("subtitle_language"))
    action: Action = event  # type: ignore[assignment]
    return PlayerEvent(
        action=action,
        # Each session id is its own device: one integration may serve several players
        # (two mpv agents, a Kodi script), which must not close each other's sessions.
        device=session,
        item=session,
        kind=kind,  # type: ignore[arg-type]
        position=v.number(body, "position_seconds"),
        duration=v.number(body, "duration_seconds") or None,
        at=v.moment(body, "at"),
        title=v.text(body, "title"),
        series=v.text(body, "series"),
        season=v.whole(body, "season"),
        episode=v.whole(body, "episode"),
        tvdb_id=v.whole(body, "tvdb_id"),
        tmdb_id=v.whole(body, "tmdb_id"),
        audio_languages=(audio,) if audio else (),
        subtitle_languages=(subtitle,) if subtitle else (),
        reports_language=audio is not None or subtitle is not None,
        player=v.text(body, "player") or "player",
        extra={"tvdb": "series"},
    )
