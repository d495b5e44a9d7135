"""How DynamoDB and transport failures become our storage errors (no I/O)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError

from storage.repository import StorageUnavailable

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


def unavailable(error: ClientError) -> StorageUnavailable:
    """A failure of the store that the caller cannot fix by changing its request."""
    return StorageUnavailable(f"DynamoDB refused the request ({error_code(error)})")


@contextmanager
def unavailable_on_failure(expected: frozenset[str] = frozenset()) -> Iterator[None]:
    """Turn DynamoDB and transport failures into :class:`StorageUnavailable`.

    Errors whose code is in ``expected`` pass through for the caller to interpret.
    """
    try:
        yield
    except ClientError as error:
        if error_code(error) in expected:
            raise
        raise unavailable(error) from error
    except (BotocoreConnectionError, HTTPClientError) as error:
        raise StorageUnavailable(f"DynamoDB could not be reached: {error}") from error
