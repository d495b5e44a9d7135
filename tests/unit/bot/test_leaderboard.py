"""Study groups: /leaderboard in a group chat ranks only members who opted in, by minutes."""

from __future__ import annotations

from handlers.service.logbook.writes import LogRequest
from tests.fakes.bot_updates import BOT_USERNAME
from tests.unit.bot.conftest import ALICE_TG, BOB_TG, STRANGER_TG, Harness
from tests.unit.bot.scenario import play

GROUP = -100123


async def _in_group(h: Harness, user_id: int, text: str) -> str:
    command, _, rest = text.partition(" ")
    addressed = f"{command}@{BOT_USERNAME} {rest}".strip()
    (answer,) = await h.say(user_id, addressed, chat_id=GROUP, chat_type="supergroup")
    return answer.text


def test_only_members_who_joined_are_ranked_by_minutes(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        h.link(BOB_TG, "bob")
        for user, minutes in (("alice", 30), ("bob", 90), ("carol", 500)):
            h.service.logbook.log(user, LogRequest(activity="anime", minutes=minutes), "api")
        assert "Nobody here" in await _in_group(h, ALICE_TG, "/leaderboard")
        assert "joined" in await _in_group(h, ALICE_TG, "/leaderboard join")
        assert "joined" in await _in_group(h, BOB_TG, "/leaderboard join")
        board = await _in_group(h, ALICE_TG, "/leaderboard")
        assert board.index("bob") < board.index("alice")
        assert "1h 30m" in board
        assert "carol" not in board
        assert "alice" in await _in_group(h, ALICE_TG, "/leaderboard month")
        assert "left" in await _in_group(h, BOB_TG, "/leaderboard leave")
        assert "bob" not in await _in_group(h, ALICE_TG, "/leaderboard week")
        assert "Link your account" in await _in_group(h, STRANGER_TG, "/leaderboard join")
        assert "Use /leaderboard" in await _in_group(h, ALICE_TG, "/leaderboard year")

    play(harness, scenario)


def test_in_a_private_chat_it_points_to_groups(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        (answer,) = await h.say(ALICE_TG, "/leaderboard")
        assert "group chat" in answer.text

    play(harness, scenario)
