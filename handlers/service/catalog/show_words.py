"""What a user may say of a show: its TVDB series and whether it is anime, as words (pure).

The one grammar of ``/setshow`` for every chat door, and the one check of a show's
activity for every door (``PUT /show`` included): ``tv`` is what a show is unless its user
says it is anime.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers.service.core.durations import SHOW_ACTIVITIES
from handlers.service.core.errors import InvalidInput


def show_activity(word: str) -> str:
    """``word`` as a show's activity (``anime`` or ``tv``, any case); InvalidInput else."""
    activity = word.strip().lower()
    if activity not in SHOW_ACTIVITIES:
        raise InvalidInput(f"activity: a show is {' or '.join(SHOW_ACTIVITIES)}, "
                           f"not {word[:40]!r}.")
    return activity


@dataclass(frozen=True)
class SetShowWords:
    """``/setshow``'s words: a series id (with the folder and activity given, if any),
    or words to search TVDB for."""

    tvdb_id: int | None = None
    folder: str | None = None
    activity: str | None = None
    search: str | None = None


def parse_setshow_words(words: Sequence[str]) -> SetShowWords | None:
    """``[folder…] <tvdb id> [anime|tv]``, or words to search; ``None`` for no words."""
    words = [w for w in words if w]
    if not words:
        return None
    activity = None
    if len(words) > 1 and words[-2].isdigit() and words[-1].lower() in SHOW_ACTIVITIES:
        activity = show_activity(words[-1])
        words = words[:-1]
    if not words[-1].isdigit():
        return SetShowWords(search=" ".join(words))
    return SetShowWords(tvdb_id=int(words[-1]), folder=" ".join(words[:-1]) or None,
                        activity=activity)
