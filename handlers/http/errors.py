"""The one table from service and storage errors to HTTP statuses (no I/O).

Every door that answers over HTTP asks here; the service layer knows no status codes.

Rule for a provider this deployment has no credentials for (no TVDB key, no TMDB token, no
YouTube key, no Spotify client): **422**, on every route. The request is well formed but
this deployment cannot carry it out, and retrying will not help until an operator adds the
key; ``503`` is kept for what a retry can fix (a provider or the store down or rate
limited). The REST contract already fixed ``422`` for the missing TMDB token.
"""

from __future__ import annotations

from handlers.service import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    ProviderNotConfigured,
    ServiceError,
    ServiceUnavailable,
    SyncReport,
    TooLarge,
    TooManyAttempts,
    Unauthorized,
    Unprocessable,
    user_message,
)
from storage.repository import InvalidItem, StorageUnavailable

PROVIDER_NOT_CONFIGURED_STATUS = 422
UNAVAILABLE_STATUS = 503

STATUS_OF: dict[type[Exception], int] = {
    InvalidInput: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    TooManyAttempts: 429,
    Unprocessable: 422,
    ProviderNotConfigured: PROVIDER_NOT_CONFIGURED_STATUS,
    ServiceUnavailable: UNAVAILABLE_STATUS,
    StorageUnavailable: UNAVAILABLE_STATUS,
    # A name too long for the store: the request's fault, and retrying cannot help.
    InvalidItem: 400,
}
"""Each error type's status; a subclass answers with its nearest listed ancestor's."""

HANDLED: tuple[type[Exception], ...] = (ServiceError, StorageUnavailable, InvalidItem)
"""What a door catches and answers through :func:`status_of`; anything else is a 500."""



def status_of(error: Exception) -> int:
    """The HTTP status that answers this error (500 for one the table does not know)."""
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 500


def message_of(error: Exception) -> str:
    """The one sentence the ``{"message"}`` body carries for this error."""
    return user_message(error) or "Something went wrong on our side; nothing was lost."


def report_status(report: SyncReport) -> int:
    """200, or the worst failure's status: an outage outranks an unknown id or a missing key."""
    if not report.failed:
        return 200
    if report.provider_unavailable:
        return UNAVAILABLE_STATUS
    if report.provider_not_configured:
        return PROVIDER_NOT_CONFIGURED_STATUS
    return 422
