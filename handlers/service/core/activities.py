"""Activity types, their groups, and how an amount becomes minutes of immersion (no I/O).

One table for every door: the REST API, the bot's ``/log``, imports and statistics all ask
this module which activities exist, which group each counts in, and how episodes, pages or
characters turn into time.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Group = Literal["watching", "listening", "reading", "other"]
Unit = Literal["episodes", "pages", "characters"]
UNITS: tuple[Unit, ...] = ("episodes", "pages", "characters")

GROUPS: tuple[Group, ...] = ("watching", "listening", "reading", "other")
"""The four groups, in the fixed order every answer lists them."""

ACTIVITY_GROUPS: dict[str, Group] = {
    "anime": "watching",
    "tv": "watching",
    "movie": "watching",
    "video": "watching",
    "livestream": "watching",
    "podcast": "listening",
    "audiobook": "listening",
    "music": "listening",
    "audio": "listening",
    "book": "reading",
    "manga": "reading",
    "visual_novel": "reading",
    "reading": "reading",
    "game": "other",
    "speaking": "other",
    "writing": "other",
    "other": "other",
    # Flashcard reviews (Anki's review log) count as study time in "other": a fifth group
    # would change the fixed four-group lists /progress and /stats already answer.
    "anki": "other",
}
ACTIVITIES: tuple[str, ...] = tuple(ACTIVITY_GROUPS)

ALIASES: dict[str, str] = {
    "vn": "visual_novel",
    "visualnovel": "visual_novel",
    "visual-novel": "visual_novel",
    "novel": "book",
    "ln": "book",
    "lightnovel": "book",
    "books": "book",
    "yt": "video",
    "youtube": "video",
    "videos": "video",
    "stream": "livestream",
    "live": "livestream",
    "drama": "tv",
    "show": "tv",
    "series": "tv",
    "film": "movie",
    "movies": "movie",
    "podcasts": "podcast",
    "audiobooks": "audiobook",
    "radio": "audio",
    "listening": "audio",
    "read": "reading",
    "article": "reading",
    "news": "reading",
    "games": "game",
    "gaming": "game",
    "talk": "speaking",
    "tutor": "speaking",
    "tutoring": "speaking",
    "conversation": "speaking",
}
"""Words learners type for an activity, mapped to its canonical name."""

GROUP_UNITS: dict[Group, tuple[Unit, ...]] = {
    "watching": ("episodes",),
    "listening": ("episodes",),
    "reading": ("pages", "characters"),
    "other": (),
}
"""The units an amount of each group's activities may be counted in (time converts from
them); speaking, writing or a game have no amount that says how long they took."""

DEFAULT_EPISODE_MINUTES = 24.0
"""Length of one episode when the request gives none (an anime episode without credits)."""

READING_SPEED_UNITS: dict[str, Unit] = {
    "book": "characters",
    "visual_novel": "characters",
    "reading": "characters",
    "manga": "pages",
}
"""What each reading speed counts per minute: characters, or pages for manga."""

DEFAULT_READING_SPEED: dict[str, float] = {
    "book": 150,
    "visual_novel": 250,
    "reading": 150,
    "manga": 1,
}
"""Reading speed per type (``READING_SPEED_UNITS`` a minute) until the user sets their own."""

CHARS_PER_PAGE: dict[str, int] = {"book": 350, "reading": 350, "visual_novel": 350, "manga": 80}
"""How many characters a page holds, to turn pages into characters and back."""

MAX_SECONDS = 24 * 3600
"""One entry covers at most a day."""


class UnknownActivity(ValueError):
    """Not an activity; ``suggestion`` is the closest one, if any is close."""

    def __init__(self, word: str, suggestion: str | None) -> None:
        hint = f" Did you mean {suggestion}?" if suggestion else ""
        super().__init__(f"I don't know the activity {word!r}.{hint}")
        self.word = word
        self.suggestion = suggestion


def canonical_activity(word: str) -> str:
    """The activity ``word`` names (its own name or an alias); raises UnknownActivity."""
    key = word.strip().lower().replace(" ", "_")
    if key in ACTIVITY_GROUPS:
        return key
    if key in ALIASES:
        return ALIASES[key]
    known = [*ACTIVITIES, *ALIASES]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    suggestion = ALIASES.get(close[0], close[0]) if close else None
    raise UnknownActivity(word, suggestion)


def group_of(activity: str) -> Group:
    """The group an activity counts in (``other`` for an unknown legacy value)."""
    return ACTIVITY_GROUPS.get(activity, "other")


def unit_mismatch(activity: str, unit: Unit) -> str | None:
    """Why ``unit`` does not fit ``activity`` (a sentence), or ``None`` when it does."""
    fitting = GROUP_UNITS[group_of(activity)]
    if unit in fitting:
        return None
    name = activity.replace("_", " ")
    if not fitting:
        return f"{name} is not counted in {unit}; log its minutes."
    return f"{name} is counted in {' or '.join(fitting)}, not {unit}."


@dataclass(frozen=True)
class Derived:
    """Seconds of immersion derived from an amount, and the sentence that shows how."""

    seconds: float
    explanation: str


def derive_seconds(
    activity: str,
    amount: float,
    unit: Unit,
    *,
    episode_minutes: float | None = None,
    reading_speed: Mapping[str, float] | None = None,
) -> Derived:
    """How long ``amount`` ``unit`` of ``activity`` took, by the documented rules."""
    if unit == "episodes":
        length = episode_minutes or DEFAULT_EPISODE_MINUTES
        return Derived(
            amount * length * 60,
            f"{_count(amount, 'episode')} × {_number(length)} min",
        )
    kind = activity if activity in READING_SPEED_UNITS else "reading"
    speed = (reading_speed or {}).get(kind, DEFAULT_READING_SPEED[kind])
    speed_unit = READING_SPEED_UNITS[kind]
    per_minute = f"÷ {_count(speed, _singular(speed_unit))}/min"
    if unit == speed_unit:
        return Derived(amount / speed * 60, f"{_count(amount, _singular(unit))} {per_minute}")
    per_page = CHARS_PER_PAGE[kind]
    if unit == "pages":
        return Derived(
            amount * per_page / speed * 60,
            f"{_count(amount, 'page')} × {per_page} characters {per_minute}",
        )
    return Derived(
        amount / per_page / speed * 60,
        f"{_count(amount, 'character')} ÷ {per_page} characters/page {per_minute}",
    )


def _singular(unit: Unit) -> str:
    return unit.removesuffix("s")


def _count(amount: float, word: str) -> str:
    return f"{_number(amount)} {word if amount == 1 else word + 's'}"


def _number(value: float) -> str:
    return f"{value:,.10g}"
