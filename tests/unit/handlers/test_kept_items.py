"""The kept items: their definition (``derive``) against the statistics, and rebuild/verify."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.service.catalog.sync_episodes import EpisodeRef
from handlers.service.core.activities import ACTIVITIES
from handlers.service.core.calendar import date_of_epoch
from handlers.service.core.durations import episode_seconds
from handlers.service.facade import Service
from handlers.service.kept.contributions import day_sk
from handlers.service.kept.derive import derive
from handlers.service.logbook.writes import LogRequest
from handlers.service.progress.stats import counted
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import Episode, LogEntry, Movie, Show, user_pk
from storage.repository import Item
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)  # the day Berlin moves its clocks
BERLIN = ZoneInfo("Europe/Berlin")
FOLDERS = ("Frieren", "Free!", "Mushishi")


def _random_entries(rng: random.Random, count: int) -> tuple[list[Item], dict[str, Item]]:
    start = int((NOW - timedelta(days=40)).timestamp())
    entries: list[Item] = []
    for number in range(count):
        at = rng.randrange(start, int(NOW.timestamp()))
        choice = rng.randrange(3)
        if choice == 0:
            entries.append(LogEntry(user="alice", log_id=f"{number:08d}", timestamp=at,
                                    activity=rng.choice(ACTIVITIES),
                                    title=rng.choice(("", "Frieren", "NHK")),
                                    duration=rng.randrange(1, 7200), created_at=at,
                                    source="api").to_item())
        elif choice == 1:
            entries.append(Episode(user="alice", folder_name=rng.choice(FOLDERS),
                                   file_name=f"ep{number}", timestamp=at).to_item())
        else:
            entries.append(Movie(user="alice", file_name=f"movie{number}", timestamp=at,
                                 tvdb_name=rng.choice((None, "Ran")),
                                 movie_duration=rng.choice((None, 5400))).to_item())
    records = {
        f"{Show.SK_PREFIX}{folder}": Show(user="alice", folder_name=folder,
                                          tvdb_average_runtime=runtime).to_item()
        for folder, runtime in (("Frieren", 1440), ("Free!", None))
    }
    return entries, records


@pytest.mark.parametrize("seed", range(20))
def test_day_totals_are_the_statistics_of_each_local_day(seed: int) -> None:
    rng = random.Random(seed)
    zone = ZoneInfo(rng.choice(("UTC", "Europe/Berlin", "Pacific/Chatham")))
    entries, records = _random_entries(rng, rng.randrange(0, 120))
    kept = derive("alice", entries, records, zone)
    expected: dict[str, dict[str, list[float]]] = {}
    for at, activity, title, seconds in counted([*entries, *records.values()]):
        day = expected.setdefault(day_sk(date_of_epoch(at, zone)), {})
        tally = day.setdefault(activity, [0, 0])
        tally[0] += seconds
        tally[1] += 1
        del title
    found: dict[str, dict[str, list[float]]] = {}
    for sk, item in kept.items():
        if not sk.startswith("DAY#"):
            continue
        day = found.setdefault(sk, {})
        for name, value in item.items():
            kind, _, what = name.partition(":")
            if kind == "s":
                day.setdefault(what, [0, 0])[0] += value
            elif kind == "n":
                day.setdefault(what, [0, 0])[1] += value
            elif kind == "e":
                show = records.get(f"{Show.SK_PREFIX}{what}")
                day.setdefault("tv", [0, 0])[0] += value * episode_seconds(show)
    assert found == expected


def test_an_entry_counts_on_its_local_day_towards_its_activity_and_title() -> None:
    at = int(datetime(2026, 3, 28, 23, 30, tzinfo=UTC).timestamp())  # the 29th in Berlin
    log = LogEntry(user="alice", log_id="00000001", timestamp=at, activity="book",
                   title="Kokoro", duration=1800, created_at=at, source="api").to_item()
    episode = Episode(user="alice", folder_name="Frieren", file_name="01", timestamp=at).to_item()
    kept = derive("alice", [log, episode], {}, BERLIN)
    day = {k: v for k, v in kept["DAY#2026-03-29"].items() if k not in ("pk", "sk", "user")}
    assert day == {"s:book": 1800, "n:book": 1, "t:book:=Kokoro": 1800, "c:book:=Kokoro": 1,
                   "n:tv": 1, "e:Frieren": 1, "k:EPISODE#": 1, "c:tv:@SHOW#Frieren": 1}
    totals = {k: v for k, v in kept["TOTALS"].items() if k not in ("pk", "sk", "user")}
    assert totals == {"s:book": 1800, "n:book": 1, "n:tv": 1, "e:Frieren": 1, "k:EPISODE#": 1}
    year = {k: v for k, v in kept["YEAR#2026"].items() if k not in ("pk", "sk", "user")}
    # The day's whole seconds: the log's and the episode's at the default runtime (no show).
    assert year == {"0329:w": 1800 + 1200}
    month = {k: v for k, v in kept["MONTH#2026-03"].items() if k not in ("pk", "sk", "user")}
    assert month == day
    references = [item for sk, item in kept.items() if sk.startswith("HISTORY#")]
    assert {r["ref"] for r in references} == {log["sk"], episode["sk"]}
    assert all(r["sealed"] for r in references)
    # The show has no record yet: the copy names it, so the history completes it when read.
    assert [r.get("related") for r in references if r["ref"] == episode["sk"]] == ["SHOW#Frieren"]


@pytest.fixture
def service() -> Iterator[Service]:
    repo = InMemoryItemRepository(clock=lambda: NOW.timestamp())
    yield Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=lambda: NOW)
    repo.close()


def _write_some(service: Service) -> None:
    service.logbook.log("alice", LogRequest(activity="anime", title="Frieren", minutes=24), "api")
    service.logbook.log("alice", LogRequest(activity="book", minutes=30, date="2026-03-20"), "api")
    service.sync_episodes("alice", [EpisodeRef("Free! [1080p]", "ep 01")])
    service.sync_youtube("alice", ["dQw4w9WgXcQ"])


def test_rebuild_stores_what_the_entries_give_and_verify_then_finds_nothing(
    service: Service,
) -> None:
    _write_some(service)
    assert service.kept.verify("alice") == []  # every writer keeps them
    at = int(NOW.timestamp()) - 86_400
    # An entry as a store from before the kept items holds it: no reference, no totals.
    service.repo.put(LogEntry(user="alice", log_id="0000000001", timestamp=at, activity="book",
                              title="Kokoro", duration=1800, created_at=at,
                              source="api").to_item())
    before = {d.sk.split("#")[0] for d in service.kept.verify("alice")}
    assert before == {"HISTORY", "DAY", "TOTALS", "YEAR", "MONTH"}
    assert service.kept.rebuild("alice") == 5
    assert service.kept.verify("alice") == []
    assert service.kept.rebuild("alice") == 0
    assert service.kept.users_in_store() == ["alice"]


def test_verify_names_each_differing_item_and_attribute(service: Service) -> None:
    _write_some(service)
    service.kept.rebuild("alice")
    pk = user_pk("alice")
    day = next(service.repo.query_prefix(pk, "DAY#"))
    service.repo.put({**day, "n:anime": 7, "n:tv": 0})
    reference = next(service.repo.query_prefix(pk, "HISTORY#"))
    service.repo.delete(pk, reference["sk"])
    service.repo.put({"pk": pk, "sk": "DAY#1999-01-01", "user": "alice", "n:anime": 0})
    service.repo.put({"pk": pk, "sk": "DAY#1999-01-02", "user": "alice", "n:anime": 2})
    found = [(d.sk, d.attribute, d.stored) for d in service.kept.verify("alice")]
    expected_tv = day.get("n:tv")
    assert (day["sk"], "n:anime", 7) in found
    assert (reference["sk"], None, None) in found
    assert ("DAY#1999-01-02", None, {"pk": pk, "sk": "DAY#1999-01-02",
                                     "user": "alice", "n:anime": 2}) in found
    # A counter at 0 is no counter: the zeroed day is equal to none.
    assert not [f for f in found if f[0] == "DAY#1999-01-01"]
    assert len(found) == 3 + (1 if expected_tv else 0)
    service.kept.rebuild("alice")
    assert service.kept.verify("alice") == []
    assert service.repo.get(pk, "DAY#1999-01-02") is None


def test_logs_keep_every_kept_item_by_delta(service: Service) -> None:
    for minutes, day in ((24, None), (30, "2026-03-20"), (10, "2026-03-20"), (5, None)):
        request = LogRequest(activity="anime", title="Frieren", minutes=minutes, date=day)
        service.logbook.log("alice", request, "api")
        assert service.kept.verify("alice") == []
    totals = service.repo.get(user_pk("alice"), "TOTALS")
    assert totals is not None and (totals["n:anime"], totals["s:anime"]) == (4, 69 * 60)
    backdated = service.repo.get(user_pk("alice"), "DAY#2026-03-20")
    assert backdated is not None
    assert (backdated["c:anime:=Frieren"], backdated["t:anime:=Frieren"]) == (2, 2400)


def test_rebuild_keeps_the_count_of_writes_and_verify_passes_it_by(service: Service) -> None:
    pk = user_pk("alice")

    def count() -> object:
        return (service.repo.get(pk, "TOTALS") or {}).get("writes")

    for minutes in (24, 5):
        service.logbook.log("alice", LogRequest(activity="anime", minutes=minutes), "api")
    assert count() == 2  # one per transaction that changed an entry
    assert service.kept.verify("alice") == []  # bookkeeping, no sum of the entries
    assert (service.kept.rebuild("alice"), count()) == (0, 2)
    day = next(service.repo.query_prefix(pk, "DAY#"))
    service.repo.put({**day, "n:anime": 7})
    # A repair moves it on: a day summary built from the wrong day is no longer fresh.
    assert (service.kept.rebuild("alice"), count()) == (1, 3)
    for entry in list(service.repo.query_prefix(pk, "LOG#")):
        service.repo.delete(pk, entry["sk"])  # as a restore of no entries would
    assert service.kept.rebuild("alice") > 0
    assert count() == 4  # never reset: a summary built on a count seen again would pass
    assert (service.kept.verify("alice"), service.kept.rebuild("alice")) == ([], 0)
