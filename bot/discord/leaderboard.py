"""/leaderboard show|join|leave: a server's opt-in leaderboard (store I/O through the service).

Only those who joined this server's board appear, ranked by minutes in the period;
leaving removes them at once. The board is the server's, so it answers in a server only.
"""

from __future__ import annotations

from bot.command_texts import ranking_text
from bot.discord.answers import Reply, refusal
from bot.discord.calls import Call, Outcome
from bot.formatting import short

PERIODS = ("week", "month")


def leaderboard(call: Call, user: str) -> Outcome:
    guild, boards = call.interaction.guild_id, call.service.leaderboards
    if guild is None:
        return refusal("Leaderboards belong to a server: use /leaderboard in one.")
    action = call.interaction.subcommand
    if action == "join":
        joined = boards.join(guild, user, "discord")
        return Reply(f"{short(user, 30)} {'joined' if joined else 'is already on'} this "
                     "server's leaderboard.", ephemeral=True)
    if action == "leave":
        boards.leave(guild, user, "discord")
        return Reply(f"{short(user, 30)} left this server's leaderboard.", ephemeral=True)
    if action != "show":
        return refusal("Use /leaderboard show, /leaderboard join or /leaderboard leave.")
    period = call.option("period").lower() or "week"
    if period not in PERIODS:
        return refusal("The period is week or month.")
    return Reply(ranking_text(boards.ranking(guild, period, "discord"), period))
