"""The ``discord`` subcommand: register the Discord door's commands (network I/O)."""

from __future__ import annotations

import argparse


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``discord register [--guild ID]`` on the top-level parser's subparsers."""
    discord = commands.add_parser("discord", help="set up the Discord door")
    actions = discord.add_subparsers(dest="action", required=True, metavar="ACTION")
    register = actions.add_parser(
        "register", help="overwrite the application's slash commands with this version's")
    register.add_argument("--guild", metavar="ID",
                          help="register in one server only (changes show at once)")
    discord.set_defaults(run=register_command)


def register_command(args: argparse.Namespace) -> int:
    from bot.discord.command_set import register
    from bot.discord.rest import DiscordApiError
    from handlers.settings import load_settings

    guild = args.guild
    if guild is not None and not guild.isdigit():
        raise ValueError("--guild takes the server's id (digits)")
    try:
        registered = register(load_settings(), guild)
    except DiscordApiError as error:
        raise SystemExit(f"error: {error}") from None
    where = f"server {guild}" if guild else "every server and DM (may take up to an hour)"
    names = ", ".join(str(c.get("name")) for c in registered)
    print(f"Registered {len(registered)} commands for {where}: {names}")
    return 0
