"""Episodes whose names share a stored key, or cannot be stored, are failed, never skipped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.service.catalog.sync_episodes import EpisodeRef
from handlers.service.facade import Service
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2024, 1, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def service() -> Service:
    repo = InMemoryItemRepository(clock=lambda: NOW.timestamp())
    return Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=lambda: NOW)


def stored_episodes(service: Service) -> list[tuple[str, str]]:
    return [
        (item["folder_name"], item["file_name"])
        for item in service.repo.query_prefix(user_pk("alice"), "EPISODE#")
    ]


def test_an_episode_whose_key_holds_another_is_failed_not_skipped(service: Service) -> None:
    assert service.sync_episodes("alice", [EpisodeRef("a#b", "c")]).added_count == 1
    report = service.sync_episodes("alice", [EpisodeRef("a", "b#c"), EpisodeRef("a#b", "c")])
    assert report.added == []
    assert [item.id for item in report.existing] == ["a#b/c"]
    [failed] = report.failed
    assert failed.id == "a/b#c"
    assert "same stored key as the episode a#b/c" in failed.reason
    assert stored_episodes(service) == [("a#b", "c")]


def test_colliding_episodes_in_one_request_record_the_first_only(service: Service) -> None:
    report = service.sync_episodes(
        "alice", [EpisodeRef("a", "b#c"), EpisodeRef("a#b", "c"), EpisodeRef("a", "b#c")]
    )
    assert [item.id for item in report.added] == ["a/b#c"]
    assert [item.id for item in report.failed] == ["a#b/c"]
    assert report.existing == []
    assert stored_episodes(service) == [("a", "b#c")]


def test_names_too_long_to_store_are_failed_and_the_rest_recorded(service: Service) -> None:
    long_folder = "進" * 340  # 1,020 bytes: over the 1,019 a show folder name may use
    long_file = "x" * 1_000  # fits alone, not together with the folder name
    report = service.sync_episodes(
        "alice",
        [EpisodeRef(long_folder, "01"), EpisodeRef("Free", long_file), EpisodeRef("Free", "01")],
    )
    assert [item.id for item in report.added] == ["Free/01"]
    reasons = {failed.id: failed.reason for failed in report.failed}
    assert reasons == {
        f"{long_folder}/01": "The show folder name is too long (at most 1,019 bytes in UTF-8).",
        f"Free/{long_file}": "The show folder and file name together are too long "
        "(at most 981 bytes in UTF-8).",
    }
    assert stored_episodes(service) == [("Free", "01")]
