"""The service: one object holding the dependencies every operation needs (no I/O of its own).

The REST API, the local server, the Telegram bot and the digest all call these methods; a
rule lives in the operation module the method delegates to, never in a door.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

import httpx

from handlers.service.accounts import settings_patch, user_settings
from handlers.service.accounts.area import Accounts
from handlers.service.accounts.credentials import AccountStore, SecretUser
from handlers.service.accounts.linking import Linking
from handlers.service.accounts.sessions import Sessions
from handlers.service.capture.area import Capture
from handlers.service.catalog import (
    short_links,
    shows,
    sync_episodes,
    sync_movies,
    sync_spotify,
    sync_youtube,
    whole_shows,
)
from handlers.service.catalog.message_links import LinkLog, MessageLinks, combined, links_in
from handlers.service.catalog.search import SearchResult, search_tvdb
from handlers.service.catalog.sync_report import SyncReport
from handlers.service.catalog.watched_links import WatchedLog, activity_for, host_of, watched_part
from handlers.service.core.errors import InvalidInput
from handlers.service.goals.area import GoalsArea
from handlers.service.goals.leaderboard import Leaderboards
from handlers.service.kept.area import KeptItems
from handlers.service.kept.writing import Writing
from handlers.service.logbook import history, undo
from handlers.service.logbook.area import Logbook, LoggedReply
from handlers.service.logbook.text import LogTextError, resolve_day
from handlers.service.logbook.undo import UndoEntry
from handlers.service.logbook.writes import EntryChanges, LogRequest
from handlers.service.notify.notifier import Notifier
from handlers.service.notify.weekly_digest import WeeklyDigests
from handlers.service.portability.area import Portability
from handlers.service.progress import read as progress_read
from handlers.settings import Settings
from metadata_clients.settings import ProviderClients
from storage.repository import ItemRepository

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, timezone-aware (UTC); only the composition root passes this."""
    return datetime.now(UTC)


