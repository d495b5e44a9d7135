"""The repository contract, run against every storage adapter (does I/O)."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from storage.models import load_item
from storage.repository import ItemRepository, VersionConflict
from tests.integration.storage.samples import (
    AWKWARD_NAMES,
    SPEC_EXAMPLES,
    every_kind,
    plain_item,
)

PK = "USER#alice"
OTHER_PK = "USER#bob"


def utf8_order(sks: list[str]) -> list[str]:
    return sorted(sks, key=lambda sk: sk.encode("utf-8"))


def sks_of(repository: ItemRepository, pk: str, prefix: str = "") -> list[str]:
    return [item["sk"] for item in repository.query_prefix(pk, prefix)]


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_every_kind_round_trips_losslessly(repository: ItemRepository, name: str) -> None:
    for model in every_kind("alice", name):
        item = model.to_item()
        repository.put(item)
        stored = repository.get(item["pk"], item["sk"])
        assert stored == item
        assert stored is not None
        assert load_item(stored) == model


def test_spec_examples_are_stored_as_given(repository: ItemRepository) -> None:
    for example in SPEC_EXAMPLES:
        repository.put(example)
        stored = repository.get(example["pk"], example["sk"])
        assert stored == example
        assert stored is not None
        model = load_item(stored)
        assert model is not None
        assert model.to_item() == example


def test_value_types_come_back_as_stored(repository: ItemRepository) -> None:
    item = plain_item(
        PK,
        "SETTINGS#types",
        count=3,
        ratio=0.25,
        flag=True,
        empty_text="",
        nested={"list": [1, "two", 3.5, False], "map": {"k": "v"}},
        absent=None,
    )
    repository.put(item)
    stored = repository.get(PK, "SETTINGS#types")
    assert stored is not None
    assert "absent" not in stored
    assert type(stored["count"]) is int
    assert type(stored["ratio"]) is float
    assert stored["flag"] is True
    assert type(stored["nested"]["list"][0]) is int
    del item["absent"]
    assert stored == item


def test_get_of_a_missing_item_is_none(repository: ItemRepository) -> None:
    assert repository.get(PK, "EPISODE#nothing") is None


def test_put_overwrites(repository: ItemRepository) -> None:
    repository.put(plain_item(PK, "SHOW#a", tvdb_id=1, tvdb_name="old"))
    repository.put(plain_item(PK, "SHOW#a", tvdb_id=2))
    assert repository.get(PK, "SHOW#a") == plain_item(PK, "SHOW#a", tvdb_id=2)


def test_put_if_absent_creates_once_and_never_overwrites(repository: ItemRepository) -> None:
    assert repository.put_if_absent(plain_item(PK, "MOVIE#m", movie_duration=1))
    assert not repository.put_if_absent(plain_item(PK, "MOVIE#m", movie_duration=2))
    assert repository.get(PK, "MOVIE#m") == plain_item(PK, "MOVIE#m", movie_duration=1)


def test_put_many_if_absent_reports_only_new_items(repository: ItemRepository) -> None:
    repository.put(plain_item(PK, "EPISODE#old", mark="before"))
    batch = [
        plain_item(PK, "EPISODE#old", mark="batch"),
        plain_item(PK, "EPISODE#new", mark="first"),
        plain_item(PK, "EPISODE#new", mark="repeat"),
        plain_item(OTHER_PK, "EPISODE#new", mark="other user"),
    ]
    created = repository.put_many_if_absent(batch)
    assert created == {(PK, "EPISODE#new"), (OTHER_PK, "EPISODE#new")}
    assert repository.get(PK, "EPISODE#old") == plain_item(PK, "EPISODE#old", mark="before")
    assert repository.get(PK, "EPISODE#new") == plain_item(PK, "EPISODE#new", mark="first")
    assert repository.put_many_if_absent([]) == set()


@pytest.mark.parametrize("count", [101, 250])
def test_put_many_if_absent_handles_large_batches(repository: ItemRepository, count: int) -> None:
    items = [plain_item(PK, f"EPISODE#show#{n:04}", n=n) for n in range(count)]
    existing = items[::7]
    for item in existing:
        repository.put(item)
    created = repository.put_many_if_absent(items)
    expected = {(PK, item["sk"]) for item in items} - {(PK, item["sk"]) for item in existing}
    assert created == expected
    assert repository.put_many_if_absent(items) == set()
    assert sks_of(repository, PK, "EPISODE#show#") == [item["sk"] for item in items]


def test_racing_writers_create_each_item_exactly_once(
    concurrent_repository: ItemRepository,
) -> None:
    repository = concurrent_repository
    writers = 4
    sks = [f"YOUTUBEVIDEO#v{n:03}" for n in range(150)]

    def write(writer: int) -> set[tuple[str, str]]:
        order = sks[:]
        random.Random(writer).shuffle(order)
        return repository.put_many_if_absent([plain_item(PK, sk, writer=writer) for sk in order])

    with ThreadPoolExecutor(writers) as pool:
        results = list(pool.map(write, range(writers)))
    assert sum(len(created) for created in results) == len(sks)
    assert set().union(*results) == {(PK, sk) for sk in sks}
    for writer, created in enumerate(results):
        for _, sk in created:
            stored = repository.get(PK, sk)
            assert stored is not None
            assert stored["writer"] == writer


def test_get_many_returns_existing_items_only(repository: ItemRepository) -> None:
    items = [plain_item(PK, f"SPOTIFYEPISODE#{n:03}") for n in range(0, 240, 2)]
    repository.put_many_if_absent(items)
    repository.put(plain_item(OTHER_PK, "SPOTIFYEPISODE#001"))
    wanted = [f"SPOTIFYEPISODE#{n:03}" for n in range(240)] + ["SPOTIFYEPISODE#000"]
    found = repository.get_many(PK, wanted)
    assert found == {item["sk"]: item for item in items}
    assert repository.get_many(PK, []) == {}


def test_query_prefix_orders_by_utf8_bytes(repository: ItemRepository) -> None:
    # U+FF5E sorts before U+1F600 in UTF-8 but after it in UTF-16.
    names = ["a", "B", "～", "😀", "é", "進撃", "z", "Z#1", "Z 1", "ｚ", "\u00a0", "a b"]
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    repository.put_many_if_absent([plain_item(PK, f"SHOW#{name}") for name in shuffled])
    assert sks_of(repository, PK, "SHOW#") == utf8_order([f"SHOW#{name}" for name in names])


def test_query_prefix_treats_special_characters_literally(repository: ItemRepository) -> None:
    suffixes = ["a%b", "axb", "a_b", "a[b]", "ab", "a*", "a?", "a#b", "a#", "a", "b", "a\\b"]
    repository.put_many_if_absent([plain_item(PK, f"EPISODE#{s}") for s in suffixes])
    for prefix in ["a%", "a_", "a[", "a*", "a?", "a#", "a\\"]:
        expected = utf8_order([f"EPISODE#{s}" for s in suffixes if s.startswith(prefix)])
        assert sks_of(repository, PK, f"EPISODE#{prefix}") == expected
    assert sks_of(repository, PK, "EPISODE#c") == []


def test_query_prefix_stays_within_the_partition(repository: ItemRepository) -> None:
    repository.put(plain_item(PK, "SHOW#x"))
    repository.put(plain_item(PK, "EPISODE#x#1"))
    repository.put(plain_item(OTHER_PK, "SHOW#y"))
    repository.put(plain_item("USER#alice2", "SHOW#z"))
    assert sks_of(repository, PK) == ["EPISODE#x#1", "SHOW#x"]
    assert sks_of(repository, PK, "SHOW#") == ["SHOW#x"]
    assert sks_of(repository, "USER#nobody") == []


def test_query_prefix_pages_through_many_large_items(repository: ItemRepository) -> None:
    # About 3.5 MB of items: several 1 MB pages on DynamoDB, several pages on SQLite too.
    padding = "x" * 3_000
    sks = [f"EPISODE#long show#{n:05}" for n in range(1_150)]
    for sk in sks:
        repository.put(plain_item(PK, sk, padding=padding))
    repository.put(plain_item(PK, "SHOW#long show"))
    streamed = list(repository.query_prefix(PK, "EPISODE#"))
    assert [item["sk"] for item in streamed] == sks
    assert all(item["padding"] == padding for item in streamed)


def test_query_prefix_pages_from_a_key_with_a_limit(repository: ItemRepository) -> None:
    sks = [f"HISTORY#{n:04}#x" for n in range(25)]
    repository.put_many_if_absent([plain_item(PK, sk) for sk in sks])
    repository.put(plain_item(PK, "HISTORZ"))
    repository.put(plain_item(PK, "HISTORX"))

    def page(start_after: str | None, limit: int | None) -> list[str]:
        found = repository.query_prefix(PK, "HISTORY#", start_after=start_after, limit=limit)
        return [item["sk"] for item in found]

    assert page(None, 10) == sks[:10]
    assert page(sks[9], 10) == sks[10:20]
    assert page(sks[19], 10) == sks[20:]
    assert page(sks[24], 10) == []
    assert page("HISTORY#0007", None) == sks[7:]  # a position need not be a stored key
    assert page("HISTORX", 3) == sks[:3]  # before the prefix: from its start
    assert page("HISTORYZ", 3) == []  # past the prefix: nothing
    assert page(None, 0) == []
    assert page(None, None) == sks


def test_query_prefix_never_answers_the_key_just_past_the_prefix(
    repository: ItemRepository,
) -> None:
    # "HISTORY$" is the smallest key after every "HISTORY#..." key: a store reading a key
    # range up to it (inclusive) must drop it, and the start key too.
    sks = [f"HISTORY#{n}" for n in range(5)]
    repository.put_many_if_absent([plain_item(PK, sk) for sk in [*sks, "HISTORY$", "HISTORY"]])

    def page(start_after: str | None, limit: int | None) -> list[str]:
        found = repository.query_prefix(PK, "HISTORY#", start_after=start_after, limit=limit)
        return [item["sk"] for item in found]

    assert page(None, None) == sks
    assert page(sks[2], None) == sks[3:]
    assert page(sks[2], 2) == sks[3:]
    assert page(sks[2], 1) == sks[3:4]
    assert page(sks[3], 5) == sks[4:]
    assert page(sks[4], 5) == []
    top = "\U0010ffff"
    repository.put_many_if_absent([plain_item(PK, f"SHOW#{top}{n}") for n in "ab"])
    assert sks_of(repository, PK, f"SHOW#{top}") == [f"SHOW#{top}a", f"SHOW#{top}b"]
    found = repository.query_prefix(PK, f"SHOW#{top}", start_after=f"SHOW#{top}a", limit=1)
    assert [item["sk"] for item in found] == [f"SHOW#{top}b"]


def test_last_in_prefix_is_the_greatest_key_of_the_prefix(repository: ItemRepository) -> None:
    names = ["a", "B", "～", "😀", "é", "進撃", "z", "Z#1", "ｚ", "\u00a0"]
    repository.put_many_if_absent([plain_item(PK, f"SHOW#{name}") for name in names])
    # Keys just past the prefix (its upper bound among them) and other partitions never count.
    repository.put_many_if_absent([plain_item(PK, sk) for sk in ("SHOW$", "SHOX", "SHOW")])
    repository.put(plain_item(OTHER_PK, "SHOW#\U0010ffff"))
    last = repository.last_in_prefix(PK, "SHOW#")
    assert last is not None
    assert last["sk"] == utf8_order([f"SHOW#{name}" for name in names])[-1]
    assert last == repository.get(PK, last["sk"])
    assert repository.last_in_prefix(PK, "SHOW#進") == repository.get(PK, "SHOW#進撃")
    assert repository.last_in_prefix(PK, "EPISODE#") is None
    assert repository.last_in_prefix("USER#nobody", "SHOW#") is None
    everything = repository.last_in_prefix(PK)
    assert everything is not None and everything["sk"] == "SHOX"
    top = "\U0010ffff"  # a prefix with no upper bound
    repository.put_many_if_absent([plain_item(PK, f"{top}{n}") for n in "ab"])
    found = repository.last_in_prefix(PK, top)
    assert found is not None and found["sk"] == f"{top}b"


def test_writes_while_streaming_do_not_disturb_the_stream(
    concurrent_repository: ItemRepository,
) -> None:
    repository = concurrent_repository
    sks = [f"EPISODE#s#{n:04}" for n in range(600)]
    for sk in sks:
        repository.put(plain_item(PK, sk))
    seen = []
    for item in repository.query_prefix(PK, "EPISODE#"):
        seen.append(item["sk"])
        repository.update(PK, item["sk"], {"seen": True}, expected_version=1)
    assert seen == sks
    assert all(item["version"] == 2 for item in repository.query_prefix(PK, "EPISODE#"))


def test_update_with_the_right_version(repository: ItemRepository) -> None:
    repository.put(plain_item(PK, "SHOW#s", folder_name="s", tvdb_name="Old", tvdb_id=1))
    updated = repository.update(
        PK, "SHOW#s", {"tvdb_name": "New 新", "tvdb_id": None, "tvdb_image": "i"}, 1
    )
    expected = plain_item(PK, "SHOW#s", folder_name="s", tvdb_name="New 新", tvdb_image="i")
    expected["version"] = 2
    assert updated == expected
    assert repository.get(PK, "SHOW#s") == expected


def test_update_with_a_stale_version_conflicts(repository: ItemRepository) -> None:
    repository.put(plain_item(PK, "SHOW#s", tvdb_name="Old"))
    repository.update(PK, "SHOW#s", {"tvdb_name": "First"}, 1)
    with pytest.raises(VersionConflict) as conflict:
        repository.update(PK, "SHOW#s", {"tvdb_name": "Second"}, 1)
    assert (conflict.value.pk, conflict.value.sk) == (PK, "SHOW#s")
    stored = repository.get(PK, "SHOW#s")
    assert stored is not None
    assert (stored["tvdb_name"], stored["version"]) == ("First", 2)


def test_update_of_a_missing_item_conflicts(repository: ItemRepository) -> None:
    with pytest.raises(VersionConflict):
        repository.update(PK, "SHOW#none", {"tvdb_name": "x"}, 1)
    assert repository.get(PK, "SHOW#none") is None


def test_update_refuses_to_change_key_or_version(repository: ItemRepository) -> None:
    repository.put(plain_item(PK, "SHOW#s"))
    for changes in ({"sk": "SHOW#t"}, {"version": 9}, {"pk": OTHER_PK}):
        with pytest.raises(ValueError):  # noqa: PT011 - the type is the contract
            repository.update(PK, "SHOW#s", changes, 1)
    assert repository.get(PK, "SHOW#s") == plain_item(PK, "SHOW#s")


def test_delete_unconditionally(repository: ItemRepository) -> None:
    repository.put(plain_item(PK, "MOVIE#m"))
    assert repository.delete(PK, "MOVIE#m")
    assert repository.get(PK, "MOVIE#m") is None
    assert not repository.delete(PK, "MOVIE#m")


def test_delete_conditionally(repository: ItemRepository) -> None:
    repository.put(plain_item(PK, "MOVIE#m"))
    with pytest.raises(VersionConflict):
        repository.delete(PK, "MOVIE#m", expected_version=2)
    assert repository.get(PK, "MOVIE#m") is not None
    assert repository.delete(PK, "MOVIE#m", expected_version=1)
    assert repository.get(PK, "MOVIE#m") is None
    with pytest.raises(VersionConflict):
        repository.delete(PK, "MOVIE#m", expected_version=1)
