"""Fixtures shared by every test tier: one DynamoDB Local for the whole run (starts a process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.dynamodb_local import (
    DynamoDBLocalUnavailable,
    is_required,
    running_dynamodb_local,
)


@pytest.fixture(scope="session")
def dynamodb_local_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One DynamoDB Local for the whole run; skipped loudly (failed in CI) when it cannot run."""
    try:
        with running_dynamodb_local(tmp_path_factory.mktemp("dynamodb-local")) as endpoint:
            yield endpoint
    except DynamoDBLocalUnavailable as error:
        reason = f"DYNAMODB LOCAL TESTS NOT RUN: {error}"
        if is_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
