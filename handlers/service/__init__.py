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
    from handlers.service.notify.notifier import DigestNotice, Notice
    from handlers.service.notify.page import Page
    from handlers.service.portability.imports.job import ImportReport
    from handlers.service.portability.imports.rows import RowError
    from handlers.service.portability.migrate import migrate
    from handlers.service.progress.stats import MAX_DAYS

_EXPORTS: dict[str, str] = {
    "ACTIVITY_GROUPS": "handlers.service.core.activities",
    "AccountStore": "handlers.service.accounts.credentials",
    "Authenticator": "handlers.service.accounts.credentials",
    "CODE_LIFETIME_SECONDS": "handlers.service.accounts.telegram_links",
    "CODE_LIFETIME_TEXT": "handlers.service.accounts.telegram_links",
    "Clock": "handlers.service.facade",
    "Collection": "handlers.service.catalog.whole_shows",
    "CollectionKind": "handlers.service.catalog.whole_shows",
    "Conflict": "handlers.service.core.errors",
    "DEFAULT_SCHEDULE_TEXT": "handlers.service.notify.digest_schedule",
    "DIGEST_CHECK_SECONDS": "handlers.service.notify.digest_schedule",
    "Digest": "handlers.service.notify.digest",
    "DigestNotice": "handlers.service.notify.notifier",
    "Due": "handlers.service.notify.due_index",
    "Entry": "handlers.service.logbook.history",
    "EntryChanges": "handlers.service.logbook.requests",
    "EpisodeRef": "handlers.service.catalog.sync_episodes",
    "FailedItem": "handlers.service.catalog.sync_report",
    "Forbidden": "handlers.service.core.errors",
    "GoalNews": "handlers.service.goals.area",
    "Goals": "handlers.service.goals.rules",
    "ImportReport": "handlers.service.portability.imports.job",
    "InvalidInput": "handlers.service.core.errors",
    "LAMBDA_IMPORT_BYTES": "handlers.service.core.request_limits",
    "LAMBDA_RESPONSE_BYTES": "handlers.service.core.request_limits",
    "LogRequest": "handlers.service.logbook.requests",
    "LogText": "handlers.service.logbook.text",
    "LogTextError": "handlers.service.logbook.text",
    "LoggedItem": "handlers.service.catalog.sync_report",
    "LoggedReply": "handlers.service.logbook.area",
    "MAX_DAYS": "handlers.service.progress.stats",
    "MessageLinks": "handlers.service.catalog.message_links",
    "MovieRef": "handlers.service.catalog.sync_movies",
    "NewSession": "handlers.service.accounts.sessions",
    "NotFound": "handlers.service.core.errors",
    "Notice": "handlers.service.notify.notifier",
    "PASSWORD_RULE": "handlers.service.accounts.passwords",
    "Page": "handlers.service.notify.page",
    "ProviderNotConfigured": "handlers.service.core.errors",
    "READING_SPEED_UNITS": "handlers.service.core.activities",
    "REMIND_EXAMPLE": "handlers.service.goals.settings",
    "Ranked": "handlers.service.notify.digest",
    "Reminder": "handlers.service.goals.settings",
    "ReminderNotice": "handlers.service.goals.area",
    "RowError": "handlers.service.portability.imports.rows",
    "Service": "handlers.service.facade",
    "ServiceError": "handlers.service.core.errors",
    "ServiceUnavailable": "handlers.service.core.errors",
    "Sessions": "handlers.service.accounts.sessions",
    "SetShowWords": "handlers.service.catalog.show_words",
    "SettingsChanges": "handlers.service.accounts.user_settings",
    "Standing": "handlers.service.goals.leaderboard",
    "Subscription": "handlers.service.notify.digest_schedule",
    "Suggestion": "handlers.service.goals.area",
    "SyncReport": "handlers.service.catalog.sync_report",
    "TooLarge": "handlers.service.core.errors",
    "TooManyAttempts": "handlers.service.core.errors",
    "Unauthorized": "handlers.service.core.errors",
    "UnknownActivity": "handlers.service.core.activities",
    "Unprocessable": "handlers.service.core.errors",
    "WEEKDAY_ABBREVIATIONS": "handlers.service.core.calendar",
    "activity_for": "handlers.service.catalog.watched_links",
    "byte_size_text": "handlers.service.core.request_limits",
    "canonical_activity": "handlers.service.core.activities",
    "date_of_epoch": "handlers.service.core.calendar",
    "day_label": "handlers.service.core.calendar",
    "duration_minutes": "handlers.service.logbook.text",
    "editable_fields": "handlers.service.logbook.writes",
    "entry_id": "handlers.service.logbook.history",
    "group_of": "handlers.service.core.activities",
    "hash_password": "handlers.service.accounts.passwords",
    "host_of": "handlers.service.catalog.watched_links",
    "local_date": "handlers.service.core.calendar",
    "looks_like_token": "handlers.service.capture.integrations",
    "migrate": "handlers.service.portability.migrate",
    "other_links": "handlers.service.catalog.watched_links",
    "parse_goal_words": "handlers.service.goals.settings",
    "parse_local_time": "handlers.service.notify.digest_schedule",
    "parse_setshow_words": "handlers.service.catalog.show_words",
    "parse_log_text": "handlers.service.logbook.text",
    "password_problem": "handlers.service.accounts.passwords",
    "resolve_day": "handlers.service.logbook.text",
    "secret_users": "handlers.service.accounts.credentials",
    "share_hashing_cores": "handlers.service.accounts.passwords",
    "show_activity": "handlers.service.catalog.show_words",
    "size_limit_text": "handlers.service.core.request_limits",
    "system_clock": "handlers.service.facade",
    "telegram_links": "handlers.service.accounts",
    "user_message": "handlers.service.core.errors",
    "watched_part": "handlers.service.catalog.watched_links",
}

__all__ = [
    "ACTIVITY_GROUPS",
    "CODE_LIFETIME_SECONDS",
    "CODE_LIFETIME_TEXT",
    "DEFAULT_SCHEDULE_TEXT",
    "DIGEST_CHECK_SECONDS",
    "LAMBDA_IMPORT_BYTES",
    "LAMBDA_RESPONSE_BYTES",
    "MAX_DAYS",
    "PASSWORD_RULE",
    "READING_SPEED_UNITS",
    "REMIND_EXAMPLE",
    "WEEKDAY_ABBREVIATIONS",
    "AccountStore",
    "Authenticator",
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
