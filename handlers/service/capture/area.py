"""The capture area's face: target languages, integrations, player events (store I/O).

Doors reach capture only through ``Service.capture``; the modules of this package stay
private to it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from handlers.service.capture import language_setting, notices, setup_steps
from handlers.service.capture import session_store as store
from handlers.service.capture.entries import CaptureEntries
from handlers.service.capture.events import Ignored, PlayerEvent
from handlers.service.capture.integrations import (
    Integration,
    Integrations,
    TokenOwner,
    named_owner,
)
from handlers.service.capture.notices import CaptureNotice
from handlers.service.capture.receiver import Receiver
from handlers.service.capture.session_view import SessionView, view
from handlers.service.capture.session_write import SessionWrite
from handlers.service.capture.sources import emby, generic, jellyfin, plex
from handlers.service.core.errors import InvalidInput, NotFound, Unauthorized, quoted
from handlers.service.logbook.area import Logbook
from metadata_clients.ports import TvdbLookup
from storage.repository import ItemRepository

STATES = ("open", "closed", "ignored")
_PARSERS: dict[str, Callable[[Any], PlayerEvent | Ignored]] = {
    "jellyfin": jellyfin.parse, "plex": plex.parse, "emby": emby.parse, "generic": generic.parse,
}


def decode(raw: bytes) -> dict[str, Any]:
    """A capture body's JSON object; a 400 naming the body when it is not one."""
    try:
        data = json.loads(raw.decode("utf-8-sig") or "null")
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise InvalidInput(f"body: is not valid JSON ({error}).") from None
    if not isinstance(data, dict):
        raise InvalidInput("body: must be a JSON object.")
    return data


class Capture:
    """Players that log themselves, for every door."""

    def __init__(self, repo: ItemRepository, logbook: Logbook, clock: Callable[[], datetime],
                 random_bytes: Callable[[int], bytes] = secrets.token_bytes,
                 tvdb: TvdbLookup | None = None, default_zone: str = "UTC") -> None:
        self._repo = repo
        self._clock = clock
        self.integrations = Integrations(repo, lambda: int(clock().timestamp()), random_bytes)
        writer = SessionWrite(repo, logbook.zone, clock, tvdb, random_bytes)
        self._receiver = Receiver(repo, CaptureEntries(logbook), writer, clock,
                                  self.integrations, default_zone)

    # --- languages ---------------------------------------------------------------------
    def languages(self, user: str) -> list[str]:
        """The user's target languages (ISO 639-1 codes); empty counts every language."""
        return language_setting.languages(self._repo, user)

    def set_languages(self, user: str, wanted: Sequence[str]) -> list[str]:
        """Set the target languages (any form: ``ja``, ``jpn``, ``Japanese``); InvalidInput
        names one not known."""
        return language_setting.set_languages(self._repo, user, wanted)

    def languages_patch(self, user: str,
                        wanted: Sequence[str] | None) -> Callable[[], object]:
        """A settings patch's ``languages`` checked now (InvalidInput names a bad one), and
        what stores it once every other part passed: ``()`` leaves them, ``None`` clears."""
        if wanted == ():
            return lambda: None
        codes = language_setting.checked(wanted or [])
        return lambda: language_setting.set_languages(self._repo, user, codes)

    # --- integrations ------------------------------------------------------------------
    def connect(self, user: str, name: str, source: str,
                require_language: bool = False) -> tuple[Integration, str]:
        """A new integration and its token (shown this once)."""
        return self.integrations.create(user, name, source, require_language)

    @staticmethod
    def setup(player: str, url: str) -> tuple[str, list[str], str | None]:
        """The capture source ``player`` posts to, the steps to connect it with ``url``, and
        Jellyfin's template (None for the others); InvalidInput for an unknown player."""
        source = setup_steps.PLAYERS.get(player)
        if source is None:
            raise InvalidInput("player: must be jellyfin, plex, emby or mpv.")
        template = setup_steps.JELLYFIN_TEMPLATE if player == "jellyfin" else None
        return source, setup_steps.steps(player, url), template

    def connections(self, user: str) -> list[Integration]:
        return self.integrations.list(user)

    def revoke(self, user: str, integration_id: str) -> Integration:
        return self.integrations.revoke(user, integration_id)

    def forget_user(self, user: str) -> None:
        """Revoke every token of a user being removed."""
        self.integrations.forget_user(user)

    # --- events ------------------------------------------------------------------------
    def capture(self, token: str | None, source: str,
                body: Callable[[], bytes]) -> dict[str, Any]:
        """Apply one event posted with a capture token; the answer's body (session, state,
        counted_seconds, reason). A token of the current shape is checked with the event's
        one read, so its body is read first (no more than a Lambda already holds; a bad
        body with a bad token is still a 401); any other is checked before."""
        owner: TokenOwner | None = None
        if named_owner(token) is None:
            owner = self._owner(token)
        parser = _PARSERS.get(source)
        try:
            if parser is None:
                raise NotFound(f"There is no capture source {quoted(source)}.")
            event = parser(decode(body()))
        except Exception:
            if owner is None:
                self._owner(token)
            raise
        if isinstance(event, Ignored):
            if owner is None:
                self._owner(token)
            return {"state": "ignored", "reason": event.reason}
        return self._receiver.receive(str(token), owner, event).body()

    def _owner(self, token: str | None) -> TokenOwner:
        owner = self.integrations.owner_of(token)
        if owner is None:
            raise Unauthorized("The capture token is missing, wrong or revoked.")
        return owner

    def captures(self, user: str, state: str | None = None) -> list[SessionView]:
        """The user's capture sessions, newest first; ``state`` keeps one kind."""
        if state is not None and state not in STATES:
            raise InvalidInput("state: must be open, closed or ignored.")
        now = self._clock().timestamp()
        found = [view(item, now) for item in store.every(self._repo, user)]
        chosen = [s for s in found if state is None or s.state == state]
        return sorted(chosen, key=lambda s: s.last_event_at or 0, reverse=True)[:200]

    # --- notices of closed sessions (opt-in) --------------------------------------------
    def notices_wanted(self, user: str) -> bool:
        return notices.wanted(self._repo, user)

    def want_notices(self, user: str, on: bool) -> None:
        """Opt in (or out of) a message when a captured session closes with an entry."""
        notices.set_wanted(self._repo, user, on)

    def pending_notices(self, limit: int = 100, after: str | None = None
                        ) -> list[CaptureNotice]:
        return notices.pending(self._repo, limit, after)

    def notice_sent(self, notice: CaptureNotice) -> None:
        notices.sent(self._repo, notice)

    def undo(self, user: str, session_id: str) -> SessionView:
        """Delete a captured session's entry for good; NotFound when there is none."""
        undone = self._receiver.undo(user, session_id)
        if undone is None:
            raise NotFound("That session has no entry to undo.")
        return undone

    def accept(self, user: str, session_id: str) -> SessionView:
        """Count an ignored session anyway (its minutes become an entry)."""
        accepted = self._receiver.accept(user, session_id)
        if accepted is None:
            raise NotFound("There is no such capture session.")
        return accepted
