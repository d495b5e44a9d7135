"""A deferred answer's edit that Discord answers 429: waited out as Discord asks, bounded."""

from __future__ import annotations

import pytest

from bot.discord.rest import RATE_LIMITED_RETRIES
from tests.unit.bot.discord.conftest import ALICE, Discord


def _export_deferred(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "log", text="25m anime Frieren")
    assert discord.command(ALICE, "export")["type"] == 5


def _finish(discord: Discord) -> None:
    deferred, discord.pending[:] = list(discord.pending), []
    for payload in deferred:
        discord.door.finish(payload)


@pytest.mark.parametrize(("body", "header", "waited"), [
    (1.5, None, 1.5),   # Discord's JSON body, in fractional seconds
    (None, "2", 2.0),   # only the Retry-After header
    (0.25, "9", 0.25),  # the body's finer figure wins
])
def test_an_edit_rate_limited_once_is_sent_again_after_the_wait_discord_asks(
        discord: Discord, body: float | None, header: str | None, waited: float) -> None:
    _export_deferred(discord)
    discord.api.fail_next("PATCH", 429, retry_after=body, header=header)
    _finish(discord)
    first, second = discord.api.calls("PATCH")
    assert discord.sleeps == [waited]
    assert second.path == first.path and second.body == first.body
    # The files go again with the retried edit.
    assert {name for name, _ in second.files.values()} == {
        "immersion-alice.jsonl", "immersion-alice.csv"}


def test_a_429_naming_no_wait_follows_the_shared_schedule(discord: Discord) -> None:
    _export_deferred(discord)
    discord.api.fail_next("PATCH", 429, retry_after=None)
    _finish(discord)
    assert len(discord.api.calls("PATCH")) == 2
    [wait] = discord.sleeps
    ceiling = RATE_LIMITED_RETRIES.ceiling(0)
    assert ceiling / 2 <= wait <= ceiling


def test_retries_are_bounded_in_number(discord: Discord) -> None:
    _export_deferred(discord)
    discord.api.fail_next("PATCH", 429, count=50, retry_after=1.0)
    _finish(discord)  # gives up quietly: the failure is logged, nothing raises
    assert RATE_LIMITED_RETRIES.retries == 3
    assert discord.sleeps == [1.0, 1.0, 1.0]
    assert len(discord.api.calls("PATCH")) == 4


def test_a_wait_past_the_budget_is_not_waited(discord: Discord) -> None:
    _export_deferred(discord)
    discord.api.fail_next("PATCH", 429, count=1, retry_after=600.0)
    _finish(discord)
    assert discord.sleeps == [] and len(discord.api.calls("PATCH")) == 1


def test_other_refusals_are_not_retried(discord: Discord) -> None:
    _export_deferred(discord)
    discord.api.fail_next("PATCH", 404, retry_after=None)
    _finish(discord)
    assert len(discord.api.calls("PATCH")) == 1 and discord.sleeps == []
