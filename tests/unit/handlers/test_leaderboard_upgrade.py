"""Leaderboard memberships joined before users kept a record of them: rebuild records them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from handlers.service.facade import Service
from handlers.settings import Settings
from immersion_tracker.rebuild_command import run
from storage.memory import InMemoryItemRepository
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 1, 12, 7, 30, tzinfo=UTC)
GROUP, GUILD = -1001234, 987654321
PASSWORD = "a long enough password"
JOINED_AT = 1_760_000_000


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    with InMemoryItemRepository(clock=NOW.timestamp) as store:
        yield store


@pytest.fixture
def service(repo: InMemoryItemRepository) -> Service:
    return Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=lambda: NOW)


def _joined_the_old_way(repo: InMemoryItemRepository, pk: str, user: str) -> None:
    """A membership as versions before the user's own record wrote it: the group's only."""
    repo.put({"pk": pk, "sk": f"MEMBER#{user}", "user": user, "joined_at": JOINED_AT,
              "version": 1})


@pytest.fixture
def old_store(repo: InMemoryItemRepository, service: Service) -> Service:
    for user in ("alice", "bob"):
        service.accounts.add(user, PASSWORD)
    _joined_the_old_way(repo, f"GROUP#{GROUP}", "alice")
    _joined_the_old_way(repo, f"DISCORDGUILD#{GUILD}", "alice")
    service.leaderboards.join(GROUP, "bob")  # joined since: recorded on both sides
    return service


def _board(service: Service) -> tuple[list[str], list[str]]:
    return ([s.user for s in service.leaderboards.ranking(GROUP)],
            [s.user for s in service.leaderboards.ranking(GUILD, chat="discord")])


def test_after_rebuild_removing_a_user_takes_them_off_boards_joined_long_ago(
    old_store: Service,
) -> None:
    assert _board(old_store) == (["alice", "bob"], ["alice"])
    assert run(old_store, None, None, verify=False) == 0
    old_store.accounts.remove("alice")
    assert _board(old_store) == (["bob"], [])
    # A later user of the same name inherits none of them.
    old_store.accounts.add("alice", "someone else's password")
    assert _board(old_store) == (["bob"], [])


def test_verify_names_each_unrecorded_membership_until_rebuild_records_it(
    old_store: Service, capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(old_store, None, None, verify=True) == 1
    found = capsys.readouterr().out.splitlines()
    assert found == [
        f"alice: DISCORDLEADERBOARD#{GUILD}: stored None, derived the record of the "
        f"membership DISCORDGUILD#{GUILD} MEMBER#alice",
        f"alice: LEADERBOARD#{GROUP}: stored None, derived the record of the membership "
        f"GROUP#{GROUP} MEMBER#alice",
    ]
    assert run(old_store, None, None, verify=False) == 0
    assert "rebuild: 2 leaderboard memberships recorded" in capsys.readouterr().err
    assert run(old_store, None, None, verify=True) == 0
    assert capsys.readouterr().out == ""


def test_the_record_keeps_the_join_time_and_a_second_run_writes_nothing(
    old_store: Service, repo: InMemoryItemRepository, capsys: pytest.CaptureFixture[str],
) -> None:
    run(old_store, None, None, verify=False)
    record = repo.get("USER#alice", f"LEADERBOARD#{GROUP}")
    assert record is not None
    assert (record["user"], record["chat_id"], record["joined_at"]) == (
        "alice", GROUP, JOINED_AT)
    capsys.readouterr()
    run(old_store, None, None, verify=False)
    assert "rebuild: 0 leaderboard memberships recorded" in capsys.readouterr().err
    # What the group's partition holds beside its members is not taken for a membership.
    repo.put({"pk": f"GROUP#{GROUP}", "sk": "SETTINGS", "version": 1})
    repo.put({"pk": "GROUP#not-a-number", "sk": "MEMBER#carol", "version": 1})
    assert old_store.leaderboards.unrecorded_memberships() == []


def test_leaving_after_rebuild_removes_both_records(
    old_store: Service, repo: InMemoryItemRepository,
) -> None:
    run(old_store, None, None, verify=False)
    assert old_store.leaderboards.leave(GUILD, "alice", chat="discord")
    assert repo.get("USER#alice", f"DISCORDLEADERBOARD#{GUILD}") is None
    assert _board(old_store) == (["alice", "bob"], [])


def test_a_rebuild_of_one_user_leaves_memberships_alone(
    old_store: Service, capsys: pytest.CaptureFixture[str],
) -> None:
    # Only a run over every user reads the whole store for them.
    assert run(old_store, "alice", None, verify=True) == 0
    assert "leaderboard" not in capsys.readouterr().out
    assert len(old_store.leaderboards.unrecorded_memberships()) == 2
