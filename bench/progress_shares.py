"""Where ``GET /progress``'s time goes on SQLite, by history length, in process.

Run: ``.venv/bin/python bench/progress_shares.py [--sizes 200,20000] [--repeat 31]``

For each size, ``bench/reads.py``'s user (``bench.history``'s mix, the newest entry an hour
ago) is written through the unit of work into a fresh SQLite store; then, in turns (one
round times each part once, so the load of a shared machine moves them alike), the
median of:

- the whole read (``Service.progress``, no HTTP);
- reading the ``YEAR#`` items (the store's decoding included);
- summing the older days from them (``older_days``: the streak, pace and quarters);
- the movies: reading the kept movie list's ``MOVIES#`` shards and listing every movie
  (the body lists each movie: this part grows with the movies, by their elements alone);
- reading the newer days' totals (``DAY#``: today, the last 7×24 hours, the last seven
  local days) and the entries of the two spans a rule cuts through a day (the week's
  first moment, today's midnight), through the history index;
- serializing the body to JSON (what ``serve`` adds beside the HTTP round trip).

The indented parts are inside the whole read; what they leave is the rest (the all-time
totals and the newer days loaded into the pass, the records, the movies sorted, every
day's minutes and the quarters, the streak over every day, goals, pace). It prints
figures; it asserts nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import USER  # noqa: E402
from bench.parts import by_size, medians, print_parts, user_of  # noqa: E402
from handlers.service.kept import movie_list, reading  # noqa: E402
from handlers.service.kept.contributions import YEAR_PREFIX  # noqa: E402
from handlers.service.kept.progress_start import older_days  # noqa: E402
from handlers.service.progress.read import cut_entries, newer_from  # noqa: E402
from storage.models import user_pk  # noqa: E402


def shares(size: int, repeat: int) -> None:
    """Print the median of each part at ``size`` entries."""
    with user_of(size) as (repo, service):
        pk, zone = user_pk(USER), service.timezone(USER)
        cutoff = newer_from(datetime.now(UTC), zone)
        years = list(repo.query_prefix(pk, YEAR_PREFIX))
        body = service.progress(USER)
        now = datetime.now(UTC)
        newer_days = reading.days(repo, USER, first=cutoff)
        newer = len(cut_entries(repo, USER, now, zone, newer_days))

        def movies() -> None:
            movie_list.elements(repo.query_prefix(pk, movie_list.MOVIES_PREFIX))

        parts: dict[str, Callable[[], object]] = {
            "GET /progress in process": lambda: service.progress(USER),
            "  read the YEAR# items": lambda: list(repo.query_prefix(pk, YEAR_PREFIX)),
            "  sum the older days": lambda: older_days(years, cutoff),
            "  read and list the movies": movies,
            "  read the newer days": lambda: reading.days(repo, USER, first=cutoff),
            "  read the cut spans": lambda: cut_entries(repo, USER, now, zone, newer_days),
            "serialize the body": lambda: json.dumps(body),
        }
        found = medians(parts, repeat)
    print(f"\n{size:,} entries: {newer} entries in the cut spans, {len(body['movies']):,} "
          f"movies listed, {len(years)} YEAR# items of {sum(len(y) for y in years):,} "
          f"attributes, {len(older_days(years, cutoff).seconds):,} older days with an "
          f"entry (median of {repeat})")
    print_parts(found, "GET /progress in process")


def main(argv: Sequence[str] | None = None) -> None:
    by_size(shares, __doc__, argv)


if __name__ == "__main__":
    main()
