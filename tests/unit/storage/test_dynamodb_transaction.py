"""The DynamoDB adapter's transactions: the request it sends and its answers to cancellations.

DynamoDB's replies are scripted with botocore's Stubber; sleeps are recorded, not slept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from storage.backoff import Backoff
from storage.dynamodb import DynamoDBItemRepository
from storage.repository import (
    Add,
    Delete,
    InvalidItem,
    Op,
    Put,
    StorageUnavailable,
    TransactionConflict,
)
from tests.support.aws_environment import FAKE_REGION, use_fake_aws_environment

TABLE = "items"
PK = "USER#alice"
NOW = 1_700_000_000
LIVE_OR_ABSENT = "attribute_not_exists(pk) OR NOT #ttl <= :now"
ABSENT = "attribute_not_exists(pk) OR #ttl <= :now"
OF_VERSION = "#version = :expected AND NOT #ttl <= :now"


class Scripted:
    """A repository whose DynamoDB replies are scripted, the sleeps and tokens it used."""

    def __init__(self) -> None:
        self.client = boto3.client("dynamodb", region_name=FAKE_REGION)
        self.stubber = Stubber(self.client)
        self.sleeps: list[float] = []
        self.tokens: list[str] = []
        self.client.meta.events.register(
            "provide-client-params.dynamodb.TransactWriteItems",
            lambda params, **_: self.tokens.append(params["ClientRequestToken"]),
        )
        backoff = Backoff(max_attempts=3, sleep=self.sleeps.append)
        self.repository = DynamoDBItemRepository(
            TABLE, self.client, backoff=backoff, clock=lambda: NOW
        )

    def cancel(self, *codes: str) -> None:
        self.stubber.add_client_error(
            "transact_write_items",
            service_error_code="TransactionCanceledException",
            modeled_fields={"CancellationReasons": [{"Code": code} for code in codes]},
        )


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Iterator[Scripted]:
    use_fake_aws_environment(monkeypatch)
    script = Scripted()
    with script.stubber:
        yield script
        script.stubber.assert_no_pending_responses()


def key(sk: str) -> dict[str, Any]:
    return {"pk": {"S": PK}, "sk": {"S": sk}}


def condition(expression: str, version: int | None = None) -> dict[str, Any]:
    names = {"#ttl": "expires_at"}
    values: dict[str, Any] = {":now": {"N": str(NOW)}}
    if version is not None:
        names["#version"] = "version"
        values[":expected"] = {"N": str(version)}
    return {"ConditionExpression": expression, "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values}


def request(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"TransactItems": list(actions), "ClientRequestToken": ANY}


ADD = Add(PK, "DAY#d", {"minutes": 90, "ratio": 0.1}, {"day": "d", "old": None})
ADD_ACTION = {"Update": {
    "TableName": TABLE,
    "Key": key("DAY#d"),
    "UpdateExpression": "ADD #d0 :d0, #d1 :d1 SET #s0 = :s0 REMOVE #s1",
    "ConditionExpression": LIVE_OR_ABSENT,
    "ExpressionAttributeNames": {"#ttl": "expires_at", "#d0": "minutes", "#d1": "ratio",
                                 "#s0": "day", "#s1": "old"},
    # The float travels as its shortest decimal, so DynamoDB adds exactly 0.1.
    "ExpressionAttributeValues": {":now": {"N": str(NOW)}, ":d0": {"N": "90"},
                                  ":d1": {"N": "0.1"}, ":s0": {"S": "d"}},
}}
OPS: list[Op] = [
    Put({"pk": PK, "sk": "LOG#new", "version": 1}, if_absent=True),
    Put({"pk": PK, "sk": "LOG#kept", "version": 4}, expected_version=3),
    Delete(PK, "LOG#gone", expected_version=5),
    Delete(PK, "LOG#any"),
    ADD,
]
OPS_REQUEST = request(
    {"Put": {"TableName": TABLE, "Item": {**key("LOG#new"), "version": {"N": "1"}},
             **condition(ABSENT)}},
    {"Put": {"TableName": TABLE, "Item": {**key("LOG#kept"), "version": {"N": "4"}},
             **condition(OF_VERSION, 3)}},
    {"Delete": {"TableName": TABLE, "Key": key("LOG#gone"), **condition(OF_VERSION, 5)}},
    {"Delete": {"TableName": TABLE, "Key": key("LOG#any")}},
    ADD_ACTION,
)


def test_every_op_is_one_action_of_one_request(scripted: Scripted) -> None:
    scripted.stubber.add_response("transact_write_items", {}, OPS_REQUEST)
    scripted.repository.transact(OPS)
    assert len(scripted.tokens) == 1


def test_a_failed_condition_is_the_conflict_of_its_op_and_is_not_retried(
    scripted: Scripted,
) -> None:
    scripted.cancel("None", "ConditionalCheckFailed", "None", "None", "None")
    with pytest.raises(TransactionConflict) as conflict:
        scripted.repository.transact(OPS)
    assert (conflict.value.index, conflict.value.sk) == (1, "LOG#kept")
    assert scripted.sleeps == []


def test_a_concurrent_transaction_is_waited_out_with_the_same_token(scripted: Scripted) -> None:
    scripted.cancel("None", "None", "TransactionConflict", "None", "None")
    scripted.stubber.add_client_error(
        "transact_write_items", service_error_code="ProvisionedThroughputExceededException"
    )
    scripted.stubber.add_response("transact_write_items", {}, OPS_REQUEST)
    scripted.repository.transact(OPS)
    # A retry of an attempt that did land (its answer lost) must not add the deltas again.
    assert len(scripted.tokens) == 3 and len(set(scripted.tokens)) == 1
    assert len(scripted.sleeps) == 2


def test_an_add_over_an_expired_item_is_sent_again_as_a_create(scripted: Scripted) -> None:
    scripted.cancel("None", "ConditionalCheckFailed")
    created = {**key("DAY#d"), "day": {"S": "d"}, "minutes": {"N": "90"}, "ratio": {"N": "0.1"}}
    scripted.stubber.add_response("transact_write_items", {}, request(
        {"Delete": {"TableName": TABLE, "Key": key("LOG#any")}},
        {"Put": {"TableName": TABLE, "Item": created, **condition(ABSENT)}},
    ))
    scripted.repository.transact([Delete(PK, "LOG#any"), ADD])
    assert len(scripted.tokens) == 2 and scripted.tokens[0] != scripted.tokens[1]
    assert scripted.sleeps == []


def test_an_invalid_item_is_refused_without_a_retry(scripted: Scripted) -> None:
    scripted.cancel("None", "ValidationError")
    with pytest.raises(InvalidItem):
        scripted.repository.transact([Delete(PK, "LOG#any"), ADD])
    assert scripted.sleeps == []


def test_endless_throttling_makes_the_store_unavailable(scripted: Scripted) -> None:
    for _ in range(4):
        scripted.stubber.add_client_error(
            "transact_write_items", service_error_code="ThrottlingException"
        )
    with pytest.raises(StorageUnavailable):
        scripted.repository.transact([ADD])
    assert len(scripted.sleeps) == 3


def test_nothing_to_do_sends_nothing(scripted: Scripted) -> None:
    scripted.repository.transact([])
    assert scripted.tokens == []
