"""Discord's REST API for what an interaction response cannot carry (network I/O, httpx).

Follow-ups edit the deferred answer (``PATCH …/messages/@original``, the interaction's
token authorises it); registering commands and opening direct messages use the bot token.
Files go as multipart ``files[n]`` beside a ``payload_json`` part, as Discord documents.
An edit or a registration answered 429 is sent again after the wait Discord names, with
the product's retry policy (``retrying``) bounding how often and how long; a direct
message's 429 goes back to the notifier, which waits it out with its own schedule.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from bot.discord.answers import Attachment
from retrying import Backoff, retry_after_seconds

_LOG = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
RATE_LIMITED_RETRIES = Backoff(3, 1.0, 8.0, budget_seconds=15.0)
"""An edit answered 429 is retried at most three times, none starting later than 15 s after
the first attempt: the deferred half runs in a function stopped at 29 s, and the
interaction's token (what authorises the edit) lasts 15 minutes anyway."""


class DiscordApiError(RuntimeError):
    """Discord answered a REST call with an error status (the message holds no token)."""

    def __init__(self, message: str, status: int = 0,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        """Seconds a 429 asks to wait, if it says (else ``None``)."""


class DiscordRest:
    """A small client of Discord's REST API; the transport is injectable for tests."""

    def __init__(self, base: str, bot_token: str | None = None,
                 client: httpx.Client | None = None, *,
                 backoff: Backoff = RATE_LIMITED_RETRIES,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base = base.rstrip("/")
        self._bot_token = bot_token
        # Built with the first call: a cold Lambda answering a ping or a command that needs no
        # follow-up never pays for the client (its TLS certificates cost ~40 ms of CPU).
        self._given = client
        self._built: httpx.Client | None = None
        self._building = threading.Lock()
        self._backoff = backoff
        self._sleep = sleep
        self._clock = clock
        # Webhook URLs carry the interaction's token: keep httpx's request lines out of logs.
        logging.getLogger("httpx").setLevel(logging.WARNING)

    @property
    def _client(self) -> httpx.Client:
        if self._given is not None:
            return self._given
        with self._building:  # follow-ups run on several threads of one door
            if self._built is None:
                self._built = httpx.Client(timeout=TIMEOUT)
            return self._built

    def close(self) -> None:
        if self._given is not None:
            self._given.close()
        with self._building:
            if self._built is not None:
                self._built.close()

    def _bot_headers(self) -> dict[str, str]:
        if not self._bot_token:
            raise DiscordApiError("set IMMERSION_TRACKER_DISCORD_BOT_TOKEN first")
        return {"Authorization": f"Bot {self._bot_token}"}

    def _send(self, method: str, path: str, body: dict[str, Any] | list[Any],
              files: Sequence[Attachment] = (), headers: dict[str, str] | None = None) -> Any:
        url = f"{self.base}{path}"
        if files:
            parts: list[tuple[str, tuple[str | None, bytes, str]]] = [
                ("payload_json", (None, json.dumps(body).encode(), "application/json"))]
            parts += [(f"files[{n}]", (f.filename, f.content, f.content_type))
                      for n, f in enumerate(files)]
            response = self._client.request(method, url, files=parts, headers=headers)
        else:
            response = self._client.request(method, url, json=body, headers=headers)
        if response.status_code >= 400:
            # The path may hold an interaction token: name only the route's first segment.
            route = path.split("/")[1] if "/" in path else path
            raise DiscordApiError(f"Discord refused {method} /{route}: {response.status_code}",
                                  response.status_code, _retry_after(response))
        return response.json() if response.content else None

    def _send_retrying(self, method: str, path: str, body: dict[str, Any] | list[Any],
                       files: Sequence[Attachment] = (),
                       headers: dict[str, str] | None = None) -> Any:
        """``_send``, sent again while Discord answers 429 and the policy allows."""
        started, retry = self._clock(), 0
        while True:
            try:
                return self._send(method, path, body, files, headers)
            except DiscordApiError as error:
                if error.status != 429:
                    raise
                wait = (error.retry_after if error.retry_after is not None
                        else self._backoff.delay(retry))
                if not self._backoff.allows(retry, self._clock() - started, wait):
                    raise
                _LOG.warning("%s; retry %d in %.1f s", error, retry + 1, wait)
                self._sleep(wait)
                retry += 1

    def edit_original(self, application_id: str, token: str, data: dict[str, Any],
                      files: Sequence[Attachment] = ()) -> None:
        """Replace a deferred answer's "thinking…" with the answer (and its files)."""
        self._send_retrying("PATCH", f"/webhooks/{application_id}/{token}/messages/@original",
                            data, files)

    def put_commands(self, application_id: str, commands: list[dict[str, Any]],
                     guild_id: str | None = None) -> list[dict[str, Any]]:
        """Overwrite the application's commands (a guild's, when given: they show at once)."""
        scope = f"/guilds/{guild_id}" if guild_id else ""
        answer = self._send_retrying("PUT", f"/applications/{application_id}{scope}/commands",
                                     commands, headers=self._bot_headers())
        return list(answer or [])

    def direct_message(self, user_id: int, data: dict[str, Any],
                       files: Sequence[Attachment] = ()) -> None:
        """Send a direct message to a Discord user (opening the DM channel first)."""
        channel = self._send("POST", "/users/@me/channels", {"recipient_id": str(user_id)},
                             headers=self._bot_headers())
        self._send("POST", f"/channels/{channel['id']}/messages", data, files,
                   headers=self._bot_headers())


def _retry_after(response: httpx.Response) -> float | None:
    """How long a 429 asks to wait: the body's ``retry_after`` (Discord's, in fractional
    seconds), else the ``Retry-After`` header; ``None`` when neither says."""
    if response.status_code != 429:
        return None
    try:
        asked = response.json().get("retry_after")
        if asked is not None:
            return max(0.0, float(asked))
    except (ValueError, TypeError, AttributeError):
        pass
    return retry_after_seconds(response.headers.get("retry-after"))
