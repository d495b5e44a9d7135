"""Random sequences of every write path, and the check that the kept items stayed true.

A step is a tuple naming a write path and its arguments; ``run`` applies each in turn to
a service and requires after every one that ``rebuild --verify`` finds nothing (the kept
items equal ``derive`` of the entries). Shared by the unit tests (in-memory, SQLite) and
the integration tests (DynamoDB Local).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from handlers.service.accounts.user_settings import SettingsChanges
from handlers.service.catalog.sync_episodes import EpisodeRef
from handlers.service.catalog.sync_movies import MovieRef
from handlers.service.core.errors import ServiceError
from handlers.service.facade import Service
from handlers.service.kept.writing import updated
from handlers.service.logbook.writes import EntryChanges, LogRequest
from handlers.settings import Settings
from storage.models import Movie, user_pk
from storage.repository import ItemRepository
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
ACTIVITIES = ("anime", "book", "podcast", "tv", "video", "movie")
TITLES = ("", "Frieren", "Kokoro")
FOLDERS = ("Free!", "Mushishi")
VIDEOS = ("9bZkp7q19f0", "dQw4w9WgXcQ")
SERIES = (278157, 999, 424536)
"""TVDB series of the fake: 24 minutes an episode, no runtime (the default), 25 minutes."""
MOVIES = (MovieRef("suzume", tvdb_id=331904), MovieRef("kimi", tmdb_id=372058),
          MovieRef("君の名は", tvdb_id=197), MovieRef("suzume 2", tvdb_id=331904))
"""Movies a sync logs: a few files so that some share a shard of the kept movie list."""
NAMES = (None, "Suzume", "すずめの戸締まり")
IMAGES = (None, "https://artworks.thetvdb.com/banners/movies/331904/posters/1.jpg")
ZONES = ("Europe/Berlin", "Asia/Tokyo", "UTC")

Step = tuple[Any, ...]

_days = st.integers(min_value=0, max_value=40)
_pick = st.integers(min_value=0, max_value=1_000)
STEPS: st.SearchStrategy[Step] = st.one_of(
    st.tuples(st.just("log"), st.sampled_from(ACTIVITIES), st.sampled_from(TITLES),
              st.integers(min_value=1, max_value=300), _days),
    st.tuples(st.just("read"), st.integers(min_value=1, max_value=300),
              st.integers(min_value=1, max_value=30_000), _days),
    st.tuples(st.just("edit"), _pick, st.integers(min_value=1, max_value=300)),
    st.tuples(st.just("move"), _pick, _days),
    st.tuples(st.just("delete"), _pick),
    st.tuples(st.just("sync"), st.sampled_from(FOLDERS), st.integers(min_value=1, max_value=4)),
    st.tuples(st.just("link"), st.sampled_from(VIDEOS)),
    st.tuples(st.just("show"), st.sampled_from(FOLDERS), st.sampled_from(SERIES)),
    st.tuples(st.just("movies"), st.lists(st.sampled_from(MOVIES), min_size=1, max_size=3)),
    st.tuples(st.just("retitle"), _pick, st.sampled_from(("tvdb", "tmdb")),
              st.sampled_from(NAMES), st.sampled_from(IMAGES)),
    st.tuples(st.just("unwatch"), _pick),
    st.tuples(st.just("undo"),),
    st.tuples(st.just("import"), st.integers(min_value=1, max_value=5), _days),
    st.tuples(st.just("undo_import"),),
    # ``None``: the user's own zone forgotten, the deployment's back (``PUT /settings``).
    st.tuples(st.just("zone"), st.sampled_from((*ZONES, None))),
)


def service_on(repo: ItemRepository) -> Service:
    return Service(repo=repo, providers=fake_clients(), settings=Settings(timezone="UTC"),
                   clock=lambda: NOW)


@dataclass
class Run:
    """What the steps so far left to act on again."""

    user: str = "alice"
    imports: list[str] = field(default_factory=list)
    imported: int = 0


def _day(days_ago: int) -> str:
    return (NOW - timedelta(days=days_ago)).date().isoformat()


def _entry_id(service: Service, user: str, pick: int) -> str | None:
    entries = service.logbook.history(user, limit=200).entries
    return entries[pick % len(entries)].id if entries else None


def apply(service: Service, step: Step, run: Run) -> None:
    """Take one step through the service (a refusal is a step too: nothing may change)."""
    name, *args = step
    with contextlib.suppress(ServiceError):
        _apply(service, name, args, run)


def _apply(service: Service, name: str, args: list[Any], run: Run) -> None:
    user = run.user
    if name == "log":
        activity, title, minutes, days_ago = args
        service.logbook.log(user, LogRequest(activity=activity, title=title, minutes=minutes,
                                                date=_day(days_ago)), "api")
    elif name == "read":  # minutes and the characters read in them: a reading speed
        minutes, characters, days_ago = args
        service.logbook.log(user, LogRequest(activity="book", title="Kino", minutes=minutes,
                                             amount=characters, unit="characters",
                                             date=_day(days_ago)), "api")
    elif name in ("edit", "move", "delete"):
        entry_id = _entry_id(service, user, args[0])
        if entry_id is None:
            return
        if name == "delete":
            service.logbook.delete(user, entry_id)
            return
        changes = (EntryChanges(minutes=args[1]) if name == "edit"
                   else EntryChanges(date=_day(args[1])))
        service.logbook.edit(user, entry_id, changes)
    elif name == "sync":
        folder, count = args
        service.sync_episodes(user, [EpisodeRef(folder, f"{n:02d}") for n in range(count)])
    elif name == "show":  # a new runtime: every day of the folder's episodes weighs anew
        service.update_show(user, args[0], args[1])
    elif name == "link":
        service.log_links(user, f"https://youtu.be/{args[0]}")
    elif name == "movies":
        service.sync_movies(user, args[0])
    elif name in ("retitle", "unwatch"):
        _change_movie(service, user, name, *args)
    elif name == "undo":
        latest = service.latest_undo(user)
        if latest is not None:
            service.undo(user, latest.undo_id, latest.index)
    elif name == "import":
        _import(service, run, *args)
    elif name == "undo_import" and run.imports:
        service.portability.undo_import(user, run.imports.pop())
    elif name == "zone":  # as the doors change it: a merge patch of the settings
        service.change_settings(user, SettingsChanges.model_validate({"timezone": args[0]}))


def _change_movie(service: Service, user: str, name: str, pick: int, *args: Any) -> None:
    """A movie's name and poster changed (a re-sync, an edit), or the movie removed."""
    movies = list(service.store.query_prefix(user_pk(user), Movie.SK_PREFIX))
    if not movies:
        return
    old = movies[pick % len(movies)]
    with service.writing(user) as writing:
        if name == "unwatch":
            writing.remove(old)
            return
        spelling, title, image = args
        writing.change(old, updated(old, {f"{spelling}_name": title,
                                          f"{spelling}_image": image}))


def _import(service: Service, run: Run, rows: int, days_ago: int) -> None:
    lines = [f"{_day(days_ago)},Book {run.imported + n},Reading,{10 + n},,\n" for n in range(rows)]
    run.imported += rows
    data = "Date,Log Name,Media Type,Duration,Characters,Notes\n" + "".join(lines)
    report = service.portability.import_file(run.user, io.BytesIO(data.encode()))
    run.imports.append(report.import_id)


def run(service: Service, steps: Sequence[Step], user: str = "alice") -> None:
    """Every step in turn; after each, the kept items are what the entries give."""
    state = Run(user)
    for number, step in enumerate(steps, start=1):
        apply(service, step, state)
        differences = service.kept.verify(user)
        assert differences == [], f"after step {number} {step}: {differences[:5]}"
