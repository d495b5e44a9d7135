"""Batched DynamoDB reads and conditional creates, with bounded retries (does I/O).

Creating many items uses TransactWriteItems: each Put is conditional on the key being
absent, so an item created concurrently by someone else is detected, never overwritten.
A cancelled transaction names the items whose condition failed; those are dropped and the
rest is sent again. Each transaction carries an idempotency token so that a transport
retry of a transaction that did succeed is not mistaken for "everything already existed".
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from storage.backoff import Backoff
from storage.dynamodb_codec import from_attributes, key_attributes, to_attributes
from storage.dynamodb_errors import RETRYABLE_CODES, error_code, refusal
from storage.repository import TTL_ATTRIBUTE, InvalidItem, Item, StorageUnavailable

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        KeysAndAttributesTypeDef,
        TransactWriteItemTypeDef,
    )

BATCH_GET_LIMIT = 100
TRANSACTION_LIMIT = 100
TRANSACTION_BYTES = 3_500_000
"""Stay clear of the 4 MB a transaction may carry (our size estimate is approximate)."""

_RETRYABLE_REASONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}
)


def _estimated_size(item: Item) -> int:
    return len(json.dumps(item, ensure_ascii=False, default=str).encode())


def transaction_chunks(items: Sequence[Item]) -> Iterator[list[Item]]:
    """Split items into groups one transaction can carry (count and size)."""
    chunk: list[Item] = []
    size = 0
    for item in items:
        item_size = _estimated_size(item)
        if chunk and (len(chunk) == TRANSACTION_LIMIT or size + item_size > TRANSACTION_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += item_size
    if chunk:
        yield chunk


def batch_get(
    client: DynamoDBClient,
    table: str,
    pk: str,
    sks: Sequence[str],
    backoff: Backoff,
    consistent: bool,
) -> dict[str, Item]:
    """The existing items among ``sks`` (at most 100), retrying unprocessed keys."""
    remaining = list(sks)
    found: dict[str, Item] = {}
    for attempt in range(backoff.max_attempts + 1):
        if attempt:
            backoff.wait(attempt - 1)
        request: dict[str, KeysAndAttributesTypeDef] = {
            table: {
                "Keys": [key_attributes(pk, sk) for sk in remaining],
                "ConsistentRead": consistent,
            }
        }
        try:
            response = client.batch_get_item(RequestItems=request)
        except ClientError as error:
            if error_code(error) in RETRYABLE_CODES:
                continue
            raise refusal(error) from error
        for attributes in response.get("Responses", {}).get(table, []):
            item = from_attributes(dict(attributes))
            found[item["sk"]] = item
        unprocessed = response.get("UnprocessedKeys", {})
        keys = unprocessed[table]["Keys"] if table in unprocessed else []
        remaining = [str(key["sk"].get("S")) for key in keys]
        if not remaining:
            return found
    raise StorageUnavailable(f"DynamoDB kept leaving keys unprocessed in {table}")


CREATE_CONDITION = "attribute_not_exists(pk) OR #ttl <= :now"
"""Create unless a live item has the key: an expired one, not yet deleted by TTL, is absent."""


def absent_condition(now: float) -> dict[str, Any]:
    """The condition of a create, with its names and values, at epoch seconds ``now``."""
    return {
        "ConditionExpression": CREATE_CONDITION,
        "ExpressionAttributeNames": {"#ttl": TTL_ATTRIBUTE},
        "ExpressionAttributeValues": {":now": {"N": str(now)}},
    }


def _put_absent(table: str, item: Item, now: float) -> TransactWriteItemTypeDef:
    return {
        "Put": {
            "TableName": table,
            "Item": to_attributes(item),
            "ConditionExpression": CREATE_CONDITION,
            "ExpressionAttributeNames": {"#ttl": TTL_ATTRIBUTE},
            "ExpressionAttributeValues": {":now": {"N": str(now)}},
        }
    }


def _cancellation_codes(error: ClientError) -> list[str]:
    reasons = error.response.get("CancellationReasons", [])
    return [str(reason.get("Code", "None")) for reason in reasons]


def create_absent(
    client: DynamoDBClient, table: str, chunk: list[Item], backoff: Backoff, now: float
) -> set[tuple[str, str]]:
    """Create the items of one transaction-sized chunk that do not exist yet."""
    pending = chunk
    retries = 0
    # Each round either drops at least one existing item or spends one retry.
    for _ in range(len(chunk) + backoff.max_attempts + 1):
        if not pending:
            return set()
        try:
            client.transact_write_items(
                TransactItems=[_put_absent(table, item, now) for item in pending],
                ClientRequestToken=str(uuid.uuid4()),
            )
        except ClientError as error:
            code = error_code(error)
            if code == "TransactionCanceledException":
                codes = _cancellation_codes(error)
                if len(codes) == len(pending) and "ConditionalCheckFailed" in codes:
                    pending = [
                        item
                        for item, reason in zip(pending, codes, strict=True)
                        if reason != "ConditionalCheckFailed"
                    ]
                    continue
                if "ValidationError" in codes:
                    message = "DynamoDB refused an item of the batch as invalid"
                    raise InvalidItem(message) from error
                if not _RETRYABLE_REASONS.intersection(codes):
                    raise refusal(error) from error
            elif code not in RETRYABLE_CODES:
                raise refusal(error) from error
            if retries == backoff.max_attempts:
                break
            backoff.wait(retries)
            retries += 1
            continue
        return {(item["pk"], item["sk"]) for item in pending}
    raise StorageUnavailable(f"DynamoDB kept refusing a transaction on {table}")
