"""Sessions of the web page: hashed tokens in the store, expiry, Telegram sign-in (store I/O).

Only a digest of each token is stored, so a leaked table opens no session. A session is
bound to the user's credential as it was at sign-in (a short salted fingerprint of it), and
a Telegram session also to the link it came through: a password change, the user's removal
or an unlink ends it at the next request, in every process sharing the store, without a
list of sessions per user to keep in step.

A session's lifetime is absolute: it ends ``SESSION_SECONDS`` after the proof it came from
(the password, or the moment Telegram signed the Mini App's ``initData``) and is never
extended; a session cannot start another (``POST /session`` takes a password).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from handlers.service.accounts.telegram_init_data import telegram_proof
from handlers.service.core.errors import Forbidden, ProviderNotConfigured
from storage.repository import ItemRepository

SESSION_PREFIX = "SESSION#"
SESSION_SECONDS = 7 * 24 * 3600
"""How long a sign-in lasts from its proof; the page asks for the password again after."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _fingerprint(token_digest: str, credential: str) -> str:
    # Salted by the session and cut short: enough to notice a change, too little to guess from.
    return hashlib.sha256(f"{token_digest}:{credential}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class NewSession:
    """A session just started: the token goes into the cookie, never into the store."""

    user: str
    token: str
    expires_at: int


class Sessions:
    """Start, check and end sessions of the web page and the Telegram Mini App."""

    def __init__(
        self,
        repo: ItemRepository,
        now_epoch: Callable[[], int],
        random_bytes: Callable[[int], bytes],
        credential: Callable[[str], str | None],
        linked_user: Callable[[int], str | None],
        bot_token: str | None,
        lifetime: int = SESSION_SECONDS,
    ) -> None:
        self._repo = repo
        self._now_epoch = now_epoch
        self._random_bytes = random_bytes
        self._credential = credential
        self._linked_user = linked_user
        self._bot_token = bot_token
        self.lifetime = lifetime

    def now(self) -> int:
        """The sessions' clock, in seconds since the epoch."""
        return self._now_epoch()

    def start(
        self, user: str, telegram_id: int | None = None, proved_at: int | None = None
    ) -> NewSession:
        """A new session for ``user``, who proved who they are at ``proved_at`` (default: now)."""
        credential = self._credential(user)
        if credential is None:
            raise Forbidden("Wrong user name or password.")
        token = base64.urlsafe_b64encode(self._random_bytes(32)).decode().rstrip("=")
        digest = _digest(token)
        now = self._now_epoch()
        expires_at = (now if proved_at is None else min(now, proved_at)) + self.lifetime
        item = {
            "pk": SESSION_PREFIX + digest,
            "sk": "SESSION",
            "user": user,
            "credential": _fingerprint(digest, credential),
            "telegram_id": telegram_id,
            "expires_at": expires_at,
            "version": 1,
        }
        self._repo.put(item)
        return NewSession(user, token, expires_at)

    def start_telegram(self, init_data: str) -> NewSession:
        """A session from a Telegram Mini App's signed ``initData``, for a linked account."""
        if not self._bot_token:
            raise ProviderNotConfigured("Telegram sign-in needs the bot token on this server.")
        proof = telegram_proof(init_data, self._bot_token, self._now_epoch())
        user = self._linked_user(proof.user_id)
        if user is None:
            raise Forbidden(
                "This Telegram account is not linked to a user yet: create a code with "
                "'immersion-tracker users link-code NAME' and send it to the bot as /link CODE."
            )
        # The same initData may be replayed while it is recent; each session it starts still
        # ends a lifetime after Telegram signed it.
        return self.start(user, proof.user_id, proof.auth_date)

    def user_of(self, token: str) -> str | None:
        """The user a live session token belongs to, else ``None`` (expired, ended, unknown)."""
        if not token or len(token) > 128:
            return None
        digest = _digest(token)
        item = self._repo.get(SESSION_PREFIX + digest, "SESSION")
        if item is None or int(item["expires_at"]) <= self._now_epoch():
            return None
        user = str(item["user"])
        credential = self._credential(user)
        if credential is None or not hmac.compare_digest(
            _fingerprint(digest, credential), str(item["credential"])
        ):
            return None
        telegram_id = item.get("telegram_id")
        if telegram_id is not None and self._linked_user(int(telegram_id)) != user:
            return None
        return user

    def end(self, token: str) -> None:
        """Sign out: the token opens nothing any more."""
        if token and len(token) <= 128:
            self._repo.delete(SESSION_PREFIX + _digest(token), "SESSION")
