"""Any sequence of writes on every real store (DynamoDB Local too): kept items == derive()."""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storage.repository import ItemRepository
from tests.unit.handlers.kept_steps import IMAGES, MOVIES, STEPS, Step, run, service_on


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(STEPS, min_size=1, max_size=15))
@example([("movies", list(MOVIES[:3])), ("retitle", 0, "tmdb", "すずめ", IMAGES[1]),
          ("retitle", 0, "tvdb", None, None), ("unwatch", 1), ("movies", [MOVIES[3]]),
          ("delete", 0), ("undo",)])  # the kept movie list's sets and removals
def test_every_write_keeps_the_kept_items_on_every_store(
    concurrent_repository: ItemRepository, steps: list[Step]
) -> None:
    # One store for every example: each example is a user of its own.
    run(service_on(concurrent_repository), steps, user=f"user-{uuid.uuid4().hex[:12]}")
