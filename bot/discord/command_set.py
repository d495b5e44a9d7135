"""The command set registered with Discord, and its bulk overwrite (network I/O to register).

One list, so every client sees the same commands: ``immersion-tracker discord register``
``PUT``s it whole (Discord replaces whatever was there), globally or, with ``--guild``, in
one server, where changes show at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.discord.rest import DiscordRest
from handlers.settings import Settings

LOG_THIS_LINK = "Log this link"

SUB_COMMAND, STRING, INTEGER = 1, 3, 4
CHAT_INPUT, MESSAGE = 1, 3
_IN_SERVERS_AND_DMS = {"contexts": [0, 1], "integration_types": [0]}


def _option(kind: int, name: str, description: str, *, required: bool = False,
            choices: tuple[str, ...] = ()) -> dict[str, Any]:
    option: dict[str, Any] = {"type": kind, "name": name, "description": description,
                              "required": required}
    if choices:
        option["choices"] = [{"name": c, "value": c} for c in choices]
    return option


def _command(name: str, description: str, *options: dict[str, Any]) -> dict[str, Any]:
    return {"type": CHAT_INPUT, "name": name, "description": description,
            "options": list(options), **_IN_SERVERS_AND_DMS}


COMMANDS: list[dict[str, Any]] = [
    _command("help", "What the tracker does, and whether this account is linked"),
    _command("link", "Link this Discord account with a code from the tracker",
             _option(STRING, "code", "The code, like ABCDE-FGHJK", required=True)),
    _command("unlink", "Unlink this Discord account"),
    _command("log", "Log immersion: 25m anime Frieren, 2ep anime, 40p manga yesterday, a link",
             _option(STRING, "text", "What you did, e.g. 25m anime Frieren", required=True)),
    _command("progress", "Your statistics, with a chart",
             _option(STRING, "period", "One period instead of everything",
                     choices=("today", "week", "month", "year", "all"))),
    _command("history", "Your latest entries, to edit or delete"),
    _command("undo", "Remove the last thing logged from a chat"),
    _command("goal", "See or set goals",
             _option(STRING, "text", "60m daily, 5h weekly reading, or off")),
    _command("timezone", "See or set your time zone",
             _option(STRING, "zone", "Area/City, e.g. Asia/Tokyo")),
    _command("setshow", "Attach a TVDB series to one of your shows, or say it is anime",
             _option(INTEGER, "tvdb_id", "The series' TVDB id", required=True),
             _option(STRING, "folder", "The show's folder (when several lack metadata)"),
             _option(STRING, "activity", "What its episodes count as", choices=("anime", "tv"))),
    _command("export", "Your data as two files"),
    _command("digest", "The weekly digest, sent to your direct messages here",
             _option(STRING, "text", "on, off, or a weekday and time like Monday 09:00")),
    _command("remind", "A direct message before your streak or daily goal slips",
             _option(STRING, "time", "A time of day like 20:00, or off")),
    _command("leaderboard", "This server's leaderboard, for those who join",
             {"type": SUB_COMMAND, "name": "show", "description": "The ranking by minutes",
              "options": [_option(STRING, "period", "This week or this month",
                                  choices=("week", "month"))]},
             {"type": SUB_COMMAND, "name": "join", "description": "Appear on this server's board"},
             {"type": SUB_COMMAND, "name": "leave", "description": "Leave this server's board"}),
    {"type": MESSAGE, "name": LOG_THIS_LINK, **_IN_SERVERS_AND_DMS},
]


def _option_names() -> dict[tuple[str, str | None], frozenset[str]]:
    found: dict[tuple[str, str | None], frozenset[str]] = {}
    for command in COMMANDS:
        options = list(command.get("options", ()))
        subcommands = [o for o in options if o["type"] == SUB_COMMAND]
        found[(command["name"], None)] = frozenset(
            o["name"] for o in options if o["type"] != SUB_COMMAND)
        for sub in subcommands:
            found[(command["name"], sub["name"])] = frozenset(
                o["name"] for o in sub.get("options", ()))
    return found


_OPTIONS = _option_names()
"""Each registered slash command's (and subcommand's) option names."""


def unknown_option(name: str, subcommand: str | None, given: Iterable[str]) -> str | None:
    """The first of ``given`` that the registered ``/name`` (``subcommand``) has no option
    of, if any (a client holding an older command set may send one)."""
    known = _OPTIONS.get((name, subcommand), frozenset())
    return next((option for option in given if option not in known), None)


class MissingDiscordSetting(ValueError):
    """Registering needs the application id and the bot token."""


def register(settings: Settings, guild_id: str | None = None,
             rest: DiscordRest | None = None) -> list[dict[str, Any]]:
    """Overwrite the application's commands with :data:`COMMANDS`; what Discord now has."""
    token = settings.discord_bot_token
    if not settings.discord_application_id or token is None:
        raise MissingDiscordSetting(
            "set IMMERSION_TRACKER_DISCORD_APPLICATION_ID and "
            "IMMERSION_TRACKER_DISCORD_BOT_TOKEN (the developer portal shows both)")
    client = rest or DiscordRest(settings.discord_api_base, token.get_secret_value())
    try:
        return client.put_commands(settings.discord_application_id, COMMANDS, guild_id)
    finally:
        if rest is None:
            client.close()
