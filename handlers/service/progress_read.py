"""GET /progress for one user: one streamed read of the entries, then goals (store I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service import progress as progress_module
from handlers.service.goal_area import GoalsArea
from handlers.service.stats import STATS_PREFIXES, counted
from storage.models import user_pk
from storage.repository import Item, ItemRepository


def progress(store: ItemRepository, goals: GoalsArea, user: str, tz: ZoneInfo,
             now: datetime) -> dict[str, Any]:
    """The body: the progress fields, then streak, goals and pace; rebuilds the user's
    day summary on the way when it was missing or stale."""
    rebuild = goals.start_rebuild(user)  # the summary's version before the entries
    # Streamed through the one pass, never held: a list of 10^5 items costs its own
    # garbage collections (a fifth of the bare read). Kept only to rebuild the summary.
    items: Iterable[Item] = (item for prefix in STATS_PREFIXES
                             for item in store.query_prefix(user_pk(user), prefix))
    kept = list(items) if rebuild.needed(tz) else None
    body, days, seconds = progress_module.progress_with_days(
        items if kept is None else kept, now, tz
    )
    if kept is not None:
        rebuild.store(counted(kept), tz, now)
    return {**body, **goals.figures(user, days, seconds)}
