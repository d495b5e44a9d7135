"""Which day entries a reader export creates, replaces or leaves alone (reads the store).

One entry per (source, title, local day) under a stable key: a newer export of a day
replaces that day's figures, an unchanged one changes nothing, and an entry the learner
edited stays as they made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from handlers.service.portability.imports.readers.figures import (
    COUNTS,
    DayFigure,
    key_prefix,
    log_id,
)
from storage.models import LogEntry, user_pk
from storage.repository import Item, ItemRepository

IN_PLACE = "in_place"
"""On an entry: the reader format that keeps it up to date."""
EDITED = "edited"
"""On such an entry: the learner changed it, so later imports leave it alone."""
FIGURES = ("duration", "amount", "unit", "title", "activity", *COUNTS)
"""What an import sets; ``source`` names the import that set it last."""


@dataclass
class Plan:
    """What one batch of figures does to the store."""

    new: list[Item] = field(default_factory=list)
    replaced: list[tuple[Item, dict[str, Any]]] = field(default_factory=list)
    """(the stored entry, the changes that bring it up to date)."""
    unchanged: int = 0
    edited: int = 0


def entry(user: str, source: str, figure: DayFigure, at: int, now: datetime,
          origin: str) -> Item:
    """The entry a day's figure makes at epoch ``at`` (``rows.epoch_of`` its day;
    ``origin``: the import's ``source`` value)."""
    characters, pages = figure.characters, figure.pages
    amount, unit = ((characters, "characters") if characters
                    else (pages, "pages") if pages else (None, None))
    item = LogEntry(
        user=user,
        log_id=log_id(source, figure),
        activity=figure.activity,
        title=figure.title[:200],
        duration=round(figure.seconds),
        amount=amount,
        unit=unit,
        timestamp=at,
        created_at=int(now.timestamp()),
        source=origin,
        external_id=f"{source}:{figure.key}:{figure.day.isoformat()}",
    ).to_item()
    return {**item, IN_PLACE: source, **figure.counts()}


def day_growth(repo: ItemRepository, user: str, source: str,
               figure: DayFigure) -> DayFigure | None:
    """A running total (mokuro) less what the title's earlier days already hold; ``None``
    for totals older than a day already stored (an older file sent after a newer one)."""
    if not figure.cumulative:
        return figure
    days = LogEntry.SK_PREFIX + key_prefix(source, figure.key)
    stored = list(repo.query_prefix(user_pk(user), days))
    day = f"{figure.day:%Y%m%d}"
    if any(str(item["sk"])[-8:] > day for item in stored):
        return None
    earlier = [item for item in stored if str(item["sk"])[-8:] < day]
    counts = {name: max(value - sum(int(i.get(name) or 0) for i in earlier), 0)
              for name, value in figure.counts().items()}
    seconds = max(figure.seconds - sum(float(i.get("duration") or 0) for i in earlier), 0.0)
    return figure.with_figures(seconds, counts)


def plan(repo: ItemRepository, user: str, items: Iterable[Item]) -> Plan:
    """Compare the entries a batch would make with those stored under the same keys."""
    wanted = list({str(item["sk"]): item for item in items}.values())
    stored = repo.get_many(user_pk(user), [str(item["sk"]) for item in wanted])
    out = Plan()
    for item in wanted:
        old = stored.get(str(item["sk"]))
        if old is None:
            out.new.append(item)
        elif old.get(EDITED):
            out.edited += 1
        else:
            changes = {name: item.get(name) for name in FIGURES
                       if _value(old.get(name)) != _value(item.get(name))}
            if changes:
                out.replaced.append((old, {**changes, "source": item["source"]}))
            else:
                out.unchanged += 1
    return out


def before(old: Item, changes: dict[str, Any]) -> dict[str, Any]:
    """The stored values a change replaces (absent ones as ``None``), to put back on undo."""
    return {name: old.get(name) for name in changes}


def _value(value: Any) -> Any:
    # The store answers numbers as Decimal or float; figures compare by value.
    return float(value) if isinstance(value, int | float) or hasattr(value, "as_tuple") else value
