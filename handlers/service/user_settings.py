"""Per-user settings stored in the user's partition (time zone); reads and writes the store."""

from __future__ import annotations

from zoneinfo import ZoneInfo, available_timezones

from handlers.service.calendar import known_zone, zone_or_default
from handlers.service.errors import InvalidInput
from storage.models import user_pk
from storage.repository import ItemRepository, VersionConflict

SETTINGS_SK = "SETTINGS"


def timezone(repo: ItemRepository, user: str, default: str) -> ZoneInfo:
    """The user's chosen zone; the deployment default when unset or no longer valid."""
    item = repo.get(user_pk(user), SETTINGS_SK)
    return zone_or_default(item.get("timezone") if item else None, default)


def _suggest(name: str) -> str:
    needle = name.strip().lower().replace(" ", "_")
    matches = sorted(z for z in available_timezones() if needle and needle in z.lower())
    if matches:
        return " Did you mean " + ", ".join(matches[:3]) + "?"
    return " Use an Area/City name such as Europe/Berlin or Asia/Tokyo."


def set_timezone(repo: ItemRepository, user: str, name: str) -> ZoneInfo:
    """Validate ``name`` against the IANA database and store it as the user's zone."""
    cleaned = name.strip()
    zone = known_zone(cleaned) if "/" in cleaned or cleaned == "UTC" else None
    if zone is None:
        raise InvalidInput(f"{cleaned!r} is not a known time zone.{_suggest(cleaned)}")
    pk = user_pk(user)
    for _ in range(3):
        item = repo.get(pk, SETTINGS_SK)
        if item is None:
            created = repo.put_if_absent(
                {"pk": pk, "sk": SETTINGS_SK, "user": user, "timezone": zone.key, "version": 1}
            )
            if created:
                return zone
            continue
        try:
            repo.update(pk, SETTINGS_SK, {"timezone": zone.key}, int(item.get("version", 1)))
        except VersionConflict:
            continue
        return zone
    raise InvalidInput("Your settings changed at the same moment; please try again.")
