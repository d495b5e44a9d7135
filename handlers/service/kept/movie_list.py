"""The kept list of a user's movies, ``MOVIES#<shard>``: each movie's ``/progress`` element (pure).

``GET /progress`` lists every movie (``lists.movie_element``). Rather than read every
``MOVIE#`` item whole at each request, the unit of work keeps each movie's element as one
attribute of one of ``SHARDS`` items: the attribute is named by the movie's sort key (never
a key, owner or version name) and holds ``[name, artwork_url]`` as JSON text (nulls kept;
a third member, the movie id, only when it is not the key's). JSON text rather than a map:
DynamoDB hands a string back as it is, where a map takes its deserializer a few times
longer, and every movie read is parsed in one ``json.loads``.

Size: a movie takes its key (the file name and 6 bytes), its name, its artwork URL and
about 8 bytes. At 10^5 movies of 200 bytes each (a long file name, a name and a TVDB or
TMDB poster URL) a shard holds about 780 of them (the fullest under 860), under 180 KB:
well below DynamoDB's 400 KB (``tests/unit/handlers/test_movie_list.py`` weighs it). More
shards would make each write cheaper still (DynamoDB bills an update by the item's size)
but leave more items to read; fewer would near the limit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from handlers.service.progress.lists import movie_element
from storage.models import Movie
from storage.repository import Item

MOVIES_PREFIX = "MOVIES#"
SHARDS = 128
"""How many items the list is spread over: a fixed count, as a movie's shard is a hash of
its key modulo this (changing it moves every movie: ``rebuild`` then)."""

Fields = dict[str, dict[str, Any]]
"""Sort key of a kept item to the attributes set on it (``None`` removes one)."""

_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_ID_FROM = len(Movie.SK_PREFIX)


def shard_sk(movie_sk: str) -> str:
    """The sort key of the shard holding the movie stored under ``movie_sk``."""
    # BLAKE2, not CRC-32: keys alike but for a number (``movie 1``, ``movie 2``…) spread
    # evenly, and no process's hash seed moves them.
    digest = hashlib.blake2b(movie_sk.encode("utf-8", errors="surrogatepass"), digest_size=4)
    return f"{MOVIES_PREFIX}{int.from_bytes(digest.digest(), 'big') % SHARDS:02x}"


def encoded(movie: Item) -> str:
    """The value kept for ``movie``: its element but the id, as JSON text."""
    element = movie_element(movie)
    kept = [element["name"], element["artwork_url"]]
    if element["movie_id"] != str(movie["sk"])[_ID_FROM:]:
        kept.append(element["movie_id"])
    return _JSON.encode(kept)


def changed_fields(old: Item | None, new: Item | None) -> Fields:
    """What an entry's change from ``old`` to ``new`` (``None``: absent) sets on the
    shards: a movie's attribute removed, then set (the same attribute: the new value)."""
    before, after = _kept(old), _kept(new)
    if before == after:
        return {}  # not a movie, or one whose element did not change
    fields: Fields = {}
    if before is not None:
        fields[shard_sk(before[0])] = {before[0]: None}
    if after is not None:
        set_into(fields, {shard_sk(after[0]): {after[0]: after[1]}})
    return fields


def _kept(entry: Item | None) -> tuple[str, str] | None:
    if entry is None or not str(entry["sk"]).startswith(Movie.SK_PREFIX):
        return None
    return str(entry["sk"]), encoded(entry)


def set_into(total: Fields, more: Mapping[str, Mapping[str, Any]]) -> None:
    """Set ``more`` over ``total``: a later change's value of an attribute wins."""
    for sk, attributes in more.items():
        total.setdefault(sk, {}).update(attributes)


def elements(shards: Iterable[Item]) -> list[dict[str, Any]]:
    """The elements the shards keep (in no order)."""
    prefix = Movie.SK_PREFIX
    kept = [(name, value) for shard in shards for name, value in shard.items()
            if name.startswith(prefix)]
    decoded = json.loads(f"[{','.join([value for _name, value in kept])}]")
    return [{"movie_id": value[2] if len(value) > 2 else name[_ID_FROM:], "name": value[0],
             "artwork_url": value[1]} for (name, _text), value in zip(kept, decoded, strict=True)]
