"""The service layer's errors: what went wrong, in words for the user; no transport status (no I/O).

How each one is answered over HTTP is decided in one table, ``handlers.http.errors``.
"""

from __future__ import annotations


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


class TooLarge(ServiceError):
    """The request exceeds a size limit; the message names the limit."""


class Unprocessable(ServiceError):
    """Well formed but cannot be carried out (for example an unknown provider id)."""


class ProviderNotConfigured(ServiceError):
    """The deployment has no credentials for the provider this request needs."""


class ServiceUnavailable(ServiceError):
    """A provider or the store is down or rate limited even after retries."""
