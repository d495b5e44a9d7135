"""Chat accounts (Telegram, Discord) and tracker users: codes, linking, who is who (store I/O).

The rules that go with a link live here, not in the bot: linking a Telegram account turns
the weekly digest on for it, and unlinking stops a digest that goes to it. A Discord
account links with the same codes; the digest stays where it is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from handlers.service.accounts import telegram_links
from handlers.service.accounts.telegram_links import ChatKind
from handlers.service.core.errors import NotFound, quoted
from handlers.service.notify.digest_schedule import Subscription
from handlers.service.notify.weekly_digest import WeeklyDigests
from storage.repository import ItemRepository


@dataclass(frozen=True)
class Linked:
    """A redeemed link code."""

    user: str
    digest_started: Subscription | None
    """The digest this link turned on (``None`` when the user already had a setting)."""


@dataclass(frozen=True)
class Unlinked:
    """What ``/unlink`` found."""

    user: str | None
    """The user the account was linked to with a code (``None``: it was not)."""
    prelinked: bool
    """Whether the operator's configuration links the account (only they can undo that)."""


class Linking:
    """Link codes and the Telegram account ↔ user mapping."""

    def __init__(
        self,
        repo: ItemRepository,
        now_epoch: Callable[[], int],
        prelinks: str,
        digests: WeeklyDigests,
        known_user: Callable[[str], bool],
        stop_reminder: Callable[[str, int, str], None] = lambda _user, _chat_id, _chat: None,
    ) -> None:
        self._repo = repo
        self._now_epoch = now_epoch
        self.prelinks = telegram_links.parse_prelinks(prelinks)
        self._digests = digests
        self._known_user = known_user
        self._stop_reminder = stop_reminder
        """Turns the user's reminder off when it goes to a chat account just unlinked."""

    def create_code(self, user: str) -> str:
        """A fresh single-use code (``ABCDE-FGHJK``) that links a Telegram account to ``user``."""
        if not self._known_user(user):
            raise NotFound(f"There is no user {quoted(user)}.")
        return telegram_links.create_link_code(self._repo, user, self._now_epoch())

    def redeem(self, code: str, telegram_id: int, kind: ChatKind = "telegram") -> Linked:
        """Link the account with ``code``; a first Telegram link subscribes it to the digest."""
        user = telegram_links.redeem_link_code(self._repo, code, telegram_id, self._now_epoch(),
                                               kind)
        if kind != "telegram" or self._digests.subscription(user) is not None:
            return Linked(user, None)
        return Linked(user, self._digests.subscribe(user, telegram_id))

    def unlink(self, telegram_id: int, kind: ChatKind = "telegram") -> Unlinked:
        """Remove the account's code link and stop a digest or a reminder sent to it."""
        user = telegram_links.unlink(self._repo, telegram_id, kind)
        if kind != "telegram":
            if user is not None:
                self._stop_messages(user, telegram_id, kind)
            return Unlinked(user, False)
        # A pre-linked account still belongs to the user: its messages go on.
        if user is not None and self.user_for(telegram_id) != user:
            self._stop_messages(user, telegram_id, kind)
        return Unlinked(user, telegram_id in self.prelinks)

    def _stop_messages(self, user: str, chat_id: int, kind: ChatKind) -> None:
        self._digests.stop_for_chat(user, chat_id, kind)
        self._stop_reminder(user, chat_id, kind)

    def user_for(self, telegram_id: int, kind: ChatKind = "telegram") -> str | None:
        """The user behind a chat account: a code link first, else (Telegram) the operator's
        pre-link."""
        if kind != "telegram":
            return telegram_links.linked_user(self._repo, telegram_id, kind)
        return telegram_links.user_for_telegram(self._repo, telegram_id, self.prelinks)

    def accounts_of(self, user: str, kind: ChatKind = "telegram") -> list[int]:
        """The chat accounts of ``user`` (Telegram by default): linked with codes, then for
        Telegram the operator's pre-links (those not linked to another user with a code, as
        ``user_for`` decides)."""
        linked = telegram_links.accounts_of(self._repo, user, kind)
        if kind != "telegram":
            return linked
        prelinked = [telegram_id for telegram_id, owner in self.prelinks.items()
                     if owner == user and telegram_id not in linked
                     and self.user_for(telegram_id) == user]
        return linked + prelinked

    def forget_user(self, user: str) -> None:
        """Remove every link and pending code of ``user`` (the user is being removed)."""
        telegram_links.forget_user(self._repo, user)
