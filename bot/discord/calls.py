"""What a command or button handler receives and returns (no I/O).

A handler answers at once with a :class:`Reply`, or returns :class:`Later`: work that
takes longer than Discord's three seconds (providers, charts, exports), run after the
deferred response and sent by ``PATCH @original``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.discord.answers import Modal, Reply
from bot.discord.interactions import Interaction

if TYPE_CHECKING:
    from handlers.service import Service

LINK_FIRST = ("This Discord account is not linked yet: get a code with "
              "<code>immersion-tracker users link-code YOUR_NAME</code> (or on the web page) "
              "and send <code>/link CODE</code>.")


@dataclass(frozen=True)
class Later:
    """Work to finish after a deferred response; its reply edits "thinking…"."""

    work: Callable[[], Reply]
    ephemeral: bool = False
    update: bool = False
    """A button's slow work: its answer replaces the message the button sits on (no
    "thinking…" message of its own)."""


Outcome = Reply | Later | Modal


@dataclass(frozen=True)
class Call:
    """One interaction with the service and the linked user (``None``: not linked)."""

    interaction: Interaction
    service: Service
    user: str | None

    def option(self, name: str) -> str:
        """A string option's value, stripped ("" when absent or not a string)."""
        value = self.interaction.options.get(name)
        return value.strip() if isinstance(value, str) else ""


Handler = Callable[[Call, str], Outcome]
"""A handler takes the call and the linked user (the door answers unlinked users)."""
