"""Weekly digest subscriptions and their place in the due-time index (I/O via the repository).

Records:

- ``pk="USER#<user>", sk="DIGEST#SUBSCRIPTION"``: the user's choice (on/off, weekday,
  local time, the chat it goes to, blocked, when they subscribed; ``chat="discord"`` when
  it goes to a Discord direct message, else it is Telegram's).
- the user's ``digest`` entry of ``handlers.service.notify.due_index`` at the next send moment,
  and its claim ``DIGEST#SENT#<ISO week>``: a week's digest goes out once across retries,
  restarts and concurrent instances, and a crashed send is retried when its lease expires.

A digest is never about a week that ended before the user subscribed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import WEEKDAY_NAMES, iso_week_key, week_monday, zone_or_default
from handlers.service.core.errors import InvalidInput, quoted
from handlers.service.notify import due_index
from storage.models import user_pk
from storage.repository import Item, ItemRepository

SUBSCRIPTION_SK = "DIGEST#SUBSCRIPTION"
LEGACY_INDEX_PK = "DIGEST#SUBSCRIBERS"
"""The earlier subscriber list, read whole on every run; entries move to the due index."""
DEFAULT_WEEKDAY = 0
DEFAULT_TIME = "09:00"
DEFAULT_SCHEDULE_TEXT = f"{WEEKDAY_NAMES[DEFAULT_WEEKDAY]}s at {DEFAULT_TIME}"
"""``"Mondays at 09:00"``: how the bot words the default send time."""
DIGEST_RELEVANT = timedelta(days=7)
"""A digest missed while nothing ran is still sent during the week it belongs to."""
DIGEST_CHECK_SECONDS = 300.0
"""How often a long-lived process looks for messages that are due."""


@dataclass(frozen=True)
class Subscription:
    """A user's digest setting."""

    user: str
    enabled: bool
    weekday: int
    local_time: str
    chat_id: int
    blocked: bool = False
    chat: str = due_index.TELEGRAM
    """Which chat ``chat_id`` is in: ``telegram``, or ``discord`` (a direct message)."""

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]


def parse_weekday(text: str) -> int:
    """``"mon"``, ``"Monday"`` -> 0; raises InvalidInput naming the accepted forms."""
    word = text.strip().lower()
    for number, name in enumerate(WEEKDAY_NAMES):
        if len(word) >= 3 and name.lower().startswith(word):
            return number
    raise InvalidInput(f"{quoted(text)} is not a weekday; use Monday … Sunday (or Mon … Sun).")


def parse_local_time(text: str) -> str:
    """``"9:00"`` -> ``"09:00"``; raises InvalidInput for anything but a 24-hour HH:MM."""
    hours, sep, minutes = text.strip().partition(":")
    if (
        sep
        and hours.isdigit()
        and minutes.isdigit()
        and len(minutes) == 2
        and int(hours) < 24
        and int(minutes) < 60
    ):
        return f"{int(hours):02d}:{minutes}"
    raise InvalidInput(f"{quoted(text)} is not a time; use 24-hour HH:MM, like 09:00 or 18:30.")


def from_record(record: Item) -> Subscription:
    """The setting a subscription record holds."""
    return Subscription(
        str(record["user"]),
        bool(record["enabled"]),
        int(record["weekday"]),
        str(record["local_time"]),
        int(record["chat_id"]),
        bool(record.get("blocked", False)),
        str(record.get("chat", due_index.TELEGRAM)),
    )


def subscription(repo: ItemRepository, user: str) -> Subscription | None:
    """The user's digest setting, if they ever had one."""
    record = repo.get(user_pk(user), SUBSCRIPTION_SK)
    return None if record is None else from_record(record)


def subscribe(
    repo: ItemRepository,
    user: str,
    chat_id: int,
    tz: ZoneInfo,
    *,
    weekday: int | None = None,
    local_time: str | None = None,
    now: datetime,
    chat: str = due_index.TELEGRAM,
) -> Subscription:
    """Turn the digest on for ``chat_id`` in ``chat`` (keeping an earlier day and time unless
    new ones are given)."""
    current = subscription(repo, user)
    chosen = Subscription(
        user,
        True,
        weekday if weekday is not None else (current.weekday if current else DEFAULT_WEEKDAY),
        local_time or (current.local_time if current else DEFAULT_TIME),
        chat_id,
        chat=chat,
    )
    _store(repo, chosen, tz, now)
    return chosen


def unsubscribe(repo: ItemRepository, user: str) -> Subscription | None:
    """Turn the digest off; return the setting as now stored (``None`` if there was none)."""
    current = subscription(repo, user)
    if current is None:
        return None
    off = Subscription(
        user, False, current.weekday, current.local_time, current.chat_id, current.blocked,
        current.chat,
    )
    _store(repo, off, None)
    return off


