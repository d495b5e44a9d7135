"""Per-user settings stored in the user's partition (time zone, reading speeds); store I/O."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from pydantic import BaseModel, ConfigDict, Field

from handlers.service.core.activities import DEFAULT_READING_SPEED, READING_SPEED_UNITS
from handlers.service.core.calendar import known_zone, zone_or_default
from handlers.service.core.errors import InvalidInput, quoted
from storage.models import user_pk
from storage.repository import Item, ItemRepository, VersionConflict

SETTINGS_SK = "SETTINGS"


class SettingsChanges(BaseModel):
    """What ``PUT /settings`` may change: a merge patch (absent keeps, ``null`` removes);
    an unknown key is refused."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    timezone: str | None = Field(default=None, max_length=64)
    reading_speed: dict[str, float | None] | None = None
    goals: dict[str, Any] | None = None
    """Checked by the goals area (``null`` clears every goal), as are the two below."""
    reminder: dict[str, Any] | None = None
    digest: dict[str, Any] | None = None
    languages: list[str] | None = Field(default=None, max_length=20)
    """Target languages for capture (any form a player sends; ``[]`` counts every one)."""


def timezone(repo: ItemRepository, user: str, default: str) -> ZoneInfo:
    """The user's chosen zone; the deployment default when unset or no longer valid."""
    return zone_in(repo.get(user_pk(user), SETTINGS_SK) or {}, default)


def zone_in(settings: Item, default: str) -> ZoneInfo:
    """The zone a settings item holds; the deployment default when unset or no longer valid."""
    return zone_or_default(settings.get("timezone"), default)


def _suggest(name: str) -> str:
    """Zones to try instead: only Area/City names, the ones ``parse_timezone`` takes (a
    legacy alias such as ``Japan`` is a zone too, but refused, so never offered)."""
    needle = name.strip().lower().replace(" ", "_")
    matches = sorted(z for z in available_timezones()
                     if "/" in z and needle and needle in z.lower())
    if matches:
        return " Did you mean " + ", ".join(matches[:3]) + "?"
    return " Use an Area/City name such as Europe/Berlin or Asia/Tokyo."


def parse_timezone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` names; InvalidInput with a suggestion otherwise."""
    cleaned = name.strip()
    zone = known_zone(cleaned) if "/" in cleaned or cleaned.upper() == "UTC" else None
    if zone is None:
        raise InvalidInput(f"{quoted(cleaned)} is not a known time zone.{_suggest(cleaned)}")
    return zone


def set_timezone(repo: ItemRepository, user: str, name: str) -> ZoneInfo:
    """Validate ``name`` against the IANA database and store it as the user's zone."""
    zone = parse_timezone(name)
    update(repo, user, {"timezone": zone.key})
    return zone


def clear_timezone(repo: ItemRepository, user: str, default: str) -> ZoneInfo:
    """Forget the user's zone, so the deployment's default applies again."""
    update(repo, user, {"timezone": None})
    return ZoneInfo(default)


def stored(repo: ItemRepository, user: str) -> dict[str, Any]:
    """The user's settings item as stored (empty when they never set anything)."""
    return repo.get(user_pk(user), SETTINGS_SK) or {}


def update(repo: ItemRepository, user: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Apply ``changes`` to the settings item (created if absent) without losing a racing one."""
    pk = user_pk(user)
    for _ in range(3):
        item = repo.get(pk, SETTINGS_SK)
        if item is None:
            fresh = {k: v for k, v in changes.items() if v is not None}
            created = {"pk": pk, "sk": SETTINGS_SK, "user": user, **fresh, "version": 1}
            if repo.put_if_absent(created):
                return created
            continue
        try:
            return repo.update(pk, SETTINGS_SK, dict(changes), int(item.get("version", 1)))
        except VersionConflict:
            continue
    raise InvalidInput("Your settings changed at the same moment; please try again.")


def reading_speed(repo: ItemRepository, user: str) -> dict[str, float]:
    """Reading speed per type: the user's own where set, the documented default elsewhere."""
    return speeds_in(stored(repo, user))


def languages_in(settings: Item) -> list[str]:
    """The target languages for capture a settings item holds, as codes (none: every one)."""
    return [str(code) for code in settings.get("languages") or []]


def speeds_in(settings: Item) -> dict[str, float]:
    """The reading speeds a settings item holds, the documented default where unset."""
    chosen = settings.get("reading_speed") or {}
    return {
        kind: float(chosen.get(kind, default)) for kind, default in DEFAULT_READING_SPEED.items()
    }


def check_reading_speed(speeds: Any) -> dict[str, float]:
    """Chosen speeds per reading type, validated; raises InvalidInput naming the first fault."""
    if not isinstance(speeds, Mapping):
        raise InvalidInput("reading_speed: must be an object like {\"book\": 150}.")
    unknown = sorted(set(speeds) - set(READING_SPEED_UNITS))
    if unknown:
        known = ", ".join(READING_SPEED_UNITS)
        raise InvalidInput(f"reading_speed: {quoted(unknown[0])} is not a reading type ({known}).")
    for kind, speed in speeds.items():
        if isinstance(speed, bool) or not isinstance(speed, int | float | Decimal):
            raise InvalidInput(f"reading_speed: {kind} must be a number.")
        if not 0 < speed <= 100_000:
            raise InvalidInput(f"reading_speed: {kind} must be above 0 and at most 100,000.")
    return {kind: float(speed) for kind, speed in speeds.items()}


def set_reading_speed(
    repo: ItemRepository, user: str, speeds: Mapping[str, float]
) -> dict[str, float]:
    """Store speeds for some reading types (``READING_SPEED_UNITS`` a minute); the whole set."""
    check_reading_speed(speeds)
    merged = {**(stored(repo, user).get("reading_speed") or {}), **speeds}
    update(repo, user, {"reading_speed": merged})
    return reading_speed(repo, user)


def replace_reading_speed(
    repo: ItemRepository, user: str, chosen: Mapping[str, float]
) -> dict[str, float]:
    """Store ``chosen`` as every speed the user picked (the rest take the default)."""
    update(repo, user, {"reading_speed": dict(chosen)})
    return reading_speed(repo, user)
