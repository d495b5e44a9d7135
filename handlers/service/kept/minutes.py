"""Seconds of immersion over a span of local days, from the kept day totals (store I/O, reads)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from handlers.service.kept import reading
from handlers.service.kept.stats_sums import Collected, collect, records_named, stats_sums
from handlers.service.progress.stats import Bucket, Sums
from storage.models import user_pk
from storage.repository import ItemRepository


def sums(repo: ItemRepository, user: str, first: date, last: date, bucket: Bucket) -> Sums:
    """The ``/stats`` sums of the local days ``first`` … ``last``: their day totals, with
    the records that weigh and name them."""
    return sums_of_days(repo, user, reading.day_numbers(repo, user, first, last), bucket)


def sums_of_days(repo: ItemRepository, user: str, days: Mapping[date, Mapping[str, int]],
                 bucket: Bucket) -> Sums:
    """The ``/stats`` sums of day totals already read, with the records that weigh them."""
    return sums_of_collected(repo, user, collect(days, bucket))


def sums_of_collected(repo: ItemRepository, user: str, collected: Collected) -> Sums:
    """The ``/stats`` sums of day totals already summed, with the records that weigh them."""
    wanted = records_named(collected)
    records = repo.get_many(user_pk(user), wanted) if wanted else {}
    return stats_sums(collected, records)


def seconds_between(repo: ItemRepository, user: str, first: date, last: date) -> float:
    """Seconds of every entry on the local days ``first`` … ``last``."""
    by_bucket = sums(repo, user, first, last, "month")[0]
    return sum(sum(groups.values()) for groups in by_bucket.values())
