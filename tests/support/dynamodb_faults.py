"""DynamoDB faults injected at botocore's call hook: the real adapter sees real errors (no I/O).

Register a :class:`ThrottlingFaults` on a client's ``before-call.dynamodb.*`` event; while
its ``should_fail`` says so, every call answers ``ProvisionedThroughputExceededException``
without reaching the store (botocore uses a handler's answer in place of the call).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

THROTTLED = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}


class ThrottlingFaults:
    """Decides, call by call, whether DynamoDB answers with a throttling error."""

    def __init__(self) -> None:
        self.should_fail: Callable[[], bool] = lambda: False

    def __call__(self, **_: Any) -> tuple[Any, dict[str, Any]] | None:
        if not self.should_fail():
            return None
        response = type("Http", (), {"status_code": 400, "headers": {}})()
        return response, THROTTLED

    def install(self, client: Any) -> None:
        client.meta.events.register("before-call.dynamodb.*", self)
