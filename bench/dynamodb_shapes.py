"""What DynamoDB Local's time for the month totals follows: their bytes or their attributes.

Run: ``.venv/bin/python bench/dynamodb_shapes.py [--size 100000] [--repeat 21]``

``bench/reads.py``'s user (five years of every kind) is written into a SQLite file and its
kept items built by ``rebuild``; its ``MONTH#`` totals (what ``GET /stats`` over ten years by
month reads) are then copied twice into one DynamoDB Local table:

- as they are kept: one attribute per counter, each title twice (``t:`` seconds, ``c:``
  entries);
- each title's pair as one number, ``seconds * 2**32 + entries`` (what ``ADD`` could keep
  by delta: half the attributes);
- the same counters with every title's pair folded into one JSON text attribute.

Both are read back through the store's ``query_prefix``, taking turns (p50 of
``--repeat``; the folded read includes decoding its JSON). The bytes are equal within a few
percent; the attributes are not. It measures a shape that is not kept; it prints figures and
asserts nothing. DynamoDB Local binds every interface: the script re-runs itself inside
``unshare -n``.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import USER  # noqa: E402
from bench.reads import _seed  # noqa: E402
from bench.storage import dynamodb_table, enter_private_network  # noqa: E402
from storage.dynamodb import DynamoDBItemRepository  # noqa: E402
from storage.limits import item_size  # noqa: E402
from storage.models import user_pk  # noqa: E402
from storage.repository import Item  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.support.dynamodb_local import running_dynamodb_local  # noqa: E402

print = functools.partial(print, flush=True)  # figures appear as they are measured
TITLE_COUNTERS = ("t:", "c:")


def month_totals(size: int, folder: Path) -> list[Item]:
    """The ``MONTH#`` items ``rebuild`` keeps for a history of ``size`` entries."""
    with SQLiteItemRepository(folder / "seed.sqlite3") as repo:
        _seed(repo, size, through_rebuild=True)
        return list(repo.query_prefix(user_pk(USER), "MONTH#"))


def folded(item: Item, pk: str) -> Item:
    """The item with its title counters in one JSON text attribute, under ``pk``."""
    titles = {name: value for name, value in item.items() if name.startswith(TITLE_COUNTERS)}
    rest = {name: value for name, value in item.items() if name not in titles}
    return {**rest, "pk": pk, "titles": json.dumps(titles, separators=(",", ":"))}


def paired(item: Item, pk: str) -> Item:
    """The item with each title's seconds and entries in one number, under ``pk``."""
    pairs = {name[2:]: value * 2**32 + item.get("c:" + name[2:], 0)
             for name, value in item.items() if name.startswith("t:")}
    pairs |= {name[2:]: value for name, value in item.items()
              if name.startswith("c:") and name[2:] not in pairs}
    rest = {name: value for name, value in item.items() if not name.startswith(TITLE_COUNTERS)}
    return {**rest, "pk": pk, **{"p:" + name: value for name, value in pairs.items()}}


def timed_read(repo: DynamoDBItemRepository, pk: str, decode: bool) -> float:
    began = time.perf_counter()
    for item in repo.query_prefix(pk, "MONTH#"):
        if decode:
            json.loads(item["titles"])
    return time.perf_counter() - began


def main() -> None:
    enter_private_network()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=21)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        months = month_totals(arguments.size, folder)
        shapes = {"as kept": [{**m, "pk": "USER#kept"} for m in months],
                  "one number per title": [paired(m, "USER#paired") for m in months],
                  "titles folded": [folded(m, "USER#folded") for m in months]}
        with running_dynamodb_local(folder) as endpoint, \
                dynamodb_table(endpoint) as (client, table, _counter):
            repo = DynamoDBItemRepository(table, client)
            for items in shapes.values():
                repo.write_many(items)
            times: dict[str, list[float]] = {label: [] for label in shapes}
            for _ in range(arguments.repeat + 1):  # the first round warms up, untimed
                for label, items in shapes.items():
                    times[label].append(timed_read(repo, items[0]["pk"], label == "titles folded"))
    print(f"\n`MONTH#` totals at {arguments.size:,} entries, DynamoDB Local, "
          f"`query_prefix`, p50 of {arguments.repeat}\n")
    print("| Shape | Items | Attributes | Bytes (DynamoDB's sizes) | Read |")
    print("|---|---:|---:|---:|---:|")
    for label, items in shapes.items():
        attributes = sum(len(item) for item in items)
        size = sum(item_size(item) for item in items)
        p50 = statistics.median(times[label][1:]) * 1000
        print(f"| {label} | {len(items)} | {attributes:,} | {size:,} | {p50:.1f} ms |")


if __name__ == "__main__":
    main()
