"""Logging any immersion, the history of every kind, edits and deletes (service rules)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.catalog.sync_episodes import EpisodeRef, sync_episodes
from handlers.service.core.errors import Conflict, InvalidInput, NotFound
from handlers.service.core.log_ids import new_log_id
from handlers.service.kept.upkeep import rebuild
from handlers.service.logbook import history
from handlers.service.logbook import writes as logs
from handlers.service.logbook.writes import EntryChanges, LogRequest
from storage.memory import InMemoryItemRepository
from storage.models import Episode, Show, YouTubeChannel, YouTubeVideo, user_pk
from storage.repository import Item, ItemRepository

NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 23:00 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def repo() -> Iterator[ItemRepository]:
    store = InMemoryItemRepository()
    yield store
    store.close()


_ids = iter(range(10**6))


def log(repo: ItemRepository, user: str = "alice", now: datetime = NOW, **fields: Any) -> Any:
    return logs.log(
        repo,
        user,
        LogRequest(**fields),
        now=now,
        zone=BERLIN,
        reading_speed=lambda: {"book": 210},
        source="api",
        log_id=f"{next(_ids):026d}",
    )


def every_entry(repo: ItemRepository, user: str = "alice", **filters: Any) -> list[history.Entry]:
    found, cursor = [], None
    while True:
        page = history.page(repo, user, limit=3, cursor=cursor, **filters)
        found.extend(page.entries)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def test_a_log_in_minutes_is_stored_and_answered_as_an_entry(repo: ItemRepository) -> None:
    logged = log(repo, activity="Anime", minutes=25, title=" Frieren ", note="ep 5")
    entry = logged.entry
    assert (entry.kind, entry.activity, entry.title) == ("log", "anime", "Frieren")
    assert entry.minutes == 25
    assert (entry.at, entry.note, entry.source, logged.derivation) == (
        int(NOW.timestamp()), "ep 5", "api", None
    )
    stored = repo.get(user_pk("alice"), history.entry_sk(entry.id))
    assert stored is not None and stored["duration"] == 1500 and stored["user"] == "alice"
    assert "amount" not in stored and "unit" not in stored


def test_amounts_are_derived_and_the_derivation_is_kept(repo: ItemRepository) -> None:
    episodes = log(repo, activity="anime", amount=2, unit="episodes", episode_minutes=23)
    assert episodes.entry.minutes == 46 and episodes.derivation == "2 episodes × 23 min"
    assert (episodes.entry.amount, episodes.entry.unit) == (2, "episodes")
    pages = log(repo, activity="book", amount=30, unit="pages")
    assert pages.entry.minutes == 50  # 30 × 350 characters at this user's 210 a minute
    assert pages.derivation == "30 pages × 350 characters ÷ 210 characters/min"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"activity": "anmie", "minutes": 5}, "activity: I don't know the activity 'anmie'."),
        ({"activity": "anime"}, "minutes: give minutes, or an amount with its unit."),
        ({"activity": "anime", "minutes": 24 * 60 + 1}, "at most 24 hours"),
        ({"activity": "anime", "minutes": 5, "date": "2026-12-02"}, "date: is in the future"),
        ({"activity": "anime", "minutes": 5, "date": "28/11/2026"}, "date: use YYYY-MM-DD"),
        ({"activity": "anime", "minutes": 5, "at": int(NOW.timestamp()) + 3600}, "future"),
        ({"activity": "anime", "minutes": 5, "at": 1, "date": "2026-11-01"}, "not both"),
    ],
)
def test_bad_logs_are_refused_and_nothing_is_stored(
    repo: ItemRepository, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        log(repo, **fields)
    assert list(repo.query_prefix(user_pk("alice"))) == []


def test_a_date_is_local_noon_of_that_day_in_the_users_zone(repo: ItemRepository) -> None:
    yesterday = log(repo, activity="reading", minutes=45, date="2026-11-30").entry
    assert yesterday.at == int(datetime(2026, 11, 30, 12, tzinfo=BERLIN).timestamp())
    today = log(repo, activity="reading", minutes=45, date="2026-12-01").entry
    assert today.at == int(NOW.timestamp())


def _old_generation_items(repo: ItemRepository) -> None:
    """Items as the first generation wrote them (no history references), then upgraded."""
    base = int((NOW - timedelta(days=3)).timestamp())
    repo.put(Show(user="alice", folder_name="free", tvdb_id=1, tvdb_name="Free!",
                  tvdb_average_runtime=1440).to_item())
    repo.put(Episode(user="alice", folder_name="free", file_name="ep1", timestamp=base).to_item())
    repo.put(
        Episode(user="alice", folder_name="bare", file_name="x", timestamp=base + 60).to_item()
    )
    repo.put(YouTubeChannel(user="alice", youtube_channel_id="UC1",
                            youtube_channel_title="Nihongo").to_item())
    repo.put(YouTubeVideo(user="alice", youtube_video_id="a" * 11, youtube_video_title="Vlog",
                          youtube_channel_id="UC1", youtube_video_duration=600,
                          timestamp=base + 120).to_item())
    rebuild(repo, "alice", BERLIN)  # a first-generation store is upgraded by rebuild


def test_history_lists_every_kind_newest_first_including_older_items(
    repo: ItemRepository,
) -> None:
    _old_generation_items(repo)
    log(repo, activity="manga", minutes=10, date="2026-11-30")
    entries = every_entry(repo)
    assert [(e.kind, e.title, e.subtitle, e.minutes) for e in entries] == [
        ("log", None, None, 10),
        ("youtube", "Vlog", "Nihongo", 10),
        ("episode", "x", "bare", 20),
        ("episode", "ep1", "Free!", 24),
    ]
    assert [e.activity for e in entries] == ["manga", "video", "tv", "tv"]
    assert entries[1].url == "https://www.youtube.com/watch?v=" + "a" * 11


def test_paging_stays_correct_while_entries_come_and_go(repo: ItemRepository) -> None:
    for minute in range(7):
        log(repo, activity="anime", minutes=minute + 1,
            now=NOW - timedelta(hours=minute))
    first = history.page(repo, "alice", limit=3)
    assert [e.minutes for e in first.entries] == [1, 2, 3]
    log(repo, activity="anime", minutes=99)  # newer than the page already seen
    logs.delete(repo, "alice", first.entries[0].id, zone=BERLIN)  # and one seen is deleted
    second = history.page(repo, "alice", limit=3, cursor=first.next_cursor)
    assert [e.minutes for e in second.entries] == [4, 5, 6]
    third = history.page(repo, "alice", limit=3, cursor=second.next_cursor)
    assert [e.minutes for e in third.entries] == [7] and third.next_cursor is None


def test_filters_by_activity_and_local_dates(repo: ItemRepository) -> None:
    log(repo, activity="anime", minutes=1, date="2026-11-28")
    log(repo, activity="book", minutes=2, date="2026-11-29")
    log(repo, activity="anime", minutes=3, date="2026-11-30")
    assert [e.minutes for e in every_entry(repo, activity="anime")] == [3, 1]
    since = int(datetime(2026, 11, 29, tzinfo=BERLIN).timestamp())
    until = int(datetime(2026, 11, 29, 23, 59, 59, tzinfo=BERLIN).timestamp())
    assert [e.minutes for e in every_entry(repo, since=since, until=until)] == [2]


@pytest.mark.parametrize("cursor", ["x", "SElTVE9SWSMx", "bm90IGEgY3Vyc29y", "%%%"])
def test_a_tampered_cursor_is_refused(repo: ItemRepository, cursor: str) -> None:
    with pytest.raises(InvalidInput, match="cursor"):
        history.page(repo, "alice", cursor=cursor)


def test_edits_follow_each_kinds_rules(repo: ItemRepository) -> None:
    _old_generation_items(repo)
    entry = log(repo, activity="anime", amount=2, unit="episodes").entry
    changed = logs.edit(repo, "alice", entry.id, EntryChanges(minutes=30, title="Frieren",
                        activity="tv", date="2026-11-20"), now=NOW, zone=BERLIN)
    # The two episodes stay watched (tv counts episodes too), now in the 30 minutes given.
    assert (changed.minutes, changed.title, changed.activity, changed.amount) == (
        30, "Frieren", "tv", 2
    )
    assert every_entry(repo)[-1].id == entry.id  # moved back in time, to the end
    video = next(e for e in every_entry(repo) if e.kind == "youtube")
    partial = logs.edit(repo, "alice", video.id, EntryChanges(minutes=4), now=NOW, zone=BERLIN)
    assert partial.minutes == 4
    episode = next(e for e in every_entry(repo) if e.kind == "episode")
    with pytest.raises(InvalidInput, match="minutes: cannot be changed"):
        logs.edit(repo, "alice", episode.id, EntryChanges(minutes=4), now=NOW, zone=BERLIN)
    with pytest.raises(InvalidInput, match="future"):
        logs.edit(repo, "alice", entry.id, EntryChanges(date="2027-01-01"), now=NOW, zone=BERLIN)
    assert every_entry(repo)[-1].minutes == 30  # a failed edit leaves the entry as it was


class RacingRepository(InMemoryItemRepository):
    """The store as seen by an edit whose read is overtaken by another writer."""

    racing = False

    def get(self, pk: str, sk: str) -> Item | None:
        item = super().get(pk, sk)
        if self.racing and item is not None and sk.startswith("LOG#"):
            super().update(pk, sk, {"note": "someone else"}, int(item["version"]))
        return item


def test_a_racing_edit_is_a_conflict_never_a_lost_update() -> None:
    store = RacingRepository()
    entry = log(store, activity="anime", minutes=5).entry
    store.racing = True
    with pytest.raises(Conflict):
        logs.edit(store, "alice", entry.id, EntryChanges(minutes=9), now=NOW, zone=BERLIN)
    with pytest.raises(Conflict):
        logs.delete(store, "alice", entry.id, zone=BERLIN)
    store.racing = False
    stored = store.get(user_pk("alice"), history.entry_sk(entry.id))
    assert stored is not None and stored["duration"] == 300 and stored["note"] == "someone else"


def test_delete_removes_exactly_that_entry(repo: ItemRepository) -> None:
    _old_generation_items(repo)
    video = next(e for e in every_entry(repo) if e.kind == "youtube")
    removed = logs.delete(repo, "alice", video.id, zone=BERLIN)
    assert removed == video
    assert [e.kind for e in every_entry(repo)] == ["episode", "episode"]
    assert repo.get(user_pk("alice"), "YOUTUBECHANNEL#UC1") is not None


def test_another_users_entry_is_indistinguishable_from_a_missing_one(
    repo: ItemRepository,
) -> None:
    entry = log(repo, user="bob", activity="anime", minutes=5).entry
    for identifier in (entry.id, history.entry_id("LOG#nothing"), "!!", history.entry_id("SHOW#x")):
        with pytest.raises(NotFound, match="There is no such entry"):
            logs.delete(repo, "alice", identifier, zone=BERLIN)
        with pytest.raises(NotFound, match="There is no such entry"):
            logs.edit(repo, "alice", identifier, EntryChanges(minutes=1), now=NOW, zone=BERLIN)
    assert repo.get(user_pk("bob"), history.entry_sk(entry.id)) is not None


def test_minutes_since_counts_today_across_kinds(repo: ItemRepository) -> None:
    _old_generation_items(repo)
    log(repo, activity="anime", minutes=20)
    log(repo, activity="book", minutes=15, now=NOW - timedelta(hours=1))
    log(repo, activity="book", minutes=15, date="2026-11-30")
    midnight = int(datetime(2026, 12, 1, tzinfo=BERLIN).timestamp())
    assert history.minutes_since(repo, "alice", midnight) == 35


def test_ulids_sort_by_creation_time() -> None:
    earlier = new_log_id(NOW, lambda n: b"\xff" * n)
    later = new_log_id(NOW + timedelta(milliseconds=1), lambda n: b"\x00" * n)
    assert len(earlier) == 26 and earlier < later


def test_synced_items_join_an_index_already_built(repo: ItemRepository) -> None:
    assert history.page(repo, "alice").entries == []  # builds the (empty) index
    first = int((NOW - timedelta(days=1)).timestamp())
    sync_episodes(repo, "alice", [EpisodeRef("free", "ep1")], first, BERLIN)
    sync_episodes(repo, "alice", [EpisodeRef("free", "ep1"), EpisodeRef("free", "ep2")],
                  int(NOW.timestamp()), BERLIN)
    entries = every_entry(repo)
    assert [(e.title, e.at) for e in entries] == [
        ("ep2", int(NOW.timestamp())),
        ("ep1", first),
    ]


def test_logs_at_the_same_moment_come_newest_logged_first(repo: ItemRepository) -> None:
    ids = [f"{new_log_id(NOW + timedelta(milliseconds=n), bytes):s}" for n in range(3)]
    for n, log_id in enumerate(ids):
        logs.log(repo, "alice", LogRequest(activity="manga", minutes=n + 1, date="2026-11-30"),
                 now=NOW, zone=BERLIN, reading_speed=dict, source="api", log_id=log_id)
    assert [e.minutes for e in every_entry(repo)] == [3, 2, 1]


def test_references_of_an_older_key_format_are_replaced_by_rebuild(repo: ItemRepository) -> None:
    log(repo, activity="anime", minutes=5)
    pk = user_pk("alice")
    for reference in list(repo.query_prefix(pk, "HISTORY#")):
        repo.delete(pk, reference["sk"])
        old = reference["sk"].split("#")
        # The first format: no tie-breaker in the key, no copy of the entry.
        bare = {k: v for k, v in reference.items() if k not in ("entry", "sealed", "related")}
        repo.put({**bare, "sk": "#".join([old[0], old[1], *old[3:]])})
    repo.put({"pk": pk, "sk": "HISTORYINDEX", "user": "alice", "version": 1})
    rebuild(repo, "alice", BERLIN)
    assert [e.minutes for e in history.page(repo, "alice").entries] == [5]
    assert len(list(repo.query_prefix(pk, "HISTORY#"))) == 1  # the old reference is gone
