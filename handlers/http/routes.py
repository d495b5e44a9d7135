"""The REST routes the service answers: one list for the API and the infrastructure (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    """One HTTP route: its method, its last path segment, and whether Basic auth guards it."""

    method: str
    path: str
    authenticated: bool = True


ROUTES: tuple[Route, ...] = (
    Route("GET", "/progress"),
    Route("GET", "/shows"),
    Route("POST", "/sync"),
    Route("PUT", "/show"),
    Route("POST", "/syncmovies"),
    Route("POST", "/syncyoutube"),
    Route("POST", "/syncspotify"),
    Route("GET", "/search"),
    Route("POST", "/linkcode"),
    Route("GET", "/openapi.json", authenticated=False),
)
"""Routes of the API Lambda (the Telegram webhook is a separate function and route)."""

TELEGRAM_WEBHOOK_PATH = "/telegram/webhook"
"""Route of the bot's webhook Lambda: no Basic auth, checked by Telegram's secret-token header."""
