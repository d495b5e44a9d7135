"""Plex webhooks: the ``payload`` part's JSON (pure); Plex sends no time and no language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.service.capture.events import Action, Ignored, Kind, PlayerEvent
from handlers.service.capture.sources import values as v
from handlers.service.core.errors import InvalidInput

_ACTIONS: dict[str, Action] = {
    "media.play": "start", "media.pause": "pause", "media.resume": "resume",
    "media.stop": "stop", "media.scrobble": "played",
}
_KINDS: dict[str, Kind] = {"episode": "episode", "movie": "movie", "clip": "video",
                           "track": "audio"}


def _guid(metadata: Mapping[str, Any], scheme: str) -> int | None:
    guids = metadata.get("Guid")
    if not isinstance(guids, list):
        return None
    for guid in guids:
        found = guid.get("id") if isinstance(guid, Mapping) else None
        if isinstance(found, str) and found.startswith(scheme + "://"):
            value = found[len(scheme) + 3:]
            return int(value) if value.isdigit() and len(value) < 19 else None
    return None


def _ms(metadata: Mapping[str, Any], name: str) -> float | None:
    found = v.number(metadata, name)
    return None if found is None else found / 1000


def parse(body: Mapping[str, Any]) -> PlayerEvent | Ignored:
    """The event of a Plex webhook payload."""
    event = v.text(body, "event")
    if not event:
        raise InvalidInput("event: is missing.")
    action = _ACTIONS.get(event)
    if action is None:
        return Ignored(f"{event} is not a playback event.")
    if v.flag(body, "user") is False:
        return Ignored("Another Plex account's playback reached the owner's webhook.")
    metadata = v.section(body, "Metadata")
    kind = _KINDS.get(v.text(metadata, "type"))
    if kind is None:
        return Ignored(f"Metadata.type {v.text(metadata, 'type') or 'none'} is not counted.")
    item = v.text(metadata, "ratingKey")
    if not item:
        raise InvalidInput("Metadata.ratingKey: is missing.")
    player = v.section(body, "Player")
    offset = _ms(metadata, "viewOffset")
    if offset is None and action == "start":
        offset = 0.0  # a play from the start carries no offset; elsewhere absent is unknown
    return PlayerEvent(
        action=action,
        device=v.text(player, "uuid"),
        item=item,
        kind=kind,
        position=offset,
        duration=_ms(metadata, "duration"),
        completed=action == "played",
        title=v.text(metadata, "title"),
        series=v.text(metadata, "grandparentTitle") if kind == "episode" else "",
        season=v.whole(metadata, "parentIndex") if kind == "episode" else None,
        episode=v.whole(metadata, "index") if kind == "episode" else None,
        tvdb_id=_guid(metadata, "tvdb"),
        tmdb_id=_guid(metadata, "tmdb"),
        player=v.text(player, "title") or "Plex",
        account=v.text(v.section(body, "Account"), "id"),
    )
