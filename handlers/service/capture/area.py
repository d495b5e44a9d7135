"""The capture area's face: target languages, integrations, player events (store I/O).

Doors reach capture only through ``Service.capture``; the modules of this package stay
private to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from handlers.service.capture import language_setting
from storage.repository import ItemRepository


class Capture:
    """Players that log themselves, for every door."""

    def __init__(self, repo: ItemRepository) -> None:
        self._repo = repo

    def languages(self, user: str) -> list[str]:
        """The user's target languages (ISO 639-1 codes); empty counts every language."""
        return language_setting.languages(self._repo, user)

    def set_languages(self, user: str, wanted: Sequence[str]) -> list[str]:
        """Set the target languages (any form: ``ja``, ``jpn``, ``Japanese``); InvalidInput
        names one not known."""
        return language_setting.set_languages(self._repo, user, wanted)

    def change_languages(self, user: str, wanted: Sequence[str] | None) -> None:
        """Apply a settings change's ``languages`` when it has one."""
        if wanted is not None:
            self.set_languages(user, wanted)
