"""The kept movie list (``MOVIES#<shard>``): each movie's element back exactly, within a
DynamoDB item, kept by delta in the unit of work's transactions and by ``rebuild``."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from handlers.service.facade import Service
from handlers.service.kept.derive import derive
from handlers.service.kept.movie_list import (
    MOVIES_PREFIX,
    SHARDS,
    Fields,
    changed_fields,
    elements,
    set_into,
    shard_sk,
)
from handlers.service.kept.plan import Change, transactions
from handlers.service.kept.writing import Writing, updated
from handlers.service.progress.lists import movie_element, movies_in_order, name_key
from handlers.settings import Settings
from storage.limits import ITEM_MAX_BYTES, check_item, item_size
from storage.memory import InMemoryItemRepository
from storage.models import LogEntry, Movie, user_pk
from storage.repository import Add, Item, Put
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")
PK = user_pk("alice")
texts = st.none() | st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]),
                            max_size=12)


def _movie(file_name: str, **fields: object) -> Item:
    return Movie.model_validate({"user": "alice", "file_name": file_name,
                                 "timestamp": int(NOW.timestamp()), **fields}).to_item()


def _shards(movies: list[Item]) -> list[Item]:
    kept: Fields = {}
    for movie in movies:
        set_into(kept, changed_fields(None, movie))
    return [{"pk": PK, "sk": sk, "user": "alice", **values} for sk, values in kept.items()]


def _by_id(found: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(found, key=lambda element: str(element["movie_id"]))


@given(st.lists(st.tuples(st.text(min_size=1, max_size=12), texts, texts, texts, texts),
                max_size=12, unique_by=lambda fields: fields[0]))
def test_every_element_comes_back_exactly_nulls_included(
    fields: list[tuple[str, str | None, str | None, str | None, str | None]],
) -> None:
    movies = [_movie(file_name, tvdb_name=tvdb_name, tvdb_image=tvdb_image,
                     tmdb_name=tmdb_name, tmdb_image=tmdb_image)
              for file_name, tvdb_name, tvdb_image, tmdb_name, tmdb_image in fields]
    found = elements(_shards(movies))
    assert _by_id(found) == _by_id([movie_element(movie) for movie in movies])


def test_a_movie_whose_id_is_not_its_keys_comes_back_with_its_own() -> None:
    # Stored before every door checked its input: the element names the file, not the key.
    movie = {**_movie("kimi", tvdb_name="Your Name"), "file_name": "kimi no na wa"}
    assert elements(_shards([movie])) == [movie_element(movie)]


def test_a_shard_stays_far_below_the_item_limit_at_a_hundred_thousand_movies() -> None:
    # 200 bytes a movie: a long file name, a name and a TVDB poster URL.
    poster = "https://artworks.thetvdb.com/banners/v4/movie/{n:06d}/posters/6512c0f1d2a3b4c5d6e7f8a9b0.jpg"
    movies = [_movie(f"Some.Long.Movie.Title.{n:06d}.2023.1080p.BluRay.x264-GROUP",
                     tvdb_name=f"Some Long Movie Title {n:06d}: The Extended Cut",
                     tvdb_image=poster.format(n=n)) for n in range(100_000)]
    assert {len(m["tvdb_name"]) + len(m["sk"]) + len(m["tvdb_image"]) for m in movies} == {200}
    shards = _shards(movies)
    assert len(shards) == SHARDS
    largest = max(item_size(shard) for shard in shards)
    assert largest < ITEM_MAX_BYTES // 2, largest
    assert check_item(max(shards, key=item_size)) <= ITEM_MAX_BYTES
    # The movies spread evenly: no shard holds twice its share.
    held = Counter(shard_sk(str(movie["sk"])) for movie in movies)
    assert max(held.values()) < 2 * len(movies) // SHARDS


def test_a_change_sets_the_new_element_and_a_removal_takes_the_attribute_away() -> None:
    old = _movie("suzume", tvdb_name="Suzume", tvdb_image="a.jpg")
    shard = shard_sk("MOVIE#suzume")
    assert changed_fields(None, old) == {shard: {"MOVIE#suzume": '["Suzume","a.jpg"]'}}
    new = updated(old, {"tvdb_image": None})
    assert changed_fields(old, new) == {shard: {"MOVIE#suzume": '["Suzume",null]'}}
    assert changed_fields(old, {**old, "movie_duration": 60, "timestamp": 1}) == {}
    assert changed_fields(old, None) == {shard: {"MOVIE#suzume": None}}
    log = LogEntry(user="alice", log_id="1", activity="book", duration=60, timestamp=1,
                   created_at=1, source="api").to_item()
    assert changed_fields(None, log) == changed_fields(log, None) == {}


def test_a_transaction_sets_each_shard_once_the_later_change_winning() -> None:
    moved: list[Fields] = [{"MOVIES#01": {"MOVIE#a": "1", "MOVIE#b": "2"}},
                           {"MOVIES#01": {"MOVIE#a": None}, "MOVIES#02": {"MOVIE#c": "3"}},
                           {"MOVIES#02": {"MOVIE#c": "4"}}]
    changes = [Change([Put({"pk": PK, "sk": f"LOG#{n}"})], fields=fields)
               for n, fields in enumerate(moved)]
    (ops,) = transactions("alice", changes)
    adds = {op.sk: op for op in ops if isinstance(op, Add)}
    assert adds == {
        "MOVIES#01": Add(PK, "MOVIES#01", {}, {"user": "alice", "MOVIE#a": None, "MOVIE#b": "2"}),
        "MOVIES#02": Add(PK, "MOVIES#02", {}, {"user": "alice", "MOVIE#c": "4"}),
    }


def test_a_split_transaction_counts_the_shards_and_keeps_every_change_whole() -> None:
    changes = [Change([Put({"pk": PK, "sk": f"LOG#{n}"})],
                      fields={f"MOVIES#{n:02x}": {f"MOVIE#{n}": "[null,null]"}})
               for n in range(60)]
    planned = list(transactions("alice", changes, limit=100))
    assert [len(ops) for ops in planned] == [100, 20]
    sets = [op.sk for ops in planned for op in ops if isinstance(op, Add)]
    assert sorted(sets) == sorted(f"MOVIES#{n:02x}" for n in range(60))


def _service(store: InMemoryItemRepository) -> Service:
    return Service(repo=store, providers=fake_clients(), settings=Settings(timezone="UTC"),
                   clock=lambda: NOW)


def test_rebuild_takes_away_an_attribute_left_behind_and_an_emptied_shard() -> None:
    store = InMemoryItemRepository(clock=NOW.timestamp)
    service = _service(store)
    kept, gone = _movie("suzume", tvdb_name="Suzume"), _movie("kimi", tvdb_name="Kimi")
    with Writing(store, "alice", UTC_ZONE) as writing:
        writing.add(kept)
        writing.add(gone)
    with Writing(store, "alice", UTC_ZONE) as writing:
        writing.remove(gone)
    # The delta leaves the emptied shard holding no movie: the same as no shard.
    emptied = store.get(PK, shard_sk("MOVIE#kimi"))
    assert emptied is not None and set(emptied) == {"pk", "sk", "user"}
    assert service.kept.verify("alice") == []
    # A movie's attribute that lingers where no movie is stored is a difference named.
    shard = store.get(PK, shard_sk("MOVIE#suzume"))
    assert shard is not None
    lingering = {**shard, "MOVIE#old": '["Old",null]'}
    store.put(lingering)
    assert [(d.sk, d.attribute) for d in service.kept.verify("alice")] == [
        (lingering["sk"], "MOVIE#old")]
    assert service.kept.rebuild("alice") == 2
    assert service.kept.verify("alice") == []
    shards = list(store.query_prefix(PK, MOVIES_PREFIX))
    assert [set(shard) for shard in shards] == [{"pk", "sk", "user", "MOVIE#suzume"}]
    assert derive("alice", [kept], {}, UTC_ZONE)[shards[0]["sk"]] == shards[0]


@given(st.lists(st.fixed_dictionaries({
    "movie_id": st.text("ab1", max_size=3),
    "name": st.none() | st.text("Bb ", max_size=3),
    "artwork_url": st.none(),
})))
def test_movies_are_in_the_name_order_nulls_last_then_by_id(movies: list[dict[str, Any]]) -> None:
    expected = sorted(movies, key=lambda m: (*name_key(m["name"]), m["movie_id"]))
    assert movies_in_order(movies) == expected
