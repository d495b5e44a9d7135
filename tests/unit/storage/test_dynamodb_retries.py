"""The DynamoDB adapter's answers to partial batches, cancellations and throttling.

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
from storage.dynamodb_batch import TRANSACTION_BYTES, transaction_chunks
from storage.repository import InvalidItem, StorageUnavailable
from tests.support.aws_environment import FAKE_REGION, use_fake_aws_environment

TABLE = "items"
PK = "USER#alice"
NOW = 1_700_000_000


class Scripted:
    """A repository whose DynamoDB replies are scripted, and the sleeps it asked for."""

    def __init__(self) -> None:
        self.client = boto3.client("dynamodb", region_name=FAKE_REGION)
        self.stubber = Stubber(self.client)
        self.sleeps: list[float] = []
        backoff = Backoff(max_attempts=3, sleep=self.sleeps.append)
        self.repository = DynamoDBItemRepository(
            TABLE, self.client, backoff=backoff, clock=lambda: NOW
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


def stored(sk: str) -> dict[str, Any]:
    return {**key(sk), "version": {"N": "1"}}


def batch_get_request(sks: list[str]) -> dict[str, Any]:
    return {"RequestItems": {TABLE: {"Keys": [key(sk) for sk in sks], "ConsistentRead": True}}}


def transaction(sks: list[str]) -> dict[str, Any]:
    puts = [
        {
            "Put": {
                "TableName": TABLE,
                "Item": stored(sk),
                "ConditionExpression": "attribute_not_exists(pk) OR #ttl <= :now",
                "ExpressionAttributeNames": {"#ttl": "expires_at"},
                "ExpressionAttributeValues": {":now": {"N": str(NOW)}},
            }
        }
        for sk in sks
    ]
    return {"TransactItems": puts, "ClientRequestToken": ANY}


def cancelled(script: Scripted, codes: list[str]) -> None:
    script.stubber.add_client_error(
        "transact_write_items",
        service_error_code="TransactionCanceledException",
        modeled_fields={"CancellationReasons": [{"Code": code} for code in codes]},
    )


def items(sks: list[str]) -> list[dict[str, Any]]:
    return [{"pk": PK, "sk": sk, "version": 1} for sk in sks]


def test_unprocessed_keys_are_asked_again_after_a_pause(scripted: Scripted) -> None:
    scripted.stubber.add_response(
        "batch_get_item",
        {
            "Responses": {TABLE: [stored("A")]},
            "UnprocessedKeys": {TABLE: {"Keys": [key("B"), key("C")]}},
        },
        batch_get_request(["A", "B", "C"]),
    )
    scripted.stubber.add_response(
        "batch_get_item", {"Responses": {TABLE: [stored("C")]}}, batch_get_request(["B", "C"])
    )
    found = scripted.repository.get_many(PK, ["A", "B", "C", "A"])
    assert set(found) == {"A", "C"}
    assert len(scripted.sleeps) == 1


def test_keys_left_unprocessed_for_good_make_the_store_unavailable(scripted: Scripted) -> None:
    for _ in range(4):
        scripted.stubber.add_response(
            "batch_get_item",
            {"Responses": {TABLE: []}, "UnprocessedKeys": {TABLE: {"Keys": [key("A")]}}},
            batch_get_request(["A"]),
        )
    with pytest.raises(StorageUnavailable):
        scripted.repository.get_many(PK, ["A"])
    assert len(scripted.sleeps) == 3


def test_existing_items_are_dropped_and_the_rest_resent_at_once(scripted: Scripted) -> None:
    cancelled(scripted, ["None", "ConditionalCheckFailed", "None"])
    scripted.stubber.add_response("transact_write_items", {}, transaction(["A", "C"]))
    created = scripted.repository.put_many_if_absent(items(["A", "B", "C"]))
    assert created == {(PK, "A"), (PK, "C")}
    assert scripted.sleeps == []


def test_a_batch_of_only_existing_items_creates_nothing(scripted: Scripted) -> None:
    cancelled(scripted, ["ConditionalCheckFailed", "ConditionalCheckFailed"])
    assert scripted.repository.put_many_if_absent(items(["A", "B"])) == set()


def test_a_conflicting_transaction_is_retried_after_a_pause(scripted: Scripted) -> None:
    cancelled(scripted, ["None", "TransactionConflict"])
    cancelled(scripted, ["ConditionalCheckFailed", "None"])
    scripted.stubber.add_response("transact_write_items", {}, transaction(["B"]))
    created = scripted.repository.put_many_if_absent(items(["A", "B"]))
    assert created == {(PK, "B")}
    assert len(scripted.sleeps) == 1


def test_a_conflicting_batch_of_writes_is_retried_with_the_same_token(
    scripted: Scripted,
) -> None:
    tokens: list[str] = []
    scripted.client.meta.events.register(
        "provide-client-params.dynamodb.TransactWriteItems",
        lambda params, **_: tokens.append(params["ClientRequestToken"]),
    )
    writes = {"TransactItems": [{"Put": {"TableName": TABLE, "Item": stored("A")}},
                                {"Delete": {"TableName": TABLE, "Key": key("B")}}],
              "ClientRequestToken": ANY}
    cancelled(scripted, ["TransactionConflict", "None"])
    scripted.stubber.add_response("transact_write_items", {}, writes)
    scripted.repository.write_many(items(["A"]), [(PK, "B")])
    # A retry of an attempt that did land (its answer lost) must not apply it again.
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    assert len(scripted.sleeps) == 1
    for _ in range(4):
        scripted.stubber.add_client_error(
            "transact_write_items", service_error_code="ProvisionedThroughputExceededException"
        )
    with pytest.raises(StorageUnavailable):
        scripted.repository.write_many(items(["A"]))


def test_endless_throttling_makes_the_store_unavailable(scripted: Scripted) -> None:
    for _ in range(4):
        scripted.stubber.add_client_error(
            "transact_write_items", service_error_code="ProvisionedThroughputExceededException"
        )
    with pytest.raises(StorageUnavailable):
        scripted.repository.put_many_if_absent(items(["A"]))
    assert len(scripted.sleeps) == 3


def test_a_refused_single_write_makes_the_store_unavailable(scripted: Scripted) -> None:
    scripted.stubber.add_client_error("put_item", service_error_code="ThrottlingException")
    with pytest.raises(StorageUnavailable):
        scripted.repository.put({"pk": PK, "sk": "A"})


def test_a_validation_error_is_an_invalid_item_and_is_not_retried(scripted: Scripted) -> None:
    # One scripted reply only: a retry would find no reply left and fail the test.
    scripted.stubber.add_client_error(
        "put_item",
        service_error_code="ValidationException",
        service_message="Item size has exceeded the maximum allowed size",
    )
    with pytest.raises(InvalidItem, match="maximum allowed size"):
        scripted.repository.put({"pk": PK, "sk": "A"})
    assert scripted.sleeps == []


def test_a_validation_error_in_a_batch_is_an_invalid_item(scripted: Scripted) -> None:
    scripted.stubber.add_client_error("batch_get_item", service_error_code="ValidationException")
    with pytest.raises(InvalidItem):
        scripted.repository.get_many(PK, ["A"])
    cancelled(scripted, ["None", "ValidationError"])
    with pytest.raises(InvalidItem):
        scripted.repository.put_many_if_absent(items(["A", "B"]))
    scripted.stubber.add_client_error(
        "transact_write_items", service_error_code="ValidationException"
    )
    with pytest.raises(InvalidItem):
        scripted.repository.put_many_if_absent(items(["A"]))
    assert scripted.sleeps == []


def test_batches_are_split_by_count_and_by_size() -> None:
    small = items([f"S{n:03}" for n in range(250)])
    assert [len(chunk) for chunk in transaction_chunks(small)] == [100, 100, 50]
    large = [{"pk": PK, "sk": f"L{n}", "blob": "x" * 300_000} for n in range(30)]
    chunks = list(transaction_chunks(large))
    assert [item for chunk in chunks for item in chunk] == large
    assert len(chunks) > 1
    for chunk in chunks:
        assert sum(len(item["blob"]) for item in chunk) <= TRANSACTION_BYTES


def test_backoff_grows_exponentially_with_jitter_up_to_a_cap() -> None:
    backoff = Backoff(base_seconds=0.1, cap_seconds=1.0)
    for attempt, ceiling in enumerate([0.1, 0.2, 0.4, 0.8, 1.0, 1.0]):
        delays = [backoff.delay(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(set(delays)) > 1
