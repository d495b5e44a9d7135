"""What a fake Bot API recorded: one call of the bot with its parameters (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class SentRequest:
    """One call the bot made, with its decoded parameters and the file parts it uploaded."""

    method: str
    params: Json
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    at: float = 0.0
    """``time.monotonic()`` when the fake answered it (for latency figures)."""

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    def buttons(self) -> list[Json]:
        """The inline keyboard buttons of this message, row after row."""
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


def iter_buttons(requests: Iterable[SentRequest]) -> Iterator[tuple[SentRequest, Json]]:
    """Every inline button of ``requests`` with the request that carried it."""
    for request in requests:
        for button in request.buttons():
            yield request, button
