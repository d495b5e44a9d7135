"""The DynamoDB Query of a sort-key prefix after a start key, as a key range (no I/O).

A range ``sk BETWEEN start AND end`` selects the same items as ``begins_with`` plus an
``ExclusiveStartKey``, and DynamoDB Local then seeks to the start instead of reading every
key before it (a page deep in a long history cost 8x a page at its top). Both bounds are
inclusive, so the start key and the bound itself are read and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.key_range import prefix_upper_bound

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef


@dataclass(frozen=True)
class PrefixQuery:
    request: QueryInputTypeDef
    outside: frozenset[str]
    """Sort keys the request reads that the prefix query does not answer."""
    slack: int
    """How many of those a page may hold before the ones wanted."""


def prefix_query(table: str, pk: str, sk_prefix: str, after: str | None) -> PrefixQuery:
    """The request for the keys of ``pk`` starting with ``sk_prefix`` and after ``after``."""
    request: QueryInputTypeDef = {
        "TableName": table,
        "ConsistentRead": True,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": pk}},
    }
    end = prefix_upper_bound(sk_prefix)
    if end is not None:
        low = sk_prefix if after is None else after
        request["KeyConditionExpression"] = "pk = :pk AND sk BETWEEN :low AND :end"
        request["ExpressionAttributeValues"] = {
            ":pk": {"S": pk}, ":low": {"S": low}, ":end": {"S": end}
        }
        outside = frozenset({end} if after is None else {end, after})
        return PrefixQuery(request, outside, 0 if after is None else 1)
    if sk_prefix:  # only U+10FFFF characters: no bound after them
        request["KeyConditionExpression"] = "pk = :pk AND begins_with(sk, :prefix)"
        request["ExpressionAttributeValues"] = {":pk": {"S": pk}, ":prefix": {"S": sk_prefix}}
    if after is not None:
        request["ExclusiveStartKey"] = {"pk": {"S": pk}, "sk": {"S": after}}
    return PrefixQuery(request, frozenset(), 0)


def last_query(table: str, pk: str, sk_prefix: str) -> PrefixQuery:
    """The request reading the keys of ``pk`` starting with ``sk_prefix`` backwards: the
    range's upper bound, when stored, is the first key answered (one of slack)."""
    query = prefix_query(table, pk, sk_prefix, None)
    query.request["ScanIndexForward"] = False
    return PrefixQuery(query.request, query.outside, len(query.outside))
