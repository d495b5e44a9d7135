"""Reading the kept items: day and month totals, the earliest entry's moment (store I/O).

Reads only: a read never writes, and reads no entry older than what it asks for.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from handlers.service.kept.contributions import (
    COUNT,
    DAY_PREFIX,
    MONTH_PREFIX,
    NOT_NUMBERS,
    day_sk,
    month_sk,
)
from handlers.service.logbook import history_index
from storage.models import user_pk
from storage.repository import Item, ItemRepository


def days(repo: ItemRepository, user: str, first: date | None = None,
         last: date | None = None) -> dict[date, Item]:
    """The day totals of every local day with an entry (within ``first`` … ``last``)."""
    # The day before's key: a day's totals sort right after it.
    start = None if first is None or first == date.min else (
        f"{DAY_PREFIX}{(first - timedelta(days=1)).isoformat()}")
    # Bounded: one item per day at most, and no key past the longest prefix the period's
    # first and last days share (a period of days with few entries would otherwise read
    # as many days after it: a month the period cuts, years before the first entry).
    limit = None if first is None or last is None else max((last - first).days + 1, 1)
    prefix = DAY_PREFIX if first is None or last is None else _shared(day_sk(first),
                                                                      day_sk(last))
    found: dict[date, Item] = {}
    for item in repo.query_prefix(user_pk(user), prefix, start_after=start, limit=limit):
        day = date.fromisoformat(str(item["sk"])[len(DAY_PREFIX):])
        if last is not None and day > last:
            break
        if any(v for k, v in item.items() if k.startswith(f"{COUNT}:")):
            found[day] = item
    return found


def day_numbers(repo: ItemRepository, user: str, first: date | None = None,
                last: date | None = None) -> dict[date, dict[str, int]]:
    """``days``, each day total as its numbers alone."""
    return {day: numbers_of(item) for day, item in days(repo, user, first, last).items()}


def numbers_of(item: Item) -> dict[str, int]:
    """A kept total's numbers: the item without its key, owner and write token."""
    # A copy less four names, not a filter of every name: a month total at 20,000
    # entries holds about 250 (every title of the month).
    numbers = dict(item)
    for name in NOT_NUMBERS:
        numbers.pop(name, None)
    return numbers


def month_numbers(repo: ItemRepository, user: str, first: date,
                  last: date) -> dict[date, dict[str, int]]:
    """The numbers of ``first`` … ``last`` by month: each whole month's total under its
    first day (its days' measured reading as ``<dd>:r:…`` and ``<dd>:m:…``), the days of
    a month cut by the period as their own totals. A bucket by month sums the same
    numbers ``day_numbers`` gives, reading one item per month instead of one per day."""
    whole_from = first if first.day == 1 else _next_month(first)
    whole_to = last
    if last.day != monthrange(last.year, last.month)[1]:
        whole_to = date.min if last.replace(day=1) == date.min else (
            last.replace(day=1) - timedelta(days=1))
    if whole_from > whole_to or whole_to == date.min:
        return day_numbers(repo, user, first, last)
    found = day_numbers(repo, user, first, whole_from - timedelta(days=1)) if (
        first < whole_from) else {}
    low, high = month_sk(whole_from), month_sk(whole_to)
    months = (whole_to.year - whole_from.year) * 12 + whole_to.month - whole_from.month + 1
    # Just before the first month's key (its last digit dropped): up to nine earlier
    # months may come first, skipped; the limit and the prefix the first and last months
    # share keep a store from reading past the end (a year's months: none of the next).
    for item in repo.query_prefix(user_pk(user), _shared(low, high), start_after=low[:-1],
                                  limit=months + 9):
        sk = str(item["sk"])
        if sk > high:
            break
        if sk < low:
            continue
        if not any(v for k, v in item.items() if k.startswith(f"{COUNT}:")):
            continue
        # Its days' measured reading stays under ``<dd>:`` names (``stats_sums.collect``).
        month = date.fromisoformat(f"{sk[len(MONTH_PREFIX):]}-01")
        found[month] = numbers_of(item)
    if whole_to < last:
        found.update(day_numbers(repo, user, whole_to + timedelta(days=1), last))
    return found


def _shared(low: str, high: str) -> str:
    """The longest prefix of both keys: every key between them has it."""
    size = next((n for n, (a, b) in enumerate(zip(low, high, strict=False)) if a != b),
                min(len(low), len(high)))
    return low[:size]


def _next_month(day: date) -> date:
    if (day.year, day.month) == (date.max.year, 12):
        return date.max  # no month after it: the period's days are read one by one
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def earliest_moment(repo: ItemRepository, user: str) -> int | None:
    """The moment of the user's earliest entry, ``None`` without one. The history index
    sorts newest first, so that is its last reference: one item read, however heavy the
    first day (and whatever day totals the entries of earlier days left at 0)."""
    last = repo.last_in_prefix(user_pk(user), history_index.PREFIX)
    return None if last is None else history_index.timestamp_of(str(last["sk"]))
