"""The ``sync`` command line: options, environment, password prompt, exit status (I/O)."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import io
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from sync_script.api import ApiAuthError, ApiError, TrackerApi, open_client
from sync_script.console import Console
from sync_script.endpoint import INSECURE_FLAG, url_problem
from sync_script.readers_folder import sync_readers
from sync_script.session import EXIT_ERROR, SyncOptions, run_sync
from sync_script.spotify_links import spotify_client

ENV_USER = "IMMERSION_TRACKER_USER"
ENV_PASSWORD = "IMMERSION_TRACKER_PASSWORD"  # noqa: S105 - the variable's name, not a secret
ENV_API_URL = "IMMERSION_TRACKER_API_URL"


Ask = Callable[[str], str]


class UsageError(Exception):
    """The command line or environment does not say enough to run."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the sync options on a parser (the ``immersion-tracker sync`` command mounts it)."""
    parser.add_argument(
        "--library",
        type=Path,
        default=Path(),
        help="library folder holding shows/, movies/ and watched.txt (default: current folder)",
    )
    parser.add_argument(
        "--readers",
        type=Path,
        metavar="DIR",
        help="instead of a library, send the new or changed reader exports of this folder"
        " (ttu, mokuro, exSTATic, KOReader, Anki); its files are never deleted",
    )
    parser.add_argument("--api-url", help=f"API base URL (default: ${ENV_API_URL})")
    parser.add_argument("--user", help=f"user name (default: ${ENV_USER})")
    parser.add_argument(
        INSECURE_FLAG,
        action="store_true",
        help="send the password over plain http to a host other than this computer "
        "(anyone on the network can read it)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be sent and deleted; send, delete and change nothing",
    )
    parser.add_argument(
        "--yes",
        action="store_true",
        help="take a TVDB search result without asking when it is unambiguous; skip otherwise",
    )
    parser.add_argument(
        "--tvdb-id",
        action="append",
        default=[],
        metavar="FOLDER_OR_FILE=ID",
        help="the TVDB id of a show folder or movie file (repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``python -m sync_script``."""
    parser = argparse.ArgumentParser(
        prog="immersion-tracker sync",
        description="Send watched episodes, movies and links to the tracker, then clean up.",
        epilog=f"The password comes from ${ENV_PASSWORD} or a hidden prompt.",
    )
    add_arguments(parser)
    return parser


def parse_presets(values: Sequence[str]) -> dict[str, int]:
    """``NAME=ID`` pairs; the id follows the last ``=`` since names may contain one."""
    presets: dict[str, int] = {}
    for value in values:
        name, separator, number = value.rpartition("=")
        if not separator or not name or not number.strip().isdigit() or int(number) < 1:
            raise UsageError(f"--tvdb-id wants FOLDER_OR_FILE=ID, got {value!r}")
        presets[name] = int(number)
    return presets


def main(argv: list[str] | None = None) -> int:
    """Run the sync command; returns the exit status."""
    return run(build_parser().parse_args(argv))


def run(
    arguments: argparse.Namespace,
    *,
    environ: Mapping[str, str] | None = None,
    console: Console | None = None,
    ask: Ask | None = None,
    ask_password: Ask | None = None,
) -> int:
    """Run a sync from parsed arguments (the entry point a parent command calls).

    Without ``ask``/``ask_password``, questions go to the terminal when there is one.
    """
    env = os.environ if environ is None else environ
    out = console or Console(
        _lenient(sys.stdout), _lenient(sys.stderr), terminal=_is_tty(sys.stdout)
    )
    if ask is None:
        ask = input
    if ask_password is None and _is_tty(sys.stdin):
        ask_password = getpass.getpass
    with contextlib.ExitStack() as resources:
        try:
            if getattr(arguments, "readers", None) is not None:
                return _readers(arguments, env, out, ask, ask_password, resources)
            options = SyncOptions(
                library=Path(arguments.library),
                dry_run=bool(arguments.dry_run),
                assume_yes=bool(arguments.yes),
                presets=parse_presets(arguments.tvdb_id),
            )
            if not options.library.is_dir():
                raise UsageError(f"library folder {options.library} does not exist")

            def connect() -> TrackerApi:
                url, user, password = _credentials(arguments, env, ask, ask_password)
                client = resources.enter_context(open_client(url, user, password))
                return TrackerApi(client)

            spotify = None if options.dry_run else resources.enter_context(spotify_client())
            return run_sync(options, out, connect, ask, spotify)
        except UsageError as error:
            out.error(f"error: {error}")
            return EXIT_ERROR
        except KeyboardInterrupt:
            out.error("interrupted; nothing unconfirmed was deleted")
            return EXIT_ERROR


def _readers(arguments: argparse.Namespace, env: Mapping[str, str], out: Console, ask: Ask,
             ask_password: Ask | None, resources: contextlib.ExitStack) -> int:
    folder = Path(arguments.readers)
    if not folder.is_dir():
        raise UsageError(f"readers folder {folder} does not exist")
    api = None
    if not arguments.dry_run:
        url, user, password = _credentials(arguments, env, ask, ask_password)
        api = TrackerApi(resources.enter_context(open_client(url, user, password)))
    try:
        return sync_readers(folder, api, out, dry_run=bool(arguments.dry_run))
    except ApiAuthError as error:
        out.error(f"error: {error.message}; no file was marked as sent, fix them and run again")
        return EXIT_ERROR
    except ApiError as error:
        out.error(f"error: {error.message}; nothing more was sent, run again later")
        return EXIT_ERROR


def _credentials(
    arguments: argparse.Namespace, env: Mapping[str, str], ask: Ask, ask_password: Ask | None
) -> tuple[str, str, str]:
    url = arguments.api_url or env.get(ENV_API_URL)
    if not url:
        raise UsageError(f"no API URL: pass --api-url or set {ENV_API_URL}")
    problem = url_problem(url, allow_insecure_http=bool(arguments.allow_insecure_http))
    if problem is not None:
        raise UsageError(problem)
    user = arguments.user or env.get(ENV_USER)
    if not user and ask_password is not None:
        user = _answer(ask, "User: ").strip()
    if not user:
        raise UsageError(f"no user: pass --user or set {ENV_USER}")
    password = env.get(ENV_PASSWORD)
    if password is None and ask_password is not None:
        password = _answer(ask_password, f"Password for {user}: ")
    if not password:
        raise UsageError(f"no password: set {ENV_PASSWORD} or run in a terminal to be asked")
    return url, user, password


def _answer(ask: Ask, prompt: str) -> str:
    try:
        return ask(prompt)
    except EOFError:
        return ""


def _is_tty(stream: TextIO | None) -> bool:
    return stream is not None and stream.isatty()


def _lenient(stream: TextIO) -> TextIO:
    # A console in a legacy code page must not stop a run over a Japanese file name.
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="replace")
    return stream
