"""The local server's review cards: the bot's renderer, when matplotlib is installed."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handlers.service import Service


def with_cards(service: Service) -> None:
    """Let ``GET /review.png`` draw cards; without the bot extra it answers that it cannot."""
    if importlib.util.find_spec("matplotlib") is None:
        return
    from bot.review_card import render

    service.logbook.draw_card = render
