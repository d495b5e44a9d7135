"""The text form of a log and the amount-to-minutes rules (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.activities import (
    GROUPS,
    UnknownActivity,
    canonical_activity,
    derive_seconds,
    group_of,
)
from handlers.service.logbook.text import LogText, LogTextError, parse_log_text, resolve_day

BERLIN = ZoneInfo("Europe/Berlin")
AUCKLAND = ZoneInfo("Pacific/Auckland")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25m anime Frieren", LogText("anime", minutes=25, title="Frieren")),
        ("1h30 podcast", LogText("podcast", minutes=90)),
        ("1h30m podcast", LogText("podcast", minutes=90)),
        ("1.5h book 本好きの下剋上", LogText("book", minutes=90, title="本好きの下剋上")),
        ("2:15 tv", LogText("tv", minutes=135)),
        ("45 min reading", LogText("reading", minutes=45)),
        ("30 anime", LogText("anime", minutes=30)),
        ("anime 25m Frieren", LogText("anime", minutes=25, title="Frieren")),
        ("2ep anime Frieren", LogText("anime", amount=2, unit="episodes", title="Frieren")),
        ("40p manga", LogText("manga", amount=40, unit="pages")),
        ("12000c vn", LogText("visual_novel", amount=12000, unit="characters")),
        ("12kc VN", LogText("visual_novel", amount=12000, unit="characters")),
        ("45m reading yesterday", LogText("reading", minutes=45, day="yesterday")),
        ("30m game 2026-11-28", LogText("game", minutes=30, day="2026-11-28")),
        ("20m anime Frieren -2d", LogText("anime", minutes=20, title="Frieren", day="-2d")),
        ("10m other today", LogText("other", minutes=10, day="today")),
    ],
)
def test_forgiving_forms_are_read(text: str, expected: LogText) -> None:
    assert parse_log_text(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "for example /log 25m anime Frieren"),
        ("anime", "How much anime? For example /log 2ep anime Frieren."),
        ("manga", "How much manga? For example /log 40p manga."),
        ("vn", "For example /log 12000c vn."),
        ("25m", "Which activity was it? For example /log 25m anime."),
        ("20m animu", "Did you mean anime? For example /log 20m anime."),
        ("20m podcst", "Did you mean podcast? For example /log 20m podcast."),
        ("40x manga", "I can't read '40x'; try 25m, 1h30, 2ep, 40p or 12000c."),
        ("20m anime " + "x" * 201, "The title is too long (at most 200 characters)."),
    ],
)
def test_a_malformed_log_answers_one_sentence_with_a_fitting_example(
    text: str, says: str
) -> None:
    with pytest.raises(LogTextError) as raised:
        parse_log_text(text)
    assert says in str(raised.value)


def test_dates_are_local_days_never_in_the_future() -> None:
    # 22:00 UTC on 1 Dec is 23:00 in Berlin but already 2 Dec in Auckland.
    now = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    assert resolve_day(None, now, AUCKLAND) == now
    assert resolve_day("today", now, AUCKLAND) == now
    assert resolve_day("yesterday", now, AUCKLAND) == datetime(2026, 12, 1, 12, tzinfo=AUCKLAND)
    assert resolve_day("yesterday", now, BERLIN) == datetime(2026, 11, 30, 12, tzinfo=BERLIN)
    assert resolve_day("-2d", now, BERLIN) == datetime(2026, 11, 29, 12, tzinfo=BERLIN)
    assert resolve_day("2026-11-28", now, BERLIN) == datetime(2026, 11, 28, 12, tzinfo=BERLIN)
    with pytest.raises(LogTextError, match="in the future"):
        resolve_day("2026-12-02", now, BERLIN)
    assert resolve_day("2026-12-02", now, AUCKLAND) == now  # already today there
    with pytest.raises(LogTextError, match="can't read the date"):
        resolve_day("2026-13-01", now, BERLIN)


def test_activities_aliases_and_suggestions() -> None:
    assert canonical_activity("VN") == "visual_novel"
    assert canonical_activity("visual novel") == "visual_novel"
    assert canonical_activity("YouTube") == "video"
    with pytest.raises(UnknownActivity) as raised:
        canonical_activity("anmie")
    assert raised.value.suggestion == "anime"
    with pytest.raises(UnknownActivity) as nothing_close:
        canonical_activity("xyzzy")
    assert nothing_close.value.suggestion is None
    assert [group_of(a) for a in ("anime", "podcast", "manga", "game")] == list(GROUPS)


def test_amounts_become_time_by_the_documented_rules() -> None:
    episodes = derive_seconds("anime", 2, "episodes")
    assert (episodes.seconds, episodes.explanation) == (2880, "2 episodes × 24 min")
    assert derive_seconds("anime", 1, "episodes", episode_minutes=45).seconds == 2700
    manga = derive_seconds("manga", 40, "pages")
    assert (manga.seconds, manga.explanation) == (2400, "40 pages ÷ 1 page/min")
    novel = derive_seconds("visual_novel", 12000, "characters")
    assert (novel.seconds, novel.explanation) == (
        2880, "12,000 characters ÷ 250 characters/min"
    )
    book = derive_seconds("book", 30, "pages", reading_speed={"book": 210})
    assert book.seconds == pytest.approx(30 * 350 / 210 * 60)
    assert book.explanation == "30 pages × 350 characters ÷ 210 characters/min"
    manga_chars = derive_seconds("manga", 800, "characters")
    assert manga_chars.seconds == pytest.approx(600)
