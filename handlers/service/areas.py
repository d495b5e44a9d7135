"""What the service is built from, and its areas, each built on first use (no I/O of its own).

An area's modules are imported the first time something asks for the area, so a process
that answers one kind of request (a Lambda, say) loads only what that request needs.
``Service`` (``facade``) adds the operations the doors call.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import httpx

    from handlers.service.accounts.area import Accounts
    from handlers.service.accounts.credentials import SecretUser
    from handlers.service.accounts.linking import Linking
    from handlers.service.accounts.sessions import Sessions
    from handlers.service.capture.area import Capture
    from handlers.service.goals.area import GoalsArea
    from handlers.service.goals.leaderboard import Leaderboards
    from handlers.service.kept.area import KeptItems
    from handlers.service.kept.writing import Writing
    from handlers.service.logbook.area import Logbook
    from handlers.service.notify.notifier import Notifier
    from handlers.service.notify.weekly_digest import WeeklyDigests
    from handlers.service.portability.area import Portability
    from handlers.settings import Settings
    from metadata_clients.settings import ProviderClients
    from storage.repository import Item, ItemRepository

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, timezone-aware (UTC); only the composition root passes this."""
    return datetime.now(UTC)


def _deployment_settings() -> Settings:
    from handlers.settings import Settings

    return Settings()


@dataclass
class Areas:
    """The dependencies every operation needs, and the areas that hang off them.

    ``accounts`` (users and passwords), ``links`` (Telegram and Discord accounts),
    ``digests`` (the weekly digest), ``logbook`` (logs of any immersion, the history of
    every kind, statistics by period), ``goals`` (goals, streaks, the reminder),
    ``notifier`` (reminders and digests that are due), ``leaderboards`` (opt-in study
    groups), ``portability`` (export, import, undo of an import), ``sessions`` (the web
    page's sign-ins), ``capture`` (players that log themselves) and ``kept`` (checking and
    rebuilding the items kept beside the entries). Doors use those, never ``repo``.
    """

    repo: ItemRepository
    providers: ProviderClients
    settings: Settings = field(default_factory=_deployment_settings)
    clock: Clock = system_clock
    closers: list[Callable[[], None]] = field(default_factory=list)
    """Releases the connections this service owns (store, HTTP pool), in order."""
    secret_users: Sequence[SecretUser] = ()
    """The service secret's users (the first generation's accounts)."""
    random_bytes: Callable[[int], bytes] = secrets.token_bytes
    """Randomness for new ids; tests pass a deterministic source."""
    short_link_transport: httpx.BaseTransport | None = None
    """How short links reach Spotify (the network; tests pass a mock transport)."""
    store: ItemRepository = field(init=False)

    def __post_init__(self) -> None:
        # Entries and records change only through the unit of work (``kept.writing``),
        # which keeps the kept items and marks the reminders' summary in the same write.
        self.store = self.repo

    def close(self) -> None:
        for close in self.closers:
            close()
        self.closers.clear()

    def now_epoch(self) -> int:
        return int(self.clock().timestamp())

    def require_user(self, name: str) -> None:
        """NotFound unless ``name`` is someone this deployment knows: an account (stored or
        the service secret's), a pre-linked Telegram user, or whoever has a recorded history
        (a removed account's stays theirs to export)."""
        from handlers.service.core.errors import NotFound
        from storage.models import user_pk

        if not (self.accounts.exists(name) or name in self.links.prelinks.values()
                or self.store.last_in_prefix(user_pk(name)) is not None):
            raise NotFound(f"There is no user {name!r}.")

    def timezone(self, user: str) -> ZoneInfo:
        """The user's time zone, or the deployment default."""
        from handlers.service.accounts import user_settings

        return user_settings.timezone(self.store, user, self.settings.timezone)

    def zone_in(self, stored: Item) -> ZoneInfo:
        """The zone the user's settings item holds, or the deployment default."""
        from handlers.service.accounts import user_settings

        return user_settings.zone_in(stored, self.settings.timezone)

    def writing(self, user: str) -> Writing:
        """The unit of work over ``user``'s entries and records (commits on leaving)."""
        from handlers.service.kept.writing import Writing

        return Writing(self.store, user, self.timezone(user))

    def _zone_changed(self, user: str, tz: ZoneInfo) -> None:
        """Everything that follows a user's time zone, listed once: the digest's moment, the
        reminder's, the kept day totals."""
        self.digests.follow_timezone(user, tz)
        self.goals.follow_timezone(user)
        self.kept.rebuild(user)

    # --- the areas, each built on first use --------------------------------------------
    @cached_property
    def digests(self) -> WeeklyDigests:
        from handlers.service.notify.weekly_digest import WeeklyDigests

        return WeeklyDigests(self.store, self.clock, self.timezone, self.settings.timezone)

    @cached_property
    def links(self) -> Linking:
        from handlers.service.accounts.linking import Linking

        return Linking(self.store, self.now_epoch, self.settings.telegram_users, self.digests,
                       known_user=lambda user: self.accounts.exists(user),
                       stop_reminder=lambda user, chat_id, chat: self.goals.stop_for_chat(
                           user, chat_id, chat))

    @cached_property
    def logbook(self) -> Logbook:
        from handlers.service.logbook.area import Logbook

        return Logbook(self.store, self.clock, self.timezone, self.random_bytes)

    @cached_property
    def goals(self) -> GoalsArea:
        from handlers.service.goals.area import GoalsArea

        return GoalsArea(self.store, self.clock, self.timezone, digests=self.digests,
                         chat_of=lambda user: next(iter(self.links.accounts_of(user)), None))

    @cached_property
    def notifier(self) -> Notifier:
        from handlers.service.notify.notifier import Notifier

        return Notifier(self.store, self.clock, self.timezone, self.goals, self.digests,
                        self.settings.timezone)

    @cached_property
    def leaderboards(self) -> Leaderboards:
        from handlers.service.goals.leaderboard import Leaderboards

        return Leaderboards(self.store, self.clock, self.timezone)

    @cached_property
    def kept(self) -> KeptItems:
        from handlers.service.kept.area import KeptItems

        return KeptItems(self.store, self.timezone)

    @cached_property
    def portability(self) -> Portability:
        from handlers.service.portability.area import Portability

        return Portability(self.store, self.clock, self.timezone, self.random_bytes,
                           self.settings.import_limits(), zone_changed=self._zone_changed)

    @cached_property
    def capture(self) -> Capture:
        from handlers.service.capture.area import Capture

        return Capture(self.store, self.logbook, self.clock, self.random_bytes,
                       self.providers.tvdb, self.settings.timezone)

    @cached_property
    def accounts(self) -> Accounts:
        from handlers.service.accounts.area import Accounts
        from handlers.service.accounts.credentials import AccountStore

        # Removing a user reaches every area that keeps something of theirs; each area is
        # built when a user is removed, not with the accounts (which every request uses).
        return Accounts(AccountStore(self.store), self.secret_users, on_remove=(
            lambda user: self.links.forget_user(user),
            lambda user: self.digests.forget_user(user),
            lambda user: self.goals.forget_user(user),
            lambda user: self.leaderboards.forget_user(user),
            lambda user: self.capture.forget_user(user)))

    @cached_property
    def sessions(self) -> Sessions:
        from handlers.service.accounts.sessions import Sessions

        token = self.settings.telegram_bot_token
        return Sessions(
            self.store, self.now_epoch, self.random_bytes, self.accounts.authenticator.credential,
            self.links.user_for, token.get_secret_value() if token else None,
        )
