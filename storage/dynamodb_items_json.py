"""The items of a DynamoDB read taken from the response's JSON as it is (no I/O).

botocore walks every attribute value of a response through its shape model, one Python
call per value and per member of ``AttributeValue``: a ten-year ``GET /stats`` at 10^5
entries reads about 55,000 numbers of month totals, and that walk was most of its time.
An attribute value's wire JSON is already what botocore makes of it, but for binary
values (base64 text on the wire, bytes once parsed): so a response with none of those has
its items lifted out before botocore parses the rest (its keys, counts, capacity), and
put back beside them, equal to what botocore would have made. A response that may hold a
binary value, is not JSON or is not a success is left wholly to botocore.
"""

from __future__ import annotations

import json
import re
from typing import Any

_ITEMS = {"Query": "Items", "Scan": "Items", "GetItem": "Item", "BatchGetItem": "Responses"}
"""The reads whose items are lifted, and the member that holds them (for BatchGetItem a
map of table to items)."""

_BINARY = re.compile(rb'"(?:B|\\u0042)(?:S|\\u0053)?"\s*:')
"""A binary attribute value (``B`` or ``BS``, its letters as they are or escaped), or an
attribute named so: either way, botocore parses the response (rare, and always right)."""

_UNIQUE_ID = "immersion-tracker-items-json"


def read_items_as_json(client: Any) -> None:
    """Have ``client`` (a botocore DynamoDB client) take the items of its reads from the
    response's JSON; its answers stay equal to botocore's own. Idempotent."""
    events = client.meta.events
    for operation in _ITEMS:
        events.register(f"before-parse.dynamodb.{operation}", lift_items,
                        unique_id=f"{_UNIQUE_ID}-{operation}")


def lift_items(operation_model: Any, response_dict: dict[str, Any],
               customized_response_dict: dict[str, Any], **_: Any) -> None:
    """botocore's ``before-parse`` hook: move the items of a success's JSON body into
    ``customized_response_dict`` (merged into the parsed response) and leave the rest of
    the body for botocore to parse."""
    member = _ITEMS.get(operation_model.name)
    body = response_dict.get("body")
    if (member is None or response_dict.get("status_code") != 200
            or not isinstance(body, bytes) or _protocol(operation_model) != "json"
            or _BINARY.search(body)):
        return
    try:
        parsed = json.loads(body)
    except ValueError:
        return  # botocore says what is wrong with it
    if not isinstance(parsed, dict) or parsed.get(member) is None:
        return  # nothing found (botocore leaves a null member out too)
    customized_response_dict[member] = parsed.pop(member)
    response_dict["body"] = json.dumps(parsed).encode()


def _protocol(operation_model: Any) -> str | None:
    service = operation_model.service_model
    try:
        return str(service.resolved_protocol)
    except AttributeError:  # a botocore from before several protocols per service
        return str(service.metadata.get("protocol"))