def mark_blocked(repo: ItemRepository, user: str) -> None:
    """The user blocked the bot: keep the setting but stop trying until they come back."""
    current = subscription(repo, user)
    if current is not None:
        _store(
            repo,
            Subscription(
                current.user,
                current.enabled,
                current.weekday,
                current.local_time,
                current.chat_id,
                True,
                current.chat,
            ),
            None,
        )


def refresh_timezone(repo: ItemRepository, user: str, tz: ZoneInfo, now: datetime) -> None:
    """Move the user's next send moment to a new time zone."""
    current = subscription(repo, user)
    if current is not None and current.enabled and not current.blocked:
        reschedule(repo, current, tz, now, subscribed_at(repo, user))


def forget(repo: ItemRepository, user: str) -> None:
    """Delete the user's subscription and index entry (the user is being removed)."""
    due_index.unschedule(repo, "digest", user)
    repo.delete(user_pk(user), SUBSCRIPTION_SK)


def _store(repo: ItemRepository, chosen: Subscription, tz: ZoneInfo | None,
           now: datetime | None = None) -> None:
    previous = repo.get(user_pk(chosen.user), SUBSCRIPTION_SK) or {}
    since = previous.get("subscribed_at")
    if now is not None and chosen.enabled and not (previous.get("enabled") and since):
        since = int(now.timestamp())
    record: Item = {
        "pk": user_pk(chosen.user),
        "sk": SUBSCRIPTION_SK,
        "user": chosen.user,
        "enabled": chosen.enabled,
        "weekday": chosen.weekday,
        "local_time": chosen.local_time,
        "chat_id": chosen.chat_id,
        "blocked": chosen.blocked,
        "version": 1,
    }
    if chosen.chat != due_index.TELEGRAM:
        record["chat"] = chosen.chat
    if since is not None:
        record["subscribed_at"] = int(since)
    repo.put(record)
    if not chosen.enabled or chosen.blocked:
        due_index.unschedule(repo, "digest", chosen.user)
        return
    if tz is not None and now is not None:
        reschedule(repo, chosen, tz, now, int(since or 0))


def scheduled_moment(local_now: datetime, weekday: int, local_time: str) -> datetime:
    """This ISO week's send moment in the user's zone."""
    hours, minutes = (int(part) for part in local_time.split(":"))
    day = week_monday(local_now.date()) + timedelta(days=weekday)
    return datetime.combine(day, time(hours, minutes), tzinfo=local_now.tzinfo)


def next_moment(after: datetime, weekday: int, local_time: str, tz: ZoneInfo,
                subscribed_at: int) -> datetime:
    """The first send moment after ``after`` whose reported week ended after subscribing.

    The reported week ends at the local midnight starting the send day, so someone who
    subscribes on a Monday at 08:00 gets no digest at 09:00 about a week before they came.
    """
    moment = scheduled_moment(after.astimezone(tz), weekday, local_time)
    for _ in range(3):
        week_end = datetime.combine(moment.date(), time(0), tzinfo=tz)
        if moment > after and week_end.timestamp() > subscribed_at:
            return moment
        moment = datetime.combine(moment.date() + timedelta(days=7),
                                  moment.timetz().replace(tzinfo=None), tzinfo=tz)
    return moment


def reschedule(repo: ItemRepository, chosen: Subscription, tz: ZoneInfo, after: datetime,
               subscribed_at: int) -> None:
    """Put the user's digest entry of the due index at their next send moment."""
    moment = next_moment(after, chosen.weekday, chosen.local_time, tz, subscribed_at)
    due_index.schedule(repo, "digest", chosen.user, chosen.chat_id, moment,
                       iso_week_key(moment), chosen.chat)


def subscribed_at(repo: ItemRepository, user: str) -> int:
    """When the user (last) turned the digest on; 0 for the first generation's records."""
    record = repo.get(user_pk(user), SUBSCRIPTION_SK) or {}
    return int(record.get("subscribed_at", 0))


def migrate_legacy(repo: ItemRepository, now: datetime, default_zone: str, limit: int) -> int:
    """Move up to ``limit`` entries of the earlier subscriber list into the due index.

    Once the list is empty this costs one small query per run.
    """
    moved = 0
    for entry in list(repo.query_prefix(LEGACY_INDEX_PK, limit=limit)):
        user = str(entry["sk"])
        current = subscription(repo, user)
        if current is not None and current.enabled and not current.blocked:
            zone = zone_or_default(entry.get("timezone"), default_zone)
            reschedule(repo, current, zone, now, subscribed_at(repo, user))
        repo.delete(LEGACY_INDEX_PK, user)
        moved += 1
    return moved
