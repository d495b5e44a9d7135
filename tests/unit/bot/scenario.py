"""Runs one async test scenario with the application initialised against the fake API."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from tests.unit.bot.conftest import Harness


def play(harness: Harness, scenario: Callable[[Harness], Awaitable[None]]) -> None:
    async def main() -> None:
        async with harness.app:
            await scenario(harness)

    asyncio.run(main())
