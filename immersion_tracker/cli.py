"""The ``immersion-tracker`` command: serve, bot, sync, users, export, import, migrate,
rebuild, discord (I/O).

Imports are made inside each subcommand so the light install (the sync client, httpx only)
runs ``immersion-tracker sync`` without the server's dependencies.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handlers.service import Service

_OUR_PACKAGES = {
    "storage",
    "metadata_clients",
    "handlers",
    "bot",
    "sync_script",
    "immersion_tracker",
}


def _password(args: argparse.Namespace, prompt: str = "Password", *,
              for_account: bool = True) -> str:
    """The password from standard input (``--password-stdin``) or typed twice at a terminal;
    an account's password is checked against the rule right after it is first typed."""
    from handlers.service import PASSWORD_RULE, password_problem

    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise SystemExit("error: no password on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        # getpass would fall back to reading the pipe (twice) with a warning, then fail.
        raise SystemExit("error: standard input is not a terminal; to pipe the password in, "
                         "add --password-stdin (it reads the first line)")
    try:
        first = getpass.getpass(f"{prompt} ({PASSWORD_RULE}): " if for_account
                                else f"{prompt}: ")
        problem = password_problem(first) if for_account else None
        if problem is not None:
            raise SystemExit(f"error: {problem}")
        if getpass.getpass("Repeat it: ") != first:
            raise SystemExit("error: the two passwords differ")
    except EOFError:
        raise SystemExit("error: no password given") from None
    return first


def _bot(_args: argparse.Namespace) -> int:
    from bot.polling import run
    from handlers.wiring import build_service

    service = build_service()
    if service.settings.telegram_bot_token is None:
        raise SystemExit("error: set TELEGRAM_BOT_TOKEN to the token BotFather gave you")
    every = service.settings.digest_check_seconds

    def polling(username: str) -> None:
        # The bot's public name only: the token is a secret and never printed.
        print(f"Bot @{username} polling; reminders every {every:g} s. Ctrl-C to stop.",
              flush=True)

    run(service, on_polling=polling)
    return 0


def _notify(args: argparse.Namespace) -> int:
    import asyncio
    import json
    from datetime import UTC, datetime

    from bot.notice_text import notice_text
    from handlers.service import system_clock
    from handlers.wiring import build_service

    at = datetime.fromisoformat(args.at) if args.at else None
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    # The moment asked for is the service's "now": due, relevance and leases all follow it.
    service = build_service(clock=(lambda: at) if at is not None else system_clock)
    try:
        if args.dry_run:
            for entry, notice in service.notifier.preview(at):
                print(json.dumps({"user": entry.user, "chat_id": entry.chat_id,
                                  "kind": entry.kind, "text": notice_text(notice)},
                                 ensure_ascii=False), flush=True)
            return 0
        if service.settings.telegram_bot_token is None:
            raise SystemExit("error: set TELEGRAM_BOT_TOKEN to the token BotFather gave you")
        counts = asyncio.run(_send(service, at))
        print(json.dumps(counts))
    finally:
        service.close()
    return 0


async def _send(service: Service, at: Any) -> dict[str, int]:
    from bot.application import build_application
    from bot.notifier_sender import send_due

    application = build_application(service, with_updater=False, digest_every=None)
    async with application:
        run = await send_due(application.bot, service, at)
    return run.counts()


def _users(args: argparse.Namespace) -> int:
    from handlers.service import hash_password
    from handlers.wiring import build_service

    if args.action == "hash-password":
        print(hash_password(_password(args, for_account=False)))
        return 0
    service = build_service()
    try:
        _account_action(service, args)
    finally:
        service.close()
    return 0


def _account_action(service: Service, args: argparse.Namespace) -> None:
    accounts = service.accounts
    if args.action == "add":
        accounts.add(args.name, _password(args))
        print(f"Added user {args.name}.")
    elif args.action == "passwd":
        accounts.set_password(args.name, _password(args, "New password"))
        print(f"Changed the password of {args.name}.")
    elif args.action == "remove":
        accounts.remove(args.name)
        print(f"Removed user {args.name} (their recorded history is kept; "
              "their Telegram links and digest are gone).")
    elif args.action == "list":
        for name in accounts.names():
            print(name)
    elif args.action == "link-code":
        from handlers.service import CODE_LIFETIME_TEXT

        code = service.links.create_code(args.name)
        print(f"Send this to the bot within {CODE_LIFETIME_TEXT}: /link {code}", file=sys.stderr)
        print(code)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="immersion-tracker",
        description="Track your language immersion: episodes, movies, YouTube and podcasts.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    from immersion_tracker.serve_command import add_command as add_serve

    add_serve(commands)

    bot = commands.add_parser("bot", help="run the Telegram bot by long polling")
    bot.set_defaults(run=_bot)

    notify = commands.add_parser("notify", help="send the reminders and digests due now")
    notify.add_argument("--dry-run", action="store_true",
                        help="print what would be sent (one JSON object a line); send nothing")
    notify.add_argument("--at", metavar="ISO", help="the moment to consider (default: now)")
    notify.set_defaults(run=_notify)

    commands.add_parser(
        "sync", help="sync a library folder (see: immersion-tracker sync --help)", add_help=False
    )

    commands.add_parser(
        "watch", help="log what mpv plays (see: immersion-tracker watch --help)", add_help=False
    )

    users = commands.add_parser("users", help="manage user accounts")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (("add", "create a user"), ("passwd", "change a user's password")):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("name")
        sub.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )
    actions.add_parser("list", help="list the users")
    remove = actions.add_parser("remove", help="remove a user (their history is kept)")
    remove.add_argument("name")
    link = actions.add_parser("link-code", help="print a one-time code to link Telegram")
    link.add_argument("name")
    hashed = actions.add_parser(
        "hash-password", help="print a password hash for the service secret's users"
    )
    hashed.add_argument("--password-stdin", action="store_true")
    users.set_defaults(run=_users)
    from immersion_tracker.portability_commands import add_commands

    add_commands(commands)
    from immersion_tracker.discord_command import add_command as add_discord

    add_discord(commands)
    from immersion_tracker.rebuild_command import add_command as add_rebuild

    add_rebuild(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["sync"]:
        from sync_script.cli import main as sync_main

        return sync_main(args_list[1:])
    if args_list[:1] == ["watch"]:
        from sync_script.watch_cli import main as watch_main

        return watch_main(args_list[1:])
    args: Any = build_parser().parse_args(args_list)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        from handlers.service import ServiceError, StorageUnavailable
        from handlers.settings import SettingsError
    except ImportError:
        extra = "bot" if args.command == "bot" else "server"
        print(
            f"error: `immersion-tracker {args.command}` needs the {extra} install: "
            f"pip install 'immersion-tracker[{extra}]'",
            file=sys.stderr,
        )
        return 2
    try:
        return int(args.run(args))
    except ModuleNotFoundError as missing:
        if (missing.name or "").split(".")[0] in _OUR_PACKAGES:
            raise
        print(
            f"error: {missing.name} is not installed: pip install 'immersion-tracker[all]'",
            file=sys.stderr,
        )
        return 2
    except BrokenPipeError:
        return _reader_went_away()
    except (ServiceError, SettingsError, ValueError, StorageUnavailable) as error:
        # A store that cannot be opened or written says which and why in its message.
        message = getattr(error, "message", None) or str(error)
        print(f"error: {message}", file=sys.stderr)
        return 2
    except OSError as error:
        # A path that cannot be read or written: a sentence naming it, not a traceback.
        print(f"error: {file_problem(error)}", file=sys.stderr)
        return 2


def file_problem(error: OSError, doing: str = "use") -> str:
    """One sentence for a file or folder the system refused (``error`` names it)."""
    why = error.strerror or str(error)
    if error.filename is None:
        return f"{why}."
    return f"cannot {doing} {error.filename}: {why}."


def _reader_went_away() -> int:
    """Standard output's reader closed the pipe (``| head``): stop quietly, as ``cat`` does."""
    # Later writes (the interpreter flushes standard output at exit) go nowhere instead of
    # failing again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # standard output is no file (an embedding replaced it): nothing to redirect
    return 128 + 13  # what a shell reports for a writer SIGPIPE ended
