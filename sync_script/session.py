"""One sync run: scan, send, name shows and movies, summarize, clean up (the I/O shell)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from sync_script.api import ApiAuthError, ApiError, ApiUnreachable, RemoteShow, TrackerApi
from sync_script.cleanup import apply_cleanup
from sync_script.console import Console
from sync_script.model import LibraryScan
from sync_script.plan import (
    CHUNK_SIZE,
    SPOTIFY_CHUNK_SIZE,
    BatchAnswer,
    Confirmed,
    SyncPlan,
    chunked,
    confirmed_ids,
    episode_body,
    episode_id,
    movie_body,
    plan_cleanup,
    plan_sync,
    spotify_body,
    youtube_body,
)
from sync_script.report import cleanup_lines, dry_run_lines, scan_lines
from sync_script.scan import WATCHED_TXT, scan_library
from sync_script.spotify_links import resolve_scan
from sync_script.summary import format_summary
from sync_script.tvdb_ids import Ask, TvdbIdChooser

EXIT_SYNCED = 0
EXIT_KEPT = 1
EXIT_ERROR = 2


@dataclass(frozen=True)
class SyncOptions:
    """What the user asked for."""

    library: Path
    dry_run: bool = False
    assume_yes: bool = False
    presets: Mapping[str, int] = field(default_factory=dict)
    batch_size: int = CHUNK_SIZE
    """Items per sync request (the API takes up to 1,000)."""


@dataclass
class Run:
    """The state of one run: what was confirmed and what is kept for later."""

    api: TrackerApi
    console: Console
    chooser: TvdbIdChooser
    batch_size: int
    confirmed: Confirmed = field(default_factory=Confirmed)
    known_shows: frozenset[str] = frozenset()
    """Show folders the server has a record of."""
    kept: list[str] = field(default_factory=list)

    def keep(self, reason: str) -> None:
        """Note something left for a later run and tell the user."""
        self.kept.append(reason)
        self.console.say(f"  kept for later: {reason}")


def run_sync(
    options: SyncOptions,
    console: Console,
    connect: Callable[[], TrackerApi],
    ask: Ask | None,
    spotify: httpx.Client | None = None,
) -> int:
    """Do a whole sync and return the exit status.

    ``spotify`` resolves ``spotify.link`` short links (a dry run resolves none); without
    it their lines are reported and kept.
    """
    scan = scan_library(options.library)
    if not options.dry_run:
        scan = resolve_scan(scan, spotify, console.say)
    plan = plan_sync(scan)
    for line in scan_lines(scan, plan):
        console.say(line)
    if options.dry_run:
        for line in dry_run_lines(scan, plan, options.presets):
            console.say(line)
        return EXIT_SYNCED
    api = connect()
    chooser = TvdbIdChooser(
        search=api.search,
        say=console.say,
        ask=ask,
        presets=options.presets,
        assume_yes=options.assume_yes,
    )
    run = Run(api, console, chooser, options.batch_size)
    failure: ApiError | None = None
    progress = None
    try:
        _send_everything(run, scan, plan)
        progress = api.progress()
    except (ApiUnreachable, ApiAuthError) as error:
        failure = error
    except ApiError as error:
        console.say(f"Could not read the progress: {error.message}")
    if progress is not None:
        console.say()
        for line in format_summary(progress):
            console.say(line)
    _clean_up(run, scan, options.library)
    if failure is not None:
        console.error(f"error: {failure.message}")
        return EXIT_ERROR
    kept = len(run.kept) + len(scan.unreadable_lines) + len(scan.notes)
    return EXIT_KEPT if kept else EXIT_SYNCED


def _send_everything(run: Run, scan: LibraryScan, plan: SyncPlan) -> None:
    _send_episodes(run, plan)
    _name_shows(run)
    _send_movies(run, scan, plan)
    _send_links(run, "syncyoutube", plan.youtube_ids, run.batch_size, "YouTube videos")
    spotify_size = min(run.batch_size, SPOTIFY_CHUNK_SIZE)
    _send_links(run, "syncspotify", plan.spotify_ids, spotify_size, "Spotify episodes")


def _send_episodes(run: Run, plan: SyncPlan) -> None:
    with run.console.progress("Sending episodes", len(plan.episodes)) as bar:
        for chunk in chunked(plan.episodes, run.batch_size):
            answer = run.api.sync_batch("sync", episode_body(chunk))
            # /sync calls no provider, yet it may refuse some episodes (a name the store
            # cannot hold, or one whose key another episode holds): those files stay.
            by_id = {episode_id(episode): episode for episode in chunk}
            recorded: set[str] = set()
            _confirm(run, list(by_id), answer, recorded, "episodes")
            run.confirmed.episodes.update(by_id[item] for item in recorded)
            bar.advance(len(chunk))


def _name_shows(run: Run) -> None:
    try:
        shows = run.api.shows()
    except (ApiUnreachable, ApiAuthError):
        raise
    except ApiError as error:
        run.keep(f"could not list the shows to name them: {error.message}")
        return
    run.known_shows = frozenset(show.folder_name for show in shows)
    for show in shows:
        tvdb_id = _wanted_tvdb_id(run, show)
        if tvdb_id is None or tvdb_id == show.tvdb_id:
            continue
        try:
            run.api.put_show(show.folder_name, tvdb_id)
        except (ApiUnreachable, ApiAuthError):
            raise
        except ApiError as error:
            run.keep(f"show {show.folder_name!r}: TVDB id {tvdb_id} refused: {error.message}")


def _wanted_tvdb_id(run: Run, show: RemoteShow) -> int | None:
    """The id a show should point at: a ``--tvdb-id`` answer may also correct a named show."""
    if show.tvdb_id is not None:
        return run.chooser.preset([show.folder_name])
    tvdb_id = run.chooser.choose(show.folder_name, "series")
    if tvdb_id is None:
        run.keep(f"show {show.folder_name!r} has no TVDB id yet")
    return tvdb_id


def _send_movies(run: Run, scan: LibraryScan, plan: SyncPlan) -> None:
    if not plan.movies:
        return
    recorded = _recorded_movies(run.api)
    choices: list[tuple[str, int]] = []
    for name in plan.movies:
        if name in recorded:
            # Recorded by an earlier run that stopped before deleting the file.
            run.confirmed.movies.add(name)
            continue
        aliases = [movie.path.name for movie in scan.movies if movie.name == name]
        tvdb_id = run.chooser.choose(name, "movie", aliases)
        if tvdb_id is None:
            run.keep(f"movie {name!r} has no TVDB id; the file stays")
        else:
            choices.append((name, tvdb_id))
    with run.console.progress("Sending movies", len(choices)) as bar:
        for chunk in chunked(choices, run.batch_size):
            answer = run.api.sync_batch("syncmovies", movie_body(chunk))
            _confirm(run, [name for name, _ in chunk], answer, run.confirmed.movies, "movie")
            bar.advance(len(chunk))


def _recorded_movies(api: TrackerApi) -> set[str]:
    try:
        movies = api.progress().get("movies")
    except (ApiUnreachable, ApiAuthError):
        raise
    except ApiError:
        # Only an optimisation: unknown movies are sent, and the server skips recorded ones.
        return set()
    if not isinstance(movies, list):
        return set()
    return {
        movie["movie_id"]
        for movie in movies
        if isinstance(movie, dict) and isinstance(movie.get("movie_id"), str)
    }


def _send_links(run: Run, path: str, ids: Sequence[str], size: int, label: str) -> None:
    body = youtube_body if path == "syncyoutube" else spotify_body
    confirmed = run.confirmed.youtube_ids if path == "syncyoutube" else run.confirmed.spotify_ids
    with run.console.progress(f"Sending {label}", len(ids)) as bar:
        for chunk in chunked(ids, size):
            _confirm(run, chunk, run.api.sync_batch(path, body(chunk)), confirmed, label)
            bar.advance(len(chunk))


def _confirm(
    run: Run, sent: Sequence[str], answer: BatchAnswer, confirmed: set[str], label: str
) -> None:
    confirmed.update(confirmed_ids(sent, answer))
    if not answer.accepted:
        run.keep(f"{len(sent)} {label}: {answer.message}")
        return
    for item, reason in answer.failed.items():
        if item in sent:
            run.keep(f"{item}: {reason}")


def _clean_up(run: Run, scan: LibraryScan, library: Path) -> None:
    plan = plan_cleanup(scan, run.confirmed, run.known_shows)
    run.console.say()
    with run.console.progress("Deleting", len(plan.files)) as bar:
        report = apply_cleanup(plan, library / WATCHED_TXT, on_file=lambda _: bar.advance())
    for line in cleanup_lines(report):
        run.console.say(line)
    if report.left or report.watched_txt_error:
        run.kept.append("clean-up incomplete")
