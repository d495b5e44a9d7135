"""Buttons and the edit form by ``custom_id``, /history's pages, and server leaderboards."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.bot.discord.conftest import (
    ALICE,
    BOB,
    CAROL,
    EPHEMERAL,
    GUILD,
    OTHER_GUILD,
    Discord,
    content,
    custom_ids,
)


def _titles(d: Discord, user: str = "alice") -> list[str]:
    return [e.title or "" for e in d.service.logbook.history(user, limit=50).entries]


def _button(answer: dict[str, Any], label: str) -> str:
    return next(cid for text, cid in custom_ids(answer) if label in text)


def test_history_pages_with_edit_and_delete_buttons(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    for n in range(7):
        discord.command(ALICE, "log", text=f"{n + 1}m anime T{n}")
        discord.clock.advance(minutes=1)
    first = discord.command(ALICE, "history")
    assert first["data"]["flags"] & EPHEMERAL
    assert "1. " in content(first) and "T6" in content(first) and "T1" not in content(first)
    rows = first["data"]["components"]
    assert [len(r["components"]) for r in rows] == [5, 5, 1]
    older = discord.answer(discord.signer.press(ALICE, _button(first, "Older")))
    assert older["type"] == 7 and "page 2" in content(older) and "T0" in content(older)
    newer = discord.answer(discord.signer.press(ALICE, _button(older, "Newer")))
    assert "page 1" in content(newer)


def test_delete_asks_then_removes_only_that_entry(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "log", text="5m anime Keep")
    discord.clock.advance(minutes=1)
    discord.command(ALICE, "log", text="6m anime Gone")
    listing = discord.command(ALICE, "history")
    asked = discord.answer(discord.signer.press(ALICE, _button(listing, "🗑 1")))
    assert asked["type"] == 7 and content(asked).startswith("Delete ")
    done = discord.answer(discord.signer.press(ALICE, _button(asked, "Yes, delete")))
    assert "Removed" in content(done)
    assert _titles(discord) == ["Keep"]
    stale = discord.answer(discord.signer.press(ALICE, _button(asked, "Yes, delete")))
    assert stale["data"]["flags"] & EPHEMERAL
    assert content(stale) == "That entry is gone; see /history."


def test_someone_elses_button_never_touches_the_owners_entry(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.link(BOB, "bob")
    logged = discord.command(ALICE, "log", text="25m anime Mine")
    pressed = discord.answer(discord.signer.press(BOB, _button(logged, "Undo"), GUILD))
    assert pressed["data"]["flags"] & EPHEMERAL and "gone" in content(pressed)
    assert _titles(discord) == ["Mine"]


def test_the_edit_form_changes_the_filled_fields_at_once(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    logged = discord.command(ALICE, "log", text="25m anime Frieren")
    form = discord.answer(discord.signer.press(ALICE, _button(logged, "Edit")))
    assert form["type"] == 9
    fields = [c["components"][0]["custom_id"] for c in form["data"]["components"]]
    assert fields == ["minutes", "date", "title", "activity"]
    done = discord.answer(discord.signer.submit(
        ALICE, form["data"]["custom_id"], {"minutes": "1h05", "date": "-2d", "title": ""}))
    assert "anime — Frieren · 1h 05m · 10 Jan" in content(done)
    refused = discord.answer(discord.signer.submit(
        ALICE, form["data"]["custom_id"], {"minutes": "soon", "title": "New"}))
    assert refused["data"]["flags"] & EPHEMERAL and "25m or 1h30" in content(refused)
    [entry] = discord.service.logbook.history("alice", limit=5).entries
    assert (entry.minutes, entry.title) == (65, "Frieren")
    # A person's sentence, as on Telegram, not the API's "minutes: …" for programs.
    long = discord.answer(discord.signer.submit(
        ALICE, form["data"]["custom_id"], {"minutes": "25h"}))
    assert content(long) == "⚠️ One entry covers at most 24 hours."
    knitting = discord.answer(discord.signer.submit(
        ALICE, form["data"]["custom_id"], {"activity": "knitting"}))
    assert content(knitting).startswith("⚠️ I don't know the activity")


@pytest.mark.parametrize("custom_id", [
    "", "nonsense", "xp:abc", "xp:99999", "xd:", "xe:0.zzzz", "undo:x:y", "undo::",
    "xm:", "x" * 100, "xu:" + "9" * 97, "ql:knitting:5", "ql:anime:0", "ql:anime", "ss:1:2",
])
def test_a_garbage_custom_id_gets_one_ephemeral_sentence(discord: Discord,
                                                         custom_id: str) -> None:
    discord.link(ALICE, "alice")
    for payload in (discord.signer.press(ALICE, custom_id),
                    discord.signer.submit(ALICE, custom_id, {"minutes": "5m"})):
        status, answer = discord.post(payload)
        assert status == 200 and answer["type"] == 4, custom_id
        assert answer["data"]["flags"] & EPHEMERAL
        assert 0 < len(content(answer)) <= 300


def test_unknown_commands_and_options_of_the_wrong_type_get_one_sentence(
        discord: Discord) -> None:
    discord.link(ALICE, "alice")
    for answer in (discord.command(ALICE, "frobnicate"),
                   discord.command(ALICE, "setshow", tvdb_id="not a number"),
                   discord.command(ALICE, "log", text=12345),
                   discord.command(ALICE, "leaderboard", subcommand="explode", guild_id=GUILD),
                   discord.answer(discord.signer.message_command(ALICE, "x", BOB, name="Nope"))):
        assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL, answer
        assert 0 < len(content(answer)) <= 300, answer


def test_a_server_leaderboard_shows_only_those_who_joined_that_server(
        discord: Discord) -> None:
    for who, name in ((ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")):
        discord.link(who, name)
    discord.command(ALICE, "log", text="30m anime")
    discord.command(BOB, "log", text="2h podcast")
    discord.command(CAROL, "log", text="45m manga")
    empty = discord.command(ALICE, "leaderboard", subcommand="show", guild_id=GUILD)
    assert "Nobody here has joined" in content(empty)
    joined = discord.command(ALICE, "leaderboard", subcommand="join", guild_id=GUILD)
    assert joined["data"]["flags"] & EPHEMERAL and "joined" in content(joined)
    discord.command(CAROL, "leaderboard", subcommand="join", guild_id=OTHER_GUILD)
    board = content(discord.command(BOB, "leaderboard", subcommand="show", guild_id=GUILD))
    assert "alice" in board and "bob" not in board and "carol" not in board
    discord.command(CAROL, "leaderboard", subcommand="join", guild_id=GUILD)
    board = content(discord.command(BOB, "leaderboard", subcommand="show", guild_id=GUILD,
                                    period="month"))
    assert board.index("carol") < board.index("alice") and "This month" in board
    discord.command(CAROL, "leaderboard", subcommand="leave", guild_id=GUILD)
    board = content(discord.command(ALICE, "leaderboard", subcommand="show", guild_id=GUILD))
    assert "carol" not in board and "alice" in board
    other = content(discord.command(ALICE, "leaderboard", subcommand="show",
                                    guild_id=OTHER_GUILD))
    assert "carol" in other and "alice" not in other


def test_a_leaderboard_outside_a_server_is_refused(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    answer = discord.command(ALICE, "leaderboard", subcommand="join")
    assert answer["data"]["flags"] & EPHEMERAL and "server" in content(answer)
