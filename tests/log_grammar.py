"""The /log grammar as both chat doors must read it: one table of cases (pure data).

The Telegram bot's tests send ``/log <text>``; the Discord door's send ``/log text:<text>``.
Each case names what must be stored (activity, minutes, title) or the words the one-sentence
refusal must hold, so the two doors cannot drift apart. The clock of both suites is
Monday 12 January 2026, 09:30 UTC (Pacific/Auckland by default).
"""

from __future__ import annotations

from typing import NamedTuple


class Logged(NamedTuple):
    text: str
    activity: str
    minutes: float
    title: str
    says: str
    """Words of the reply, markup removed (``Logged 48 min of anime — Frieren``)."""


class Refused(NamedTuple):
    text: str
    says: str


LOGGED: tuple[Logged, ...] = (
    Logged("25m anime Frieren", "anime", 25, "Frieren", "Logged 25 min of anime — Frieren"),
    Logged("2ep anime Frieren", "anime", 48, "Frieren", "2 episodes × 24 min"),
    Logged("1h30 podcast", "podcast", 90, "", "Logged 1h 30m of podcast"),
    Logged("2:15 tv", "tv", 135, "", "Logged 2h 15m of tv"),
    Logged("anime 25m Frieren", "anime", 25, "Frieren", "of anime — Frieren"),
    Logged("40p manga", "manga", 40, "", "40 pages ÷ 1 page"),
    Logged("12000c vn", "visual_novel", 48, "", "Logged 48 min of visual novel"),
    Logged("1.5h book 本好きの下剋上", "book", 90, "本好きの下剋上", "of book — 本好きの下剋上"),
    Logged("45m reading Kokoro yesterday", "reading", 45, "Kokoro", "📅 11 Jan"),
    Logged("20m anime Frieren -2d", "anime", 20, "Frieren", "📅 10 Jan"),
)
REFUSED: tuple[Refused, ...] = (
    Refused("", "for example /log 25m anime Frieren."),
    Refused("30m animee", "For example /log 30m anime."),
    Refused("manga", "For example /log 40p manga."),
    Refused("30x anime", "try 25m, 1h30, 2ep, 40p or 12000c"),
    Refused("25h anime", "at most 24 hours"),
    Refused("30m anime 2099-01-01", "in the future"),
    Refused("0m anime", "0m is nothing to log; for example /log 25m anime Frieren."),
    Refused("0p manga", "0p is nothing to log; for example /log 40p manga."),
    Refused("25m anime tomorrow", "Tomorrow is in the future; log what you already did."),
)
