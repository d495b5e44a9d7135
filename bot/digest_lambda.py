"""The scheduled digest Lambda: sends the weekly digests that are due (network and store I/O)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.application import build_application
from bot.digest_sender import send_due_digests
from bot.webhook_lambda import configured_service


async def _run() -> dict[str, int]:
    service, token, _ = configured_service()
    application = build_application(service, token=token, with_updater=False, digest_every=None)
    async with application:
        run = await send_due_digests(application.bot, service)
    return {"sent": len(run.sent), "skipped": len(run.skipped), "blocked": len(run.blocked),
            "failed": len(run.failed)}


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, int]:
    """EventBridge schedule entry point; returns the run's counts."""
    return asyncio.run(_run())
