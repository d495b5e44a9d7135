"""A learner's year of logs, recorded through the API, for screenshots and the page's tests (I/O).

Deterministic for a seed and a ``today``: reading (with characters), anime, podcasts and
games, most days but not all, some long days, a few titles that recur.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import httpx

TITLES = {
    "anime": ["葬送のフリーレン", "Spy x Family", "Bocchi the Rock!"],
    "visual_novel": ["Steins;Gate", "Summer Pockets"],
    "book": ["Kino no Tabi", "Yotsuba reading pack"],
    "podcast": ["Nihongo con Teppei", "Miku Real Japanese"],
    "game": ["Dragon Quest XI"],
}
READING_SPEED = {"visual_novel": 180.0, "book": 140.0}
"""Characters a minute at the start of the year; the learner gets faster."""


def year_of_logs(http: httpx.Client, today: date, days: int = 365, seed: int = 7) -> int:
    """Log ``days`` days ending ``today``; returns how many entries were logged."""
    rng = random.Random(seed)
    logged = 0
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        if rng.random() < 0.18:
            continue  # a day off
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            activity = rng.choice(list(TITLES))
            minutes = rng.choice((15, 20, 25, 30, 45, 60, 90)) * (3 if rng.random() < 0.04 else 1)
            body: dict[str, object] = {"activity": activity, "minutes": minutes,
                                       "title": rng.choice(TITLES[activity]),
                                       "date": day.isoformat()}
            if activity in READING_SPEED:
                speed = READING_SPEED[activity] * (1 + 0.5 * (days - back) / days)
                characters = round(minutes * speed * rng.uniform(0.9, 1.1))
                body.update(amount=characters, unit="characters")
            answer = http.post("/log", json=body)
            answer.raise_for_status()
            logged += 1
    return logged
