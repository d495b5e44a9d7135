"""The DynamoDB item repository: the production store, one table (does I/O).

The table has a partition key ``pk`` and a sort key ``sk`` (both strings) and holds the
first generation's item shapes unchanged. Reads are strongly consistent so that a client
reading right after its own write sees it, as with SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from storage.backoff import Backoff
from storage.dynamodb_batch import (
    BATCH_GET_LIMIT,
    absent_condition,
    batch_get,
    create_absent,
    transaction_chunks,
    write_actions,
    write_transaction,
)
from storage.dynamodb_codec import from_attributes, key_attributes, to_attribute, to_attributes
from storage.dynamodb_errors import unavailable_on_failure
from storage.dynamodb_items_json import read_items_as_json
from storage.dynamodb_query import PrefixQuery, last_query, prefix_query
from storage.dynamodb_table import PARTITION_KEY as PARTITION_KEY  # the table's definition
from storage.dynamodb_table import SORT_KEY as SORT_KEY
from storage.dynamodb_table import create_table as create_table
from storage.dynamodb_transaction import transact as transact_write
from storage.item_shape import checked_changes, distinct_keys, first_of_each_key, stored_attributes
from storage.limits import check_item, key_fits
from storage.repository import TTL_ATTRIBUTE as TTL_ATTRIBUTE  # the table's TTL setting
from storage.repository import (
    EpochClock,
    Item,
    Op,
    VersionConflict,
    is_expired,
    start_within,
    system_epoch_clock,
)
from storage.transaction import checked_ops, one_by_one

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import AttributeValueTypeDef, ScanInputTypeDef

LIVE_CONDITION = "NOT #ttl <= :now"
"""True for an item without a passed TTL (a missing attribute compares false)."""

_CONDITION_FAILED = frozenset({"ConditionalCheckFailedException"})

CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 6})
"""botocore's own retries (with backoff) absorb throttling on single-item calls."""


def default_client() -> DynamoDBClient:
    """A client configured from the environment (region, credentials, endpoint URL)."""
    return boto3.client("dynamodb", config=CLIENT_CONFIG)


