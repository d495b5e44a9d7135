"""Jellyfin's webhook plugin (Generic destination, our template or "Send All Properties") (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from handlers.service.capture.events import Action, Ignored, Kind, PlayerEvent
from handlers.service.capture.languages import language_code
from handlers.service.capture.sources import values as v
from handlers.service.core.errors import InvalidInput

_ACTIONS: dict[str, Action] = {
    "PlaybackStart": "start", "PlaybackProgress": "progress", "PlaybackStop": "stop",
}
_KINDS: dict[str, Kind] = {"Episode": "episode", "Movie": "movie", "Video": "video",
                           "Audio": "audio", "AudioBook": "audiobook"}
_STREAM = re.compile(r"^(Audio|Subtitle)_(\d+)_Language$")


def _digits(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 19 else None


def _languages(body: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """Audio: any track of the file; subtitles: a Default one (none is named as playing)."""
    audio: list[str] = []
    subtitles: list[str] = []
    tagged = False
    for name in sorted(body):
        found = _STREAM.match(name)
        if not found:
            continue
        code = language_code(body[name])
        if found.group(1) == "Audio":
            tagged = tagged or code is not None
            if code and code not in audio:
                audio.append(code)
        elif code and v.flag(body, f"Subtitle_{found.group(2)}_Default") and code not in subtitles:
            subtitles.append(code)
    return tuple(audio), tuple(subtitles), tagged


def parse(body: Mapping[str, Any]) -> PlayerEvent | Ignored:
    """The event a rendered Jellyfin template (or a whole property dictionary) describes."""
    notification = v.text(body, "NotificationType")
    if not notification:
        raise InvalidInput("NotificationType: is missing.")
    action = _ACTIONS.get(notification)
    if notification == "UserDataSaved":
        reason = v.text(body, "SaveReason")
        if reason != "TogglePlayed" or not v.flag(body, "Played"):
            return Ignored(f"UserDataSaved with SaveReason {reason or 'none'} is not a "
                           "mark-as-played.")
        action = "played"
    if action is None:
        return Ignored(f"{notification} is not a playback event.")
    item_type = v.text(body, "ItemType")
    kind = _KINDS.get(item_type)
    if kind is None:
        return Ignored(f"ItemType {item_type or 'none'} is not counted.")
    item = v.text(body, "ItemId")
    if not item:
        raise InvalidInput("ItemId: is missing.")
    audio, subtitles, tagged = _languages(body)
    runtime = v.ticks(body, "RunTimeTicks")
    return PlayerEvent(
        action=action,
        device=v.text(body, "DeviceId") or v.text(body, "ClientName"),
        item=item,
        kind=kind,
        position=v.ticks(body, "PlaybackPositionTicks") or 0.0,
        duration=runtime or None,
        at=v.moment(body, "UtcTimestamp"),
        paused=v.flag(body, "IsPaused"),
        completed=bool(v.flag(body, "PlayedToCompletion")),
        title=v.text(body, "Name"),
        series=v.text(body, "SeriesName"),
        season=v.whole(body, "SeasonNumber"),
        episode=v.whole(body, "EpisodeNumber"),
        tvdb_id=_digits(v.text(body, "Provider_tvdb")),
        tmdb_id=_digits(v.text(body, "Provider_tmdb")),
        audio_languages=audio,
        subtitle_languages=subtitles,
        reports_language=tagged,
        player=v.text(body, "ClientName") or "Jellyfin",
        account=v.text(body, "UserId"),
    )
