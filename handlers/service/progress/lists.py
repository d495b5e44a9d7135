"""The list fields of the progress statistics: shows, channels, podcasts, movies (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any, NamedTuple

from storage.repository import Item


def name_key(name: str | None) -> tuple[bool, str]:
    """Sort key putting names in plain string order with nulls last."""
    return (name is None, name or "")


def movies_in_order(movies: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Movie elements by name, nulls last, then by id: ``name_key`` order, by two stable
    sorts on plain keys (``/progress`` orders every movie at every request)."""
    by_id = sorted(movies, key=itemgetter("movie_id"))
    named = [movie for movie in by_id if movie["name"] is not None]
    named.sort(key=itemgetter("name"))
    named.extend(movie for movie in by_id if movie["name"] is None)
    return named


def movie_element(item: Item) -> dict[str, Any]:
    name = item.get("tvdb_name")
    image = item.get("tvdb_image")
    return {
        "movie_id": item["file_name"],
        "name": name if name is not None else item.get("tmdb_name"),
        "artwork_url": image if image is not None else item.get("tmdb_image"),
    }


def show_elements(episodes: dict[str, int], records: dict[str, Item]) -> list[dict[str, Any]]:
    """Episodes grouped by TVDB series; unmatched episodes under one all-null element."""
    by_series: dict[str, dict[str, Any]] = {}
    unmatched = sum(count for folder, count in episodes.items() if folder not in records)
    for folder, record in records.items():
        watched = episodes.get(folder, 0)
        tvdb_id = record.get("tvdb_id")
        if tvdb_id is None:
            unmatched += watched
            continue
        element = by_series.setdefault(
            str(tvdb_id),
            {"show_id": str(tvdb_id), "name": None, "artwork_url": None, "episodes_watched": 0},
        )
        # Two folders of one series merge; the first record carrying a field supplies it.
        if element["name"] is None:
            element["name"] = record.get("tvdb_name")
        if element["artwork_url"] is None:
            element["artwork_url"] = record.get("tvdb_image")
        element["episodes_watched"] += watched
    # Like channels and podcasts, a series is listed only once something of it was watched.
    elements = [e for e in by_series.values() if e["episodes_watched"] > 0]
    if unmatched:
        elements.append(
            {"show_id": None, "name": None, "artwork_url": None, "episodes_watched": unmatched}
        )
    return by_count_then_name(elements, "episodes_watched", "name", "show_id")


class GroupShape(NamedTuple):
    """Response field names of a grouped list and where its record keeps name and artwork."""

    id_field: str
    name_field: str
    count_field: str
    record_name: str
    record_artwork: str


CHANNEL_SHAPE = GroupShape(
    "channel_id", "channel_name", "videos_watched",
    "youtube_channel_title", "youtube_channel_artwork_url",
)  # fmt: skip
PODCAST_SHAPE = GroupShape(
    "show_id", "show_name", "episodes_watched",
    "spotify_show_name", "spotify_show_artwork_url",
)  # fmt: skip


def grouped_elements(
    counts: dict[str | None, int], records: dict[str, Item], shape: GroupShape
) -> list[dict[str, Any]]:
    """One element per group id, named from its record (null fields without one)."""
    elements = []
    for group, watched in counts.items():
        record = records.get(group, {}) if group is not None else {}
        elements.append(
            {
                shape.id_field: group,
                shape.name_field: record.get(shape.record_name),
                "artwork_url": record.get(shape.record_artwork),
                shape.count_field: watched,
            }
        )
    return by_count_then_name(elements, shape.count_field, shape.name_field, shape.id_field)


def by_count_then_name(
    elements: list[dict[str, Any]], count_field: str, name_field: str, id_field: str
) -> list[dict[str, Any]]:
    return sorted(
        elements,
        key=lambda e: (-e[count_field], *name_key(e[name_field]), *name_key(e[id_field])),
    )
