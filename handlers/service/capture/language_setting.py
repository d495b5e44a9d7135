"""The user's target languages, kept in their settings item (store I/O)."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.service.accounts import user_settings
from handlers.service.capture.languages import checked_languages
from handlers.service.core.errors import InvalidInput
from storage.repository import ItemRepository

MAX_LANGUAGES = 20


def languages(repo: ItemRepository, user: str) -> list[str]:
    """The user's target languages as codes; empty means every language counts."""
    return user_settings.languages_in(user_settings.stored(repo, user))


def checked(wanted: Sequence[str]) -> list[str]:
    """The codes ``wanted`` names (any accepted form); InvalidInput names a bad one."""
    codes = checked_languages(wanted[: MAX_LANGUAGES + 1])
    if len(codes) > MAX_LANGUAGES:
        raise InvalidInput(f"languages: at most {MAX_LANGUAGES} languages.")
    return codes


def set_languages(repo: ItemRepository, user: str, wanted: Sequence[str]) -> list[str]:
    """Store the languages ``wanted`` names (any accepted form) as codes; the list after."""
    codes = checked(wanted)
    user_settings.update(repo, user, {"languages": codes})
    return codes
