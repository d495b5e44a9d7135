"""A transaction of conditional writes as one DynamoDB ``TransactWriteItems`` (does I/O).

Each op becomes one action: a ``Put`` or ``Delete`` with its condition, an ``Add`` an
``Update`` (``ADD`` for the deltas, ``SET``/``REMOVE`` for the fields). Every condition
also treats an item past its TTL, which DynamoDB deletes only eventually, as absent.

An ``Add`` may not simply add to an expired item. Its ``Update`` is conditional on the
item being absent or live; in the rare case it is expired, DynamoDB cancels with the
``Add``'s condition failed, and the same ops go again with that ``Add`` sent as the create
it amounts to (a second request, only then). A failed condition of any other op is the
caller's :class:`~storage.repository.TransactionConflict`; a cancellation by a concurrent
transaction (DynamoDB's own ``TransactionConflict`` code) or throttling is retried.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import ClientError

from storage.backoff import Backoff
from storage.dynamodb_batch import CREATE_CONDITION
from storage.dynamodb_codec import key_attributes, to_attribute, to_attributes
from storage.dynamodb_errors import RETRYABLE_CODES, error_code, refusal
from storage.repository import (
    TTL_ATTRIBUTE,
    Add,
    Delete,
    InvalidItem,
    Op,
    Put,
    StorageUnavailable,
    TransactionConflict,
)
from storage.transaction import added_item, op_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import AttributeValueTypeDef, TransactWriteItemTypeDef

VERSION_CONDITION = "#version = :expected AND NOT #ttl <= :now"
LIVE_OR_ABSENT = "attribute_not_exists(pk) OR NOT #ttl <= :now"
_CONDITION_FAILED = "ConditionalCheckFailed"
_RETRYABLE_REASONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"}
)


def _condition(expression: str, now: float, version: int | None = None) -> dict[str, Any]:
    names = {"#ttl": TTL_ATTRIBUTE}
    values: dict[str, AttributeValueTypeDef] = {":now": {"N": str(now)}}
    if version is not None:
        names["#version"] = "version"
        values[":expected"] = {"N": str(version)}
    return {
        "ConditionExpression": expression,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }


def _update(table: str, op: Add, now: float) -> TransactWriteItemTypeDef:
    condition = _condition(LIVE_OR_ABSENT, now)
    names: dict[str, str] = condition["ExpressionAttributeNames"]
    values: dict[str, AttributeValueTypeDef] = condition["ExpressionAttributeValues"]
    adds, sets, removes = [], [], []
    for index, (name, delta) in enumerate(op.deltas.items()):
        names[f"#d{index}"] = name
        values[f":d{index}"] = to_attribute(delta)  # a float travels as its shortest decimal
        adds.append(f"#d{index} :d{index}")
    for index, (name, value) in enumerate(op.set_fields.items()):
        names[f"#s{index}"] = name
        if value is None:
            removes.append(f"#s{index}")
        else:
            values[f":s{index}"] = to_attribute(value)
            sets.append(f"#s{index} = :s{index}")
    clauses = [f"{verb} {', '.join(parts)}"
               for verb, parts in (("ADD", adds), ("SET", sets), ("REMOVE", removes)) if parts]
    update = {"TableName": table, "Key": key_attributes(op.pk, op.sk),
              "UpdateExpression": " ".join(clauses), **condition}
    return cast("TransactWriteItemTypeDef", {"Update": update})


def action(table: str, op: Op, now: float, over_expired: bool = False) -> TransactWriteItemTypeDef:
    """The action of one checked op at epoch seconds ``now``.

    ``over_expired``: the op is an ``Add`` whose item is known to be expired, so it is sent
    as the create it amounts to, conditional on the item still being absent or expired.
    """
    if isinstance(op, Put):
        put: dict[str, Any] = {"TableName": table, "Item": to_attributes(op.item)}
        if op.if_absent:
            put.update(_condition(CREATE_CONDITION, now))
        elif op.expected_version is not None:
            put.update(_condition(VERSION_CONDITION, now, op.expected_version))
        return cast("TransactWriteItemTypeDef", {"Put": put})
    if isinstance(op, Delete):
        delete: dict[str, Any] = {"TableName": table, "Key": key_attributes(op.pk, op.sk)}
        if op.expected_version is not None:
            delete.update(_condition(VERSION_CONDITION, now, op.expected_version))
        return cast("TransactWriteItemTypeDef", {"Delete": delete})
    if over_expired:
        created = to_attributes(added_item(op, None))
        put = {"TableName": table, "Item": created, **_condition(CREATE_CONDITION, now)}
        return cast("TransactWriteItemTypeDef", {"Put": put})
    return _update(table, op, now)


def _reasons(error: ClientError) -> list[str]:
    return [str(reason.get("Code", "None"))
            for reason in error.response.get("CancellationReasons", [])]


def transact(
    client: DynamoDBClient, table: str, ops: Sequence[Op], backoff: Backoff, now: float
) -> None:
    """Apply checked ``ops`` in one transaction, or raise what stopped it."""
    over_expired: set[int] = set()
    retries = 0
    token = str(uuid.uuid4())
    # Each round either switches an Add's form (a new request, a new token) or spends a retry.
    for _ in range(backoff.max_attempts + 2 * len(ops) + 1):
        actions = [action(table, op, now, index in over_expired) for index, op in enumerate(ops)]
        try:
            # One token per request: a retry of one that did land (its answer lost) is not
            # applied again, which for an Add would count its deltas twice.
            client.transact_write_items(TransactItems=actions, ClientRequestToken=token)
        except ClientError as error:
            code, reasons = error_code(error), _reasons(error)
            if "ValidationError" in reasons:
                message = "DynamoDB refused an item of the transaction as invalid"
                raise InvalidItem(message) from error
            failed = [index for index, reason in enumerate(reasons) if reason == _CONDITION_FAILED]
            conflicts = [i for i in failed if not isinstance(ops[i], Add)]
            if conflicts:
                raise TransactionConflict(conflicts[0], *op_key(ops[conflicts[0]])) from error
            if failed:
                # An Add found its item expired (or, sent as a create, revived meanwhile).
                over_expired.symmetric_difference_update(failed)
                token = str(uuid.uuid4())
                continue
            retryable = code in RETRYABLE_CODES or (
                code == "TransactionCanceledException" and _RETRYABLE_REASONS.intersection(reasons)
            )
            if not retryable:
                raise refusal(error) from error
            if retries == backoff.max_attempts:
                break
            backoff.wait(retries)
            retries += 1
            continue
        return
    raise StorageUnavailable(f"DynamoDB kept refusing a transaction on {table}")
