"""How DynamoDB and transport failures become our storage errors (no I/O)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError

from storage.repository import InvalidItem, StorageError, StorageUnavailable

THROTTLING_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
    }
)
RETRYABLE_CODES = THROTTLING_CODES | {
    "TransactionInProgressException",
    "InternalServerError",
    "ServiceUnavailable",
}
"""Error codes worth another try after a pause; botocore has usually retried them already."""


def error_code(error: ClientError) -> str:
    """The DynamoDB error code of a failed call."""
    return error.response.get("Error", {}).get("Code", "")


INVALID_REQUEST_CODES = frozenset({"ValidationException"})
"""The request itself was refused (a limit our own checks missed): retrying cannot help."""


def refusal(error: ClientError) -> StorageError:
    """Our error for a refused call: an invalid item, or else an unavailable store."""
    code = error_code(error)
    if code in INVALID_REQUEST_CODES:
        detail = error.response.get("Error", {}).get("Message", "")
        return InvalidItem(f"DynamoDB refused the item as invalid: {detail}")
    return StorageUnavailable(f"DynamoDB refused the request ({code})")


@contextmanager
def unavailable_on_failure(expected: frozenset[str] = frozenset()) -> Iterator[None]:
    """Turn DynamoDB and transport failures into our errors (see :func:`refusal`).

    Errors whose code is in ``expected`` pass through for the caller to interpret.
    """
    try:
        yield
    except ClientError as error:
        if error_code(error) in expected:
            raise
        raise refusal(error) from error
    except (BotocoreConnectionError, HTTPClientError) as error:
        raise StorageUnavailable(f"DynamoDB could not be reached: {error}") from error
