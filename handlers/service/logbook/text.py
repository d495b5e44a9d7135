"""The forgiving text form of a log: ``25m anime Frieren yesterday`` into its parts (no I/O).

Every door that takes free text (the bot's ``/log``, the command line) reads it here, so
``1h30``, ``2ep``, ``40p``, ``12000c`` and the date words mean the same everywhere. A
mistake becomes one sentence with an example that fits what the user tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.service.core.activities import Unit, UnknownActivity, canonical_activity
from handlers.service.core.calendar import (
    AHEAD,
    BEFORE_1970,
    OutOfRange,
    checked_day,
    local_date,
)

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_MINUTES = r"(?:m|min|mins|minute|minutes)"
_HOURS = r"(?:h|hr|hrs|hour|hours)"
_DURATION_FORMS = (
    re.compile(rf"^{_NUMBER}{_HOURS}(?:(\d{{1,2}}){_MINUTES}?)?$"),
    re.compile(rf"^{_NUMBER}{_MINUTES}$"),
    re.compile(r"^(\d{1,2}):(\d{2})$"),
)
_AMOUNT_FORMS: tuple[tuple[re.Pattern[str], Unit], ...] = (
    (re.compile(rf"^{_NUMBER}(?:ep|eps|episode|episodes)$"), "episodes"),
    (re.compile(rf"^{_NUMBER}(?:p|pg|pgs|page|pages)$"), "pages"),
    (re.compile(rf"^{_NUMBER}(k?)(?:c|ch|chr|char|chars|characters)$"), "characters"),
)
_UNIT_WORDS = ("m", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours",
               "ep", "eps", "episode", "episodes", "p", "pg", "pgs", "page", "pages",
               "c", "ch", "chars", "characters")
_RELATIVE_DAYS = re.compile(r"^-(\d{1,3})d$")
_LINKING_WORDS = ("of",)
"""Words natural phrasing puts after an amount (``45 minutes of reading``), read past."""
_EPOCH = date(1970, 1, 1)

MAX_TITLE = 200
EXAMPLES = {
    "episodes": "/log 2ep anime Frieren",
    "pages": "/log 40p manga",
    "characters": "/log 12000c vn",
    "minutes": "/log 25m anime Frieren",
}


class LogTextError(ValueError):
    """The text is not a log; the message is one sentence with a fitting example."""


@dataclass(frozen=True)
class LogText:
    """What a free-text log said, before the service derives minutes and the moment."""

    activity: str
    minutes: float | None = None
    amount: float | None = None
    unit: Unit | None = None
    title: str = ""
    day: str | None = None
    """The date word as typed (``yesterday``, ``2026-11-28``, ``-2d``), if any."""


def parse_log_text(text: str) -> LogText:
    """Read ``<amount><unit> <activity> [title] [date]`` (amount and activity in any order)."""
    words = _joined_units(text.split())
    if not words:
        raise LogTextError(f"Tell me what you did, for example {EXAMPLES['minutes']}.")
    day = words.pop() if len(words) > 1 and _is_day(words[-1]) else None
    amount_at = next((i for i, w in enumerate(words[:2]) if _is_amount(w)), None)
    if amount_at is None:
        if words[0][:1].isdigit():
            _amount(words[0])  # says which units it reads
        raise LogTextError(_missing_amount(words))
    quantity = words.pop(amount_at)
    while len(words) > 1 and words[0].lower() in _LINKING_WORDS:
        words.pop(0)
    if not words:
        raise LogTextError(f"Which activity was it? For example /log {quantity} anime.")
    try:
        activity = canonical_activity(words.pop(0))
    except UnknownActivity as error:
        example = f"/log {quantity} {error.suggestion or 'anime'}"
        raise LogTextError(f"{error} For example {example}.") from None
    while len(words) > 1 and words[0].lower() in _LINKING_WORDS:
        words.pop(0)  # "anime 2 episodes of Frieren": the title is Frieren
    title = " ".join(words)
    if len(title) > MAX_TITLE:
        raise LogTextError(f"The title is too long (at most {MAX_TITLE} characters).")
    minutes = _minutes(quantity)
    if minutes is not None:
        _check_positive(minutes, quantity, "minutes")
        return LogText(activity, minutes=minutes, title=title, day=day)
    amount, unit = _amount(quantity)
    _check_positive(amount, quantity, unit)
    return LogText(activity, amount=amount, unit=unit, title=title, day=day)


def _check_positive(value: float, quantity: str, unit: str) -> None:
    """Refuse a log of nothing (``0m``, ``0ep``): it would be an entry of zero time."""
    if not value > 0:
        raise LogTextError(f"{quantity} is nothing to log; for example {EXAMPLES[unit]}.")


def resolve_day(day: str | None, now: datetime, zone: ZoneInfo) -> datetime:
    """The moment a date word means: now for none or ``today``, else local noon that day.

    Raises LogTextError for an unreadable date, one in the future or one before 1970.
    """
    today = local_date(now, zone)
    wanted = _date_of(day.lower(), today) if day else today
    if wanted == today:
        return now
    try:
        if wanted < _EPOCH:  # however far west the zone puts its noon
            raise OutOfRange(BEFORE_1970)
        # POST /log's rules: no day after today, no noon before the epoch (1970-01-01's
        # is, in a zone far east of UTC).
        return datetime.fromtimestamp(checked_day(wanted, zone, now), zone)
    except OutOfRange as error:
        named = _capital(day or "") if str(error) == AHEAD else day
        raise LogTextError(f"{named} {error}") from None


def duration_minutes(word: str) -> float | None:
    """``20m``, ``1h30``, ``45`` as minutes; ``None`` when the word is no duration."""
    return _minutes(word)


def is_day_word(word: str) -> bool:
    """Whether ``word`` is a date word (today, yesterday, -2d, 2026-11-28; tomorrow, which
    is refused as the future rather than taken for a title)."""
    return _is_day(word)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date_of(day: str, today: date) -> date:
    if day == "today":
        return today
    if day == "tomorrow":
        return today + timedelta(days=1)
    if day == "yesterday":
        return today - timedelta(days=1)
    relative = _RELATIVE_DAYS.match(day)
    if relative:
        return today - timedelta(days=int(relative.group(1)))
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise LogTextError(
            f"I can't read the date {day!r}; use today, yesterday, -2d or 2026-11-28."
        ) from None


def _is_day(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in ("today", "yesterday", "tomorrow")
        or bool(_RELATIVE_DAYS.match(lowered))
        or bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", lowered))
    )


def _joined_units(words: list[str]) -> list[str]:
    """``45 min`` and ``2 episodes`` read as one word, like ``45min``."""
    joined: list[str] = []
    for word in words:
        if joined and word.lower() in _UNIT_WORDS and re.fullmatch(_NUMBER, joined[-1]):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _is_amount(word: str) -> bool:
    lowered = word.lower()
    return bool(re.fullmatch(_NUMBER, lowered)) or _minutes(lowered) is not None or any(
        form.match(lowered) for form, _ in _AMOUNT_FORMS
    )


def _minutes(word: str) -> float | None:
    lowered = word.lower()
    if re.fullmatch(_NUMBER, lowered):
        return _float(lowered)  # a bare number is minutes, and the reply says so
    hours, minutes, clock = (form.match(lowered) for form in _DURATION_FORMS)
    if hours:
        return _float(hours.group(1)) * 60 + float(hours.group(2) or 0)
    if minutes:
        return _float(minutes.group(1))
    if clock:
        return int(clock.group(1)) * 60 + float(clock.group(2))
    return None


def _amount(word: str) -> tuple[float, Unit]:
    lowered = word.lower()
    for form, unit in _AMOUNT_FORMS:
        match = form.match(lowered)
        if match:
            thousands = 1000 if unit == "characters" and match.group(2) else 1
            return _float(match.group(1)) * thousands, unit
    raise LogTextError(f"I can't read {word!r}; try 25m, 1h30, 2ep, 40p or 12000c.")


def _float(number: str) -> float:
    return float(number.replace(",", "."))


def _missing_amount(words: list[str]) -> str:
    try:
        activity = canonical_activity(words[0])
    except UnknownActivity:
        return f"Start with how much, for example {EXAMPLES['minutes']}."
    unit = {"manga": "pages", "book": "pages", "visual_novel": "characters",
            "anime": "episodes"}.get(activity, "minutes")
    example = EXAMPLES[unit].split()
    example[2] = words[0]
    return f"How much {words[0]}? For example {' '.join(example)}."
