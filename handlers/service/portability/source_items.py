"""Which stored items are a user's own record, and the rules a file's copy of one must meet (pure).

A user's partition holds their record (logs, watched content, the shows and channels those
name, their settings) beside bookkeeping derived from it or tied to the account: history
references, summaries, due pointers, undo stacks, Telegram links, import lists. Only the
record is exported and only the record is imported; the rest is built again here.
"""

from __future__ import annotations

import math
from typing import Any, get_args

from pydantic import ValidationError

from handlers.service.accounts.user_settings import SETTINGS_SK
from handlers.service.core.activities import (
    MAX_SECONDS,
    READING_SPEED_UNITS,
    Unit,
    UnknownActivity,
    canonical_activity,
)
from handlers.service.core.calendar import known_zone
from handlers.service.core.errors import InvalidInput
from handlers.service.core.sound_items import LONGEST
from handlers.service.goals.settings import parse_goals
from storage.models import ITEM_KINDS, LogEntry, StoredItem, model_for
from storage.repository import Item

_ENTRY_PREFIXES: tuple[str, ...] = tuple(kind.SK_PREFIX for kind in ITEM_KINDS)
MAX_TEXT = {"title": 200, "note": 1000, "url": 2000, "activity": 40}
"""The lengths ``POST /log`` allows; any other text attribute may hold ``_MAX_OTHER_TEXT``."""
_MAX_OTHER_TEXT = 2000
_SECONDS = ("duration", "watched_seconds", "movie_duration", "youtube_video_duration",
            "spotify_episode_duration")
_FUTURE_SKEW = 300
_UNITS = frozenset(get_args(Unit))


def is_source(sk: str) -> bool:
    """Whether the item under ``sk`` is part of the user's own record."""
    return sk == SETTINGS_SK or sk.startswith(_ENTRY_PREFIXES)


def checked(item: Item, now: int) -> Item:
    """A file's copy of a content item, log or the settings, as it will be stored;
    ValueError naming the attribute that breaks the rules ``POST /log`` and
    ``PUT /settings`` apply."""
    if item.get("sk") == SETTINGS_SK:
        return _checked_settings(item)
    kind = model_for(item)
    if kind is None:
        raise ValueError(f"sk: {str(item.get('sk'))[:40]!r} is not an entry I can import.")
    try:
        model: StoredItem = kind.model_validate(item, strict=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "item"
        raise ValueError(f"{where}: {first['msg']}.") from None
    if model.sk != item["sk"]:
        raise ValueError("sk: does not match the item's own attributes.")
    stored = model.to_item()
    for name, value in stored.items():
        _check_value(name, value, now)
    if isinstance(model, LogEntry):
        _check_log(model)
    return stored


def _check_value(name: str, value: Any, now: int) -> None:
    if isinstance(value, str) and len(value) > MAX_TEXT.get(name, _MAX_OTHER_TEXT):
        raise ValueError(f"{name}: longer than {MAX_TEXT.get(name, _MAX_OTHER_TEXT):,} characters.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{name}: is not a number.")
    if name == "duration" and not 0 <= value <= MAX_SECONDS:
        raise ValueError(f"{name}: one entry covers at most 24 hours.")
    if name in _SECONDS and not 0 <= value <= LONGEST:
        raise ValueError(f"{name}: a length is at most a week.")
    if name == "tvdb_average_runtime" and not 0 <= value <= LONGEST // 60:
        raise ValueError(f"{name}: an episode lasts at most a week.")
    if name in ("timestamp", "created_at") and not 0 <= value <= now + _FUTURE_SKEW:
        raise ValueError(f"{name}: is not a moment between 1970 and now.")


def _check_log(log: LogEntry) -> None:
    try:
        activity = canonical_activity(log.activity)
    except UnknownActivity as error:
        raise ValueError(f"activity: {error}") from None
    if activity != log.activity:
        raise ValueError(f"activity: {log.activity!r} is not stored by that name.")
    if log.duration < 1:
        raise ValueError("duration: must be at least one second.")
    if log.amount is not None and not log.amount > 0:
        raise ValueError("amount: must be more than zero.")
    if log.unit is not None and log.unit not in _UNITS:
        raise ValueError(f"unit: must be one of {', '.join(sorted(_UNITS))}.")


def _checked_settings(item: Item) -> Item:
    """The choices a file's settings may carry over: the zone, reading speeds and goals
    (a reminder or digest names the old account's chat; a peer-account claim is its own)."""
    kept: Item = {"pk": item["pk"], "sk": SETTINGS_SK, "user": item.get("user"), "version": 1}
    zone = item.get("timezone")
    if zone is not None:
        if not isinstance(zone, str) or len(zone) > 64 or known_zone(zone) is None:
            raise ValueError("timezone: is not a known time zone.")
        kept["timezone"] = zone
    speeds = item.get("reading_speed")
    if speeds is not None:
        if not isinstance(speeds, dict) or not all(
            kind in READING_SPEED_UNITS and _positive(value) for kind, value in speeds.items()
        ):
            raise ValueError("reading_speed: must map reading kinds to speeds above zero.")
        kept["reading_speed"] = speeds
    if item.get("goals") is not None:
        try:
            parse_goals(item["goals"], strict=False)
        except InvalidInput as error:
            raise ValueError(str(error)) from None
        kept["goals"] = item["goals"]
    return kept


def _positive(value: Any) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and math.isfinite(value) and 0 < value < 1_000_000
