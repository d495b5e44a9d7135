"""Emby's server webhooks (JSON, or the older form's ``data`` field) (pure); no language sent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.service.capture.events import Action, Ignored, Kind, PlayerEvent
from handlers.service.capture.sources import values as v
from handlers.service.core.errors import InvalidInput

_ACTIONS: dict[str, Action] = {
    "playback.start": "start", "playback.pause": "pause", "playback.unpause": "resume",
    "playback.stop": "stop", "playback.progress": "progress", "item.markplayed": "played",
}
_KINDS: dict[str, Kind] = {"Episode": "episode", "Movie": "movie", "Video": "video",
                           "Audio": "audio", "AudioBook": "audiobook"}


def _id(ids: Mapping[str, Any], name: str) -> int | None:
    value = v.text(ids, name)
    return int(value) if value.isdigit() and len(value) < 19 else None


def parse(body: Mapping[str, Any]) -> PlayerEvent | Ignored:
    """The event of an Emby webhook body."""
    event = v.text(body, "Event")
    if not event:
        raise InvalidInput("Event: is missing.")
    action = _ACTIONS.get(event)
    if action is None:
        return Ignored(f"{event} is not a playback event.")
    item = v.section(body, "Item")
    kind = _KINDS.get(v.text(item, "Type"))
    if kind is None:
        return Ignored(f"Item.Type {v.text(item, 'Type') or 'none'} is not counted.")
    item_id = v.text(item, "Id")
    if not item_id:
        raise InvalidInput("Item.Id: is missing.")
    session = v.section(body, "Session")
    playback = v.section(body, "PlaybackInfo")
    ids = v.section(item, "ProviderIds")
    position = v.ticks(playback, "PositionTicks")
    if position is None and action == "start":
        position = 0.0
    return PlayerEvent(
        action=action,
        device=v.text(session, "DeviceId") or v.text(session, "Id"),
        item=item_id,
        kind=kind,
        position=position,
        duration=v.ticks(item, "RunTimeTicks") or None,
        at=v.moment(body, "Date"),
        paused=v.flag(playback, "IsPaused"),
        completed=bool(v.flag(playback, "PlayedToCompletion")),
        title=v.text(item, "Name"),
        series=v.text(item, "SeriesName"),
        season=v.whole(item, "ParentIndexNumber"),
        episode=v.whole(item, "IndexNumber"),
        tvdb_id=_id(ids, "Tvdb"),
        tmdb_id=_id(ids, "Tmdb"),
        player=v.text(session, "Client") or "Emby",
        account=v.text(v.section(body, "User"), "Id"),
    )
