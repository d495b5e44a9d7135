"""A DynamoDB read's items taken from its JSON as it is: the client answers exactly what
botocore's own parse answers, for every kind of attribute value (no I/O: the parse a
client does on a response body, done here on bodies made up)."""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3
import botocore.session
from botocore.parsers import create_parser
from hypothesis import given
from hypothesis import strategies as st

from storage.dynamodb_items_json import lift_items, read_items_as_json

MODEL = botocore.session.get_session().get_service_model("dynamodb")
PARSER = create_parser(MODEL.resolved_protocol)

NUMBERS = st.sampled_from(("0", "-7", "1800", "1.5", "1E+2", "-0.25",
                           "12345678901234567890123456789012345678"))
TEXTS = st.text(max_size=12)
NAMES = st.text(min_size=1, max_size=8).filter(
    lambda name: name not in ("B", "BS") and not name.endswith(('"B', '"BS')))
"""Attribute names; one whose JSON ends as a binary value's type does (``B``, or ``"B``,
spelt ``"\\"B"``) is left to botocore (below)."""
PLAIN: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.builds(lambda s: {"S": s}, TEXTS),
    st.builds(lambda n: {"N": n}, NUMBERS),
    st.builds(lambda b: {"BOOL": b}, st.booleans()),
    st.just({"NULL": True}),
    st.builds(lambda s: {"SS": sorted(s)}, st.sets(TEXTS, min_size=1, max_size=3)),
    st.builds(lambda s: {"NS": sorted(s)}, st.sets(NUMBERS, min_size=1, max_size=3)),
)
VALUES = st.recursive(PLAIN, lambda inner: st.one_of(
    st.builds(lambda m: {"M": m}, st.dictionaries(NAMES, inner, max_size=3)),
    st.builds(lambda values: {"L": values}, st.lists(inner, max_size=3)),
), max_leaves=8)
ITEMS = st.lists(st.dictionaries(NAMES, VALUES, min_size=1, max_size=6), max_size=4)
KEY = {"pk": {"S": "USER#alice"}, "sk": {"S": "MONTH#2026-05"}}


def bodies(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A success of each read, as DynamoDB sends it, holding ``items``."""
    return {
        "Query": {"Count": len(items), "Items": items, "LastEvaluatedKey": KEY,
                  "ScannedCount": len(items)},
        "Scan": {"Count": len(items), "Items": items, "ScannedCount": len(items)},
        "GetItem": {"Item": items[0]} if items else {},
        "BatchGetItem": {"Responses": {"tracker": items},
                         "UnprocessedKeys": {"tracker": {"Keys": [KEY]}}},
    }


def parsed(operation: str, body: dict[str, Any], lifted: bool) -> tuple[dict[str, Any], bool]:
    """What a client makes of ``body`` (as ``botocore.endpoint`` does: the ``before-parse``
    hook, botocore's parse, the hook's part merged), and whether the hook took the items."""
    model = MODEL.operation_model(operation)
    response: dict[str, Any] = {"status_code": 200, "headers": {"x-amzn-requestid": "r1"},
                "body": json.dumps(body).encode()}
    customized: dict[str, Any] = {}
    if lifted:
        lift_items(model, response, customized)
    assert model.output_shape is not None
    answer: dict[str, Any] = PARSER.parse(response, model.output_shape)
    answer.update(customized)
    return answer, bool(customized)


@given(ITEMS)
def test_items_lifted_from_the_json_are_what_botocore_parses(items: list[dict[str, Any]]
                                                              ) -> None:
    for operation, body in bodies(items).items():
        fast, took = parsed(operation, body, lifted=True)
        assert fast == parsed(operation, body, lifted=False)[0]
        assert took == (operation != "GetItem" or bool(items))


def test_a_binary_value_is_left_to_botocore() -> None:
    data = base64.b64encode(b"\x00\xffcard").decode()
    items: list[dict[str, Any]] = [
        {"pk": {"S": "USER#alice"}, "png": {"B": data}},
        {"pk": {"S": "USER#bob"}, "parts": {"M": {"x": {"BS": [data]}}}},
        {"pk": {"S": "USER#carol"}, "B": {"S": "an attribute named B: read by botocore"}},
        {"pk": {"S": "USER#dave"}, '"B': {"NULL": True}}]
    for one in range(len(items)):
        for operation, body in bodies(items[one:]).items():
            fast, took = parsed(operation, body, lifted=True)
            assert not took
            assert fast == parsed(operation, body, lifted=False)[0]
    query = parsed("Query", bodies(items)["Query"], lifted=True)[0]
    assert query["Items"][0]["png"] == {"B": b"\x00\xffcard"}


def test_a_failure_is_left_to_botocore() -> None:
    model = MODEL.operation_model("Query")
    body = json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                       "message": "Requested resource not found", "Items": []}).encode()
    response: dict[str, Any] = {"status_code": 400, "headers": {}, "body": body}
    customized: dict[str, Any] = {}
    lift_items(model, response, customized)
    assert customized == {} and response["body"] == body


def test_a_client_reads_its_items_from_the_json_once_asked() -> None:
    client = boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="k",
                          aws_secret_access_key="s")
    read_items_as_json(client)
    read_items_as_json(client)  # a second store on the same client
    items: list[dict[str, Any]] = [{"pk": {"S": "USER#alice"}, "s:anime": {"N": "1440"}}]
    for operation, body in bodies(items).items():
        model = MODEL.operation_model(operation)
        response: dict[str, Any] = {"status_code": 200, "headers": {},
                                    "body": json.dumps(body).encode()}
        customized: dict[str, Any] = {}
        client.meta.events.emit(f"before-parse.dynamodb.{operation}", operation_model=model,
                                response_dict=response, customized_response_dict=customized)
        member = next(iter(set(body) - set(json.loads(response["body"]))))
        assert customized == {member: body[member]}


def test_a_binary_value_of_escaped_letters_is_left_to_botocore() -> None:
    model = MODEL.operation_model("Query")
    body = b'{"Count":1,"Items":[{"png":{"\\u0042":"AP8="}}],"ScannedCount":1}'
    response: dict[str, Any] = {"status_code": 200, "headers": {}, "body": body}
    customized: dict[str, Any] = {}
    lift_items(model, response, customized)
    assert customized == {} and response["body"] == body
