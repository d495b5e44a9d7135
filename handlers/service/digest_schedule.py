"""Weekly digest subscriptions, who is due, and the once-a-week claim (I/O via the repository).

Records:

- ``pk="USER#<user>", sk="DIGEST#SUBSCRIPTION"``: the user's choice (on/off, weekday,
  local time, the Telegram chat it goes to, blocked).
- ``pk="DIGEST#SUBSCRIBERS", sk="<user>"``: one index entry per subscriber with what
  deciding "is it due?" needs (weekday, time, time zone, chat, last week sent), so finding
  due users reads one partition instead of scanning the table.
- ``pk="USER#<user>", sk="DIGEST#SENT#<ISO week>"``: created with a conditional write
  before sending; whoever creates it sends, so a week's digest goes out at most once
  across retries, restarts and concurrent instances.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.service.calendar import (
    DAY_SECONDS,
    WEEKDAY_NAMES,
    iso_week_key,
    week_monday,
    zone_or_default,
)
from handlers.service.errors import InvalidInput
from storage.models import user_pk
from storage.repository import Item, ItemRepository

SUBSCRIPTION_SK = "DIGEST#SUBSCRIPTION"
INDEX_PK = "DIGEST#SUBSCRIBERS"
SENT_PREFIX = "DIGEST#SENT#"
SENT_RECORD_LIFETIME_SECONDS = 120 * DAY_SECONDS
DEFAULT_WEEKDAY = 0
DEFAULT_TIME = "09:00"
DEFAULT_SCHEDULE_TEXT = f"{WEEKDAY_NAMES[DEFAULT_WEEKDAY]}s at {DEFAULT_TIME}"
"""``"Mondays at 09:00"``: how the bot words the default send time."""
DIGEST_CHECK_SECONDS = 300.0
"""How often a long-lived process looks for users whose digest is due."""


@dataclass(frozen=True)
class Subscription:
    """A user's digest setting."""

    user: str
    enabled: bool
    weekday: int
    local_time: str
    chat_id: int
    blocked: bool = False

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]


@dataclass(frozen=True)
class DueDigest:
    """One digest to send now: to whom, where, and for which week."""

    user: str
    chat_id: int
    week_key: str


def parse_weekday(text: str) -> int:
    """``"mon"``, ``"Monday"`` -> 0; raises InvalidInput naming the accepted forms."""
    word = text.strip().lower()
    for number, name in enumerate(WEEKDAY_NAMES):
        if len(word) >= 3 and name.lower().startswith(word):
            return number
    raise InvalidInput(f"{text!r} is not a weekday; use Monday … Sunday (or Mon … Sun).")


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
    raise InvalidInput(f"{text!r} is not a time; use 24-hour HH:MM, like 09:00 or 18:30.")


def _from_record(record: Item) -> Subscription:
    return Subscription(
        str(record["user"]),
        bool(record["enabled"]),
        int(record["weekday"]),
        str(record["local_time"]),
        int(record["chat_id"]),
        bool(record.get("blocked", False)),
    )


def subscription(repo: ItemRepository, user: str) -> Subscription | None:
    """The user's digest setting, if they ever had one."""
    record = repo.get(user_pk(user), SUBSCRIPTION_SK)
    return None if record is None else _from_record(record)


def subscribe(
    repo: ItemRepository,
    user: str,
    chat_id: int,
    tz: ZoneInfo,
    *,
    weekday: int | None = None,
    local_time: str | None = None,
) -> Subscription:
    """Turn the digest on (keeping an earlier day and time unless new ones are given)."""
    current = subscription(repo, user)
    chosen = Subscription(
        user,
        True,
        weekday if weekday is not None else (current.weekday if current else DEFAULT_WEEKDAY),
        local_time or (current.local_time if current else DEFAULT_TIME),
        chat_id,
    )
    _store(repo, chosen, tz)
    return chosen


def unsubscribe(repo: ItemRepository, user: str) -> Subscription | None:
    """Turn the digest off; return the setting as now stored (``None`` if there was none)."""
    current = subscription(repo, user)
    if current is None:
        return None
    off = Subscription(
        user, False, current.weekday, current.local_time, current.chat_id, current.blocked
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
            ),
            None,
        )


def refresh_timezone(repo: ItemRepository, user: str, tz: ZoneInfo) -> None:
    """Keep the subscriber index in step with a new time zone."""
    entry = repo.get(INDEX_PK, user)
    if entry is not None:
        repo.put({**entry, "timezone": tz.key})


def forget(repo: ItemRepository, user: str) -> None:
    """Delete the user's subscription and index entry (the user is being removed)."""
    repo.delete(INDEX_PK, user)
    repo.delete(user_pk(user), SUBSCRIPTION_SK)


def _store(repo: ItemRepository, chosen: Subscription, tz: ZoneInfo | None) -> None:
    repo.put(
        {
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
    )
    if not chosen.enabled or chosen.blocked:
        repo.delete(INDEX_PK, chosen.user)
        return
    previous = repo.get(INDEX_PK, chosen.user) or {}
    entry: Item = {
        "pk": INDEX_PK,
        "sk": chosen.user,
        "user": chosen.user,
        "weekday": chosen.weekday,
        "local_time": chosen.local_time,
        "chat_id": chosen.chat_id,
        "version": 1,
    }
    # Without a zone the entry follows the deployment default, as the user's settings do.
    zone = tz.key if tz is not None else previous.get("timezone")
    if zone is not None:
        entry["timezone"] = zone
    if "last_week" in previous:
        entry["last_week"] = previous["last_week"]
    repo.put(entry)


def scheduled_moment(local_now: datetime, weekday: int, local_time: str) -> datetime:
    """This ISO week's send moment in the user's zone."""
    hours, minutes = (int(part) for part in local_time.split(":"))
    day = week_monday(local_now.date()) + timedelta(days=weekday)
    return datetime.combine(day, time(hours, minutes), tzinfo=local_now.tzinfo)


def due_users(repo: ItemRepository, now: datetime, default_zone: str) -> list[DueDigest]:
    """Subscribers whose send moment of their current week has passed and who lack it.

    A send moment missed while nothing was running is still honoured later the same week.
    An entry without a valid zone follows ``default_zone``, the deployment's default.
    """
    due = []
    for entry in repo.query_prefix(INDEX_PK):
        zone = zone_or_default(entry.get("timezone"), default_zone)
        local_now = now.astimezone(zone)
        key = iso_week_key(local_now)
        if entry.get("last_week") == key:
            continue
        moment = scheduled_moment(local_now, int(entry["weekday"]), str(entry["local_time"]))
        if local_now >= moment:
            due.append(DueDigest(str(entry["user"]), int(entry["chat_id"]), key))
    return due


def claim_digest(repo: ItemRepository, user: str, week: str, now_epoch: int) -> bool:
    """Claim this week's digest for ``user``: True for exactly one caller, ever."""
    claimed = repo.put_if_absent(
        {
            "pk": user_pk(user),
            "sk": SENT_PREFIX + week,
            "user": user,
            "claimed_at": now_epoch,
            "expires_at": now_epoch + SENT_RECORD_LIFETIME_SECONDS,
            "version": 1,
        }
    )
    entry = repo.get(INDEX_PK, user)
    if entry is not None and entry.get("last_week") != week:
        # Only an optimisation for due_users; the conditional write above is the guarantee.
        repo.put({**entry, "last_week": week})
    return claimed
