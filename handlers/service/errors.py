"""The service layer's errors, each carrying the HTTP status the REST API answers with (no I/O)."""

from __future__ import annotations


class ServiceError(Exception):
    """An error a user caused or can act on; its message is one sentence for them."""

    status: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ServiceError):
    """The request is malformed: wrong JSON, wrong types, a missing field."""

    status = 400


class Unauthorized(ServiceError):
    """No credentials were sent."""

    status = 401


class Forbidden(ServiceError):
    """Wrong credentials, or a request about another user."""

    status = 403


class NotFound(ServiceError):
    """The user has no such record (for example no show folder of that name)."""

    status = 404


class TooLarge(ServiceError):
    """The request exceeds a size limit; the message names the limit."""

    status = 413


class Unprocessable(ServiceError):
    """Well formed but cannot be carried out (unknown provider id, no credentials)."""

    status = 422


class ServiceUnavailable(ServiceError):
    """A provider or the store is down or rate limited even after retries."""

    status = 503
