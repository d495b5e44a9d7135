"""Export then import: any history of every kind comes back identical, and CSV is the history."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.service.facade import Service
from handlers.service.kept.creating import create_new
from handlers.service.logbook import history_index
from handlers.service.logbook.history import MAX_PAGE
from handlers.service.portability.export import CSV_COLUMNS, row_of
from storage.models import (
    Episode,
    LogEntry,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    StoredItem,
    YouTubeChannel,
    YouTubeVideo,
    user_pk,
)
from storage.sqlite import SQLiteItemRepository
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                max_size=12)
moments = st.integers(1_600_000_000, int(NOW.timestamp()))
seconds = st.integers(1, 86_400)


def _kinds(user: str) -> st.SearchStrategy[StoredItem]:
    return st.one_of(
        st.builds(Episode, user=st.just(user), folder_name=names, file_name=names,
                  timestamp=moments),
        st.builds(Show, user=st.just(user), folder_name=names,
                  tvdb_average_runtime=st.none() | st.integers(1, 200),
                  activity=st.none() | st.just("anime")),
        st.builds(Movie, user=st.just(user), file_name=names, timestamp=moments,
                  movie_duration=st.none() | seconds, tvdb_name=st.none() | names),
        st.builds(YouTubeVideo, user=st.just(user), youtube_video_id=names, timestamp=moments,
                  youtube_video_duration=st.none() | seconds, youtube_channel_id=st.none() | names,
                  watched_seconds=st.none() | seconds),
        st.builds(YouTubeChannel, user=st.just(user), youtube_channel_id=names,
                  youtube_channel_title=st.none() | names),
        st.builds(SpotifyEpisode, user=st.just(user), spotify_episode_id=names,
                  timestamp=moments, spotify_episode_duration=st.none() | seconds),
        st.builds(SpotifyShow, user=st.just(user), spotify_show_id=names),
        st.builds(LogEntry, user=st.just(user), log_id=names, activity=st.sampled_from(
                  ["anime", "book", "podcast", "game"]), title=names, duration=seconds,
                  timestamp=moments, created_at=moments, source=st.just("api"),
                  amount=st.none() | st.integers(1, 500).map(float),
                  note=st.none() | names),
    )


def _service() -> Service:
    return Service(repo=SQLiteItemRepository(":memory:"), providers=fake_clients(),
                   clock=lambda: NOW)


def _without_keys(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    bookkeeping = ("IMPORT#", "IMPORTED#", "DAYTOTALS", "PROGRESSSUMMARY")
    return sorted(
        ({k: v for k, v in item.items() if k not in ("pk", "user") and not _token(item, k)}
         for item in items if not str(item["sk"]).startswith(bookkeeping)),
        key=lambda item: str(item["sk"]),
    )


def _token(item: dict[str, Any], attribute: str) -> bool:
    """A history reference's version is a fresh token per write (the index's, not the user's)."""
    return attribute == "version" and str(item["sk"]).startswith(history_index.PREFIX)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_kinds("alice"), max_size=25), st.sampled_from(["UTC", "Asia/Tokyo"]))
def test_jsonl_export_into_an_empty_user_recreates_everything(
    models: list[StoredItem], zone: str
) -> None:
    service = _service()
    items = [model.to_item() for model in models]
    create_new(service.store, "alice", service.timezone("alice"), items)
    service.set_timezone("alice", zone)
    exported = "".join(service.portability.export_jsonl("alice")).encode()
    report = service.portability.import_file("bob", io.BytesIO(exported), "ours")
    assert report.error_count == 0
    alice = list(service.repo.query_prefix(user_pk("alice")))
    bob = list(service.repo.query_prefix(user_pk("bob")))
    assert _without_keys(bob) == _without_keys(alice)
    assert service.kept.verify("alice") == service.kept.verify("bob") == []
    assert service.progress("bob") == service.progress("alice")
    again = service.portability.import_file("bob", io.BytesIO(exported), "auto")
    assert again.added == 0

    rows = list(csv.reader(io.StringIO("".join(service.portability.export_csv("alice")))))
    assert tuple(rows[0]) == CSV_COLUMNS
    entries, cursor = [], None
    while True:
        page = service.logbook.history("alice", limit=MAX_PAGE, cursor=cursor)
        entries += page.entries
        if (cursor := page.next_cursor) is None:
            break
    tz = service.timezone("alice")
    assert [tuple(r) for r in rows[1:]] == [row_of(entry, tz) for entry in entries]
    service.close()
