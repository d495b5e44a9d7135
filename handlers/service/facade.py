"""The service: the operations every door calls, on the areas they need (no I/O of its own).

The REST API, the local server, the Telegram and Discord bots and the digest all call these
methods; a rule lives in the operation module the method delegates to, never in a door.
What the service is built from and its areas live in ``areas``; modules are imported in
the method that needs them, so a process loads only what its requests use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from handlers.service.areas import Areas, Clock, system_clock

if TYPE_CHECKING:
    from handlers.service.accounts.user_settings import SettingsChanges
    from handlers.service.catalog.message_links import LinkLog, MessageLinks
    from handlers.service.catalog.search import SearchResult
    from handlers.service.catalog.sync_episodes import EpisodeRef
    from handlers.service.catalog.sync_movies import MovieRef
    from handlers.service.catalog.sync_report import SyncReport
    from handlers.service.catalog.watched_links import WatchedLog
    from handlers.service.catalog.whole_shows import WholeShows
    from handlers.service.logbook.area import LoggedReply
    from handlers.service.logbook.undo import UndoEntry

__all__ = ["Clock", "Service", "system_clock"]


class Service(Areas):
    """The service layer's entry point, wired once per process: the areas (``Areas``) and
    the operations below. Doors use those, never ``repo``."""

    @cached_property
    def whole_shows(self) -> WholeShows:
        """A shared Spotify show or YouTube playlist: what it holds, and logging all of it."""
        from handlers.service.catalog.whole_shows import WholeShows
        from handlers.service.logbook import undo

        return WholeShows(
            self.store, self.providers, self.sync_youtube,
            lambda user, episode: self.sync_spotify(user, [episode], backfill=True),
            lambda u, items: undo.record_logged(self.store, u, items, self.clock().timestamp()),
        )

    # --- statistics -------------------------------------------------------------------
    def set_timezone(self, user: str, name: str) -> ZoneInfo:
        """Set the user's time zone (an IANA name; raises InvalidInput with a hint); the
        weekly digest, the reminder and the kept day totals follow it."""
        from handlers.service.accounts import user_settings

        tz = user_settings.set_timezone(self.store, user, name)
        self._zone_changed(user, tz)
        return tz

    def clear_timezone(self, user: str) -> ZoneInfo:
        """Forget the user's own time zone: the deployment's applies again, and everything
        that follows a zone (the digest, the reminder, the kept day totals) follows it."""
        from handlers.service.accounts import user_settings

        tz = user_settings.clear_timezone(self.store, user, self.settings.timezone)
        self._zone_changed(user, tz)
        return tz

    def settings_of(self, user: str) -> dict[str, Any]:
        """The user's whole settings object, defaults filled in (one read of the item)."""
        from handlers.service.accounts import user_settings

        stored = user_settings.stored(self.store, user)
        return {
            "timezone": self.zone_in(stored).key,
            "reading_speed": user_settings.speeds_in(stored),
            **self.goals.settings(user, stored),
            "languages": user_settings.languages_in(stored),
        }

    def change_settings(self, user: str, changes: SettingsChanges) -> dict[str, Any]:
        """Apply a settings change as a merge patch, every part checked before any is
        stored; the whole object after."""
        from handlers.service.accounts import settings_patch

        patch = {name: getattr(changes, name) for name in changes.model_fields_set}
        settings_patch.apply(self, user, patch)
        return self.settings_of(user)

    def progress(self, user: str) -> dict[str, Any]:
        """The GET /progress body for this user: its fields, then streak, goals and pace."""
        from handlers.service.accounts import user_settings
        from handlers.service.goals import settings as goal_settings
        from handlers.service.progress import read as progress_read

        # One read of the settings item gives the zone and the goals alike.
        stored = user_settings.stored(self.store, user)
        return progress_read.progress(self.store, self.goals, user, self.zone_in(stored),
                                      self.clock(), goal_settings.goals_in(stored))

    # --- shows --------------------------------------------------------------------------
    def shows(self, user: str) -> list[dict[str, Any]]:
        """The user's show folders with their TVDB fields, in folder order."""
        from handlers.service.catalog import shows

        return shows.list_shows(self.store, user)

    def update_show(self, user: str, folder_name: str, tvdb_id: int | None,
                    activity: str | None = None) -> dict[str, Any]:
        """Attach (or re-point) a TVDB series to a show folder and/or say what its episodes
        count as (``anime`` or ``tv``); returns the show as listed."""
        from handlers.service.catalog import shows

        return shows.update_show(self.store, self.providers, user, folder_name, tvdb_id,
                                 self.timezone(user), activity)

    def tvdb_series_name(self, tvdb_id: int) -> str:
        """The name of a TVDB series; Unprocessable when there is no such series."""
        from handlers.service.catalog import shows

        return shows.tvdb_series(self.providers, tvdb_id).name

    def search_tvdb(self, query: str, kind: Literal["series", "movie"],
                    limit: int = 5) -> list[SearchResult]:
        """TVDB search for series or movies by text."""
        from handlers.service.catalog.search import search_tvdb

        return search_tvdb(self.providers, query, kind, limit)

    # --- syncs --------------------------------------------------------------------------
    def sync_episodes(self, user: str, episodes: Sequence[EpisodeRef]) -> SyncReport:
        from handlers.service.catalog import sync_episodes

        return sync_episodes.sync_episodes(self.store, user, episodes, self.now_epoch(),
                                           self.timezone(user))

    def sync_movies(self, user: str, movies: Sequence[MovieRef]) -> SyncReport:
        from handlers.service.catalog import sync_movies

        return sync_movies.sync_movies(self.store, self.providers, user, movies, self.now_epoch(),
                                       self.timezone(user))

    def sync_youtube(self, user: str, video_ids: Sequence[str]) -> SyncReport:
        from handlers.service.catalog import sync_youtube

        return sync_youtube.sync_youtube(self.store, self.providers, user, video_ids,
                                         self.now_epoch(), self.timezone(user))

    def sync_spotify(self, user: str, episode_ids: Sequence[str],
                     backfill: bool = False) -> SyncReport:
        from handlers.service.catalog import sync_spotify

        return sync_spotify.sync_spotify(self.store, self.providers, user, episode_ids,
                                         self.now_epoch(), self.timezone(user), backfill=backfill)

    # --- links shared in a message, and undoing them ----------------------------------
    def links_in(self, text: str) -> MessageLinks:
        """The links of a message's text (nothing is logged)."""
        from handlers.service.catalog.message_links import links_in

        return links_in(text)

    def log_links(self, user: str, text: str) -> LinkLog:
        """Log every video and episode linked in ``text``, remembering them for undo."""
        from handlers.service.catalog.message_links import LinkLog, combined, links_in
        from handlers.service.logbook import undo

        links = links_in(text)
        youtube = self.sync_youtube(user, list(ids)) if (ids := links.youtube_video_ids) else None
        spotify = self.sync_spotify(user, list(eps)) if (eps := links.spotify_episode_ids) else None
        report = combined(youtube, spotify)
        undo_id = undo.record_logged(self.store, user, report.added, self.clock().timestamp())
        today = self.progress(user)["daily_activity"][-1]["minutes_watched"]
        return LinkLog(links, report, undo_id, int(today))

    def expand_short_links(self, text: str) -> str:
        """``text`` with the episode link behind each ``spotify.link`` short link added."""
        from handlers.service.catalog import short_links

        return short_links.expand(text, self.short_link_transport)

    def log_watched(self, user: str, text: str) -> WatchedLog:
        """Log the one video or episode linked in ``text`` with the part watched (``20m``,
        ``&t=``) and the day a date word names; the entry tells whether its length is
        unknown (a live stream) so a door can ask how long."""
        from handlers.service.catalog.message_links import links_in
        from handlers.service.catalog.watched_links import WatchedLog, watched_part
        from handlers.service.logbook import history, undo
        from handlers.service.logbook.requests import EntryChanges

        links, part = links_in(text), watched_part(text)
        at = self._moment(user, part.day)
        report = (self.sync_youtube(user, list(links.youtube_video_ids[:1]))
                  if links.youtube_video_ids
                  else self.sync_spotify(user, list(links.spotify_episode_ids[:1])))
        if not report.added:
            return WatchedLog(report, None, False, self.logbook.today_minutes(user))
        added = report.added[0]
        minutes = part.watched_minutes
        if minutes is not None and added.duration_seconds and (
            minutes * 60 >= added.duration_seconds
        ):
            minutes = None  # all of it (a part never outlasts the whole)
        changes = EntryChanges(minutes=minutes, at=at if part.day else None)
        entry_id = history.entry_id(added.sk)
        edited = changes.minutes or changes.at
        entry = (self.logbook.edit(user, entry_id, changes) if edited
                 else self.logbook.entry(user, entry_id))
        new = undo.NewLog(entry.id, added.sk, entry.title, entry.at)
        undo.record_logged(self.store, user, [new], self.clock().timestamp())
        unknown = added.duration_seconds is None and minutes is None
        return WatchedLog(report, entry, unknown, self.logbook.today_minutes(user))

    def log_url(self, user: str, url: str, minutes: float, day: str | None) -> LoggedReply:
        """Log minutes of a site without a provider; its host names the activity and title."""
        from handlers.service.catalog.watched_links import activity_for, host_of
        from handlers.service.logbook.requests import LogRequest

        # No day named: the log is now, which needs no zone before the log reads it.
        at = None if day is None else self._moment(user, day)
        request = LogRequest(activity=activity_for(url), title=host_of(url)[:200],
                             minutes=minutes, url=url[:2000], at=at)
        return self.logbook.log(user, request, "bot")

    def _moment(self, user: str, day: str | None) -> int:
        from handlers.service.core.errors import InvalidInput
        from handlers.service.logbook.text import LogTextError, resolve_day

        try:
            return int(resolve_day(day, self.clock(), self.timezone(user)).timestamp())
        except LogTextError as error:
            raise InvalidInput(str(error)) from None

    def latest_undo(self, user: str) -> UndoEntry | None:
        """The most recently logged item (through a message) that can still be undone."""
        from handlers.service.logbook import undo

        return undo.latest_entry(self.store, user, self.now_epoch())

    def undo(self, user: str, undo_id: str, index: int) -> UndoEntry | None:
        """Remove one logged item if unchanged; ``None`` if there is nothing to undo."""
        from handlers.service.logbook import undo

        return undo.undo_entry(self.store, user, undo_id, index, zone=self.timezone(user))

    def undo_all(self, user: str, undo_id: str) -> list[UndoEntry]:
        """Remove every item one message logged that is still unchanged; what was removed."""
        from handlers.service.logbook import undo

        return undo.undo_all(self.store, user, undo_id, zone=self.timezone(user))
