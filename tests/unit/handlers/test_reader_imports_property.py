"""Properties of in-place imports: n imports of a file are one; older then newer is the newer."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.service.portability.area import Portability
from storage.memory import InMemoryItemRepository
from storage.models import user_pk

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
ZONE = ZoneInfo("America/New_York")
FIRST = date(2026, 10, 1)

Day = tuple[str, int, int, int]
"""(title, day offset, characters, seconds)."""

days = st.lists(
    st.tuples(st.sampled_from(["本", "かがみの孤城", "Kino"]), st.integers(0, 40),
              st.integers(0, 50_000), st.integers(1, 20_000)),
    max_size=25,
    unique_by=lambda d: (d[0], d[1]),
)


def ttu_file(rows: list[Day], modified: int = 1) -> io.BytesIO:
    body = [{"title": title, "dateKey": (FIRST + timedelta(days=offset)).isoformat(),
             "charactersRead": characters, "readingTime": seconds,
             "lastStatisticModified": modified}
            for title, offset, characters, seconds in rows]
    return io.BytesIO(json.dumps(body, ensure_ascii=False).encode())


def stored(repo: InMemoryItemRepository) -> dict[str, tuple[Any, ...]]:
    return {str(i["sk"]): (i["title"], i["timestamp"], i["duration"], i.get("characters"))
            for i in repo.query_prefix(user_pk("alice"), "LOG#")}


def port(repo: InMemoryItemRepository) -> Portability:
    draws = iter(range(10**6))
    return Portability(repo, lambda: NOW, lambda _u: ZONE, lambda n: next(draws).to_bytes(n))


@settings(max_examples=40, deadline=None)
@given(rows=days, times=st.integers(1, 4))
def test_importing_a_file_n_times_is_importing_it_once(rows: list[Day], times: int) -> None:
    with InMemoryItemRepository() as once, InMemoryItemRepository() as many:
        port(once).import_file("alice", ttu_file(rows), "ttu")
        for _ in range(times):
            port(many).import_file("alice", ttu_file(rows), "ttu")
        assert stored(many) == stored(once)
        assert len(stored(once)) == len(rows)


@settings(max_examples=40, deadline=None)
@given(older=days, newer=days)
def test_an_older_then_a_newer_export_leaves_the_newer(older: list[Day], newer: list[Day]) -> None:
    with InMemoryItemRepository() as both, InMemoryItemRepository() as alone:
        port(both).import_file("alice", ttu_file(older), "ttu")
        port(both).import_file("alice", ttu_file(newer), "ttu")
        port(alone).import_file("alice", ttu_file(newer), "ttu")
        newer_keys = {(title, offset) for title, offset, _c, _s in newer}
        kept_from_older = len({(t, o) for t, o, _c, _s in older} - newer_keys)
        after, expected = stored(both), stored(alone)
        # Every day the newer export holds reads as the newer export alone says; days only
        # the older one had stay as they were.
        assert {sk: after[sk] for sk in expected} == expected
        assert len(after) == len(expected) + kept_from_older