@dataclass
class Service:
    """The service layer's entry point, wired once per process.

    Areas hang off it: ``accounts`` (users and passwords), ``links`` (Telegram
    accounts), ``digests`` (the weekly digest), ``logbook`` (logs of any immersion,
    the history of every kind, statistics by period), ``goals`` (goals, streaks, the
    reminder), ``notifier`` (reminders and digests that are due), ``leaderboards``
    (opt-in study groups), ``whole_shows`` (a shared show or playlist), ``portability``
    (export, import, undo of an import), ``sessions`` (the web page's sign-ins) and
    ``kept`` (checking and rebuilding the items kept beside the entries). Doors
    use those and the methods below, never ``repo``.
    """

    repo: ItemRepository
    providers: ProviderClients
    settings: Settings = field(default_factory=Settings)
    clock: Clock = system_clock
    closers: list[Callable[[], None]] = field(default_factory=list)
    """Releases the connections this service owns (store, HTTP pool), in order."""
    secret_users: Sequence[SecretUser] = ()
    """The service secret's users (the first generation's accounts)."""
    random_bytes: Callable[[int], bytes] = secrets.token_bytes
    """Randomness for new ids; tests pass a deterministic source."""
    short_link_transport: httpx.BaseTransport | None = None
    """How short links reach Spotify (the network; tests pass a mock transport)."""
    digests: WeeklyDigests = field(init=False)
    links: Linking = field(init=False)
    accounts: Accounts = field(init=False)
    logbook: Logbook = field(init=False)
    goals: GoalsArea = field(init=False)
    notifier: Notifier = field(init=False)
    leaderboards: Leaderboards = field(init=False)
    whole_shows: whole_shows.WholeShows = field(init=False)
    portability: Portability = field(init=False)
    sessions: Sessions = field(init=False)
    kept: KeptItems = field(init=False)
    store: ItemRepository = field(init=False)

    def __post_init__(self) -> None:
        # Entries and records change only through the unit of work (``kept.writing``),
        # which keeps the kept items and marks the reminders' summary in the same write.
        self.store = self.repo
        self.digests = WeeklyDigests(self.store, self.clock, self.timezone, self.settings.timezone)
        self.links = Linking(self.store, self.now_epoch, self.settings.telegram_users, self.digests,
                             known_user=lambda user: self.accounts.exists(user))
        self.logbook = Logbook(self.store, self.clock, self.timezone, self.random_bytes)
        self.goals = GoalsArea(
            self.store, self.clock, self.timezone,
            chat_of=lambda user: next(iter(self.links.accounts_of(user)), None),
            digests=self.digests,
        )
        self.notifier = Notifier(self.store, self.clock, self.timezone, self.goals, self.digests,
                                 self.settings.timezone)
        self.leaderboards = Leaderboards(self.store, self.clock, self.timezone)
        self.kept = KeptItems(self.store, self.timezone)
        self.whole_shows = whole_shows.WholeShows(
            self.store,
            self.providers,
            self.sync_youtube,
            lambda user, episode: self.sync_spotify(user, [episode], backfill=True),
            lambda u, items: undo.record_logged(self.store, u, items, self.clock().timestamp()),
        )
        self.portability = Portability(
            self.store, self.clock, self.timezone, self.random_bytes, self.settings.import_limits(),
            zone_changed=self._zone_changed,
        )
        self.capture: Capture = Capture(self.store, self.logbook, self.clock, self.random_bytes)
        self.accounts = Accounts(
            AccountStore(self.store),
            self.secret_users,
            on_remove=(self.links.forget_user, self.digests.forget_user,
                       self.leaderboards.forget_user, self.capture.forget_user),
        )
        token = self.settings.telegram_bot_token
        self.sessions = Sessions(
            self.store, self.now_epoch, self.random_bytes, self.accounts.authenticator.credential,
            self.links.user_for, token.get_secret_value() if token else None,
        )

    def close(self) -> None:
        for close in self.closers:
            close()
        self.closers.clear()

    def now_epoch(self) -> int:
        return int(self.clock().timestamp())

    def writing(self, user: str) -> Writing:
        """The unit of work over ``user``'s entries and records (commits on leaving)."""
        return Writing(self.store, user, self.timezone(user))

    # --- statistics -------------------------------------------------------------------
    def timezone(self, user: str) -> ZoneInfo:
        """The user's time zone, or the deployment default."""
        return user_settings.timezone(self.store, user, self.settings.timezone)

    def set_timezone(self, user: str, name: str) -> ZoneInfo:
        """Set the user's time zone (an IANA name; raises InvalidInput with a hint); the
        weekly digest, the reminder and the kept day totals follow it."""
        tz = user_settings.set_timezone(self.store, user, name)
        self._zone_changed(user, tz)
        return tz

    def _zone_changed(self, user: str, tz: ZoneInfo) -> None:
        """Everything that follows a user's time zone, listed once: the digest's moment, the
        reminder's, the kept day totals."""
        self.digests.follow_timezone(user, tz)
        self.goals.follow_timezone(user)
        self.kept.rebuild(user)

    def settings_of(self, user: str) -> dict[str, Any]:
        """The user's whole settings object, defaults filled in."""
        return {
            "timezone": self.timezone(user).key,
            "reading_speed": self.logbook.reading_speed(user),
            **self.goals.settings(user), "languages": self.capture.languages(user),
        }

    def change_settings(self, user: str, changes: user_settings.SettingsChanges) -> dict[str, Any]:
        """Apply a settings change as a merge patch, every part checked before any is
        stored; the whole object after."""
        patch = {name: getattr(changes, name) for name in changes.model_fields_set}
        settings_patch.apply(self, user, patch)
        return self.settings_of(user)

    def progress(self, user: str) -> dict[str, Any]:
        """The GET /progress body for this user: its fields, then streak, goals and pace."""
        return progress_read.progress(self.store, self.goals, user, self.timezone(user),
                                      self.clock())

    # --- shows --------------------------------------------------------------------------
    def shows(self, user: str) -> list[dict[str, Any]]:
        """The user's show folders with their TVDB fields, in folder order."""
        return shows.list_shows(self.store, user)

    def update_show(self, user: str, folder_name: str, tvdb_id: int) -> dict[str, Any]:
        """Attach (or re-point) a TVDB series to a show folder; returns the show as listed."""
        return shows.update_show(self.store, self.providers, user, folder_name, tvdb_id,
                                 self.timezone(user))

    def tvdb_series_name(self, tvdb_id: int) -> str:
        """The name of a TVDB series; Unprocessable when there is no such series."""
        return shows.tvdb_series(self.providers, tvdb_id).name

    def search_tvdb(self, query: str, kind: Literal["series", "movie"],
                    limit: int = 5) -> list[SearchResult]:
        """TVDB search for series or movies by text."""
        return search_tvdb(self.providers, query, kind, limit)

    # --- syncs --------------------------------------------------------------------------
    def sync_episodes(self, user: str, episodes: Sequence[sync_episodes.EpisodeRef]) -> SyncReport:
        return sync_episodes.sync_episodes(self.store, user, episodes, self.now_epoch(),
                                           self.timezone(user))

    def sync_movies(self, user: str, movies: Sequence[sync_movies.MovieRef]) -> SyncReport:
        return sync_movies.sync_movies(self.store, self.providers, user, movies, self.now_epoch(),
                                       self.timezone(user))

    def sync_youtube(self, user: str, video_ids: Sequence[str]) -> SyncReport:
        return sync_youtube.sync_youtube(self.store, self.providers, user, video_ids,
                                         self.now_epoch(), self.timezone(user))

    def sync_spotify(self, user: str, episode_ids: Sequence[str],
                     backfill: bool = False) -> SyncReport:
        return sync_spotify.sync_spotify(self.store, self.providers, user, episode_ids,
                                         self.now_epoch(), self.timezone(user), backfill=backfill)

    # --- links shared in a message, and undoing them ----------------------------------
    def links_in(self, text: str) -> MessageLinks:
        """The links of a message's text (nothing is logged)."""
        return links_in(text)

    def log_links(self, user: str, text: str) -> LinkLog:
        """Log every video and episode linked in ``text``, remembering them for undo."""
        links = links_in(text)
        youtube = self.sync_youtube(user, list(ids)) if (ids := links.youtube_video_ids) else None
        spotify = self.sync_spotify(user, list(eps)) if (eps := links.spotify_episode_ids) else None
        report = combined(youtube, spotify)
        undo_id = undo.record_logged(self.store, user, report.added, self.clock().timestamp())
        today = self.progress(user)["daily_activity"][-1]["minutes_watched"]
        return LinkLog(links, report, undo_id, int(today))

    def expand_short_links(self, text: str) -> str:
        """``text`` with the episode link behind each ``spotify.link`` short link added."""
        return short_links.expand(text, self.short_link_transport)

    def log_watched(self, user: str, text: str) -> WatchedLog:
        """Log the one video or episode linked in ``text`` with the part watched (``20m``,
        ``&t=``) and the day a date word names; the entry tells whether its length is
        unknown (a live stream) so a door can ask how long."""
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
        request = LogRequest(activity=activity_for(url), title=host_of(url)[:200],
                             minutes=minutes, url=url[:2000], at=self._moment(user, day))
        return self.logbook.log(user, request, "bot")

    def _moment(self, user: str, day: str | None) -> int:
        try:
            return int(resolve_day(day, self.clock(), self.timezone(user)).timestamp())
        except LogTextError as error:
            raise InvalidInput(str(error)) from None

    def latest_undo(self, user: str) -> UndoEntry | None:
        """The most recently logged item (through a message) that can still be undone."""
        return undo.latest_entry(self.store, user, self.now_epoch())

    def undo(self, user: str, undo_id: str, index: int) -> UndoEntry | None:
        """Remove one logged item if unchanged; ``None`` if there is nothing to undo."""
        return undo.undo_entry(self.store, user, undo_id, index, zone=self.timezone(user))
