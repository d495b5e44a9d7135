"""The application factory: one PTB Application with handlers, rate limiter, jobs (no I/O yet)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import update_routes
from bot.command_menu import announce
from bot.context import BotContext, TrackerApplication
from bot.on_first_call import async_callback
from bot.sending import (
    RATE_LIMIT_RETRIES,
    MissingToken,
    NoPolling,
    quiet_token_logs,
    rate_limiter,
)
from handlers.service import DIGEST_CHECK_SECONDS
from handlers.settings import Settings

if TYPE_CHECKING:
    from handlers.service import Service

CONCURRENT_UPDATES = 16
"""Updates handled at once: each spends most of its time waiting on providers or the store."""


async def group_gate(update: Update, context: BotContext) -> None:
    """In groups, let through only commands addressed to this bot and non-command messages
    (the link handler ignores those without links or from unlinked members)."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or chat.type == ChatType.PRIVATE or message is None:
        return
    if update.callback_query is not None:
        return
    text = message.text or message.caption or ""
    if text.startswith("/"):
        command = text.split()[0]
        _, _, addressee = command.partition("@")
        if addressee.lower() != (context.bot.username or "").lower():
            raise ApplicationHandlerStop


async def notify_job(context: BotContext) -> None:
    """The job queue's trigger of reminders and weekly digests."""
    from bot.notifier_sender import send_due

    await send_due(context.bot, context.service)


def file_base_url(base_url: str) -> str:
    """Where the Bot API serves files, beside its methods: ``…/bot`` → ``…/file/bot`` (how
    Telegram and a local Bot API server lay them out), so a configured server is used for
    downloads too."""
    head, _, last = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{last}"


def build_application(
    service: Service,
    settings: Settings | None = None,
    *,
    token: str | None = None,
    with_updater: bool = True,
    digest_every: float | None = DIGEST_CHECK_SECONDS,
    rate_limit_retries: int = RATE_LIMIT_RETRIES,
    request: BaseRequest | None = None,
) -> TrackerApplication:
    """The bot for ``service``; ``with_updater=False`` for webhooks (one update at a time).

    ``request`` replaces the HTTP transport to the Bot API (python-telegram-bot's seam for
    tests that run without a network)."""
    settings = settings or service.settings
    secret = token or (
        settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None
    )
    if not secret:
        raise MissingToken()
    quiet_token_logs()
    builder = (
        ApplicationBuilder()
        .token(secret)
        .base_url(settings.telegram_base_url)
        .base_file_url(file_base_url(settings.telegram_base_url))
        .application_class(TrackerApplication, {"service": service})
        .context_types(ContextTypes(context=BotContext))
        .rate_limiter(rate_limiter(rate_limit_retries))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(announce)  # type: ignore[arg-type]
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if not with_updater:
        builder = builder.updater(None).get_updates_request(NoPolling())
    application = cast(TrackerApplication, builder.build())
    _add_handlers(application)
    if digest_every and application.job_queue is not None:
        from bot import capture_notices

        application.job_queue.run_repeating(
            notify_job, interval=digest_every, first=min(digest_every, 10), name="notifier"
        )
        application.job_queue.run_repeating(
            capture_notices.notices_job, interval=capture_notices.EVERY_SECONDS,
            first=capture_notices.EVERY_SECONDS, name="capture notices")
    return application


def _add_handlers(app: TrackerApplication) -> None:
    """python-telegram-bot's handlers, each callback's module loaded with its first update."""
    app.add_handler(TypeHandler(Update, group_gate), group=-1)
    for name, target in update_routes.COMMANDS:
        app.add_handler(CommandHandler(name, async_callback(target)))
    for pattern, target in update_routes.BUTTONS:
        app.add_handler(CallbackQueryHandler(async_callback(target), pattern=pattern))
    app.add_handler(MessageHandler(filters.Document.ALL, async_callback(update_routes.DOCUMENT)))
    app.add_handler(MessageHandler((filters.TEXT & ~filters.COMMAND) | filters.CAPTION,
                                   async_callback(update_routes.TEXT)))
    app.add_handler(MessageHandler(filters.COMMAND, async_callback(update_routes.UNKNOWN_COMMAND)))
    app.add_error_handler(async_callback("bot.replies:on_error"))
