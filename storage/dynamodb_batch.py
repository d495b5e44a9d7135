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
from typing import TYPE_CHECKING, Any, TypeVar

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

_Entry = TypeVar("_Entry")
_RETRYABLE_REASONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}
)


def _estimated_size(item: Item) -> int:
    return len(json.dumps(item, ensure_ascii=False, default=str).encode())


def _sized_chunks(entries: Sequence[_Entry], sizes: Sequence[int]) -> Iterator[list[_Entry]]:
    chunk: list[_Entry] = []
    size = 0
    for entry, entry_size in zip(entries, sizes, strict=True):
        if chunk and (len(chunk) == TRANSACTION_LIMIT or size + entry_size > TRANSACTION_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(entry)
        size += entry_size
    if chunk:
        yield chunk


def transaction_chunks(items: Sequence[Item]) -> Iterator[list[Item]]:
    """Split items into groups one transaction can carry (count and size)."""
    return _sized_chunks(items, [_estimated_size(item) for item in items])


def write_actions(
    table: str, puts: Sequence[Item], deletes: Sequence[tuple[str, str]]
) -> Iterator[list[TransactWriteItemTypeDef]]:
    """Unconditional puts then deletes, in groups one transaction can carry."""
    actions: list[TransactWriteItemTypeDef] = [
        {"Put": {"TableName": table, "Item": to_attributes(item)}} for item in puts
    ]
    actions += [{"Delete": {"TableName": table, "Key": key_attributes(pk, sk)}}
                for pk, sk in deletes]
    sizes = [_estimated_size(item) for item in puts] + [
        _estimated_size({"pk": pk, "sk": sk}) for pk, sk in deletes
    ]
    return _sized_chunks(actions, sizes)


def write_transaction(
    client: DynamoDBClient, actions: list[TransactWriteItemTypeDef], backoff: Backoff
) -> None:
    """Send one transaction of unconditional writes, retrying conflicts and throttling.

    Every attempt carries the same idempotency token: a retry of an attempt that did land
    (its answer lost) is not applied a second time over a later writer's change.
    """
    token = str(uuid.uuid4())
    for retries in range(backoff.max_attempts + 1):
        if retries:
            backoff.wait(retries - 1)
        try:
            client.transact_write_items(TransactItems=actions, ClientRequestToken=token)
        except ClientError as error:
            code = error_code(error)
            codes = _cancellation_codes(error)
            if "ValidationError" in codes:
                raise InvalidItem("DynamoDB refused an item of the batch as invalid") from error
            retryable = code in RETRYABLE_CODES or (
                code == "TransactionCanceledException" and _RETRYABLE_REASONS.intersection(codes)
            )
            if not retryable:
                raise refusal(error) from error
            continue
        return
    raise StorageUnavailable("DynamoDB kept refusing a transaction of writes")


def batch_get(
    client: DynamoDBClient,
    table: str,
    keys: Sequence[tuple[str, str]],
    backoff: Backoff,
    consistent: bool,
) -> dict[tuple[str, str], Item]:
    """The existing items among ``keys`` (at most 100, any partitions), retrying
    unprocessed keys."""
    remaining = list(keys)
    found: dict[tuple[str, str], Item] = {}
    for attempt in range(backoff.max_attempts + 1):
        if attempt:
            backoff.wait(attempt - 1)
        request: dict[str, KeysAndAttributesTypeDef] = {
            table: {
                "Keys": [key_attributes(pk, sk) for pk, sk in remaining],
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
            found[(item["pk"], item["sk"])] = item
        unprocessed = response.get("UnprocessedKeys", {})
        keys_left = unprocessed[table]["Keys"] if table in unprocessed else []
        remaining = [(str(key["pk"].get("S")), str(key["sk"].get("S"))) for key in keys_left]
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
