"""The service layer's errors: what went wrong, in words for the user; no transport status (no I/O).

How each one is answered over HTTP is decided in one table, ``handlers.http.errors``.
"""

from __future__ import annotations

from storage.repository import InvalidItem, StorageUnavailable

QUOTED_LIMIT = 60
"""The most of a user's input a refusal repeats: enough to recognise it, and a refusal of a
4,096-character chat message still fits in one reply."""


def quoted(value: str, limit: int = QUOTED_LIMIT) -> str:
    """``value`` quoted for a refusal (``'Europe/Berln'``), cut with ``…`` past ``limit``."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


class ServiceError(Exception):
    """An error a user caused or can act on; its message is one sentence for them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ServiceError):
    """The request is malformed: wrong JSON, wrong types, a missing field."""


class Unauthorized(ServiceError):
    """No credentials were sent."""


class Forbidden(ServiceError):
    """Wrong credentials, or a request about another user."""


class NotFound(ServiceError):
    """The user has no such record (for example no show folder of that name)."""


class Conflict(ServiceError):
    """Someone else changed the record in between; reading it again and retrying works."""


class TooManyAttempts(ServiceError):
    """Too many failed attempts in a short time; the message says when to try again."""


class TooLarge(ServiceError):
    """The request exceeds a size limit; the message names the limit."""


class Unprocessable(ServiceError):
    """Well formed but cannot be carried out (for example an unknown provider id)."""


class ProviderNotConfigured(ServiceError):
    """The deployment has no credentials for the provider this request needs."""


class ServiceUnavailable(ServiceError):
    """A provider or the store is down or rate limited even after retries."""


STORE_BUSY_MESSAGE = "The store is busy right now; please retry in a moment."


def user_message(error: BaseException) -> str | None:
    """The one sentence a person is told for an expected failure; ``None`` for a bug."""
    if isinstance(error, ServiceError):
        return error.message
    if isinstance(error, StorageUnavailable):
        return STORE_BUSY_MESSAGE
    if isinstance(error, InvalidItem):
        # The size messages name the store's item kinds (their models, pydantic): every
        # module imports these errors, and a cold start should not pay for that.
        from handlers.service.core.item_limits import invalid_item_message

        return invalid_item_message(error)
    return None
