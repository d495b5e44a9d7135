"""The rules: every operation the doors call, behind the `Service` facade (no HTTP, no AWS).

The one face of the service: every door (the REST API, the Lambdas, the bots, the command
line) imports from here and never from a module inside. Names load on first use (PEP 562),
so importing the face costs nothing until a door needs a name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handlers.service.accounts import telegram_links
    from handlers.service.accounts.credentials import AccountStore, Authenticator, secret_users
    from handlers.service.accounts.passwords import (
        PASSWORD_RULE,
        hash_password,
        password_problem,
        share_hashing_cores,
    )
    from handlers.service.accounts.sessions import NewSession, Sessions
    from handlers.service.accounts.telegram_links import CODE_LIFETIME_SECONDS, CODE_LIFETIME_TEXT
    from handlers.service.accounts.user_settings import SettingsChanges
    from handlers.service.capture.integrations import looks_like_token
    from handlers.service.capture.notices import CaptureNotice
    from handlers.service.catalog.message_links import MessageLinks
    from handlers.service.catalog.show_words import SetShowWords, parse_setshow_words, show_activity
    from handlers.service.catalog.sync_episodes import EpisodeRef
    from handlers.service.catalog.sync_movies import MovieRef
    from handlers.service.catalog.sync_report import FailedItem, LoggedItem, SyncReport
    from handlers.service.catalog.watched_links import (
        activity_for,
        host_of,
        other_links,
        watched_part,
    )
    from handlers.service.catalog.whole_shows import Collection, CollectionKind
    from handlers.service.core.activities import (
        ACTIVITY_GROUPS,
        READING_SPEED_UNITS,
        UnknownActivity,
        canonical_activity,
        group_of,
    )
    from handlers.service.core.calendar import (
        WEEKDAY_ABBREVIATIONS,
        date_of_epoch,
        day_label,
        local_date,
    )
    from handlers.service.core.errors import (
        Conflict,
        Forbidden,
        InvalidInput,
        NotFound,
        ProviderNotConfigured,
        ServiceError,
        ServiceUnavailable,
        TooLarge,
        TooManyAttempts,
        Unauthorized,
        Unprocessable,
        user_message,
    )
    from handlers.service.core.request_limits import (
        LAMBDA_IMPORT_BYTES,
        LAMBDA_RESPONSE_BYTES,
        byte_size_text,
        size_limit_text,
    )
    from handlers.service.facade import Clock, Service, system_clock
    from handlers.service.goals.area import GoalNews, ReminderNotice, Suggestion
    from handlers.service.goals.leaderboard import Standing
    from handlers.service.goals.rules import Goals
    from handlers.service.goals.settings import REMIND_EXAMPLE, Reminder, parse_goal_words
    from handlers.service.logbook.area import LoggedReply
    from handlers.service.logbook.history import Entry, entry_id
    from handlers.service.logbook.requests import EntryChanges, LogRequest
    from handlers.service.logbook.text import (
        LogText,
        LogTextError,
        duration_minutes,
        parse_log_text,
        resolve_day,
    )
    from handlers.service.logbook.writes import editable_fields
    from handlers.service.notify.digest import Digest, Ranked
    from handlers.service.notify.digest_schedule import (
        DEFAULT_SCHEDULE_TEXT,
        DIGEST_CHECK_SECONDS,
        Subscription,
        parse_local_time,
    )
    from handlers.service.notify.due_index import Due
    from handlers.service.notify.notifier import DISCORD, DigestNotice, Notice
    from handlers.service.notify.page import Page
    from handlers.service.portability.imports.job import ImportReport
    from handlers.service.portability.imports.rows import RowError
    from handlers.service.portability.migrate import migrate
    from handlers.service.progress.stats import MAX_DAYS
    from storage.repository import StorageUnavailable

_WHERE: dict[str, str] = {
    # module: the names it gives the face
    "handlers.service.accounts": "telegram_links",
    "handlers.service.accounts.credentials": "AccountStore Authenticator secret_users",
    "handlers.service.accounts.passwords": (
        "PASSWORD_RULE hash_password password_problem share_hashing_cores"
    ),
    "handlers.service.accounts.sessions": "NewSession Sessions",
    "handlers.service.accounts.telegram_links": "CODE_LIFETIME_SECONDS CODE_LIFETIME_TEXT",
    "handlers.service.accounts.user_settings": "SettingsChanges",
    "handlers.service.capture.integrations": "looks_like_token",
    "handlers.service.capture.notices": "CaptureNotice",
    "handlers.service.catalog.message_links": "MessageLinks",
    "handlers.service.catalog.show_words": "SetShowWords parse_setshow_words show_activity",
    "handlers.service.catalog.sync_episodes": "EpisodeRef",
    "handlers.service.catalog.sync_movies": "MovieRef",
    "handlers.service.catalog.sync_report": "FailedItem LoggedItem SyncReport",
    "handlers.service.catalog.watched_links": "activity_for host_of other_links watched_part",
    "handlers.service.catalog.whole_shows": "Collection CollectionKind",
    "handlers.service.core.activities": (
        "ACTIVITY_GROUPS READING_SPEED_UNITS UnknownActivity canonical_activity group_of"
    ),
    "handlers.service.core.calendar": "WEEKDAY_ABBREVIATIONS date_of_epoch day_label local_date",
    "handlers.service.core.errors": (
        "Conflict Forbidden InvalidInput NotFound ProviderNotConfigured ServiceError "
        "ServiceUnavailable TooLarge TooManyAttempts Unauthorized Unprocessable user_message"
    ),
    "handlers.service.core.request_limits": (
        "LAMBDA_IMPORT_BYTES LAMBDA_RESPONSE_BYTES byte_size_text size_limit_text"
    ),
    "handlers.service.facade": "Clock Service system_clock",
    "handlers.service.goals.area": "GoalNews ReminderNotice Suggestion",
    "handlers.service.goals.leaderboard": "Standing",
    "handlers.service.goals.rules": "Goals",
    "handlers.service.goals.settings": "REMIND_EXAMPLE Reminder parse_goal_words",
    "handlers.service.logbook.area": "LoggedReply",
    "handlers.service.logbook.history": "Entry entry_id",
    "handlers.service.logbook.requests": "EntryChanges LogRequest",
    "handlers.service.logbook.text": (
        "LogText LogTextError duration_minutes parse_log_text resolve_day"
    ),
    "handlers.service.logbook.writes": "editable_fields",
    "handlers.service.notify.digest": "Digest Ranked",
    "handlers.service.notify.digest_schedule": (
        "DEFAULT_SCHEDULE_TEXT DIGEST_CHECK_SECONDS Subscription parse_local_time"
    ),
    "handlers.service.notify.due_index": "Due",
    "handlers.service.notify.notifier": "DISCORD DigestNotice Notice",
    "handlers.service.notify.page": "Page",
    "handlers.service.portability.imports.job": "ImportReport",
    "handlers.service.portability.imports.rows": "RowError",
    "handlers.service.portability.migrate": "migrate",
    "handlers.service.progress.stats": "MAX_DAYS",
    # The store's refusal (busy, unreadable, read-only), for doors that say it as it is.
    "storage.repository": "StorageUnavailable",
}
_EXPORTS: dict[str, str] = {name: module for module, names in _WHERE.items()
                             for name in names.split()}

__all__ = [
    "ACTIVITY_GROUPS",
    "CODE_LIFETIME_SECONDS",
    "CODE_LIFETIME_TEXT",
    "DEFAULT_SCHEDULE_TEXT",
    "DIGEST_CHECK_SECONDS",
    "DISCORD",
    "LAMBDA_IMPORT_BYTES",
    "LAMBDA_RESPONSE_BYTES",
    "MAX_DAYS",
    "PASSWORD_RULE",
    "READING_SPEED_UNITS",
    "REMIND_EXAMPLE",
    "WEEKDAY_ABBREVIATIONS",
    "AccountStore",
    "Authenticator",
    "CaptureNotice",
    "Clock",
    "Collection",
    "CollectionKind",
    "Conflict",
    "Digest",
    "DigestNotice",
    "Due",
    "Entry",
    "EntryChanges",
    "EpisodeRef",
    "FailedItem",
    "Forbidden",
    "GoalNews",
    "Goals",
    "ImportReport",
    "InvalidInput",
    "LogRequest",
    "LogText",
    "LogTextError",
    "LoggedItem",
    "LoggedReply",
    "MessageLinks",
    "MovieRef",
    "NewSession",
    "NotFound",
    "Notice",
    "Page",
    "ProviderNotConfigured",
    "Ranked",
    "Reminder",
    "ReminderNotice",
    "RowError",
    "Service",
    "ServiceError",
    "ServiceUnavailable",
    "Sessions",
    "SetShowWords",
    "SettingsChanges",
    "Standing",
    "StorageUnavailable",
    "Subscription",
    "Suggestion",
    "SyncReport",
    "TooLarge",
    "TooManyAttempts",
    "Unauthorized",
    "UnknownActivity",
    "Unprocessable",
    "activity_for",
    "byte_size_text",
    "canonical_activity",
    "date_of_epoch",
    "day_label",
    "duration_minutes",
    "editable_fields",
    "entry_id",
    "group_of",
    "hash_password",
    "host_of",
    "local_date",
    "looks_like_token",
    "migrate",
    "other_links",
    "parse_goal_words",
    "parse_local_time",
    "parse_log_text",
    "parse_setshow_words",
    "password_problem",
    "resolve_day",
    "secret_users",
    "share_hashing_cores",
    "show_activity",
    "size_limit_text",
    "system_clock",
    "telegram_links",
    "user_message",
    "watched_part",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = importlib.import_module(module)
    # A submodule is an attribute of its package only once imported.
    value = getattr(found, name) if hasattr(found, name) else importlib.import_module(
        f"{module}.{name}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
