"""A settings change as a JSON Merge Patch (RFC 7396) over what the account holds (store I/O).

``PUT /settings`` sends only what it changes: an absent key keeps its value, ``null``
removes it (a goal cleared, a reading speed back to its default, the time zone back to
the deployment's), and an object merges key by key into the one it replaces, so a page
that does not show group goals cannot erase them by saving the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from handlers.service.accounts import user_settings

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from handlers.service.capture.area import Capture
    from handlers.service.goals.area import GoalsArea
    from storage.repository import ItemRepository


class SettingsOwner(Protocol):
    """What a settings change touches of the service (the facade is one; it calls us)."""

    @property
    def store(self) -> ItemRepository: ...

    @property
    def goals(self) -> GoalsArea: ...

    @property
    def capture(self) -> Capture: ...

    def set_timezone(self, user: str, name: str) -> ZoneInfo: ...

    def clear_timezone(self, user: str) -> ZoneInfo: ...


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396: ``patch`` applied to ``target`` (neither is changed; a new value answers)."""
    if not isinstance(patch, Mapping):
        return patch
    merged = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def held_settings(stored: Mapping[str, Any], reminder: Any, digest: Any) -> dict[str, Any]:
    """The settings a patch applies to: the values chosen, not the defaults shown for the
    rest (a default merged in would be pinned, and stop following the deployment's)."""
    held: dict[str, Any] = {
        "reading_speed": dict(stored.get("reading_speed") or {}),
        "goals": stored.get("goals") or {},
        "reminder": reminder,
        "digest": digest,
    }
    if stored.get("timezone"):
        held["timezone"] = stored["timezone"]
    return held


def apply(service: SettingsOwner, user: str, patch: Mapping[str, Any]) -> None:
    """Merge ``patch`` into the user's settings; every part is checked before any is stored."""
    keep_languages = service.capture.languages_patch(user, patch.get("languages", ()))
    parts = service.goals.settings(user)
    held = held_settings(
        user_settings.stored(service.store, user), parts["reminder"], parts["digest"]
    )
    merged = merge_patch(held, patch)
    # Only the parts the patch names are checked: a stored value is never refused anew.
    zone_name = merged.get("timezone")
    if "timezone" in patch and zone_name is not None:
        user_settings.parse_timezone(zone_name)
    speeds = ({} if "reading_speed" not in patch
              else user_settings.check_reading_speed(merged.get("reading_speed") or {}))
    # A removed reminder or digest is one turned off; removed goals are none.
    pushed = {name: merged.get(name, None if name == "goals" else {"enabled": False})
              for name in ("goals", "reminder", "digest") if name in patch}
    if pushed:
        service.goals.update_settings(user, pushed)
    if "reading_speed" in patch:
        user_settings.replace_reading_speed(service.store, user, speeds)
    if "timezone" in patch:
        if zone_name is None:
            service.clear_timezone(user)
        else:
            service.set_timezone(user, zone_name)
    keep_languages()