class DynamoDBItemRepository:
    """An :class:`~storage.repository.ItemRepository` on one DynamoDB table."""

    def __init__(
        self,
        table_name: str,
        client: DynamoDBClient | None = None,
        backoff: Backoff | None = None,
        clock: EpochClock = system_epoch_clock,
    ) -> None:
        self._table = table_name
        self._client = client if client is not None else default_client()
        read_items_as_json(self._client)
        self._backoff = backoff if backoff is not None else Backoff()
        self._clock = clock

    def _live(self, attributes: Mapping[str, Any] | None) -> Item | None:
        # DynamoDB deletes expired items only eventually; until then they must not show.
        if attributes is None:
            return None
        item = from_attributes(dict(attributes))
        return None if is_expired(item, self._clock()) else item

    def get(self, pk: str, sk: str) -> Item | None:
        if not key_fits(pk, sk):
            return None
        with unavailable_on_failure():
            response = self._client.get_item(
                TableName=self._table, Key=key_attributes(pk, sk), ConsistentRead=True
            )
        return self._live(response.get("Item"))

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        return {sk: item for (_, sk), item in self.get_keys([(pk, sk) for sk in sks]).items()}

    def get_keys(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        # A batch may not name one key twice.
        unique = [key for key in dict.fromkeys(keys) if key_fits(*key)]
        found: dict[tuple[str, str], Item] = {}
        for start in range(0, len(unique), BATCH_GET_LIMIT):
            chunk = unique[start : start + BATCH_GET_LIMIT]
            with unavailable_on_failure():
                found.update(batch_get(self._client, self._table, chunk, self._backoff, True))
        now = self._clock()
        return {key: item for key, item in found.items() if not is_expired(item, now)}

    def write_many(self, puts: Sequence[Item], deletes: Sequence[tuple[str, str]] = ()) -> None:
        # Transactions rather than BatchWriteItem: 100 actions a request instead of 25, and
        # each group lands whole (a user's new index entry, pointer and old-entry delete
        # together when they share one), with no unprocessed items to chase; the price is
        # twice the write capacity per item.
        stored = [stored_attributes(item) for item in puts]
        wanted = [(pk, sk) for pk, sk in deletes if key_fits(pk, sk)]
        distinct_keys(stored, wanted)
        for actions in write_actions(self._table, stored, wanted):
            with unavailable_on_failure():
                write_transaction(self._client, actions, self._backoff)

    def transact(self, ops: Sequence[Op]) -> None:
        checked = checked_ops(ops)
        if checked:
            with unavailable_on_failure():
                transact_write(self._client, self._table, checked, self._backoff, self._clock())

    def transact_many(self, transactions: Sequence[Sequence[Op]]) -> None:
        one_by_one(self.transact, transactions)

    def put(self, item: Item) -> None:
        stored = stored_attributes(item)
        with unavailable_on_failure():
            self._client.put_item(TableName=self._table, Item=to_attributes(stored))

    def put_if_absent(self, item: Item) -> bool:
        stored = stored_attributes(item)
        try:
            with unavailable_on_failure(expected=_CONDITION_FAILED):
                self._client.put_item(
                    TableName=self._table,
                    Item=to_attributes(stored),
                    **absent_condition(self._clock()),
                )
        except ClientError:
            return False
        return True

    def put_many_if_absent(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        # A transaction may not touch one item twice, so repeated keys go first.
        unique = first_of_each_key([stored_attributes(item) for item in items])
        created: set[tuple[str, str]] = set()
        for chunk in transaction_chunks(unique):
            with unavailable_on_failure():
                created |= create_absent(
                    self._client, self._table, chunk, self._backoff, self._clock()
                )
        return created

    def query_prefix(
        self,
        pk: str,
        sk_prefix: str = "",
        *,
        start_after: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Item]:
        anything, after = start_within(sk_prefix, start_after)
        if not anything or (limit is not None and limit <= 0) or not key_fits(pk, sk_prefix):
            return
        yield from self._query(prefix_query(self._table, pk, sk_prefix, after), limit)

    def last_in_prefix(self, pk: str, sk_prefix: str = "") -> Item | None:
        if not key_fits(pk, sk_prefix):
            return None
        return next(self._query(last_query(self._table, pk, sk_prefix), 1), None)

    def _query(self, query: PrefixQuery, limit: int | None) -> Iterator[Item]:
        return self._pages(lambda page: self._client.query(**page), query.request, limit,
                           keep=lambda item: item["sk"] not in query.outside, slack=query.slack)

    def scan(
        self, *, start_after: tuple[str, str] | None = None, limit: int | None = None
    ) -> Iterator[Item]:
        # Scan pages stop at 1 MB; the key of any item yielded is a valid place to resume.
        if limit is not None and limit <= 0:
            return
        request: ScanInputTypeDef = {"TableName": self._table, "ConsistentRead": True}
        if start_after is not None:
            request["ExclusiveStartKey"] = key_attributes(*start_after)
        yield from self._pages(lambda page: self._client.scan(**page), request, limit)

    def _pages(
        self,
        read: Callable[..., Any],
        request: Any,
        limit: int | None,
        keep: Callable[[Item], bool] | None = None,
        slack: int = 0,
    ) -> Iterator[Item]:
        """Follow ``LastEvaluatedKey`` from page to page, stopping after ``limit`` live items
        that ``keep`` accepts (asking ``slack`` more of each page, for those it drops)."""
        remaining = limit
        while True:
            if remaining is not None:
                request["Limit"] = remaining + slack
            with unavailable_on_failure():
                page = read(request)
            live = [
                item
                for item in map(self._live, page.get("Items", []))
                if item is not None and (keep is None or keep(item))
            ]
            if remaining is not None:
                # Only live items count: expired ones skipped leave room for more.
                live = live[:remaining]
                remaining -= len(live)
            yield from live
            last = page.get("LastEvaluatedKey")
            # Let go of this page before reading the next: a parsed 1 MB page is tens of MB,
            # and a long stream must hold one at a time, not two.
            del page, live
            if not last or remaining == 0:
                return
            request["ExclusiveStartKey"] = last

    def update(self, pk: str, sk: str, changes: Mapping[str, Any], expected_version: int) -> Item:
        checked_changes(changes)
        # The stored item is not known here: the key and the changes alone must fit; a
        # result over the size limit is refused by DynamoDB and becomes InvalidItem too.
        check_item({"pk": pk, "sk": sk, **{n: v for n, v in changes.items() if v is not None}})
        names: dict[str, str] = {"#version": "version", "#ttl": TTL_ATTRIBUTE}
        values: dict[str, AttributeValueTypeDef] = {
            ":expected": {"N": str(expected_version)},
            ":one": {"N": "1"},
            ":now": {"N": str(self._clock())},
        }
        sets = ["#version = #version + :one"]
        removes: list[str] = []
        for index, (name, value) in enumerate(changes.items()):
            names[f"#a{index}"] = name
            if value is None:
                removes.append(f"#a{index}")
            else:
                values[f":v{index}"] = to_attribute(value)
                sets.append(f"#a{index} = :v{index}")
        expression = "SET " + ", ".join(sets)
        if removes:
            expression += " REMOVE " + ", ".join(removes)
        try:
            with unavailable_on_failure(expected=_CONDITION_FAILED):
                response = self._client.update_item(
                    TableName=self._table,
                    Key=key_attributes(pk, sk),
                    UpdateExpression=expression,
                    ConditionExpression=f"#version = :expected AND {LIVE_CONDITION}",
                    ExpressionAttributeNames=names,
                    ExpressionAttributeValues=values,
                    ReturnValues="ALL_NEW",
                )
        except ClientError as error:
            raise VersionConflict(pk, sk) from error
        return from_attributes(dict(response["Attributes"]))

    def delete(self, pk: str, sk: str, expected_version: int | None = None) -> bool:
        if not key_fits(pk, sk):
            if expected_version is not None:
                raise VersionConflict(pk, sk)
            return False
        conditional: dict[str, Any] = {}
        if expected_version is not None:
            conditional = {
                "ConditionExpression": f"#version = :expected AND {LIVE_CONDITION}",
                "ExpressionAttributeNames": {"#version": "version", "#ttl": TTL_ATTRIBUTE},
                "ExpressionAttributeValues": {
                    ":expected": {"N": str(expected_version)},
                    ":now": {"N": str(self._clock())},
                },
            }
        try:
            with unavailable_on_failure(expected=_CONDITION_FAILED):
                response = self._client.delete_item(
                    TableName=self._table,
                    Key=key_attributes(pk, sk),
                    ReturnValues="ALL_OLD",
                    **conditional,
                )
        except ClientError as error:
            raise VersionConflict(pk, sk) from error
        return self._live(response.get("Attributes") or None) is not None
