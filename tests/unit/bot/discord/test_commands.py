"""The slash commands through the door: linking, /log (the shared grammar), links,
/progress with its chart, /export, /goal, /timezone, /undo."""

from __future__ import annotations

import json
import re

import pytest

from tests.log_grammar import LOGGED, REFUSED, Logged, Refused
from tests.unit.bot.discord.conftest import (
    ALICE,
    BOB,
    EPHEMERAL,
    STRANGER,
    Discord,
    content,
    custom_ids,
)

PSY = "9bZkp7q19f0"


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))


def _entries(d: Discord, user: str = "alice") -> list[tuple[str, float, str]]:
    return [(e.activity, e.minutes, e.title or "")
            for e in d.service.logbook.history(user, limit=50).entries]


def test_an_unlinked_account_is_asked_to_link_for_all_but_link_and_help(
        discord: Discord) -> None:
    for name, options in (("log", {"text": "25m anime"}), ("progress", {}), ("history", {}),
                          ("undo", {}), ("export", {}), ("unlink", {}),
                          ("leaderboard", {"subcommand": "join", "guild_id": 1})):
        answer = discord.command(STRANGER, name, **options)
        assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL, name
        assert "not linked yet" in content(answer), name
    helped = discord.command(STRANGER, "help")
    assert "/log" in content(helped) and "Not linked yet" in content(helped)


def test_link_with_a_code_then_log_and_unlink(discord: Discord) -> None:
    discord.service.accounts.add("alice", "a-long-password-1")
    code = discord.service.links.create_code("alice")
    linked = discord.command(ALICE, "link", code=code.lower())
    assert linked["data"]["flags"] & EPHEMERAL and "Linked as **alice**" in content(linked)
    again = discord.command(BOB, "link", code=code)
    assert "already used" in content(again) or "not valid" in content(again)
    assert "Logged" in content(discord.command(ALICE, "log", text="25m anime"))
    assert "Unlinked from **alice**" in content(discord.command(ALICE, "unlink"))
    assert "not linked yet" in content(discord.command(ALICE, "log", text="25m anime"))
    assert _entries(discord) == [("anime", 25, "")]


@pytest.mark.parametrize("case", LOGGED, ids=[c.text for c in LOGGED])
def test_the_shared_log_grammar_logs_through_discord(discord: Discord, case: Logged) -> None:
    discord.link(ALICE, "alice")
    answer = discord.command(ALICE, "log", text=case.text)
    assert answer["type"] == 4 and not answer["data"]["flags"] & EPHEMERAL
    assert case.says in _plain(content(answer))
    assert [label for label, _ in custom_ids(answer)] == ["↩️ Undo", "✏️ Edit"]
    assert _entries(discord) == [(case.activity, case.minutes, case.title)]


@pytest.mark.parametrize("case", REFUSED, ids=[c.text or "empty" for c in REFUSED])
def test_the_shared_log_grammar_refuses_through_discord(discord: Discord,
                                                        case: Refused) -> None:
    discord.link(ALICE, "alice")
    answer = discord.command(ALICE, "log", text=case.text)
    assert answer["data"]["flags"] & EPHEMERAL
    assert content(answer).startswith("⚠️ ") and case.says in _plain(content(answer))
    assert len(content(answer)) <= 300
    assert _entries(discord) == []


