"""The typed callback context: every callback reaches the service through it (no I/O).

The service rides on a small :class:`~telegram.ext.Application` subclass, and the custom
context exposes it as ``context.service``: typed, and no ``bot_data["..."]`` lookups.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

if TYPE_CHECKING:
    from handlers.service import Service

T = TypeVar("T")


class TrackerApplication(Application[ExtBot[None], "BotContext", dict[Any, Any],
                                     dict[Any, Any], dict[Any, Any], JobQueue["BotContext"]]):
    """The PTB application, holding the service the callbacks use."""

    def __init__(self, service: Service, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.service = service


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any],
                                 dict[Any, Any]]):
    """The context every callback receives."""

    @property
    def tracker(self) -> TrackerApplication:
        return cast(TrackerApplication, self.application)

    @property
    def service(self) -> Service:
        return self.tracker.service

    async def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking service function off the event loop."""
        return await asyncio.to_thread(function, *args, **kwargs)

    async def linked_user(self, update: Update) -> str | None:
        """The tracker user behind the update's sender, or ``None`` if not linked."""
        sender = update.effective_user
        if sender is None:
            return None
        return await self.call(self.service.links.user_for, sender.id)
