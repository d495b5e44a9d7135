"""Where ``GET /stats`` (ten years by month) spends its time on SQLite, in process, by size.

Run: ``.venv/bin/python bench/stats_shares.py [--sizes 200,20000] [--repeat 31]``

For each size, ``bench/reads.py``'s user (``bench.history``'s mix, the newest entry an hour
ago) is written through the unit of work into a fresh SQLite store; then, in turns (one
round times each part once, so the load of a shared machine moves them alike), the
median of:

- the whole read (``Service.logbook.stats`` for the ten years ``bench/reads.py`` asks, no HTTP);
- reading the period's kept totals (``reading.month_numbers``: about 60 ``MONTH#`` items
  and the ``DAY#`` items of the month the period cuts, the store's decoding included);
- summing their numbers (``stats_sums.collect``);
- reading the records that name and weigh them (``records_named`` and one batched read);
- weighing and naming the sums (``stats_sums.stats_sums``: the meaning of each name);
- the body from the sums (``stats_body``: sorting the titles for the top ten);
- serializing the body to JSON (what ``serve`` adds beside the HTTP round trip).

The indented parts are inside the whole read; what they leave is the rest (the zone, the
period, the reading speed's series). It prints figures; it asserts nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import USER  # noqa: E402
from bench.parts import by_size, medians, print_parts, user_of  # noqa: E402
from handlers.service.core.calendar import local_date  # noqa: E402
from handlers.service.kept import reading, stats_sums  # noqa: E402
from handlers.service.progress.stats import stats_body  # noqa: E402
from storage.models import user_pk  # noqa: E402


def shares(size: int, repeat: int) -> None:
    """Print the median of each part at ``size`` entries."""
    with user_of(size) as (repo, service):
        pk = user_pk(USER)
        today = local_date(datetime.now(UTC), service.timezone(USER))
        first, last = today.replace(year=today.year - 10) + timedelta(days=1), today
        days = reading.month_numbers(repo, USER, first, last)
        collected = stats_sums.collect(days, "month")
        wanted = stats_sums.records_named(collected)
        records = repo.get_many(pk, wanted)
        sums = stats_sums.stats_sums(collected, records)
        body = service.logbook.stats(USER, first.isoformat(), last.isoformat(), "month")

        parts: dict[str, Callable[[], object]] = {
            "GET /stats in process": lambda: service.logbook.stats(
                USER, first.isoformat(), last.isoformat(), "month"),
            "  read the kept totals": lambda: reading.month_numbers(repo, USER, first, last),
            "  sum their numbers": lambda: stats_sums.collect(days, "month"),
            "  read the records": lambda: repo.get_many(
                pk, stats_sums.records_named(collected)),
            "  weigh and name the sums": lambda: stats_sums.stats_sums(collected, records),
            "  the body from the sums": lambda: stats_body(sums, first, last, "month"),
            "serialize the body": lambda: json.dumps(body),
        }
        found = medians(parts, repeat)
    print(f"\n{size:,} entries: {len(days)} kept totals of "
          f"{sum(len(numbers) for numbers in days.values()):,} numbers, "
          f"{len(collected.totals):,} distinct names, {len(records)} records, "
          f"{len(sums[2]):,} titles (median of {repeat})")
    print_parts(found, "GET /stats in process")


def main(argv: Sequence[str] | None = None) -> None:
    by_size(shares, __doc__, argv)


if __name__ == "__main__":
    main()
