"""An episode or film a player says was watched: the entry the sync client would make (TVDB I/O).

A session counts its minutes in a growing log; once the item is watched (played to 90 %,
``PlayedToCompletion``, a scrobble, a mark-as-played) it also counts as an episode or a
movie watched. Rather than a second entry beside the log, which would count the minutes
twice, the log is *replaced* by the episode or movie entry (``session_write``): it
then counts exactly as a synced file does — the show's runtime for an episode, the film's
runtime for a movie — once, in every total the kept items hold.
"""

from __future__ import annotations

from handlers.service.capture.counting import Tally
from handlers.service.core.durations import runtime_seconds
from metadata_clients import errors as provider_errors
from metadata_clients.models import TvdbSeries
from metadata_clients.ports import TvdbLookup
from storage.limits import check_item
from storage.models import Episode, Movie, Show
from storage.repository import InvalidItem, Item

WATCHED_SHARE = 0.9
"""Played this far into its runtime, an episode or film counts as watched."""
KINDS = ("episode", "movie")


def is_watched(session: Item, tally: Tally) -> bool:
    """Whether the session's episode or film was watched: the player said so, or it was
    played to 90 % of a runtime known before it got there (a stream's growing duration,
    always just past its position, is no runtime)."""
    if session.get("kind") not in KINDS:
        return False
    if tally.completed:
        return True
    share = WATCHED_SHARE * float(session.get("duration") or 0)
    return 0 < share <= tally.furthest and float(session.get("duration_from") or 0) < share


def folder_of(session: Item) -> str:
    """The show folder a captured episode files under: its series as the player names it."""
    return str(session.get("series") or session.get("title") or "").strip()[:200]


def watched_entry(user: str, session: Item, at: int, seconds: float) -> Item | None:
    """The episode or movie entry of a watched session; None when it cannot name one (no
    series or title) or its key would pass the store's limits (its minutes stay a log)."""
    title = str(session.get("title") or "").strip()
    if session.get("kind") == "episode":
        folder = folder_of(session)
        season, number = session.get("season"), session.get("episode")
        if season is not None and number is not None:
            # The numbers name the episode whatever a player calls it, so two players
            # (or a mark-as-played after a playback) find the same key: it counts once.
            file_name = f"S{int(season):02d}E{int(number):02d}"
        else:
            file_name = title
        if not folder or not file_name:
            return None
        item = Episode(user=user, folder_name=folder, file_name=file_name[:200],
                       timestamp=at).to_item()
    else:
        if not title:
            return None
        duration = float(session.get("duration") or 0) or seconds
        tmdb, tvdb = session.get("tmdb_id"), session.get("tvdb_id")
        item = Movie(user=user, file_name=title[:200], tmdb_name=title[:200],
                     tmdb_id=int(tmdb) if tmdb is not None else None,
                     tvdb_id=int(tvdb) if tvdb is not None else None,
                     movie_duration=round(duration) or None, timestamp=at).to_item()
    try:
        check_item(item)
    except InvalidItem:
        return None
    return item


def show_record(user: str, session: Item, tvdb: TvdbLookup | None) -> Item:
    """The show record of a watched episode's series, for when the user has none yet:
    the TVDB series the player's id names (the same record ``/setshow`` writes), else a
    bare one weighing its episodes by the runtime the player reported."""
    folder = folder_of(session)
    duration = round(float(session.get("duration") or 0)) or None
    series = series_of(session, tvdb)
    if series is None:
        return Show(user=user, folder_name=folder, tvdb_average_runtime=duration).to_item()
    return Show(user=user, folder_name=folder, tvdb_id=series.id, tvdb_name=series.name,
                tvdb_image=series.image,
                tvdb_average_runtime=runtime_seconds(series.average_runtime_minutes)
                or duration).to_item()


def series_of(session: Item, tvdb: TvdbLookup | None) -> TvdbSeries | None:
    """The TVDB series of a session's episode: Jellyfin, Plex and Emby send the episode's
    own id (``GET /episodes/{id}`` names its series), the generic source the series' id.
    None without TVDB, without an id, or when TVDB cannot answer now (never an error: the
    episode still counts, and ``/setshow`` can name its show later)."""
    tvdb_id = session.get("tvdb_id")
    if tvdb is None or tvdb_id is None:
        return None
    try:
        series_id = int(tvdb_id) if session.get("tvdb_is_series") else tvdb.episode(
            int(tvdb_id)).series_id
        return tvdb.series(series_id)
    except provider_errors.ProviderError:
        return None