def test_a_title_with_markdown_and_html_shows_as_typed(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    answer = discord.command(ALICE, "log", text="25m anime *Frieren* <b>x</b> [a](b)")
    assert r"anime — \*Frieren\* <b>x</b> \[a\](b)" in content(answer)


def test_a_youtube_link_is_logged_after_a_deferred_answer(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    answer = discord.command(ALICE, "log", text=f"https://youtu.be/{PSY}")
    assert answer == {"type": 5, "data": {"flags": 0}}
    patch = discord.follow_up()
    assert patch.path.endswith("/messages/@original")
    assert patch.path.startswith(f"/webhooks/{discord.signer.application_id}/interaction-token-")
    assert "**Logged**" in patch.body["content"] and "Today:" in patch.body["content"]
    assert [label for label, _ in custom_ids(patch.body)] == ["↩️ Undo"]
    assert [kind for kind, _, _ in _entries(discord)] == ["video"]


def test_log_this_link_logs_for_whoever_invokes_it(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.link(BOB, "bob")
    message = discord.signer.message_command(BOB, f"watch https://youtu.be/{PSY} !", ALICE)
    assert discord.answer(message)["type"] == 5
    discord.follow_up()
    assert _entries(discord, "alice") == []
    assert [kind for kind, _, _ in _entries(discord, "bob")] == ["video"]
    plain = discord.answer(discord.signer.message_command(BOB, "no link here", ALICE))
    assert plain["data"]["flags"] & EPHEMERAL and "no YouTube" in content(plain)


def test_progress_answers_later_with_its_chart_attached(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "log", text="25m anime")
    assert discord.command(ALICE, "progress")["type"] == 5
    patch = discord.follow_up()
    assert patch.files["files[0]"][0] == "progress.png"
    assert patch.files["files[0]"][1].startswith(b"\x89PNG")
    assert patch.body["attachments"] == [{"id": 0, "filename": "progress.png"}]
    assert 0 < len(patch.body["content"]) <= 2000


def test_progress_of_a_period_answers_at_once_and_a_bad_period_is_refused(
        discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "log", text="25m anime")
    week = discord.command(ALICE, "progress", period="week")
    assert week["type"] == 4 and "the last 7 days" in content(week)
    bad = discord.command(ALICE, "progress", period="fortnight")
    assert bad["data"]["flags"] & EPHEMERAL and "/progress today" in content(bad)


def test_progress_of_all_time_counts_entries_older_than_ten_years(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "log", text="1h podcast Old 2010-05-01")
    discord.command(ALICE, "log", text="30m anime New")
    everything = _plain(content(discord.command(ALICE, "progress", period="all")))
    assert "Total: 1h 30m" in everything and "Old (podcast) 1h 00m" in everything
    assert discord.command(ALICE, "progress")["type"] == 5
    whole = _plain(discord.follow_up().body["content"])
    assert "Old (podcast) 1h 00m\n• New (anime) 30 min" in whole


def test_export_sends_both_files_privately(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "log", text="25m anime Frieren")
    assert discord.command(ALICE, "export") == {"type": 5, "data": {"flags": EPHEMERAL}}
    patch = discord.follow_up()
    names = {name: data for name, data in patch.files.values()}
    assert set(names) == {"immersion-alice.jsonl", "immersion-alice.csv"}
    assert b"Frieren" in names["immersion-alice.csv"]
    assert all(json.loads(line) for line in names["immersion-alice.jsonl"].splitlines())


def test_goal_timezone_and_undo(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    assert "Daily: 1h 00m" in content(discord.command(ALICE, "goal", text="60m daily"))
    assert "Goals cleared" in content(discord.command(ALICE, "goal", text="off"))
    tz = discord.command(ALICE, "timezone", zone="Asia/Tokyo")
    assert "Time zone set to **Asia/Tokyo** (it is 18:30 there)" in content(tz)
    wrong = discord.command(ALICE, "timezone", zone="Mars/Olympus")
    assert wrong["data"]["flags"] & EPHEMERAL and content(wrong).startswith("⚠️")
    assert content(discord.command(ALICE, "undo")) == "Nothing to undo."
    discord.command(ALICE, "log", text=f"https://youtu.be/{PSY}")
    discord.follow_up()
    asked = discord.command(ALICE, "undo")
    [(_, yes), (_, keep)] = custom_ids(asked)
    assert keep == "undo-keep"
    removed = discord.answer(discord.signer.press(ALICE, yes))
    assert removed["type"] == 7 and content(removed).startswith("Removed")
    assert _entries(discord) == []


def test_setshow_attaches_tvdb_to_the_only_pending_show_or_the_named_one(
        discord: Discord) -> None:
    from handlers.service.catalog.sync_episodes import EpisodeRef

    discord.link(ALICE, "alice")
    discord.service.sync_episodes("alice", [EpisodeRef("haikyu s1", "Haikyu - 01")])
    assert discord.command(ALICE, "setshow", tvdb_id=270065) == {
        "type": 5, "data": {"flags": EPHEMERAL}}
    patch = discord.follow_up()
    assert "haikyu s1 is now **ハイキュー!!**" in patch.body["content"]
    discord.service.sync_episodes("alice", [EpisodeRef("other", "Other - 01"),
                                            EpisodeRef("third", "Third - 01")])
    several = discord.command(ALICE, "setshow", tvdb_id=270065)
    assert "2 of your shows lack metadata" in content(several)
    assert discord.command(ALICE, "setshow", tvdb_id=270065, folder="other")["type"] == 5
    assert "other is now" in discord.follow_up().body["content"]


def test_setshow_with_activity_anime_counts_the_show_as_anime_and_tv_again(
        discord: Discord) -> None:
    from handlers.service.catalog.sync_episodes import EpisodeRef
    from storage.models import user_pk

    discord.link(ALICE, "alice")
    discord.service.sync_episodes("alice", [EpisodeRef("haikyu s1", "Haikyu - 01")])
    assert discord.command(ALICE, "setshow", tvdb_id=270065, activity="anime")["type"] == 5
    assert "counted as anime" in discord.follow_up().body["content"]
    show = discord.service.repo.get(user_pk("alice"), "SHOW#haikyu s1") or {}
    assert show.get("activity") == "anime"
    assert [r["activity"] for r in discord.service.progress("alice")["by_activity"]] == ["anime"]
    discord.command(ALICE, "setshow", tvdb_id=270065, folder="haikyu s1", activity="tv")
    assert "counted as tv" in discord.follow_up().body["content"]
    assert [r["activity"] for r in discord.service.progress("alice")["by_activity"]] == ["tv"]
    refused = discord.command(ALICE, "setshow", tvdb_id=270065, activity="book")
    assert content(refused) == "⚠️ A show is anime or tv, not 'book'."


def test_a_link_with_the_part_watched_logs_that_part(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    assert discord.command(ALICE, "log", text=f"https://youtu.be/{PSY} 2m yesterday")[
        "type"] == 5
    patch = discord.follow_up()
    assert "✅ Logged **2 min** of " in patch.body["content"]
    assert "📅 11 Jan" in patch.body["content"]
    assert [label for label, _ in custom_ids(patch.body)] == ["↩️ Undo", "✏️ Edit"]
    [entry] = discord.service.logbook.history("alice", limit=5).entries
    assert entry.minutes == 2


def test_a_message_of_more_links_than_button_rows_can_undo_them_all(discord: Discord) -> None:
    # Discord takes five rows of buttons: four Undos, then one for every log of the message.
    discord.link(ALICE, "alice")
    links = " ".join(f"https://youtu.be/fake{n:07d}" for n in range(12))
    discord.command(ALICE, "log", text=links)
    patch = discord.follow_up()
    buttons = custom_ids(patch.body)
    assert len(buttons) == 5 and buttons[-1][0] == "↩️ Undo all 12"
    assert len(_entries(discord)) == 12
    one = discord.answer(discord.signer.press(ALICE, buttons[0][1]))
    assert content(one).startswith("Removed")
    every = discord.answer(discord.signer.press(ALICE, buttons[-1][1]))
    assert content(every) == "Removed 11 logs."
    assert _entries(discord) == []
    again = discord.answer(discord.signer.press(ALICE, buttons[-1][1]))
    assert "Nothing to undo there." in content(again)
