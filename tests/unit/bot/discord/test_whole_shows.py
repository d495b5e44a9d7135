"""A shared Spotify show or YouTube playlist through the Discord door: ``/log <link>`` or
"Log this link", a deferred summary with "Log all", and the press logging it (the table
Telegram's bot runs too)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.fakes.providers import ProviderFake
from tests.unit.bot.discord.conftest import (
    ALICE,
    BOB,
    EPHEMERAL,
    STRANGER,
    Discord,
    content,
    custom_ids,
)
from tests.whole_show_cases import CASES, WholeShow

SHOW = CASES[0].link


def _plain(markdown: str) -> list[str]:
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", "")).splitlines()


def _share(discord: Discord, user: int, link: str, door: str) -> dict[str, Any]:
    if door == "log":
        return discord.command(user, "log", text=link)
    return discord.answer(discord.signer.message_command(user, link, BOB))


def _entries(discord: Discord, user: str = "alice") -> int:
    return len(discord.service.logbook.history(user, limit=50).entries)


@pytest.mark.parametrize("door", ["log", "log-this-link"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_log_all_logs_the_whole_show_as_telegram_does(
        discord: Discord, providers: ProviderFake, case: WholeShow, door: str) -> None:
    if case.playlist is not None:
        providers.youtube.playlists[case.playlist[0]] = list(case.playlist[1])
    discord.link(ALICE, "alice")
    if case.first:
        discord.command(ALICE, "log", text=case.first)
        discord.follow_up()
    assert _share(discord, ALICE, case.link, door) == {"type": 5, "data": {"flags": 0}}
    offer = discord.follow_up()
    assert offer.path.endswith("/messages/@original")
    assert _plain(offer.body["content"])[1] == case.holds
    assert _entries(discord) == (1 if case.first else 0)  # nothing logged before the press
    [(label, log_all), (cancel, _)] = custom_ids(offer.body)
    assert (label, cancel) == (case.label, "Cancel")
    assert discord.answer(discord.signer.press(ALICE, log_all)) == {"type": 6}
    done = discord.follow_up()
    assert done.path.endswith("/messages/@original")
    assert _plain(done.body["content"])[0] == case.says
    assert "Today:" in done.body["content"] and len(done.body["content"]) <= 2000
    assert done.body["components"] == []  # the summary's buttons go with it
    assert _entries(discord) == case.entries


def test_log_all_logs_for_whoever_presses_it(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.link(BOB, "bob")
    discord.command(ALICE, "log", text=SHOW)
    [(_, log_all), _] = custom_ids(discord.follow_up().body)
    assert discord.answer(discord.signer.press(BOB, log_all))["type"] == 6
    discord.follow_up()
    assert (_entries(discord, "alice"), _entries(discord, "bob")) == (0, 2)
    unlinked = discord.answer(discord.signer.press(STRANGER, log_all))
    assert unlinked["data"]["flags"] & EPHEMERAL and "not linked yet" in content(unlinked)
    assert discord.pending == []


def test_cancel_logs_nothing(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "log", text=SHOW)
    [_, (_, cancel)] = custom_ids(discord.follow_up().body)
    answer = discord.answer(discord.signer.press(ALICE, cancel))
    assert answer["type"] == 7 and content(answer) == "Nothing logged."
    assert answer["data"]["components"] == [] and _entries(discord) == 0


@pytest.mark.parametrize("custom_id", [
    "xa", "xa:", "xa:c:", "xa:z:6Nl8RDfPxsk4h4bfWe76Kg", "xa:c:6Nl8RDfPxsk4h4bfWe76Kg:x",
    "xa:y:PL<script>", "xa:y:" + "P" * 95, "xc:6Nl8RDfPxsk4h4bfWe76Kg", "xa:c:a b"])
def test_a_garbage_log_all_gets_one_sentence_and_logs_nothing(discord: Discord,
                                                             custom_id: str) -> None:
    discord.link(ALICE, "alice")
    answer = discord.answer(discord.signer.press(ALICE, custom_id))
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
    sentence = content(answer)
    assert 0 < len(sentence) <= 300 and sentence.count(".") == 1
    assert discord.pending == [] and _entries(discord) == 0


def test_an_unknown_show_is_one_sentence_in_place_of_thinking(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    assert discord.command(ALICE, "log", text="https://open.spotify.com/show/"
                                              "0000000000000000000000")["type"] == 5
    patch = discord.follow_up()
    assert patch.body["content"] == "⚠️ Spotify has no show with this id."
    assert patch.body["components"] == []


def test_a_show_vanishing_before_the_press_is_said_in_place_of_the_summary(
        discord: Discord, providers: ProviderFake) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "log", text=SHOW)
    [(_, log_all), _] = custom_ids(discord.follow_up().body)
    providers.spotify.show_items.clear()
    providers.spotify.shows.clear()
    assert discord.answer(discord.signer.press(ALICE, log_all)) == {"type": 6}
    assert discord.follow_up().body["content"] == "⚠️ Spotify has no show with this id."
    assert _entries(discord) == 0


def test_a_show_link_without_a_linked_account_asks_to_link(discord: Discord) -> None:
    answer = discord.command(STRANGER, "log", text=SHOW)
    assert answer["data"]["flags"] & EPHEMERAL and "not linked yet" in content(answer)
    assert discord.pending == []
